import crypto from 'node:crypto';
import type { Db } from './connection.ts';

/** The session-signing secret: made once per database, so cookies stay valid across restarts. */
export async function sessionSecret(db: Db): Promise<string> {
  const fresh = crypto.randomBytes(32).toString('hex');
  await db
    .insertInto('settings')
    .values({ key: 'session_secret', value: fresh })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', 'session_secret')
    .executeTakeFirstOrThrow();
  return row.value;
}

/** Settings keys where the scheduled jobs note when they last finished (shown by /halsa?detaljer). */
export const LAST_RUN = { backup: 'last_backup', reminders: 'last_reminders_run' } as const;

/** A value kept in the settings table (not audited: bookkeeping such as when a job last ran). */
export async function readSetting(db: Db, key: string): Promise<string | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value ?? null;
}

export async function writeSetting(db: Db, key: string, value: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}
