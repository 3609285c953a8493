import { findPersonalDataInReport } from './personal-data-check.ts';
import { DateTime } from 'luxon';
import type { Db } from '../db/connection.ts';
import type { Clock } from '../clock.ts';
import { ZONE, nowIso, todayOf } from '../clock.ts';
import type { User } from '../users/user.ts';
import { sha256 } from '../shared/sha256.ts';
import { withFields } from '../shared/objects.ts';
import { getCommitteePlan } from '../plan/plan.service.ts';
import { listAttachments } from '../attachments/attachments.service.ts';
import { listUpdatesOf } from '../actions/actions.service.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../shared/errors.ts';
import { asUser } from '../db/as-user.ts';
import { findMeeting, findNextMeeting } from '../meetings/meetings.repository.ts';
import { getMeeting } from '../meetings/meetings.service.ts';
import { REPORT_STATE_LABEL, reportState, type Meeting, type ReportState } from '../meetings/meeting.ts';
import { buildReport, type Report } from './report-model.ts';
import type { PreviousReport } from './report-data.ts';
import {
  findCommittee,
  findIssued,
  findIssuedDocx,
  findIssuedPdf,
  findPreviousIssued,
  insertIssued,
  listIssuedForMeeting,
  type IssuedReport,
} from './report.repository.ts';
import { renderPdf } from '../pdf/render.ts';
import type { ReportPdfJob, Sender } from './report-pdf.ts';
import type { ReportDocxJob } from './report-docx.ts';
import {
  FRAME_LABEL,
  defaultFrame,
  printedFrame,
  type PrintedFrame,
  type ReportFrame,
  type ReportFrameInput,
} from './frame.ts';
import { findFrame, saveFrame } from './frame.repository.ts';
import { getOrganisation } from '../committees/committees.service.ts';
import { listAllUsers } from '../users/users.service.ts';
import { findPersonalIdentityNumber } from '../shared/personnummer.ts';

export interface ReportDeps {
  db: Db;
  clock: Clock;
  config: { warningDays: number; followUpDays: number };
}

/** Raised when Utfärda is pressed for a meeting whose report another request already issued. */
export class AlreadyIssuedError extends ConflictError<IssuedReport[]> {}

/** Short and readable on paper: the meeting date, the meeting and the version. */
export function documentIdFor(meeting: Pick<Meeting, 'id' | 'heldOn'>, versionNo: number): string {
  return `AR-${meeting.heldOn.replaceAll('-', '')}-${meeting.id}-v${versionNo}`;
}

async function meetingOrThrow(db: Db, id: number): Promise<Meeting> {
  const m = await findMeeting(db, id);
  if (!m) throw new NotFoundError('Sammanträdet finns inte.');
  return m;
}

async function previousFor(db: Db, meeting: Meeting): Promise<PreviousReport | null> {
  const prev = await findPreviousIssued(db, meeting.committeeId, meeting.heldOn);
  if (!prev) return null;
  return {
    documentId: prev.documentId,
    issuedAt: prev.issuedAt,
    issuedOn: DateTime.fromISO(prev.issuedAt, { zone: ZONE }).toISODate()!,
    meetingOn: prev.meetingOn,
  };
}

/** The report as it would be issued now. */
export async function currentReport(deps: ReportDeps, meeting: Meeting, preparedBy: User): Promise<Report> {
  const { db, clock } = deps;
  const committee = await findCommittee(db, meeting.committeeId);
  if (!committee) throw new NotFoundError('Nämnden finns inte.');
  const next = await findNextMeeting(db, meeting);
  const plan = await getCommitteePlan(db, meeting.committeeId);
  const data = {
    matters: plan.trees.map((t) => withFields(t.matter, { findings: t.findings, submissions: t.submissions })),
    actions: plan.actions,
    updates: await listUpdatesOf(db, { committeeId: meeting.committeeId }),
    attachments: await listAttachments(db, { committeeId: meeting.committeeId }),
  };
  return buildReport({
    committee,
    meeting: { id: meeting.id, heldOn: meeting.heldOn, title: meeting.title, ownReference: meeting.ownReference },
    nextMeetingOn: next?.heldOn ?? null,
    preparedBy: preparedBy.name,
    asOf: nowIso(clock),
    today: todayOf(clock),
    warningDays: deps.config.warningDays,
    followUpDays: deps.config.followUpDays,
    previous: await previousFor(db, meeting),
    ...data,
  });
}

/** The meeting's tjänsteskrivelse as saved, or what it holds before anyone wrote in it. */
export async function reportFrame(deps: ReportDeps, meeting: Meeting, user: User): Promise<ReportFrame> {
  const saved = await findFrame(deps.db, meeting.id);
  if (saved) return saved;
  const director = (await listAllUsers(deps.db)).find((u) => u.active && u.role === 'director');
  return defaultFrame({
    committeeName: meeting.committeeName,
    meetingOn: meeting.heldOn,
    meetingReference: meeting.ownReference,
    today: todayOf(deps.clock),
    officer: user.name,
    signatoryName: director?.name ?? '',
  });
}

/** Everything a document of the meeting is drawn from: the report, its frame and the sender. */
export interface ReportDocument {
  meeting: Meeting;
  report: Report;
  frame: ReportFrame;
  printed: PrintedFrame;
  sender: Sender;
}

async function reportDocument(deps: ReportDeps, meeting: Meeting, user: User): Promise<ReportDocument> {
  const report = await currentReport(deps, meeting, user);
  const frame = await reportFrame(deps, meeting, user);
  const organisation = await getOrganisation(deps.db);
  return {
    meeting,
    report,
    frame,
    printed: printedFrame(frame, report),
    sender: { municipality: organisation.municipality, logo: organisation.logo },
  };
}

export async function draftReport(
  deps: ReportDeps,
  meetingId: number,
  user: User,
): Promise<ReportDocument & { issued: IssuedReport[] }> {
  const meeting = await meetingOrThrow(deps.db, meetingId);
  const document = await reportDocument(deps, meeting, user);
  return { ...document, issued: await listIssuedForMeeting(deps.db, meetingId) };
}

export async function draftReportPdf(
  deps: ReportDeps,
  meetingId: number,
  user: User,
): Promise<{ pdf: Buffer; filename: string }> {
  const { meeting, report, printed, sender } = await draftReport(deps, meetingId, user);
  const pdf = await renderPdf<ReportPdfJob>({
    kind: 'report',
    report,
    frame: printed,
    sender,
    meta: { documentId: null, madeAt: nowIso(deps.clock) },
  });
  return { pdf, filename: `aterrapportering-${meeting.heldOn}-UTKAST.pdf` };
}

/**
 * Saves what the nämndsekreterare wrote in the tjänsteskrivelse (a draft until the report is
 * issued). A personnummer is refused here already: the frame becomes a public record.
 */
export async function saveReportFrame(
  deps: ReportDeps,
  meetingId: number,
  user: User,
  version: number | null,
  input: ReportFrameInput,
): Promise<void> {
  await meetingOrThrow(deps.db, meetingId);
  for (const [field, value] of Object.entries(input)) {
    if (typeof value === 'string' && findPersonalIdentityNumber(value))
      throw new InvalidInputError({
        [field]: `${FRAME_LABEL[field as keyof ReportFrameInput]} innehåller ett personnummer eller samordningsnummer. Uppgifter om enskilda får inte finnas i en allmän handling.`,
      });
  }
  const ok = await asUser(deps.db, deps.clock, user.id, (tx) =>
    saveFrame(tx, meetingId, version, input, user.id, nowIso(deps.clock)),
  );
  if (!ok) throw new ConflictError(await findFrame(deps.db, meetingId));
}

export interface IssueRequest {
  /** How many versions the secretary saw when pressing the button; guards against double issue. */
  issuedVersionsSeen: number;
  /** Required for a new version after a mistaken issue. */
  reason: string;
}

/**
 * Freezes the report: the content as JSON and the PDF bytes, with their SHA-256, who and when.
 * Later downloads return these stored bytes, never a new rendering.
 */
export async function issueReport(
  deps: ReportDeps,
  meetingId: number,
  user: User,
  req: IssueRequest,
): Promise<IssuedReport> {
  const { db, clock } = deps;
  const meeting = await meetingOrThrow(db, meetingId);
  if (meeting.cancelledAt !== null)
    throw new InvalidInputError({ _form: 'Sammanträdet är inställt; dess återrapportering kan inte utfärdas.' });
  const existing = await listIssuedForMeeting(db, meetingId);
  if (existing.length !== req.issuedVersionsSeen) throw new AlreadyIssuedError(existing);
  if (existing.length > 0 && req.reason.trim() === '') {
    throw new InvalidInputError({ reason: 'Ange varför en ny version utfärdas; den tidigare versionen finns kvar.' });
  }
  const versionNo = existing.length + 1;
  const documentId = documentIdFor(meeting, versionNo);
  const issuedAt = nowIso(clock);
  const { report, printed, sender } = await reportDocument(deps, meeting, user);
  const personalData = findPersonalDataInReport(report);
  if (personalData) {
    throw new InvalidInputError({
      _form: `Återrapporteringen kan inte utfärdas: den innehåller ett personnummer eller samordningsnummer. ${personalData.where}. Uppgifter om enskilda får inte finnas i en allmän handling – ändra texten och försök igen.`,
    });
  }
  const meta = { documentId, madeAt: issuedAt };
  const pdf = await renderPdf<ReportPdfJob>({ kind: 'report', report, frame: printed, sender, meta });
  const docx = await renderPdf<ReportDocxJob>({ kind: 'report-docx', report, frame: printed, sender, meta });
  const id = await asUser(db, clock, user.id, (tx) =>
    insertIssued(tx, {
      meetingId,
      committeeId: meeting.committeeId,
      versionNo,
      documentId,
      reason: req.reason.trim(),
      snapshot: JSON.stringify({
        documentId,
        versionNo,
        report,
        frame: printed,
        sender: {
          municipality: sender.municipality,
          logoSha256: sender.logo ? sha256(Buffer.from(sender.logo)) : null,
        },
      }),
      pdf,
      sha256: sha256(pdf),
      docx,
      docxSha256: sha256(docx),
      issuedBy: user.id,
      issuedAt,
    }),
  );
  if (id === null) throw new AlreadyIssuedError(await listIssuedForMeeting(db, meetingId));
  return (await findIssued(db, id))!;
}

/** The Word file of an issued report: the stored bytes, built from the same frozen content as its PDF. */
export async function issuedReportDocx(db: Db, reportId: number): Promise<{ docx: Buffer; filename: string }> {
  const r = await findIssuedDocx(db, reportId);
  if (!r)
    throw new NotFoundError('Återrapporteringen finns inte som Word-fil (den utfärdades innan Word-filer fanns).');
  return { docx: r.docx, filename: `aterrapportering-${r.documentId}.docx` };
}

export async function issuedReportPdf(
  db: Db,
  reportId: number,
): Promise<{ pdf: Buffer; filename: string; sha256: string }> {
  const r = await findIssuedPdf(db, reportId);
  if (!r) throw new NotFoundError('Återrapporteringen finns inte.');
  return { pdf: r.pdf, filename: `aterrapportering-${r.documentId}.pdf`, sha256: r.sha256 };
}

/** A meeting with its issued report versions and the state of its återrapportering. */
export async function meetingWithReports(
  db: Db,
  clock: Clock,
  id: number,
): Promise<{ meeting: Meeting; issued: IssuedReport[]; state: ReportState; stateLabel: string }> {
  const meeting = await getMeeting(db, id);
  const issued = await listIssuedForMeeting(db, id);
  const state = reportState(meeting, issued.length, todayOf(clock));
  return { meeting, issued, state, stateLabel: REPORT_STATE_LABEL[state] };
}
