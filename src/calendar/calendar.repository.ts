import type { Db } from '../db/connection.ts';

/** The user a calendar address belongs to (active users only), by the address's SHA-256. */
export async function findFeedOwner(db: Db, tokenSha256: string): Promise<number | null> {
  const r = await db
    .selectFrom('calendar_feeds')
    .innerJoin('users', 'users.id', 'calendar_feeds.user_id')
    .select('users.id')
    .where('calendar_feeds.token_sha256', '=', tokenSha256)
    .where('users.active', '=', 1)
    .executeTakeFirst();
  return r?.id ?? null;
}

export async function hasFeed(db: Db, userId: number): Promise<boolean> {
  return (
    (await db.selectFrom('calendar_feeds').select('user_id').where('user_id', '=', userId).executeTakeFirst()) !==
    undefined
  );
}

/** Gives the user a new address (its SHA-256), ending the one they had. */
export async function replaceFeed(db: Db, userId: number, tokenSha256: string, now: string): Promise<void> {
  await db
    .insertInto('calendar_feeds')
    .values({ user_id: userId, token_sha256: tokenSha256, created_at: now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ token_sha256: tokenSha256, created_at: now }))
    .execute();
}

/** The user's own open actions, with the version that rises with every change. */
export function openActionsOf(db: Db, userId: number) {
  return db
    .selectFrom('actions')
    .select(['id', 'title', 'due_on', 'status', 'version', 'updated_at'])
    .where('owner_id', '=', userId)
    .where('status', 'in', ['not_started', 'in_progress'])
    .orderBy('due_on')
    .orderBy('id')
    .execute();
}

/** Sammanträden not cancelled, from `from` on. */
export function meetingsFrom(db: Db, from: string) {
  return db
    .selectFrom('meetings')
    .innerJoin('committees', 'committees.id', 'meetings.committee_id')
    .select([
      'meetings.id',
      'meetings.held_on',
      'meetings.title',
      'meetings.place',
      'meetings.version',
      'meetings.updated_at',
    ])
    .select('committees.name as committee_name')
    .where('meetings.cancelled_at', 'is', null)
    .where('meetings.held_on', '>=', from)
    .orderBy('meetings.held_on')
    .execute();
}
