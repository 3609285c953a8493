import { sql } from 'kysely';
import type { Db } from '../db/connection.ts';

/**
 * Counts one request for `key` in its current window, starting a new window of `windowMs` when the
 * last one has ended; one statement, so requests reaching different processes at once all count.
 */
export async function countRequest(
  db: Db,
  key: string,
  nowMs: number,
  windowMs: number,
): Promise<{ hits: number; resetsAt: number }> {
  const ended = sql<boolean>`api_rate_counts.resets_at <= ${nowMs}`;
  const row = await db
    .insertInto('api_rate_counts')
    .values({ key, hits: 1, resets_at: nowMs + windowMs })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        hits: sql<number>`CASE WHEN ${ended} THEN 1 ELSE api_rate_counts.hits + 1 END`,
        resets_at: sql<number>`CASE WHEN ${ended} THEN excluded.resets_at ELSE api_rate_counts.resets_at END`,
      }),
    )
    .returning(['hits', 'resets_at'])
    .executeTakeFirstOrThrow();
  return { hits: row.hits, resetsAt: row.resets_at };
}

export async function uncountRequest(db: Db, key: string): Promise<void> {
  await db
    .updateTable('api_rate_counts')
    .set({ hits: sql<number>`max(hits - 1, 0)` })
    .where('key', '=', key)
    .execute();
}

export async function deleteRateCount(db: Db, key: string): Promise<void> {
  await db.deleteFrom('api_rate_counts').where('key', '=', key).execute();
}

export async function deleteExpiredRateCounts(db: Db, nowMs: number): Promise<void> {
  await db.deleteFrom('api_rate_counts').where('resets_at', '<=', nowMs).execute();
}
