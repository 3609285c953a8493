import { smtpSink } from './smtp-sink.ts';
import { openDatabase } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { fixedClock, systemClock, todayOf } from '../../src/clock.ts';
import { nextWorkingDay } from '../../src/deadlines/calendar.ts';
import { deliverOutbox, mailTransport } from '../../src/mail/mail.service.ts';
import { queueReminders } from '../../src/reminders/reminders.service.ts';

// The reminders job (what `npm run reminders` and the 07:00 timer run) against a seeded database
// (npm run seed:scale) and a real SMTP server in this process: how long writing the day's digests
// and sending them take, and this process's peak memory. Prints one JSON line.
// Usage: DATABASE_PATH=… node --import tsx scripts/bench/reminders.ts (the database gets an outbox).

const sink = await smtpSink();
const url = sink.url;

const db = openDatabase(process.env.DATABASE_PATH!);
await migrateToLatest(db);
const users = Number(
  (
    await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
  ).n,
);
const actions = Number(
  (
    await db
      .selectFrom('actions')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
  ).n,
);
const config = { warningDays: 14, staleDays: 30, publicUrl: 'https://atgardsplan.exempelkommun.se' };
// The next vardag at 07:00 (today, if it is one): the run the timer makes.
const clock = fixedClock(`${nextWorkingDay(todayOf(systemClock))}T07:00:00`);
const started = performance.now();
const { holiday, digests } = await queueReminders(db, clock, config);
const queuedMs = performance.now() - started;
const { sent, failed } = await deliverOutbox(
  db,
  clock,
  await mailTransport({ smtpUrl: url, mailFrom: 'bench@exempelkommun.se' }),
  'bench@exempelkommun.se',
);
const totalMs = performance.now() - started;
const again = performance.now();
const second = await queueReminders(db, clock, config);
const secondMs = performance.now() - again;
await db.destroy();
const received = await sink.received();
await sink.close();
console.log(
  JSON.stringify({
    users,
    actions,
    holiday,
    digests: digests.length,
    reminders: digests.reduce((n, d) => n + d.reminders.length, 0),
    queuedMs: Math.round(queuedMs),
    sent,
    failed,
    received,
    totalMs: Math.round(totalMs),
    secondRunDigests: second.digests.length,
    secondRunMs: Math.round(secondMs),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
