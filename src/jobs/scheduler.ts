import { Cron } from 'croner';
import type { Db } from '../db/connection.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { deliverOutbox, mailTransport } from '../mail/mail.service.ts';
import { queueReminders } from '../reminders/reminders.service.ts';
import { nightlyBackup } from '../backups/backups.service.ts';

/**
 * The server's timers, Europe/Stockholm: the reminders at 07:00 on weekdays (queueReminders itself
 * skips helgdagar), the outbox sent every five minutes (so mail that failed is tried again), and a
 * checked backup at 02:30 every night. Returns a function that stops them.
 */
export function scheduleJobs(db: Db, clock: Clock, config: Config): () => void {
  const deliver = async () => {
    const { failed } = await deliverOutbox(db, clock, mailTransport(config), config.mailFrom);
    if (failed > 0) console.error(`Utkorgen: ${failed} brev kunde inte skickas; de skickas igen senare.`);
  };
  const guard = (what: string, job: () => Promise<unknown>) => async () => {
    await job().catch((e) => console.error(`${what} kunde inte köras:`, e));
  };
  const zone = { timezone: 'Europe/Stockholm', protect: true };
  const jobs = [
    new Cron(
      '0 7 * * 1-5',
      zone,
      guard('Påminnelserna', async () => {
        await queueReminders(db, clock, config);
        await deliver();
      }),
    ),
    new Cron('*/5 * * * *', { protect: true }, guard('Utkorgen', deliver)),
  ];
  const backupDir = config.backupDir;
  if (backupDir)
    jobs.push(
      new Cron(
        '30 2 * * *',
        zone,
        guard('Säkerhetskopieringen', () => nightlyBackup(db, clock, backupDir, config.backupKeep)),
      ),
    );
  return () => jobs.forEach((j) => j.stop());
}
