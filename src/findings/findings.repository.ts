import type { Db } from '../db/connection.ts';
import type { FindingRow } from '../db/schema.ts';
import type { Effect, EffectInput, Finding, FindingInput } from './finding.ts';
import { withFields } from '../shared/objects.ts';

/** The one mapper of a findings row to a Finding. */
export function toFinding(r: FindingRow): Finding {
  return {
    id: r.id,
    matterId: r.matter_id,
    title: r.title,
    description: r.description,
    responseRequired: r.response_required === 1,
    version: r.version,
    createdAt: r.created_at,
    effect: r.effect as Effect | null,
    effectAssessedOn: r.effect_assessed_on,
    effectComment: r.effect_comment,
  };
}

export async function findFinding(db: Db, id: number): Promise<Finding | undefined> {
  const r = await db.selectFrom('findings').selectAll().where('id', '=', id).executeTakeFirst();
  return r && toFinding(r);
}

/** Findings an action of this nämnd may address: those of the nämnd's open matters, plus any given ids. */
export async function listFindingsOfCommittee(db: Db, committeeId: number, alsoIds: number[] = []) {
  const rows = await db
    .selectFrom('findings')
    .innerJoin('matters', 'matters.id', 'findings.matter_id')
    .selectAll('findings')
    .select(['matters.title as matter_title', 'matters.ivo_reference', 'matters.own_reference'])
    .where('matters.committee_id', '=', committeeId)
    .where((eb) =>
      eb.or([eb('matters.closed_on', 'is', null), ...(alsoIds.length ? [eb('findings.id', 'in', alsoIds)] : [])]),
    )
    .orderBy('matters.id')
    .orderBy('findings.id')
    .execute();
  return rows.map((r) =>
    withFields(toFinding(r), { matterTitle: r.matter_title, matterReference: r.ivo_reference || r.own_reference }),
  );
}

/** The nämnd of each finding, to check that one action's findings belong to one nämnd. */
export async function committeesOfFindings(
  db: Db,
  findingIds: number[],
): Promise<{ findingId: number; committeeId: number }[]> {
  if (findingIds.length === 0) return [];
  const rows = await db
    .selectFrom('findings')
    .innerJoin('matters', 'matters.id', 'findings.matter_id')
    .select(['findings.id as finding_id', 'matters.committee_id'])
    .where('findings.id', 'in', findingIds)
    .execute();
  return rows.map((r) => ({ findingId: r.finding_id, committeeId: r.committee_id }));
}

export async function insertFinding(db: Db, matterId: number, f: FindingInput, now: string): Promise<number> {
  const r = await db
    .insertInto('findings')
    .values({
      matter_id: matterId,
      title: f.title,
      description: f.description,
      response_required: f.responseRequired ? 1 : 0,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateFinding(
  db: Db,
  id: number,
  expectedVersion: number,
  f: FindingInput,
  now: string,
): Promise<boolean> {
  const r = await db
    .updateTable('findings')
    .set((eb) => ({
      title: f.title,
      description: f.description,
      response_required: f.responseRequired ? 1 : 0,
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The statuses of the actions addressing a finding. */
export async function statusesOfFindingActions(db: Db, findingId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('action_findings')
    .innerJoin('actions', 'actions.id', 'action_findings.action_id')
    .select('actions.status')
    .where('action_findings.finding_id', '=', findingId)
    .execute();
  return rows.map((r) => r.status);
}

/** Records (or replaces) the finding's uppföljning av effekt, if nobody changed the finding meanwhile. */
export async function setEffect(
  db: Db,
  id: number,
  expectedVersion: number,
  e: EffectInput,
  now: string,
): Promise<boolean> {
  const r = await db
    .updateTable('findings')
    .set((eb) => ({
      effect: e.effect,
      effect_assessed_on: e.assessedOn,
      effect_comment: e.comment,
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
