import type { Db } from './connection.ts';
import { nowIso, type Clock } from '../clock.ts';

/** Tells the audit triggers (migration 003) who is changing things; only valid inside the caller's transaction. */
async function setActor(tx: Db, userId: number | null, at: string | null): Promise<void> {
  await tx.updateTable('audit_actor').set({ user_id: userId, at }).where('only', '=', 1).execute();
}

/**
 * Runs a change in one transaction that the audit triggers attribute to the user.
 * The transaction holds the only connection, so no other request's change can take the same actor.
 */
export function asUser<T>(db: Db, clock: Clock, userId: number | null, change: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await setActor(tx, userId, nowIso(clock));
    try {
      return await change(tx);
    } finally {
      await setActor(tx, null, null);
    }
  });
}
