import { sql } from 'kysely';
import type { Db } from '../db/connection.ts';

export type LockKind = 'pair' | 'account' | 'source';

/** The key of a pair lock: the source address, a newline (in neither part), the e-mail address. */
export function pairKey(source: string, account: string): string {
  return `${source}\n${account}`;
}

export async function insertFailure(db: Db, f: { account: string; source: string; at: number }): Promise<void> {
  await db.insertInto('login_failures').values({ account: f.account, source: f.source, failed_at: f.at }).execute();
}

export async function countFailuresSince(db: Db, kind: LockKind, key: string, since: number): Promise<number> {
  const r = await db
    .selectFrom('login_failures')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(kind === 'account' ? 'account' : 'source', '=', key)
    .where('failed_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function countPairFailuresSince(db: Db, source: string, account: string, since: number): Promise<number> {
  const r = await db
    .selectFrom('login_failures')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account', '=', account)
    .where('source', '=', source)
    .where('failed_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function deleteFailuresOfPair(db: Db, source: string, account: string): Promise<void> {
  await db.deleteFrom('login_failures').where('account', '=', account).where('source', '=', source).execute();
}

export async function deleteLock(db: Db, kind: LockKind, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('kind', '=', kind).where('key', '=', key).execute();
}

export async function deleteFailuresOfAccount(db: Db, account: string): Promise<void> {
  await db.deleteFrom('login_failures').where('account', '=', account).execute();
}

export async function deleteFailuresBefore(db: Db, before: number): Promise<void> {
  await db.deleteFrom('login_failures').where('failed_at', '<=', before).execute();
}

export async function saveLock(db: Db, kind: LockKind, key: string, until: number): Promise<void> {
  await db
    .insertInto('login_throttle')
    .values({ kind, key, locked_until: until })
    .onConflict((oc) => oc.columns(['kind', 'key']).doUpdateSet({ locked_until: until }))
    .execute();
}

/** The latest time any of the given locks lasts until, if one is still in force. */
export async function lockedUntil(
  db: Db,
  locks: { kind: LockKind; key: string }[],
  now: number,
): Promise<number | null> {
  const r = await db
    .selectFrom('login_throttle')
    .select((eb) => eb.fn.max('locked_until').as('until'))
    .where((eb) => eb.or(locks.map((l) => eb.and([eb('kind', '=', l.kind), eb('key', '=', l.key)]))))
    .where('locked_until', '>', now)
    .executeTakeFirst();
  return r?.until == null ? null : Number(r.until);
}

/** The address's own lock and the locks of every source on it. */
export async function deleteLocksOfAccount(db: Db, account: string): Promise<void> {
  await db
    .deleteFrom('login_throttle')
    .where((eb) =>
      eb.or([
        eb.and([eb('kind', '=', 'account'), eb('key', '=', account)]),
        eb.and([eb('kind', '=', 'pair'), eb(sql<string>`substr(key, instr(key, char(10)) + 1)`, '=', account)]),
      ]),
    )
    .execute();
}

export async function deleteExpiredLocks(db: Db, now: number): Promise<void> {
  await db.deleteFrom('login_throttle').where('locked_until', '<=', now).execute();
}
