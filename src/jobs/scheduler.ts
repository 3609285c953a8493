import { Cron } from 'croner';
import type { Db } from '../db/connection.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { deliverOutbox, mailTransport } from '../mail/mail.service.ts';
import { queueReminders, remindersPace } from '../reminders/reminders.service.ts';
import { nightlyBackup } from '../backups/backups.service.ts';
import { purgeExpired } from './retention.ts';
import type { Pace } from '../shared/pace.ts';

/**
 * The server's timers, Europe/Stockholm: the reminders at 07:00 on weekdays (queueReminders itself
 * skips helgdagar), the outbox sent every five minutes (so mail that failed is tried again), a
 * checked backup at 02:30 and the purge of what has outlived its retention at 03:15 every night. Returns a function that stops them.
 */
export function scheduleJobs(db: Db, clock: Clock, config: Config, logger: Logger): () => void {
  const deliver = async (pace?: Pace) => {
    const { failed } = await deliverOutbox(db, clock, mailTransport(config), config.mailFrom, pace);
    if (failed > 0) logger.warn({ job: 'utkorg', failed }, 'brev kunde inte skickas; de skickas igen senare');
  };
  const guard = (what: string, job: () => Promise<unknown>) => async () => {
    await job().catch((err) => logger.error({ job: what, err }, 'jobbet kunde inte köras'));
  };
  const zone = { timezone: 'Europe/Stockholm', protect: true };
  const jobs = [
    new Cron(
      '0 7 * * 1-5',
      zone,
      guard('paminnelser', async () => {
        const pace = remindersPace(config);
        await queueReminders(db, clock, config, pace);
        await deliver(pace);
      }),
    ),
    new Cron('*/5 * * * *', { protect: true }, guard('utkorg', deliver)),
  ];
  jobs.push(
    new Cron(
      '15 3 * * *',
      zone,
      guard('gallring', () => purgeExpired(db, clock)),
    ),
  );
  const backupDir = config.backupDir;
  if (backupDir)
    jobs.push(
      new Cron(
        '30 2 * * *',
        zone,
        guard('sakerhetskopia', async () => {
          const backup = await nightlyBackup(db, clock, backupDir, config.backupKeep);
          logger.info({ job: 'sakerhetskopia', file: backup.file, bytes: backup.bytes }, 'säkerhetskopian är tagen');
        }),
      ),
    );
  return () => jobs.forEach((j) => j.stop());
}
