import type { Db } from '../db/connection.ts';
import { preparedQuery } from '../db/prepared.ts';

const sessionData = preparedQuery((db: Db, sid: string, nowMs: number) =>
  db.selectFrom('sessions').select('data').where('sid', '=', sid).where('expires_at', '>', nowMs),
);

export async function findSession(db: Db, sid: string, nowMs: number): Promise<string | undefined> {
  return (await sessionData.first(db, sid, nowMs))?.data;
}

export async function saveSession(
  db: Db,
  sid: string,
  data: string,
  expiresAt: number,
  userId: number | null,
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({ sid, data, expires_at: expiresAt, user_id: userId })
    .onConflict((oc) => oc.column('sid').doUpdateSet({ data, expires_at: expiresAt, user_id: userId }))
    .execute();
}

export async function touchSession(db: Db, sid: string, expiresAt: number): Promise<void> {
  await db.updateTable('sessions').set({ expires_at: expiresAt }).where('sid', '=', sid).execute();
}

export async function deleteSession(db: Db, sid: string): Promise<void> {
  await db.deleteFrom('sessions').where('sid', '=', sid).execute();
}

export async function deleteExpiredSessions(db: Db, nowMs: number): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', nowMs).execute();
}

/** Ends every session of the user, except the one given (the session making the change). */
export async function deleteSessionsOfUser(db: Db, userId: number, exceptSid?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptSid !== undefined) q = q.where('sid', '!=', exceptSid);
  await q.execute();
}

export async function deleteAllSessions(db: Db): Promise<void> {
  await db.deleteFrom('sessions').execute();
}
