import type { Db } from '../db/connection.ts';
import type { SubmissionFrameInput } from './submission-model.ts';

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
    docx: Buffer;
    docxSha256: string;
    frame: SubmissionFrameInput;
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
        docx: s.docx,
        docx_sha256: s.docxSha256,
        addressee: s.frame.addressee,
        decision: s.frame.decision,
        decision_on: s.frame.decisionOn,
        covering_text: s.frame.coveringText,
        attachments: s.frame.attachments,
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

export async function findSubmissionDocx(
  db: Db,
  id: number,
): Promise<{ docx: Buffer; documentId: string } | undefined> {
  const r = await db.selectFrom('submissions').select(['docx', 'document_id']).where('id', '=', id).executeTakeFirst();
  return r?.docx ? { docx: r.docx, documentId: r.document_id } : undefined;
}
