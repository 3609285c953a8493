import type { Db } from '../db/connection.ts';
import type { ActionStatus } from '../deadlines/lights.ts';
import type { FineStatus, MatterKind } from '../matters/matter.ts';
import type { ReportActionData, ReportMatterData, ReportUpdateData } from './report-data.ts';

export interface IssuedReport {
  id: number;
  meetingId: number;
  committeeId: number;
  versionNo: number;
  documentId: string;
  reason: string;
  sha256: string;
  issuedBy: number;
  issuedByName: string;
  issuedAt: string;
  meetingOn: string;
}

/** The nämnd's matters, findings, actions and action history as plain data for the report model. */
export async function loadReportData(
  db: Db,
  committeeId: number,
): Promise<{ matters: ReportMatterData[]; actions: ReportActionData[]; updates: ReportUpdateData[] }> {
  const matterRows = await db
    .selectFrom('matters')
    .selectAll()
    .where('committee_id', '=', committeeId)
    .orderBy('id')
    .execute();
  const findingRows = await db
    .selectFrom('findings')
    .innerJoin('matters', 'matters.id', 'findings.matter_id')
    .select(['findings.id', 'findings.matter_id', 'findings.title', 'findings.response_required'])
    .where('matters.committee_id', '=', committeeId)
    .orderBy('findings.id')
    .execute();
  const links = await db
    .selectFrom('action_findings')
    .innerJoin('findings', 'findings.id', 'action_findings.finding_id')
    .innerJoin('matters', 'matters.id', 'findings.matter_id')
    .select(['action_findings.action_id', 'action_findings.finding_id'])
    .where('matters.committee_id', '=', committeeId)
    .execute();
  const actionRows = await db
    .selectFrom('actions')
    .innerJoin('users', 'users.id', 'actions.owner_id')
    .select([
      'actions.id',
      'actions.title',
      'actions.due_on',
      'actions.status',
      'actions.created_at',
      'users.name as owner_name',
    ])
    .where('actions.committee_id', '=', committeeId)
    .orderBy('actions.id')
    .execute();
  const updateRows = await db
    .selectFrom('action_updates')
    .innerJoin('actions', 'actions.id', 'action_updates.action_id')
    .innerJoin('users', 'users.id', 'action_updates.user_id')
    .select([
      'action_updates.id',
      'action_updates.action_id',
      'action_updates.created_at',
      'action_updates.from_status',
      'action_updates.to_status',
      'action_updates.comment',
      'users.name as user_name',
    ])
    .where('actions.committee_id', '=', committeeId)
    .orderBy('action_updates.id')
    .execute();

  const actionIdsByFinding = new Map<number, number[]>();
  for (const l of links) {
    const list = actionIdsByFinding.get(l.finding_id) ?? [];
    list.push(l.action_id);
    actionIdsByFinding.set(l.finding_id, list);
  }
  const findingsByMatter = new Map<number, ReportMatterData['findings']>();
  for (const f of findingRows) {
    const list = findingsByMatter.get(f.matter_id) ?? [];
    list.push({
      id: f.id,
      title: f.title,
      responseRequired: f.response_required === 1,
      actionIds: actionIdsByFinding.get(f.id) ?? [],
    });
    findingsByMatter.set(f.matter_id, list);
  }
  return {
    matters: matterRows.map((m) => ({
      id: m.id,
      kind: m.kind as MatterKind,
      title: m.title,
      unit: m.unit,
      ivoReference: m.ivo_reference,
      ownReference: m.own_reference,
      decidedOn: m.decided_on,
      respondBy: m.respond_by,
      fineAmount: m.fine_amount,
      fineStatus: m.fine_status as FineStatus,
      closedOn: m.closed_on,
      closedNote: m.closed_note,
      createdAt: m.created_at,
      findings: findingsByMatter.get(m.id) ?? [],
    })),
    actions: actionRows.map((a) => ({
      id: a.id,
      title: a.title,
      ownerName: a.owner_name,
      dueOn: a.due_on,
      status: a.status as ActionStatus,
      createdAt: a.created_at,
    })),
    updates: updateRows.map((u) => ({
      id: u.id,
      actionId: u.action_id,
      createdAt: u.created_at,
      fromStatus: u.from_status as ActionStatus | null,
      toStatus: u.to_status as ActionStatus,
      comment: u.comment,
      userName: u.user_name,
    })),
  };
}

export async function findCommittee(db: Db, id: number) {
  return db.selectFrom('committees').select(['id', 'name', 'administration']).where('id', '=', id).executeTakeFirst();
}

function issuedQuery(db: Db) {
  return db
    .selectFrom('reports')
    .innerJoin('users', 'users.id', 'reports.issued_by')
    .innerJoin('meetings', 'meetings.id', 'reports.meeting_id')
    .select([
      'reports.id',
      'reports.meeting_id',
      'reports.committee_id',
      'reports.version_no',
      'reports.document_id',
      'reports.reason',
      'reports.sha256',
      'reports.issued_by',
      'reports.issued_at',
      'users.name as issued_by_name',
      'meetings.held_on',
    ]);
}

type IssuedRow = Awaited<ReturnType<ReturnType<typeof issuedQuery>['executeTakeFirstOrThrow']>>;

function toIssued(r: IssuedRow): IssuedReport {
  return {
    id: r.id,
    meetingId: r.meeting_id,
    committeeId: r.committee_id,
    versionNo: r.version_no,
    documentId: r.document_id,
    reason: r.reason,
    sha256: r.sha256,
    issuedBy: r.issued_by,
    issuedByName: r.issued_by_name,
    issuedAt: r.issued_at,
    meetingOn: r.held_on,
  };
}

export async function listIssuedForMeeting(db: Db, meetingId: number): Promise<IssuedReport[]> {
  return (
    await issuedQuery(db).where('reports.meeting_id', '=', meetingId).orderBy('reports.version_no').execute()
  ).map(toIssued);
}

export async function countIssuedByMeeting(db: Db, meetingIds: number[]): Promise<Map<number, number>> {
  if (meetingIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('reports')
    .select(['meeting_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('meeting_id', 'in', meetingIds)
    .groupBy('meeting_id')
    .execute();
  return new Map(rows.map((r) => [r.meeting_id, Number(r.n)]));
}

/** The latest issued report of the nämnd for a meeting held before this one. */
export async function findPreviousIssued(
  db: Db,
  committeeId: number,
  beforeHeldOn: string,
): Promise<IssuedReport | undefined> {
  const r = await issuedQuery(db)
    .where('reports.committee_id', '=', committeeId)
    .where('meetings.held_on', '<', beforeHeldOn)
    .orderBy('reports.issued_at', 'desc')
    .orderBy('reports.id', 'desc')
    .executeTakeFirst();
  return r && toIssued(r);
}

export async function findIssued(db: Db, id: number): Promise<IssuedReport | undefined> {
  const r = await issuedQuery(db).where('reports.id', '=', id).executeTakeFirst();
  return r && toIssued(r);
}

export async function findIssuedPdf(
  db: Db,
  id: number,
): Promise<{ pdf: Buffer; documentId: string; sha256: string } | undefined> {
  const r = await db
    .selectFrom('reports')
    .select(['pdf', 'document_id', 'sha256'])
    .where('id', '=', id)
    .executeTakeFirst();
  return r && { pdf: r.pdf, documentId: r.document_id, sha256: r.sha256 };
}

export async function findIssuedSnapshot(db: Db, id: number): Promise<string | undefined> {
  const r = await db.selectFrom('reports').select('snapshot').where('id', '=', id).executeTakeFirst();
  return r?.snapshot;
}

/**
 * Stores an issued report. The unique (meeting, version) pair makes a second issue of the
 * same version fail even when two secretaries press Utfärda at once; returns false then.
 */
export async function insertIssued(
  db: Db,
  r: {
    meetingId: number;
    committeeId: number;
    versionNo: number;
    documentId: string;
    reason: string;
    snapshot: string;
    pdf: Buffer;
    sha256: string;
    issuedBy: number;
    issuedAt: string;
  },
): Promise<number | null> {
  try {
    const row = await db
      .insertInto('reports')
      .values({
        meeting_id: r.meetingId,
        committee_id: r.committeeId,
        version_no: r.versionNo,
        document_id: r.documentId,
        reason: r.reason,
        snapshot: r.snapshot,
        pdf: r.pdf,
        sha256: r.sha256,
        issued_by: r.issuedBy,
        issued_at: r.issuedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return null;
    throw err;
  }
}
