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
