import type { Db } from '../db/connection.ts';

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
  /** Whether a Word file was kept (reports issued since migration 011). */
  hasDocx: boolean;
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
    ])
    .select((eb) => eb('reports.docx', 'is not', null).as('has_docx'));
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
    hasDocx: Boolean(r.has_docx),
  };
}

export async function listIssuedForMeeting(db: Db, meetingId: number): Promise<IssuedReport[]> {
  return (
    await issuedQuery(db).where('reports.meeting_id', '=', meetingId).orderBy('reports.version_no').execute()
  ).map(toIssued);
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

/** The stored Word file of an issued report; none for reports issued before migration 011. */
export async function findIssuedDocx(db: Db, id: number): Promise<{ docx: Buffer; documentId: string } | undefined> {
  const r = await db.selectFrom('reports').select(['docx', 'document_id']).where('id', '=', id).executeTakeFirst();
  return r?.docx ? { docx: r.docx, documentId: r.document_id } : undefined;
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
    docx: Buffer;
    docxSha256: string;
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
        docx: r.docx,
        docx_sha256: r.docxSha256,
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
