import { Cron } from 'croner';
import type { Db } from '../db/connection.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { deliverOutbox, mailTransport } from '../mail/mail.service.ts';
import { queueReminders } from './reminders.service.ts';

/**
 * The server's timers: the reminders at 07:00 Europe/Stockholm on weekdays (queueReminders itself
 * skips helgdagar), and the outbox sent every five minutes, so mail that failed is tried again.
 * Returns a function that stops them.
 */
export function scheduleReminders(db: Db, clock: Clock, config: Config): () => void {
  const deliver = async () => {
    const { failed } = await deliverOutbox(db, clock, mailTransport(config), config.mailFrom);
    if (failed > 0) console.error(`Utkorgen: ${failed} brev kunde inte skickas; de skickas igen senare.`);
  };
  const guard = (job: () => Promise<void>) => () =>
    job().catch((e) => console.error('Påminnelserna kunde inte köras:', e));
  const jobs = [
    new Cron(
      '0 7 * * 1-5',
      { timezone: 'Europe/Stockholm', protect: true },
      guard(async () => {
        await queueReminders(db, clock, config);
        await deliver();
      }),
    ),
    new Cron('*/5 * * * *', { protect: true }, guard(deliver)),
  ];
  return () => jobs.forEach((j) => j.stop());
}
