import type { Db } from '../db/connection.ts';
import type { Organisation } from './organisation.ts';

export async function findOrganisation(db: Db): Promise<Organisation | null> {
  const r = await db.selectFrom('organisation').selectAll().where('id', '=', 1).executeTakeFirst();
  return r ? { municipality: r.municipality, logo: r.logo, logoSha256: r.logo_sha256, version: r.version } : null;
}

/** Saves the kommun's name and logo (a logo of undefined keeps the stored one), if nobody saved them meanwhile. */
export async function saveOrganisation(
  db: Db,
  expectedVersion: number | null,
  o: { municipality: string; logo?: { png: Buffer; sha256: string } | null },
  userId: number,
  now: string,
): Promise<boolean> {
  const logo = o.logo === undefined ? {} : { logo: o.logo?.png ?? null, logo_sha256: o.logo?.sha256 ?? null };
  if (expectedVersion === null) {
    const r = await db
      .insertInto('organisation')
      .values({ id: 1, municipality: o.municipality, ...logo, updated_by: userId, updated_at: now })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }
  const r = await db
    .updateTable('organisation')
    .set((eb) => ({
      municipality: o.municipality,
      ...logo,
      updated_by: userId,
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', 1)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
