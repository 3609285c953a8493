import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { configuredClock } from '../src/server.ts';
import { deliverOutbox, mailTransport } from '../src/mail/mail.service.ts';
import { queueReminders, remindersDue } from '../src/reminders/reminders.service.ts';

// npm run reminders [-- --dry-run]: today's reminders, now, as the server sends them at 07:00 on
// vardagar: written to the outbox (each reminder once, however often this runs) and sent through
// SMTP_URL, or left in the utkorg without it. --dry-run prints what would be sent and changes nothing.
const { values: args } = parseArgs({ options: { 'dry-run': { type: 'boolean', default: false } } });
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
try {
  if (args['dry-run']) {
    const { holiday, digests } = await remindersDue(db, clock, config);
    if (holiday) console.log(`I dag är det ${holiday}: inga påminnelser skickas.`);
    for (const d of digests) console.log(`\nTill: ${d.name} <${d.to}>\nÄmne: ${d.subject}\n\n${d.text}`);
    console.log(`\n${digests.length} brev skulle skickas (inget har skickats).`);
  } else {
    const { holiday, digests } = await queueReminders(db, clock, config);
    if (holiday) console.log(`I dag är det ${holiday}: inga påminnelser skickas.`);
    const { sent, failed } = await deliverOutbox(db, clock, mailTransport(config), config.mailFrom);
    console.log(
      `${digests.length} brev med påminnelser lagda i utkorgen; ${sent} skickade${failed ? `, ${failed} misslyckades (försöks igen)` : ''}${config.smtpUrl ? '' : ' (SMTP_URL saknas: breven finns i utkorgen)'}.`,
    );
  }
} finally {
  await db.destroy();
}
