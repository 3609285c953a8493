import type { Db } from '../db/connection.ts';
import { nowIso, type Clock } from '../clock.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../http/errors.ts';
import { hashPassword, hashToken, newToken, verifyPassword } from './password.ts';
import * as repo from './users.repository.ts';
import type { Role } from './roles.ts';
import type { User } from './user.ts';

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

export async function createUser(db: Db, clock: Clock, input: NewUserInput): Promise<number> {
  if (await repo.findUserWithHashByEmail(db, input.email)) {
    throw new InvalidInputError({ email: 'Det finns redan en användare med den e-postadressen.' });
  }
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return repo.insertUser(db, { ...input, passwordHash, now: nowIso(clock) });
}

export async function updateUser(
  db: Db,
  clock: Clock,
  id: number,
  expectedVersion: number,
  input: { name: string; email: string; role: Role; active: boolean; password: string | null },
): Promise<void> {
  const current = await repo.findUserById(db, id);
  if (!current) throw new NotFoundError('Användaren finns inte.');
  const sameEmail = await repo.findUserWithHashByEmail(db, input.email);
  if (sameEmail && sameEmail.user.id !== id) {
    throw new InvalidInputError({ email: 'Det finns redan en användare med den e-postadressen.' });
  }
  await db.transaction().execute(async (tx) => {
    if (!(await repo.updateUser(tx, id, expectedVersion, { ...input, now: nowIso(clock) }))) {
      throw new ConflictError(await repo.findUserById(tx, id));
    }
    // Whatever the order of concurrent edits, the system must keep someone who can manage users.
    if ((await repo.countActiveAdmins(tx)) === 0) {
      throw new InvalidInputError({ [input.role === 'admin' ? 'active' : 'role']: LAST_ADMIN_MESSAGE });
    }
    if (input.password) await repo.setPasswordHash(tx, id, await hashPassword(input.password), nowIso(clock));
  });
}

const LAST_ADMIN_MESSAGE = 'Det måste finnas minst en aktiv administratör. Ge någon annan rollen Administratör först.';

export async function listAllUsers(db: Db): Promise<User[]> {
  return (await repo.listUsers(db)).sort((a, b) => a.name.localeCompare(b.name, 'sv') || a.id - b.id);
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
    if (input.role !== 'admin') errors.role = 'Du kan inte ta bort din egen administratörsroll. Be en annan administratör göra det.';
    if (!input.active) errors.active = 'Du kan inte inaktivera ditt eget konto. Be en annan administratör göra det.';
    if (Object.keys(errors).length) throw new InvalidInputError(errors);
  }
  await updateUser(db, clock, id, expectedVersion, input);
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
  return (await repo.findUsableToken(db, hashToken(token), 'setup', nowIso(clock))) !== undefined && (await repo.countUsers(db)) === 0;
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

