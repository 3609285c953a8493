import type { Db } from '../db/connection.ts';
import type { ReportFrameRow } from '../db/schema.ts';
import type { ReportFrame, ReportFrameInput } from './frame.ts';

function toFrame(r: ReportFrameRow): ReportFrame {
  return {
    addressee: r.addressee,
    datedOn: r.dated_on,
    reference: r.reference,
    officer: r.officer,
    subject: r.subject,
    proposal: r.proposal,
    summary: r.summary,
    background: r.background,
    assessment: r.assessment,
    consequences: r.consequences,
    signatoryName: r.signatory_name,
    signatoryTitle: r.signatory_title,
    attachments: r.attachments,
    version: r.version,
  };
}

export async function findFrame(db: Db, meetingId: number): Promise<ReportFrame | null> {
  const r = await db.selectFrom('report_frames').selectAll().where('meeting_id', '=', meetingId).executeTakeFirst();
  return r ? toFrame(r) : null;
}

function columns(f: ReportFrameInput) {
  return {
    addressee: f.addressee,
    dated_on: f.datedOn,
    reference: f.reference,
    officer: f.officer,
    subject: f.subject,
    proposal: f.proposal,
    summary: f.summary,
    background: f.background,
    assessment: f.assessment,
    consequences: f.consequences,
    signatory_name: f.signatoryName,
    signatory_title: f.signatoryTitle,
    attachments: f.attachments,
  };
}

/**
 * Saves the meeting's frame: the first save inserts it (expectedVersion null), later ones update
 * it if nobody saved it meanwhile. False when someone did (or saved the first one at once).
 */
export async function saveFrame(
  db: Db,
  meetingId: number,
  expectedVersion: number | null,
  f: ReportFrameInput,
  userId: number,
  now: string,
): Promise<boolean> {
  if (expectedVersion === null) {
    const r = await db
      .insertInto('report_frames')
      .values({ meeting_id: meetingId, ...columns(f), updated_by: userId, updated_at: now })
      .onConflict((oc) => oc.column('meeting_id').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }
  const r = await db
    .updateTable('report_frames')
    .set((eb) => ({ ...columns(f), updated_by: userId, updated_at: now, version: eb('version', '+', 1) }))
    .where('meeting_id', '=', meetingId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
