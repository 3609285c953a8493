import { ROLES, type Role } from '../users/roles.ts';
import type { OidcClaims } from '../security/oidc.ts';

/** A group of the identity provider (its id or name, as the groups claim carries it) and the role it gives. */
export interface RoleMapping {
  id: number;
  claimValue: string;
  role: Role;
}

/** The verified e-mail address the provider vouches for, lower-cased; null when there is none. */
export function emailOf(claims: OidcClaims): string | null {
  if (claims.email_verified === false || claims.email_verified === 'false') return null;
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
  return /^[^\s@]+@[^\s@]+$/.test(email) ? email : null;
}

/** The values of the groups claim: a list, or one value. */
export function groupsOf(claims: OidcClaims, claimName: string): string[] {
  const v = claims[claimName];
  const values = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
  return values.filter((g): g is string | number => typeof g === 'string' || typeof g === 'number').map(String);
}

/**
 * The role the person's groups give: the mapped role that comes first in ROLES (Administratör,
 * Förvaltningschef, Nämndsekreterare, Chef, Läsare) when groups map to several; null when none maps.
 */
export function roleFromGroups(groups: string[], mappings: RoleMapping[]): Role | null {
  const held = new Set(groups.map((g) => g.trim().toLowerCase()));
  const given = new Set(mappings.filter((m) => held.has(m.claimValue.trim().toLowerCase())).map((m) => m.role));
  return ROLES.find((r) => given.has(r)) ?? null;
}

/** A name for an account made at first login: the provider's name, else the e-mail's local part. */
export function displayNameOf(claims: OidcClaims, email: string): string {
  const name = typeof claims.name === 'string' ? claims.name.trim() : '';
  return (name || email.split('@')[0]).slice(0, 120);
}
