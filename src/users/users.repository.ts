import type { Db } from '../db/connection.ts';
import type { UserRow } from '../db/schema.ts';
import type { User } from './user.ts';
import type { Role } from './roles.ts';
import { preparedQuery } from '../db/prepared.ts';
import { compareSwedish } from '../shared/format.ts';

function toUser(r: UserRow): User {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role as Role,
    active: r.active === 1,
    version: r.version,
    createdAt: r.created_at,
  };
}

export async function countUsers(db: Db): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

const userById = preparedQuery((db: Db, id: number) => db.selectFrom('users').selectAll().where('id', '=', id));

export async function findUserById(db: Db, id: number): Promise<User | undefined> {
  const r = await userById.first(db, id);
  return r && toUser(r);
}

export async function findUserWithHashByEmail(
  db: Db,
  email: string,
): Promise<{ user: User; passwordHash: string | null } | undefined> {
  const r = await db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
  return r && { user: toUser(r), passwordHash: r.password_hash };
}

export async function findPasswordHash(db: Db, id: number): Promise<string | null> {
  const r = await db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirst();
  return r?.password_hash ?? null;
}

export async function listUsers(db: Db, { activeOnly = false } = {}): Promise<User[]> {
  let q = db.selectFrom('users').selectAll().orderBy('name').orderBy('id');
  if (activeOnly) q = q.where('active', '=', 1);
  return (await q.execute()).map(toUser);
}

/** Everyone who owns at least one action, for the "Ansvarig" filter: names only, no other columns. */
export async function listActionOwners(db: Db): Promise<{ id: number; name: string }[]> {
  // Migration 016 keeps the actions per ansvarig: a probe of the actions per user read 1 200 index pages at 100 000.
  const owners = await db
    .selectFrom('action_owner_counts')
    .innerJoin('users', 'users.id', 'action_owner_counts.owner_id')
    .select(['users.id', 'users.name'])
    .execute();
  // In Swedish order (Å, Ä, Ö last, in that order), as the nämnder are; SQLite's own puts Ä before Å.
  return owners.sort((a, b) => compareSwedish(a.name, b.name) || a.id - b.id);
}

export async function insertUser(
  db: Db,
  u: { email: string; name: string; role: Role; passwordHash: string | null; now: string },
): Promise<number> {
  const r = await db
    .insertInto('users')
    .values({
      email: u.email.toLowerCase(),
      name: u.name,
      role: u.role,
      password_hash: u.passwordHash,
      created_at: u.now,
      updated_at: u.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Returns false when the version no longer matches (someone else saved first). */
export async function updateUser(
  db: Db,
  id: number,
  expectedVersion: number,
  u: { name: string; email: string; role: Role; active: boolean; now: string },
): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set((eb) => ({
      name: u.name,
      email: u.email,
      role: u.role,
      active: u.active ? 1 : 0,
      updated_at: u.now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function setPasswordHash(db: Db, id: number, passwordHash: string, now: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash, updated_at: now }).where('id', '=', id).execute();
}

export async function insertOneTimeToken(
  db: Db,
  t: { hash: string; purpose: 'setup' | 'reset'; userId: number | null; expiresAt: string; now: string },
): Promise<void> {
  await db
    .insertInto('one_time_tokens')
    .values({ token_hash: t.hash, purpose: t.purpose, user_id: t.userId, expires_at: t.expiresAt, created_at: t.now })
    .execute();
}

export async function findUsableToken(db: Db, hash: string, purpose: 'setup' | 'reset', now: string) {
  return db
    .selectFrom('one_time_tokens')
    .select(['id', 'user_id'])
    .where('token_hash', '=', hash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/** Retires a user's unused links of one purpose, so only the newest one works. */
export async function consumeTokensOfUser(
  db: Db,
  userId: number,
  purpose: 'setup' | 'reset',
  now: string,
): Promise<void> {
  await db
    .updateTable('one_time_tokens')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
}

/** Marks a token used; false if it was already used (two tabs racing). */
export async function consumeToken(db: Db, tokenId: number, now: string): Promise<boolean> {
  const r = await db
    .updateTable('one_time_tokens')
    .set({ used_at: now })
    .where('id', '=', tokenId)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function countActiveAdmins(db: Db): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('active', '=', 1)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** One-time links used or expired before `before` (the user's audit trail keeps what they did). */
export async function deleteSpentTokens(db: Db, before: string): Promise<void> {
  await db
    .deleteFrom('one_time_tokens')
    .where((eb) => eb.or([eb('expires_at', '<', before), eb('used_at', '<', before)]))
    .execute();
}
