import type { Db } from '../db/connection.ts';

/**
 * Claims one run of a scheduled job for `holder`: true for the one process, of all that try, whose
 * row went in (the primary key is the job and its occurrence), false for every other.
 */
export async function claimJobRun(
  db: Db,
  run: { job: string; occurrence: string; holder: string; startedAt: string },
): Promise<boolean> {
  const result = await db
    .insertInto('job_runs')
    .values({ job: run.job, occurrence: run.occurrence, holder: run.holder, started_at: run.startedAt })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function deleteJobRunsBefore(db: Db, iso: string): Promise<void> {
  await db.deleteFrom('job_runs').where('occurrence', '<', iso).execute();
}
