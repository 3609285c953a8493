import { sql } from 'kysely';
import type { Db } from '../db/connection.ts';

/** Every matter by the names an imported plan may use for it. */
export async function listMatterNames(db: Db) {
  const rows = await db
    .selectFrom('matters')
    .select(['id', 'title', 'own_reference', 'ivo_reference'])
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, title: r.title, ownReference: r.own_reference, ivoReference: r.ivo_reference }));
}

const inList = (ids: readonly number[]) =>
  sql<boolean>`matter_id in (select value from json_each(${JSON.stringify(ids)}))`;

/** The brister of the given matters. */
export async function listFindingsOfMatters(db: Db, matterIds: readonly number[]) {
  const rows = await db
    .selectFrom('findings')
    .select(['id', 'matter_id', 'title', 'response_required'])
    .where(inList(matterIds))
    .execute();
  return rows.map((r) => ({
    id: r.id,
    matterId: r.matter_id,
    title: r.title,
    responseRequired: r.response_required === 1,
  }));
}

/** The titles of the actions addressing brister of the given matters, per matter. */
export async function listActionTitlesOfMatters(db: Db, matterIds: readonly number[]) {
  const rows = await db
    .selectFrom('action_findings')
    .innerJoin('findings', 'findings.id', 'action_findings.finding_id')
    .innerJoin('actions', 'actions.id', 'action_findings.action_id')
    .select(['findings.matter_id', 'actions.title'])
    .distinct()
    .where(inList(matterIds))
    .execute();
  return rows.map((r) => ({ matterId: r.matter_id, title: r.title }));
}
