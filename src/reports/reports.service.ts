import { findPersonalDataInReport } from './personal-data-check.ts';
import { DateTime } from 'luxon';
import type { Db } from '../db/connection.ts';
import type { Clock } from '../clock.ts';
import { ZONE, nowIso, todayOf } from '../clock.ts';
import type { User } from '../users/user.ts';
import { sha256 } from '../shared/sha256.ts';
import { withFields } from '../shared/objects.ts';
import { getCommitteePlan } from '../plan/plan.service.ts';
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
  findIssuedPdf,
  findPreviousIssued,
  insertIssued,
  listIssuedForMeeting,
  type IssuedReport,
} from './report.repository.ts';
import { renderPdf } from '../pdf/render.ts';
import type { ReportPdfJob } from './report-pdf.ts';

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

export async function draftReport(
  deps: ReportDeps,
  meetingId: number,
  user: User,
): Promise<{ meeting: Meeting; report: Report; issued: IssuedReport[] }> {
  const meeting = await meetingOrThrow(deps.db, meetingId);
  const report = await currentReport(deps, meeting, user);
  return { meeting, report, issued: await listIssuedForMeeting(deps.db, meetingId) };
}

export async function draftReportPdf(
  deps: ReportDeps,
  meetingId: number,
  user: User,
): Promise<{ pdf: Buffer; filename: string }> {
  const { meeting, report } = await draftReport(deps, meetingId, user);
  const pdf = await renderPdf<ReportPdfJob>({
    kind: 'report',
    report,
    meta: { documentId: null, madeAt: nowIso(deps.clock) },
  });
  return { pdf, filename: `aterrapportering-${meeting.heldOn}-UTKAST.pdf` };
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
  const report = await currentReport(deps, meeting, user);
  const personalData = findPersonalDataInReport(report);
  if (personalData) {
    throw new InvalidInputError({
      _form: `Återrapporteringen kan inte utfärdas: den innehåller ett personnummer eller samordningsnummer. ${personalData.where}. Uppgifter om enskilda får inte finnas i en allmän handling – ändra texten och försök igen.`,
    });
  }
  const pdf = await renderPdf<ReportPdfJob>({ kind: 'report', report, meta: { documentId, madeAt: issuedAt } });
  const id = await asUser(db, clock, user.id, (tx) =>
    insertIssued(tx, {
      meetingId,
      committeeId: meeting.committeeId,
      versionNo,
      documentId,
      reason: req.reason.trim(),
      snapshot: JSON.stringify({ documentId, versionNo, report }),
      pdf,
      sha256: sha256(pdf),
      issuedBy: user.id,
      issuedAt,
    }),
  );
  if (id === null) throw new AlreadyIssuedError(await listIssuedForMeeting(db, meetingId));
  return (await findIssued(db, id))!;
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
