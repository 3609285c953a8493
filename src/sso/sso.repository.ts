import type { Db } from '../db/connection.ts';
import { isRole } from '../users/roles.ts';
import type { RoleMapping } from './sso.ts';

export async function listRoleMappings(db: Db): Promise<RoleMapping[]> {
  const rows = await db.selectFrom('sso_role_mappings').selectAll().orderBy('claim_value').orderBy('id').execute();
  return rows.flatMap((r) => (isRole(r.role) ? [{ id: r.id, claimValue: r.claim_value, role: r.role }] : []));
}

export async function findRoleMappingByValue(db: Db, claimValue: string): Promise<RoleMapping | undefined> {
  return (await listRoleMappings(db)).find((m) => m.claimValue.toLowerCase() === claimValue.toLowerCase());
}

export async function insertRoleMapping(db: Db, m: { claimValue: string; role: string; now: string }): Promise<void> {
  await db
    .insertInto('sso_role_mappings')
    .values({ claim_value: m.claimValue, role: m.role, created_at: m.now })
    .execute();
}

export async function deleteRoleMapping(db: Db, id: number): Promise<boolean> {
  const r = await db.deleteFrom('sso_role_mappings').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}
