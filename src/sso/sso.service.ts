import type { Db } from '../db/connection.ts';
import { nowIso, type Clock } from '../clock.ts';
import { asUser } from '../db/as-user.ts';
import { InvalidInputError, NotFoundError } from '../shared/errors.ts';
import type { OidcClaims } from '../security/oidc.ts';
import { createUser, findUserByEmail, getUser, updateUser } from '../users/users.service.ts';
import type { Role } from '../users/roles.ts';
import type { User } from '../users/user.ts';
import * as repo from './sso.repository.ts';
import { displayNameOf, emailOf, groupsOf, roleFromGroups, type RoleMapping } from './sso.ts';

export type SsoRefusal = 'no-email' | 'unknown' | 'inactive' | 'no-role';

export type SsoOutcome = { ok: true; user: User } | { ok: false; reason: SsoRefusal; email: string | null };

/**
 * The account a person the provider vouches for logs in as. Matched by verified e-mail. While any
 * group is mapped, the groups decide the role at every login, and a person whose groups map to no
 * role is refused (taken out of the groups, taken out of the app); with no mapping at all, roles
 * are set in the app. An unknown person gets an account only with OIDC_AUTO_CREATE and a mapped role.
 */
export async function signInWithProvider(
  db: Db,
  clock: Clock,
  settings: { autoCreate: boolean; roleClaim: string },
  claims: OidcClaims,
): Promise<SsoOutcome> {
  const email = emailOf(claims);
  if (!email) return { ok: false, reason: 'no-email', email: null };
  const mappings = await repo.listRoleMappings(db);
  const mapped = roleFromGroups(groupsOf(claims, settings.roleClaim), mappings);
  const found = await findUserByEmail(db, email);
  if (!found) {
    if (!settings.autoCreate) return { ok: false, reason: 'unknown', email };
    if (!mapped) return { ok: false, reason: 'no-role', email };
    const id = await createUser(db, clock, { email, name: displayNameOf(claims, email), role: mapped, password: null });
    return { ok: true, user: await getUser(db, id) };
  }
  if (!found.active) return { ok: false, reason: 'inactive', email };
  if (mappings.length > 0 && !mapped) return { ok: false, reason: 'no-role', email };
  if (mapped && mapped !== found.role) {
    try {
      // Recorded in the ändringslogg as the user's own change, made by their login.
      await updateUser(db, clock, found.id, found.version, { ...found, role: mapped, password: null }, found.id);
    } catch (e) {
      // The last active administrator keeps the role (updateUser's rule); they still log in.
      if (!(e instanceof InvalidInputError)) throw e;
    }
    return { ok: true, user: await getUser(db, found.id) };
  }
  return { ok: true, user: found };
}

export const listRoleMappings = repo.listRoleMappings;

/** An administrator maps a group to a role (recorded in the ändringslogg). */
export async function addRoleMapping(
  db: Db,
  clock: Clock,
  actorId: number,
  input: { claimValue: string; role: Role },
): Promise<void> {
  if (await repo.findRoleMappingByValue(db, input.claimValue)) {
    throw new InvalidInputError({ claimValue: 'Gruppen har redan en roll. Ta bort den raden först.' });
  }
  await asUser(db, clock, actorId, (tx) => repo.insertRoleMapping(tx, { ...input, now: nowIso(clock) }));
}

export async function removeRoleMapping(db: Db, clock: Clock, actorId: number, id: number): Promise<void> {
  const removed = await asUser(db, clock, actorId, (tx) => repo.deleteRoleMapping(tx, id));
  if (!removed) throw new NotFoundError('Kopplingen finns inte (någon kan redan ha tagit bort den).');
}

export type { RoleMapping };
