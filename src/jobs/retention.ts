import type { Db } from '../db/connection.ts';
import { millisOf, type Clock } from '../clock.ts';
import { deleteExpiredSessions } from '../users/sessions.repository.ts';
import { deleteSpentTokens } from '../users/users.repository.ts';
import { deleteExpiredLocks, deleteFailuresBefore } from '../security/login-throttle.repository.ts';
import { blankSentBefore } from '../mail/outbox.repository.ts';
import { deleteDraftsBefore } from '../transfer/import-drafts.repository.ts';
import { DRAFT_MINUTES } from '../transfer/plan-import.service.ts';
import { deleteExpiredRateCounts } from '../api/api-rate-counts.repository.ts';
import { deleteJobRunsBefore } from './job-runs.repository.ts';

/**
 * How long what is not a record is kept. Records (allmän handling) are never purged: ärenden,
 * brister, åtgärder and their history, issued reports and redovisningar, attachments, the audit log.
 */
export const RETENTION = {
  /** Failed logins count for 15 minutes; a day is kept to see an attack afterwards. */
  loginFailureHours: 24,
  /** Used or expired set-up and reset links. */
  spentLinkDays: 30,
  /** The address and text of sent mail (the utkorg); the row itself stays as the reminders' record. */
  sentMailDays: 90,
  /** Which process ran each scheduled job, and when. */
  jobRunDays: 30,
} as const;

/**
 * Removes what has outlived RETENTION, and expired sessions, login locks, import previews and API
 * rate counts. Run once a night.
 */
export async function purgeExpired(db: Db, clock: Clock): Promise<void> {
  const now = millisOf(clock);
  const daysAgo = (days: number) => new Date(now - days * 86_400_000).toISOString();
  await deleteExpiredSessions(db, now);
  await deleteExpiredLocks(db, now);
  await deleteFailuresBefore(db, now - RETENTION.loginFailureHours * 3_600_000);
  await deleteSpentTokens(db, daysAgo(RETENTION.spentLinkDays));
  await blankSentBefore(db, daysAgo(RETENTION.sentMailDays));
  await deleteDraftsBefore(db, now - DRAFT_MINUTES * 60_000);
  await deleteExpiredRateCounts(db, now);
  await deleteJobRunsBefore(db, daysAgo(RETENTION.jobRunDays));
}
