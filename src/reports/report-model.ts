import { LIGHTS, daysLeft, respondByLight, type Light } from '../deadlines/lights.ts';
import {
  ACTION_STATUSES,
  ACTION_STATUS_LABEL,
  actionLight,
  actionsOn,
  isProgressNote,
  type ActionStatus,
} from '../actions/action.ts';
import { effectFollowUp, type EffectFollowUp } from '../plan/effect.ts';
import { formatDate } from '../shared/format.ts';
import { owedToIvo } from '../matters/owed.ts';
import {
  FINE_STATUS_LABEL,
  MATTER_KIND_LABEL,
  fineAtRiskByStatus,
  isFineAtRisk,
  type FineAtRisk,
} from '../matters/matter.ts';
import { changesSince, closedSince, type ReportChanges } from './changes.ts';
import type {
  PreviousReport,
  ReportActionData,
  ReportAttachmentData,
  ReportMatterData,
  ReportUpdateData,
} from './report-data.ts';

export const REPORT_TITLE = 'Återrapportering av åtgärdsplan';

export interface ReportInput {
  committee: { id: number; name: string; administration: string };
  meeting: { id: number; heldOn: string; title: string; ownReference: string };
  nextMeetingOn: string | null;
  preparedBy: string;
  /** The instant the report is made (ISO, UTC) and its calendar date in Europe/Stockholm. */
  asOf: string;
  today: string;
  warningDays: number;
  /** FOLLOW_UP_DAYS: after this long with its actions finished, a brist's missing uppföljning av effekt is shown. */
  followUpDays: number;
  previous: PreviousReport | null;
  matters: ReportMatterData[];
  actions: ReportActionData[];
  updates: ReportUpdateData[];
  /**
   * The items' bilagor, listed by name, kind and date (those marked felaktigt uppladdad left out);
   * optional so that snapshots and inputs made before bilagor existed still build.
   */
  attachments?: ReportAttachmentData[];
}

/** A bilaga as the report lists it. */
export interface ReportAttachment {
  fileName: string;
  kindLabel: string;
  uploadedAt: string;
}

export interface ReportComment {
  text: string;
  at: string;
  byName: string;
}

export interface ReportActionRow {
  id: number;
  title: string;
  ownerName: string;
  dueOn: string;
  status: ActionStatus;
  statusLabel: string;
  light: Light;
  lightLabel: string;
  lightSymbol: string;
  latestComment: ReportComment | null;
  /** The åtgärd's bilagor (evidence); absent in reports issued before bilagor existed. */
  attachments?: ReportAttachment[];
}

export interface ReportFinding {
  id: number;
  title: string;
  responseRequired: boolean;
  /** The actions printed under this finding: each action once in the report, under the first finding it addresses. */
  actions: ReportActionRow[];
  /** Actions addressing this finding too, printed under an earlier one. */
  alsoAddressedBy: { actionId: number; title: string; printedUnder: string }[];
  /** Uppföljning av effekt: what to say of it, or null when its actions are not all finished. */
  effectText: string | null;
  effectMissing: boolean;
  attachments?: ReportAttachment[];
}

export interface ReportMatter {
  id: number;
  kindLabel: string;
  title: string;
  unit: string;
  ivoReference: string;
  ownReference: string;
  decidedOn: string | null;
  respondBy: string | null;
  respondByDaysLeft: number | null;
  respondByLight: Light | null;
  /** Nothing is owed to IVO any more: the day the last redovisning of this round was sent. */
  answeredOn: string | null;
  fineAmount: number | null;
  fineStatusLabel: string;
  fineAtRisk: boolean;
  closedOn: string | null;
  closedNote: string;
  findings: ReportFinding[];
  /** The matter's own bilagor (IVO:s beslut, protokollsutdrag…). */
  attachments?: ReportAttachment[];
}

export interface StatusCount {
  status: ActionStatus;
  label: string;
  count: number;
}

export interface ResponseDue {
  matterId: number;
  matterTitle: string;
  ivoReference: string;
  respondBy: string;
  daysLeft: number;
  light: Light;
  lightLabel: string;
}

export interface OverdueAction {
  id: number;
  title: string;
  ownerName: string;
  dueOn: string;
  daysOverdue: number;
}

export interface ReportSummary {
  totalActions: number;
  byStatus: StatusCount[];
  overdue: OverdueAction[];
  nextMeetingOn: string | null;
  responsesDue: ResponseDue[];
  /** Vite at risk per status (never one sum of different statuses). */
  fineAtRisk: FineAtRisk[];
}

export interface Report {
  heading: {
    title: string;
    committeeName: string;
    administration: string;
    meetingId: number;
    meetingOn: string;
    meetingTitle: string;
    ownReference: string;
    preparedBy: string;
    date: string;
    asOf: string;
  };
  summary: ReportSummary;
  matters: ReportMatter[];
  /** Actions of the nämnd not tied to any brist (kept so none silently disappears). */
  otherActions: ReportActionRow[];
  changes: ReportChanges;
}

/** The latest comment of a statusuppdatering (isProgressNote) made no later than `asOf`. */
function latestComments(updates: ReportUpdateData[], asOf: string): Map<number, ReportComment> {
  const latest = new Map<number, { u: ReportUpdateData }>();
  for (const u of updates) {
    if (!isProgressNote(u) || u.createdAt > asOf) continue;
    const seen = latest.get(u.actionId);
    if (!seen || u.createdAt > seen.u.createdAt || (u.createdAt === seen.u.createdAt && u.id > seen.u.id))
      latest.set(u.actionId, { u });
  }
  return new Map([...latest].map(([id, { u }]) => [id, { text: u.comment, at: u.createdAt, byName: u.userName }]));
}

/**
 * Which matters the report covers: the nämnd's open matters, and those closed since the
 * previous issued report, by when the closing was recorded (so the nämnd sees them close, also
 * when IVO's closing letter came late). Without a previous report only
 * open matters are shown.
 */
/** What the report says of a brist's uppföljning av effekt. */
function effectText(f: ReportMatterData['findings'][number], e: EffectFollowUp): string | null {
  if (e.state === 'recorded')
    return `Uppföljning av effekt: ${e.label}, ${formatDate(f.effectAssessedOn)}${f.effectComment ? ` – ${f.effectComment}` : ''}.`;
  if (e.state === 'missing')
    return `Uppföljning saknas: åtgärderna är klara sedan ${formatDate(e.actionsFinishedOn)}, men effekten är inte uppföljd.`;
  if (e.state === 'possible')
    return `Åtgärderna är klara sedan ${formatDate(e.actionsFinishedOn)}; effekten är ännu inte uppföljd.`;
  return null;
}

export function isMatterIncluded(
  m: Pick<ReportMatterData, 'closedOn' | 'closedRecordedAt'>,
  previous: PreviousReport | null,
): boolean {
  if (m.closedOn === null) return true;
  return previous !== null && closedSince(m, previous);
}

/** Each item's bilagor uploaded by `asOf`, oldest first. */
function attachmentIndex(attachments: ReportAttachmentData[], asOf: string) {
  const byItem = new Map<string, ReportAttachment[]>();
  const sorted = attachments
    .filter((a) => a.uploadedAt <= asOf)
    .sort((a, b) => (a.uploadedAt < b.uploadedAt ? -1 : a.uploadedAt > b.uploadedAt ? 1 : 0));
  for (const a of sorted) {
    const key = `${a.item} ${a.itemId}`;
    const list = byItem.get(key) ?? [];
    list.push({ fileName: a.fileName, kindLabel: a.kindLabel, uploadedAt: a.uploadedAt });
    byItem.set(key, list);
  }
  return (item: ReportAttachmentData['item'], id: number) => byItem.get(`${item} ${id}`) ?? [];
}

/** Builds the återrapportering from plain data; pure, so what is issued can be tested apart from drawing. */
export function buildReport(input: ReportInput): Report {
  const { today, asOf, warningDays } = input;
  const comments = latestComments(input.updates, asOf);
  const statesToday = actionsOn(input.updates, today);
  const actionsById = new Map(input.actions.map((a) => [a.id, a]));
  const attachmentsOf = attachmentIndex(input.attachments ?? [], asOf);

  const row = (a: ReportActionData): ReportActionRow => {
    const light = actionLight({ status: a.status, dueOn: a.dueOn }, today, warningDays);
    return {
      id: a.id,
      title: a.title,
      ownerName: a.ownerName,
      dueOn: a.dueOn,
      status: a.status,
      statusLabel: ACTION_STATUS_LABEL[a.status],
      light,
      lightLabel: LIGHTS[light].label,
      lightSymbol: LIGHTS[light].symbol,
      latestComment: comments.get(a.id) ?? null,
      attachments: attachmentsOf('action', a.id),
    };
  };
  const byDue = (a: ReportActionData, b: ReportActionData) =>
    a.dueOn !== b.dueOn ? (a.dueOn < b.dueOn ? -1 : 1) : a.id - b.id;

  const included = input.matters
    .filter((m) => isMatterIncluded(m, input.previous))
    .sort((a, b) => {
      if ((a.closedOn === null) !== (b.closedOn === null)) return a.closedOn === null ? -1 : 1;
      if (a.respondBy !== b.respondBy) {
        if (a.respondBy === null) return 1;
        if (b.respondBy === null) return -1;
        return a.respondBy < b.respondBy ? -1 : 1;
      }
      return a.id - b.id;
    });

  // An action addressing several findings is printed once, under the first of them in the
  // report's order, and referred to from the others.
  const printedUnder = new Map<number, string>();
  const inReport = new Set<number>();
  const matters: ReportMatter[] = included.map((m) => {
    const findings = m.findings.map((f) => {
      const addressing = f.actionIds
        .map((id) => actionsById.get(id))
        .filter((a): a is ReportActionData => a !== undefined)
        .sort(byDue);
      const actions = addressing.filter((a) => !printedUnder.has(a.id));
      const alsoAddressedBy = addressing
        .filter((a) => printedUnder.has(a.id))
        .map((a) => ({ actionId: a.id, title: a.title, printedUnder: printedUnder.get(a.id)! }));
      const where = included.length > 1 ? `bristen ”${f.title}” (${m.title})` : `bristen ”${f.title}”`;
      actions.forEach((a) => {
        inReport.add(a.id);
        printedUnder.set(a.id, where);
      });
      const states = addressing.map((a) => statesToday.get(a.id) ?? { status: a.status, finishedOn: null });
      const effect = effectFollowUp(f, states, today, input.followUpDays);
      return {
        id: f.id,
        title: f.title,
        responseRequired: f.responseRequired,
        actions: actions.map(row),
        alsoAddressedBy,
        effectText: effectText(f, effect),
        effectMissing: effect.state === 'missing',
        attachments: attachmentsOf('finding', f.id),
      };
    });
    const owed = owedToIvo({ matter: m, findings: m.findings, submissions: m.submissions });
    const openResponseFindings = owed.owedFindingIds.length;
    // Like its days left, a svarsdatum's light is as on the meeting's date, when the nämnd reads it.
    const light = respondByLight(
      { respondBy: m.respondBy, openResponseFindings, closedOn: m.closedOn },
      input.meeting.heldOn,
      warningDays,
    );
    return {
      id: m.id,
      kindLabel: MATTER_KIND_LABEL[m.kind] ?? m.kind,
      title: m.title,
      unit: m.unit,
      ivoReference: m.ivoReference,
      ownReference: m.ownReference,
      decidedOn: m.decidedOn,
      respondBy: m.respondBy,
      // The nämnd reads the report at its meeting: days are counted from the meeting's date.
      respondByDaysLeft: m.respondBy === null ? null : daysLeft(m.respondBy, input.meeting.heldOn),
      respondByLight: light,
      answeredOn: owed.answeredOn,
      fineAmount: m.fineAmount,
      fineStatusLabel: FINE_STATUS_LABEL[m.fineStatus] ?? m.fineStatus,
      fineAtRisk: isFineAtRisk(m),
      closedOn: m.closedOn,
      closedNote: m.closedNote,
      findings,
      attachments: attachmentsOf('matter', m.id),
    };
  });

  const linked = new Set(input.matters.flatMap((m) => m.findings.flatMap((f) => f.actionIds)));
  const others = input.actions.filter((a) => !linked.has(a.id)).sort(byDue);
  others.forEach((a) => inReport.add(a.id));
  const reported = [...inReport].map((id) => actionsById.get(id)!);

  const byStatus = ACTION_STATUSES.map((status) => ({
    status,
    label: ACTION_STATUS_LABEL[status],
    count: reported.filter((a) => a.status === status).length,
  }));
  const overdue = reported
    .filter((a) => actionLight({ status: a.status, dueOn: a.dueOn }, today, warningDays) === 'overdue')
    .sort(byDue)
    .map((a) => ({
      id: a.id,
      title: a.title,
      ownerName: a.ownerName,
      dueOn: a.dueOn,
      daysOverdue: -daysLeft(a.dueOn, today),
    }));
  // Svarsdatum still owed to IVO that fall before the next meeting, overdue ones included:
  // after today's meeting the nämnd has no other chance to act on them in time.
  const responsesDue = matters
    .filter(
      (m) =>
        m.respondBy !== null &&
        m.respondByLight !== null &&
        (input.nextMeetingOn === null || m.respondBy < input.nextMeetingOn),
    )
    .map((m) => ({
      matterId: m.id,
      matterTitle: m.title,
      ivoReference: m.ivoReference,
      respondBy: m.respondBy!,
      daysLeft: m.respondByDaysLeft!,
      light: m.respondByLight!,
      lightLabel: LIGHTS[m.respondByLight!].label,
    }))
    .sort((a, b) => (a.respondBy !== b.respondBy ? (a.respondBy < b.respondBy ? -1 : 1) : a.matterId - b.matterId));

  return {
    heading: {
      title: input.meeting.title.trim() || REPORT_TITLE,
      committeeName: input.committee.name,
      administration: input.committee.administration,
      meetingId: input.meeting.id,
      meetingOn: input.meeting.heldOn,
      meetingTitle: input.meeting.title,
      ownReference: input.meeting.ownReference,
      preparedBy: input.preparedBy,
      date: today,
      asOf,
    },
    summary: {
      totalActions: reported.length,
      byStatus,
      overdue,
      nextMeetingOn: input.nextMeetingOn,
      responsesDue,
      fineAtRisk: fineAtRiskByStatus(included),
    },
    matters,
    otherActions: others.map(row),
    changes: changesSince(
      input.previous,
      { asOf },
      { matters: input.matters, actions: input.actions, updates: input.updates },
    ),
  };
}
