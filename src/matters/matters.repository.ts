import { sql } from 'kysely';
import type { Db } from '../db/connection.ts';
import { oneOf } from '../db/expressions.ts';
import type { MatterRow } from '../db/schema.ts';
import type { FineStatus, Matter, MatterInput, MatterKind } from './matter.ts';
import { withFields } from '../shared/objects.ts';
import { preparedQuery } from '../db/prepared.ts';
import { ftsQuery } from '../db/fts-query.ts';

/**
 * How many findings the matter in the outer query (`matters`) still owes IVO a redovisning for: the
 * rule of owedToIvo (src/matters/owed.ts) in SQL, so that lists and counts need not load each tree.
 */
export function owedFindingCount() {
  return sql<number>`(CASE WHEN matters.closed_on IS NOT NULL THEN 0 ELSE (
    SELECT count(*) FROM findings owed_f
    WHERE owed_f.matter_id = matters.id AND owed_f.response_required = 1
      AND NOT EXISTS (
        SELECT 1 FROM submission_findings owed_sf JOIN submissions owed_s ON owed_s.id = owed_sf.submission_id
        WHERE owed_sf.finding_id = owed_f.id
          AND (matters.respond_by_since IS NULL OR owed_s.sent_on >= matters.respond_by_since))
  ) END)`;
}

type MatterWithCommittee = MatterRow & { committee_name: string };

/** The one mapper of a matters row (with its nämnd's name) to a Matter. */
export function toMatter(r: MatterWithCommittee): Matter {
  return {
    id: r.id,
    committeeId: r.committee_id,
    committeeName: r.committee_name,
    kind: r.kind as MatterKind,
    title: r.title,
    unit: r.unit,
    ivoReference: r.ivo_reference,
    ownReference: r.own_reference,
    decidedOn: r.decided_on,
    respondBy: r.respond_by,
    respondBySince: r.respond_by_since,
    fineAmount: r.fine_amount,
    fineStatus: r.fine_status as FineStatus,
    finalOn: r.final_on,
    followUpOn: r.follow_up_on,
    legalBasis: r.legal_basis,
    description: r.description,
    closedOn: r.closed_on,
    closedRecordedAt: r.closed_recorded_at,
    closedNote: r.closed_note,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toColumns(m: MatterInput) {
  return {
    committee_id: m.committeeId,
    kind: m.kind,
    title: m.title,
    unit: m.unit,
    ivo_reference: m.ivoReference,
    own_reference: m.ownReference,
    decided_on: m.decidedOn,
    respond_by: m.respondBy,
    fine_amount: m.fineAmount,
    fine_status: m.fineStatus,
    final_on: m.finalOn,
    follow_up_on: m.followUpOn,
    legal_basis: m.legalBasis,
    description: m.description,
  };
}

/** Matters with their nämnd's name, as toMatter reads them. */
export function withCommittee(db: Db) {
  return db
    .selectFrom('matters')
    .innerJoin('committees', 'committees.id', 'matters.committee_id')
    .selectAll('matters')
    .select('committees.name as committee_name');
}

const matterById = preparedQuery((db: Db, id: number) => withCommittee(db).where('matters.id', '=', id));

export async function findMatter(db: Db, id: number): Promise<Matter | undefined> {
  const r = await matterById.first(db, id);
  return r && toMatter(r);
}

export interface MatterFilter {
  committeeId?: number;
  /** Any of these nämnder (a name search's matches); none matches nothing. */
  committeeIds?: number[];
  kind?: MatterKind;
  state: 'open' | 'closed' | 'all';
  q?: string;
}

export interface MatterListItem extends Matter {
  findingCount: number;
  openResponseFindings: number;
  openActionCount: number;
}

/** The matters the filter picks (joined with their nämnd). */
function filtered(db: Db, f: MatterFilter) {
  let q = db.selectFrom('matters').innerJoin('committees', 'committees.id', 'matters.committee_id');
  if (f.committeeId) q = q.where('matters.committee_id', '=', f.committeeId);
  if (f.committeeIds) q = q.where((eb) => oneOf(eb, 'matters.committee_id', f.committeeIds!));
  if (f.kind) q = q.where('matters.kind', '=', f.kind);
  if (f.state === 'open') q = q.where('matters.closed_on', 'is', null);
  if (f.state === 'closed') q = q.where('matters.closed_on', 'is not', null);
  if (f.q) {
    // Anywhere in a field (LIKE, which folds the case of a–z only), or as the start of a word in the
    // search index, which folds Å to å too (migration 013): "åtgärdsplan" finds "Åtgärdsplan för …".
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const words = ftsQuery(f.q);
    q = q.where((eb) =>
      eb.or([
        ...[
          'matters.title',
          'matters.ivo_reference',
          'matters.own_reference',
          'matters.unit',
          'matters.description',
        ].map((c) => eb(sql.ref(c), 'like', sql`${like} escape '\\'`)),
        ...(words === null
          ? []
          : [
              eb(
                'matters.id',
                'in',
                sql<number>`(SELECT rowid FROM search_matters WHERE search_matters MATCH ${words})`,
              ),
            ]),
      ]),
    );
  }
  return q;
}

/** The list's columns: the matter, its nämnd's name, and its counts of brister, owed brister and open actions. */
function withCounts(q: ReturnType<typeof filtered>) {
  return q
    .selectAll('matters')
    .select('committees.name as committee_name')
    .select((eb) => [
      eb
        .selectFrom('findings')
        .whereRef('findings.matter_id', '=', 'matters.id')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('finding_count'),
      owedFindingCount().as('response_findings'),
      // From the matter's brister to their actions (indexes on both), not every open action of
      // the installation tried against the matter: 0.07 ms a matter instead of 60 at 100 000 actions.
      eb
        .selectFrom('findings as matter_findings')
        .innerJoin('action_findings', 'action_findings.finding_id', 'matter_findings.id')
        .innerJoin('actions', 'actions.id', 'action_findings.action_id')
        .whereRef('matter_findings.matter_id', '=', 'matters.id')
        .where(sql<boolean>`actions.status IN ('not_started', 'in_progress')`)
        .select(sql<number>`count(DISTINCT actions.id)`.as('n'))
        .as('open_actions'),
    ]);
}

function toListItem(r: Awaited<ReturnType<ReturnType<typeof withCounts>['execute']>>[number]): MatterListItem {
  return withFields(toMatter(r), {
    findingCount: Number(r.finding_count ?? 0),
    openResponseFindings: r.closed_on ? 0 : Number(r.response_findings ?? 0),
    openActionCount: Number(r.open_actions ?? 0),
  });
}

export async function listMatters(
  db: Db,
  f: MatterFilter,
  page: { limit: number; offset: number },
): Promise<{ items: MatterListItem[]; total: number }> {
  const q = filtered(db, f);
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await withCounts(q)
    .orderBy(sql`matters.closed_on is not null`)
    .orderBy(sql`coalesce(matters.respond_by, '9999-12-31')`)
    .orderBy('matters.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { total: Number(total.n), items: rows.map(toListItem) };
}

/**
 * The matters the filter picks with an id above `afterId`, by id, at most `limit` (the API's
 * keyset pages: a matter registered meanwhile comes last, so no page repeats or skips one).
 * `onlyId` narrows it to one matter.
 */
export async function listMattersAfter(
  db: Db,
  f: MatterFilter,
  afterId: number,
  limit: number,
  onlyId?: number,
): Promise<MatterListItem[]> {
  let q = filtered(db, f).where('matters.id', '>', afterId);
  if (onlyId !== undefined) q = q.where('matters.id', '=', onlyId);
  const rows = await withCounts(q).orderBy('matters.id').limit(limit).execute();
  return rows.map(toListItem);
}

export async function insertMatter(
  db: Db,
  m: MatterInput,
  respondBySince: string | null,
  by: number,
  now: string,
): Promise<number> {
  const r = await db
    .insertInto('matters')
    .values({
      ...toColumns(m),
      respond_by_since: respondBySince,
      closed_note: '',
      created_by: by,
      created_at: now,
      updated_by: by,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** False when the stored version differs: someone else saved in between. */
export async function updateMatter(
  db: Db,
  id: number,
  expectedVersion: number,
  m: MatterInput,
  respondBySince: string | null,
  by: number,
  now: string,
): Promise<boolean> {
  const r = await db
    .updateTable('matters')
    .set((eb) => ({
      ...toColumns(m),
      respond_by_since: respondBySince,
      updated_by: by,
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function setMatterClosed(
  db: Db,
  id: number,
  expectedVersion: number,
  closed: { closedOn: string | null; closedNote: string },
  by: number,
  now: string,
): Promise<boolean> {
  const r = await db
    .updateTable('matters')
    .set((eb) => ({
      closed_on: closed.closedOn,
      closed_recorded_at: closed.closedOn === null ? null : now,
      closed_note: closed.closedNote,
      updated_by: by,
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The vite at risk of open matters (isFineAtRisk) in one query: the sum and the count per status. */
export async function sumFineAtRiskByStatus(
  db: Db,
  statuses: readonly string[],
): Promise<Map<string, { total: number; count: number }>> {
  const rows = await db
    .selectFrom('matters')
    .where('closed_on', 'is', null)
    .where('fine_status', 'in', [...statuses])
    .where('fine_amount', 'is not', null)
    .groupBy('fine_status')
    .select((eb) => [
      'fine_status',
      eb.fn.coalesce(eb.fn.sum<number>('fine_amount'), sql<number>`0`).as('total'),
      eb.fn.countAll<number>().as('count'),
    ])
    .execute();
  return new Map(rows.map((r) => [r.fine_status, { total: Number(r.total), count: Number(r.count) }]));
}

/**
 * Open matters with a svarsdatum (up to `until`, when given) that still owe IVO a redovisning
 * (owedToIvo), soonest first; the first `limit`, or all (null). The Översikt, the calendar feed and
 * the reminders list them.
 */
export async function listOwedResponses(
  db: Db,
  limit: number | null,
  until?: string,
): Promise<(Matter & { openResponseFindings: number })[]> {
  // Migration 016 keeps exactly these matters (owedToIvo) with their svarsdatum, in order on an index:
  // the first `limit` are read, not every open matter with its brister.
  let q = withCommittee(db)
    .innerJoin('owed_matters', 'owed_matters.matter_id', 'matters.id')
    .select(owedFindingCount().as('response_findings'))
    .orderBy('owed_matters.respond_by')
    .orderBy('owed_matters.matter_id');
  if (until !== undefined) q = q.where('owed_matters.respond_by', '<=', until);
  if (limit !== null) q = q.limit(limit);
  const rows = await q.execute();
  return rows.map((r) => withFields(toMatter(r), { openResponseFindings: Number(r.response_findings ?? 0) }));
}
