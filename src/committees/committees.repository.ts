import type { Db } from '../db/connection.ts';
import type { CommitteeRow } from '../db/schema.ts';
import type { Committee } from './committee.ts';
import { compareSwedish } from '../shared/format.ts';

function toCommittee(r: CommitteeRow): Committee {
  return { id: r.id, name: r.name, administration: r.administration, active: r.active === 1, version: r.version };
}

/** Sorted the Swedish way (SQLite's binary order would put "Äldrenämnden" after "Z"). */
export async function listCommittees(
  db: Db,
  { activeOnly = false }: { activeOnly?: boolean } = {},
): Promise<Committee[]> {
  let q = db.selectFrom('committees').selectAll();
  if (activeOnly) q = q.where('active', '=', 1);
  const rows = await q.execute();
  return rows.map(toCommittee).sort((a, b) => compareSwedish(a.name, b.name) || a.id - b.id);
}

export async function findCommittee(db: Db, id: number): Promise<Committee | undefined> {
  const r = await db.selectFrom('committees').selectAll().where('id', '=', id).executeTakeFirst();
  return r && toCommittee(r);
}

export async function insertCommittee(
  db: Db,
  c: { name: string; administration: string; now: string },
): Promise<number> {
  const r = await db
    .insertInto('committees')
    .values({ name: c.name, administration: c.administration, created_at: c.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Returns false when the version no longer matches (someone else saved first). */
export async function updateCommittee(
  db: Db,
  id: number,
  expectedVersion: number,
  c: { name: string; administration: string; active: boolean },
): Promise<boolean> {
  const r = await db
    .updateTable('committees')
    .set((eb) => ({
      name: c.name,
      administration: c.administration,
      active: c.active ? 1 : 0,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
