import os from 'node:os';
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
import { claimJobRun } from './job-runs.repository.ts';

export interface ScheduledJob {
  /** Its name in the log and in job_runs. */
  name: string;
  /** croner's pattern, in `timezone` (the outbox's runs every five minutes wherever it is). */
  pattern: string;
  timezone?: string;
  run: () => Promise<void>;
}

/**
 * The server's timers, Europe/Stockholm: the reminders at 07:00 on weekdays (queueReminders itself
 * skips helgdagar), the outbox sent every five minutes (so mail that failed is tried again), a
 * checked backup at 02:30 and the purge of what has outlived its retention at 03:15 every night.
 */
export function scheduledJobs(db: Db, clock: Clock, config: Config, logger: Logger): ScheduledJob[] {
  const zone = 'Europe/Stockholm';
  // One delivery at a time: at 07:00 the reminders' delivery and the five-minute one would otherwise
  // both pick the same unsent mail and send it twice. A call while one runs waits for it, then runs.
  let delivering: Promise<void> = Promise.resolve();
  const deliver = (pace?: Pace) => {
    const run = delivering.then(async () => {
      const { failed } = await deliverOutbox(db, clock, await mailTransport(config), config.mailFrom, pace);
      if (failed > 0) logger.warn({ job: 'utkorg', failed }, 'brev kunde inte skickas; de skickas igen senare');
    });
    delivering = run.catch(() => undefined);
    return run;
  };
  const jobs: ScheduledJob[] = [
    {
      name: 'paminnelser',
      pattern: '0 7 * * 1-5',
      timezone: zone,
      run: async () => {
        const pace = remindersPace(config);
        await queueReminders(db, clock, config, pace);
        await deliver(pace);
      },
    },
    { name: 'utkorg', pattern: '*/5 * * * *', run: () => deliver() },
    { name: 'gallring', pattern: '15 3 * * *', timezone: zone, run: () => purgeExpired(db, clock) },
  ];
  const backupDir = config.backupDir;
  if (backupDir)
    jobs.push({
      name: 'sakerhetskopia',
      pattern: '30 2 * * *',
      timezone: zone,
      run: async () => {
        const backup = await nightlyBackup(db, clock, backupDir, config.backupKeep);
        logger.info({ job: 'sakerhetskopia', file: backup.file, bytes: backup.bytes }, 'säkerhetskopian är tagen');
      },
    });
  return jobs;
}

/** This process, as job_runs names the holder of a run. */
export const THIS_PROCESS = `${os.hostname()}:${process.pid}`;

/**
 * The minute a run was scheduled for, from the moment its timer fired: every job starts on a whole
 * minute, and two processes' timers for one occurrence fire within moments of each other.
 */
export function occurrenceOf(firedAtMs: number): string {
  return new Date(Math.round(firedAtMs / 60_000) * 60_000).toISOString();
}

/**
 * Runs one occurrence of a job if this process claims it first: however many processes (a server's
 * workers, or two servers started on one database by mistake) reach the same occurrence, one runs it.
 * Returns whether this one did. A failure is logged, not thrown: the next occurrence tries again.
 */
export async function runOccurrence(
  db: Db,
  logger: Logger,
  job: ScheduledJob,
  occurrence: string,
  holder = THIS_PROCESS,
): Promise<boolean> {
  try {
    const claimed = await claimJobRun(db, {
      job: job.name,
      occurrence,
      holder,
      startedAt: new Date().toISOString(),
    });
    if (!claimed) return false;
    await job.run();
    return true;
  } catch (err) {
    logger.error({ job: job.name, err }, 'jobbet kunde inte köras');
    return false;
  }
}

/** Starts the timers of scheduledJobs (croner, on the wall clock). Returns a function that stops them. */
export function scheduleJobs(db: Db, clock: Clock, config: Config, logger: Logger): () => void {
  const timers = scheduledJobs(db, clock, config, logger).map(
    (job) =>
      new Cron(job.pattern, { timezone: job.timezone, protect: true }, async () => {
        await runOccurrence(db, logger, job, occurrenceOf(Date.now()));
      }),
  );
  return () => timers.forEach((t) => t.stop());
}
