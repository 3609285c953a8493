import type { Db } from '../db/connection.ts';
import { millisOf, nowIso, type Clock } from '../clock.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../shared/errors.ts';
import { hashPassword, hashToken, newToken, verifyPassword } from './password.ts';
import * as repo from './users.repository.ts';
import { deleteExpiredSessions, deleteSessionsOfUser } from './sessions.repository.ts';
import { asUser } from '../db/as-user.ts';
import { PASSWORD_RESEMBLES_EMAIL, resemblesEmail } from '../security/password-rules.ts';
import { may, type Role } from './roles.ts';
import type { User } from './user.ts';
import { compareSwedish } from '../shared/format.ts';

export async function authenticate(db: Db, email: string, password: string): Promise<User | null> {
  const found = await repo.findUserWithHashByEmail(db, email);
  // Always verify (against a dummy hash if needed) so the answer time does not reveal whether the e-mail exists.
  const ok = await verifyPassword(password, found?.passwordHash ?? null);
  if (!found || !ok || !found.user.active) return null;
  return found.user;
}

export interface NewUserInput {
  email: string;
  name: string;
  role: Role;
  password: string | null;
}

/** `actorId` is the administrator creating the user, for the audit trail; seeds and set-up pass none. */
export async function createUser(db: Db, clock: Clock, input: NewUserInput, actorId?: number): Promise<number> {
  if (await repo.findUserWithHashByEmail(db, input.email)) {
    throw new InvalidInputError({ email: 'Det finns redan en användare med den e-postadressen.' });
  }
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const insert = (tx: Db) => repo.insertUser(tx, { ...input, passwordHash, now: nowIso(clock) });
  return actorId === undefined ? insert(db) : asUser(db, clock, actorId, insert);
}

export async function updateUser(
  db: Db,
  clock: Clock,
  id: number,
  expectedVersion: number,
  input: { name: string; email: string; role: Role; active: boolean; password: string | null },
  actorId: number | null = null,
): Promise<void> {
  const current = await repo.findUserById(db, id);
  if (!current) throw new NotFoundError('Användaren finns inte.');
  const sameEmail = await repo.findUserWithHashByEmail(db, input.email);
  if (sameEmail && sameEmail.user.id !== id) {
    throw new InvalidInputError({ email: 'Det finns redan en användare med den e-postadressen.' });
  }
  await asUser(db, clock, actorId, async (tx) => {
    if (!(await repo.updateUser(tx, id, expectedVersion, { ...input, now: nowIso(clock) }))) {
      throw new ConflictError(await repo.findUserById(tx, id));
    }
    // Whatever the order of concurrent edits, the system must keep someone who can manage users.
    if ((await repo.countActiveAdmins(tx)) === 0) {
      throw new InvalidInputError({ [input.role === 'admin' ? 'active' : 'role']: LAST_ADMIN_MESSAGE });
    }
    if (input.password) await repo.setPasswordHash(tx, id, await hashPassword(input.password), nowIso(clock));
    // A new password or a deactivation must also shut out whoever is logged in as the user now.
    if (input.password || !input.active) await deleteSessionsOfUser(tx, id);
  });
}

const LAST_ADMIN_MESSAGE = 'Det måste finnas minst en aktiv administratör. Ge någon annan rollen Administratör först.';

export async function listAllUsers(db: Db): Promise<User[]> {
  return (await repo.listUsers(db)).sort((a, b) => compareSwedish(a.name, b.name) || a.id - b.id);
}

/** Active users whose role may own actions: the choices of an action's Ansvarig. */
export async function listPossibleOwners(db: Db): Promise<User[]> {
  return (await repo.listUsers(db, { activeOnly: true })).filter((u) => may.ownActions(u.role));
}

/** Everyone who owns an action: the choices of the action list's Ansvarig filter. */
export const listActionOwners = repo.listActionOwners;

/** Logging in clears sessions that have expired, so the table holds only live ones. */
export async function endExpiredSessions(db: Db, clock: Clock): Promise<void> {
  await deleteExpiredSessions(db, millisOf(clock));
}

/** The user signed in with this id, while they are active; a deactivated user is no one. */
export async function findActiveUser(db: Db, id: number): Promise<User | undefined> {
  const user = await repo.findUserById(db, id);
  return user?.active ? user : undefined;
}

/** The user with this e-mail address (any case), active or not. */
export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  return (await repo.findUserWithHashByEmail(db, email))?.user;
}

export async function getUser(db: Db, id: number): Promise<User> {
  const found = await repo.findUserById(db, id);
  if (!found) throw new NotFoundError('Användaren finns inte.');
  return found;
}

/**
 * An administrator editing a user. Admins may not lock themselves out: that is how
 * the system avoids ending up with no active administrator.
 */
export async function updateUserAsAdmin(
  db: Db,
  clock: Clock,
  actor: User,
  id: number,
  expectedVersion: number,
  input: { name: string; email: string; role: Role; active: boolean; password: string | null },
): Promise<void> {
  if (actor.id === id) {
    const errors: Record<string, string> = {};
    if (input.role !== 'admin')
      errors.role = 'Du kan inte ta bort din egen administratörsroll. Be en annan administratör göra det.';
    if (!input.active) errors.active = 'Du kan inte inaktivera ditt eget konto. Be en annan administratör göra det.';
    // Here it would end the administrator's own session too; Byt lösenord keeps it and asks for the current password.
    if (input.password)
      errors.password = 'Ditt eget lösenord byter du under Byt lösenord, där du också anger ditt nuvarande lösenord.';
    if (Object.keys(errors).length) throw new InvalidInputError(errors);
  }
  await updateUser(db, clock, id, expectedVersion, input, actor.id);
}

const SETUP_LINK_HOURS = 24;

/** With no users yet: either the configured administrator, or a one-time set-up link to print. */
export async function bootstrapFirstAdmin(
  db: Db,
  clock: Clock,
  admin: { email: string; password: string } | null,
): Promise<{ created: string } | { setupToken: string } | null> {
  if ((await repo.countUsers(db)) > 0) return null;
  if (admin) {
    await createUser(db, clock, { email: admin.email, name: 'Administratör', role: 'admin', password: admin.password });
    return { created: admin.email };
  }
  const { token, hash } = newToken();
  const expiresAt = clock.now().plus({ hours: SETUP_LINK_HOURS }).toUTC().toISO()!;
  await repo.insertOneTimeToken(db, { hash, purpose: 'setup', userId: null, expiresAt, now: nowIso(clock) });
  return { setupToken: token };
}

export async function isUsableSetupToken(db: Db, clock: Clock, token: string): Promise<boolean> {
  return (
    (await repo.findUsableToken(db, hashToken(token), 'setup', nowIso(clock))) !== undefined &&
    (await repo.countUsers(db)) === 0
  );
}

export async function createFirstAdminWithToken(
  db: Db,
  clock: Clock,
  token: string,
  input: { email: string; name: string; password: string },
): Promise<User | null> {
  return db.transaction().execute(async (tx) => {
    const row = await repo.findUsableToken(tx, hashToken(token), 'setup', nowIso(clock));
    if (!row || (await repo.countUsers(tx)) > 0) return null;
    if (!(await repo.consumeToken(tx, row.id, nowIso(clock)))) return null;
    const id = await createUser(tx, clock, { ...input, role: 'admin' });
    return (await repo.findUserById(tx, id)) ?? null;
  });
}

/**
 * A user changing their own password. Their other sessions end (a stolen session dies with
 * the old password); the one making the change goes on.
 */
export async function changeOwnPassword(
  db: Db,
  clock: Clock,
  user: User,
  input: { current: string; password: string },
  keepSessionId: string,
): Promise<'changed' | 'wrong-current'> {
  if (!(await verifyPassword(input.current, await repo.findPasswordHash(db, user.id)))) return 'wrong-current';
  if (resemblesEmail(input.password, user.email)) throw new InvalidInputError({ password: PASSWORD_RESEMBLES_EMAIL });
  if (input.password === input.current)
    throw new InvalidInputError({ password: 'Det nya lösenordet måste skilja sig från det nuvarande.' });
  const hash = await hashPassword(input.password);
  await asUser(db, clock, user.id, async (tx) => {
    await repo.setPasswordHash(tx, user.id, hash, nowIso(clock));
    await deleteSessionsOfUser(tx, user.id, keepSessionId);
  });
  return 'changed';
}

const RESET_LINK_HOURS = 24;

/** An administrator creates a one-time link for a user to choose a new password; earlier links stop working. */
export async function createResetLink(db: Db, clock: Clock, userId: number): Promise<string> {
  const user = await getUser(db, userId);
  if (!user.active)
    throw new InvalidInputError({ _form: 'Användaren är inaktiv och kan inte logga in. Aktivera kontot först.' });
  const { token, hash } = newToken();
  const expiresAt = clock.now().plus({ hours: RESET_LINK_HOURS }).toUTC().toISO()!;
  await db.transaction().execute(async (tx) => {
    await repo.consumeTokensOfUser(tx, userId, 'reset', nowIso(clock));
    await repo.insertOneTimeToken(tx, { hash, purpose: 'reset', userId, expiresAt, now: nowIso(clock) });
  });
  return token;
}

/** The active user a reset link is for, while the link is unused and unexpired. */
export async function findResetTarget(db: Db, clock: Clock, token: string): Promise<User | null> {
  const row = await repo.findUsableToken(db, hashToken(token), 'reset', nowIso(clock));
  const user = row?.user_id ? await repo.findUserById(db, row.user_id) : undefined;
  return user?.active ? user : null;
}

/** Sets the password from a reset link, once; every session of the user ends. Null when the link no longer works. */
export async function resetPasswordWithToken(
  db: Db,
  clock: Clock,
  token: string,
  password: string,
): Promise<User | null> {
  const target = await findResetTarget(db, clock, token);
  if (!target) return null;
  if (resemblesEmail(password, target.email)) throw new InvalidInputError({ password: PASSWORD_RESEMBLES_EMAIL });
  const hash = await hashPassword(password);
  return asUser(db, clock, target.id, async (tx) => {
    const row = await repo.findUsableToken(tx, hashToken(token), 'reset', nowIso(clock));
    if (!row || row.user_id !== target.id || !(await repo.consumeToken(tx, row.id, nowIso(clock)))) return null;
    await repo.setPasswordHash(tx, target.id, hash, nowIso(clock));
    await deleteSessionsOfUser(tx, target.id);
    return target;
  });
}
