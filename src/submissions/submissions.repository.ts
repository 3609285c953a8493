import type { Db } from '../db/connection.ts';
import type { ActionStatus } from '../deadlines/lights.ts';
import type { MatterKind } from '../matters/matter.ts';
import type { SubmissionInput } from './submission-model.ts';
import { preparedQuery } from '../db/prepared.ts';

export interface SubmissionRecord {
  id: number;
  matterId: number;
  roundNo: number;
  sentOn: string;
  note: string;
  documentId: string;
  sha256: string;
  registeredByName: string;
  registeredAt: string;
  findingTitles: string[];
}

/** A matter with its findings and their actions, with the date each finished action finished. */
export async function loadSubmissionData(
  db: Db,
  matterId: number,
): Promise<Omit<SubmissionInput, 'findingIds' | 'preparedBy' | 'today' | 'warningDays'> | undefined> {
  const m = await db
    .selectFrom('matters')
    .innerJoin('committees', 'committees.id', 'matters.committee_id')
    .select([
      'matters.id',
      'matters.kind',
      'matters.title',
      'matters.ivo_reference',
      'matters.own_reference',
      'matters.decided_on',
      'matters.respond_by',
      'committees.name as committee_name',
    ])
    .where('matters.id', '=', matterId)
    .executeTakeFirst();
  if (!m) return undefined;
  const findings = await db
    .selectFrom('findings')
    .select(['id', 'title', 'description', 'response_required'])
    .where('matter_id', '=', matterId)
    .orderBy('id')
    .execute();
  const links = await db
    .selectFrom('action_findings')
    .innerJoin('findings', 'findings.id', 'action_findings.finding_id')
    .select(['action_findings.action_id', 'action_findings.finding_id'])
    .where('findings.matter_id', '=', matterId)
    .execute();
  const actionIds = [...new Set(links.map((l) => l.action_id))];
  const actions = actionIds.length
    ? await db
        .selectFrom('actions')
        .innerJoin('users', 'users.id', 'actions.owner_id')
        .select(['actions.id', 'actions.title', 'actions.due_on', 'actions.status', 'users.name as owner_name'])
        .where('actions.id', 'in', actionIds)
        .execute()
    : [];
  const finishes = actionIds.length
    ? await db
        .selectFrom('action_updates')
        .select(['action_id', (eb) => eb.fn.max('created_at').as('at')])
        .where('action_id', 'in', actionIds)
        .where('to_status', 'in', ['done', 'cancelled'])
        .groupBy('action_id')
        .execute()
    : [];
  const finishedAt = new Map(finishes.map((f) => [f.action_id, String(f.at)]));
  return {
    matter: {
      id: m.id,
      kind: m.kind as MatterKind,
      title: m.title,
      ivoReference: m.ivo_reference,
      ownReference: m.own_reference,
      decidedOn: m.decided_on,
      respondBy: m.respond_by,
      committeeName: m.committee_name,
    },
    findings: findings.map((f) => ({
      id: f.id,
      title: f.title,
      description: f.description,
      responseRequired: f.response_required === 1,
      actionIds: links.filter((l) => l.finding_id === f.id).map((l) => l.action_id),
    })),
    actions: actions.map((a) => ({
      id: a.id,
      title: a.title,
      ownerName: a.owner_name,
      dueOn: a.due_on,
      status: a.status as ActionStatus,
      finishedOn: finishedAt.get(a.id)?.slice(0, 10) ?? null,
    })),
  };
}

const submissionsOfMatter = preparedQuery((db: Db, matterId: number) =>
  db
    .selectFrom('submissions')
    .innerJoin('users', 'users.id', 'submissions.registered_by')
    .select([
      'submissions.id',
      'submissions.matter_id',
      'submissions.round_no',
      'submissions.sent_on',
      'submissions.note',
      'submissions.document_id',
      'submissions.sha256',
      'submissions.registered_at',
      'users.name as registered_by_name',
    ])
    .where('submissions.matter_id', '=', matterId)
    .orderBy('submissions.round_no'),
);

export async function listSubmissions(db: Db, matterId: number): Promise<SubmissionRecord[]> {
  const rows = await submissionsOfMatter.all(db, matterId);
  const covered = rows.length
    ? await db
        .selectFrom('submission_findings')
        .innerJoin('findings', 'findings.id', 'submission_findings.finding_id')
        .select(['submission_findings.submission_id', 'findings.title'])
        .where(
          'submission_findings.submission_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('findings.id')
        .execute()
    : [];
  return rows.map((r) => ({
    id: r.id,
    matterId: r.matter_id,
    roundNo: r.round_no,
    sentOn: r.sent_on,
    note: r.note,
    documentId: r.document_id,
    sha256: r.sha256,
    registeredByName: r.registered_by_name,
    registeredAt: r.registered_at,
    findingTitles: covered.filter((c) => c.submission_id === r.id).map((c) => c.title),
  }));
}

/** Returns null when another registration took the same round first; call it inside a transaction. */
export async function insertSubmission(
  db: Db,
  s: {
    matterId: number;
    roundNo: number;
    sentOn: string;
    note: string;
    documentId: string;
    snapshot: string;
    pdf: Buffer;
    sha256: string;
    registeredBy: number;
    registeredAt: string;
    findingIds: number[];
  },
): Promise<number | null> {
  try {
    const row = await db
      .insertInto('submissions')
      .values({
        matter_id: s.matterId,
        round_no: s.roundNo,
        sent_on: s.sentOn,
        note: s.note,
        document_id: s.documentId,
        snapshot: s.snapshot,
        pdf: s.pdf,
        sha256: s.sha256,
        registered_by: s.registeredBy,
        registered_at: s.registeredAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (s.findingIds.length)
      await db
        .insertInto('submission_findings')
        .values(s.findingIds.map((f) => ({ submission_id: row.id, finding_id: f })))
        .execute();
    return row.id;
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return null;
    throw err;
  }
}

export async function findSubmissionPdf(
  db: Db,
  id: number,
): Promise<{ pdf: Buffer; documentId: string; sha256: string } | undefined> {
  const r = await db
    .selectFrom('submissions')
    .select(['pdf', 'document_id', 'sha256'])
    .where('id', '=', id)
    .executeTakeFirst();
  return r && { pdf: r.pdf, documentId: r.document_id, sha256: r.sha256 };
}
