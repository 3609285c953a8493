import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';

// npm run reminders [-- --dry-run]: today's reminders, now, as the server sends them at 07:00 on
// vardagar: written to the outbox (each reminder once, however often this runs) and sent through
// SMTP_URL, or left in the utkorg without it. --dry-run prints what would be sent and changes nothing.
// The job runs at the lowest CPU priority (nice 19), so on a busy machine the server's pages go first
// and the job uses what they leave; --nice 0 runs it at normal priority. The app is imported only
// after that, so loading and compiling it runs at the low priority too. It also paces itself to at
// most REMINDERS_PACE of one core (default a quarter), as the server's 07:00 job does; --no-pace
// runs it flat out.
const { values: args } = parseArgs({
  options: {
    'dry-run': { type: 'boolean', default: false },
    nice: { type: 'string', default: '19' },
    pace: { type: 'boolean', default: true },
  },
  allowNegative: true,
});
try {
  const priority = Math.max(os.getPriority(), Number(args.nice));
  os.setPriority(priority);
  // On Linux a priority is each thread's own: V8's helpers (garbage collection, compiling), started
  // before this line, would keep the old one and do a third of the job's work at normal priority.
  if (fs.existsSync('/proc/self/task'))
    for (const thread of fs.readdirSync('/proc/self/task')) os.setPriority(Number(thread), priority);
} catch {
  // Not allowed here (some containers): the job runs at the priority it was started with.
}
const { ConfigError, loadConfig } = await import('../src/config.ts');
const { openDatabase } = await import('../src/db/connection.ts');
const { migrateToLatest } = await import('../src/db/migrate.ts');
const { configuredClock } = await import('../src/clock.ts');
const { deliverOutbox, mailTransport } = await import('../src/mail/mail.service.ts');
const { queueReminders, remindersDue, remindersPace } = await import('../src/reminders/reminders.service.ts');
const { flatOut } = await import('../src/shared/pace.ts');

let config;
try {
  config = loadConfig();
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  console.error(e.message);
  process.exit(2);
}
const clock = configuredClock(config);
const db = openDatabase(config.databasePath);
await migrateToLatest(db);
const pace = args.pace ? remindersPace(config) : flatOut;
try {
  if (args['dry-run']) {
    const { holiday, digests } = await remindersDue(db, clock, config, pace);
    if (holiday) console.log(`I dag är det ${holiday}: inga påminnelser skickas.`);
    for (const d of digests) console.log(`\nTill: ${d.name} <${d.to}>\nÄmne: ${d.subject}\n\n${d.text}`);
    console.log(`\n${digests.length} brev skulle skickas (inget har skickats).`);
  } else {
    const { holiday, digests } = await queueReminders(db, clock, config, pace);
    if (holiday) console.log(`I dag är det ${holiday}: inga påminnelser skickas.`);
    const { sent, failed } = await deliverOutbox(db, clock, await mailTransport(config), config.mailFrom, pace);
    console.log(
      `${digests.length} brev med påminnelser lagda i utkorgen; ${sent} skickade${failed ? `, ${failed} misslyckades (försöks igen)` : ''}${config.smtpUrl ? '' : ' (SMTP_URL saknas: breven finns i utkorgen)'}.`,
    );
  }
} finally {
  await db.destroy();
}
