import { ACTION_STATUS_LABEL, isDueDateMove, type ActionStatus } from '../actions/action.ts';
import type { PreviousReport, ReportActionData, ReportMatterData, ReportUpdateData } from './report-data.ts';

export interface StatusTransition {
  actionId: number;
  actionTitle: string;
  at: string;
  byName: string;
  from: ActionStatus;
  fromLabel: string;
  to: ActionStatus;
  toLabel: string;
  comment: string;
}

export interface ChangedAction {
  actionId: number;
  title: string;
  ownerName: string;
  dueOn: string;
  status: ActionStatus;
  statusLabel: string;
  at: string;
}

export interface ChangedMatter {
  matterId: number;
  title: string;
  ivoReference: string;
  on: string;
  note: string;
  /** A closing whose Avslutat date falls before the previous report: when it was recorded. */
  recordedLateAt: string | null;
}

/** A slutdatum moved since the previous report: the old and the new date, and why. */
export interface MovedDueDate {
  actionId: number;
  title: string;
  ownerName: string;
  fromDueOn: string;
  toDueOn: string;
  reason: string;
  at: string;
  byName: string;
}

/** A brist registered since the previous report. */
export interface NewFinding {
  findingId: number;
  title: string;
  matterTitle: string;
  at: string;
}

/** A redovisning till IVO registered since the previous report. */
export interface SentSubmission {
  matterTitle: string;
  sentOn: string;
  findingTitles: string[];
  at: string;
}

export interface ReportChanges {
  /** Null when there is no earlier issued report of the nämnd to compare with. */
  previous: PreviousReport | null;
  transitions: StatusTransition[];
  movedDueDates: MovedDueDate[];
  newFindings: NewFinding[];
  submissionsSent: SentSubmission[];
  newActions: ChangedAction[];
  closedActions: ChangedAction[];
  newMatters: ChangedMatter[];
  closedMatters: ChangedMatter[];
}

const FINISHED: readonly ActionStatus[] = ['done', 'cancelled'];

/**
 * Whether a matter's closing is news since the previous report: recorded after it was issued,
 * whatever the Avslutat date (IVO's closing letter may arrive late). A closing recorded before
 * migration 009 kept the time counts by its date.
 */
export function closedSince(
  m: Pick<ReportMatterData, 'closedOn' | 'closedRecordedAt'>,
  previous: Pick<PreviousReport, 'issuedAt' | 'issuedOn'>,
): boolean {
  if (m.closedOn === null) return false;
  if (m.closedRecordedAt !== null) return m.closedRecordedAt > previous.issuedAt;
  return m.closedOn >= previous.issuedOn;
}

function byTimeThenId<T extends { at: string; actionId?: number; matterId?: number }>(a: T, b: T): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  return (a.actionId ?? a.matterId ?? 0) - (b.actionId ?? b.matterId ?? 0);
}

/**
 * What changed between the previous issued report and `asOf`, read from the append-only
 * action history (and the matters' own dates) rather than from comparing two pictures,
 * so every line can be traced to a recorded event.
 */
export function changesSince(
  previous: PreviousReport | null,
  { asOf }: { asOf: string },
  data: { matters: ReportMatterData[]; actions: ReportActionData[]; updates: ReportUpdateData[] },
): ReportChanges {
  const empty: ReportChanges = {
    previous,
    transitions: [],
    movedDueDates: [],
    newFindings: [],
    submissionsSent: [],
    newActions: [],
    closedActions: [],
    newMatters: [],
    closedMatters: [],
  };
  if (previous === null) return empty;

  const inPeriod = (instant: string) => instant > previous.issuedAt && instant <= asOf;
  const actions = new Map(data.actions.map((a) => [a.id, a]));

  const periodUpdates = data.updates
    .filter((u) => actions.has(u.actionId) && inPeriod(u.createdAt))
    .sort((a, b) => (a.createdAt !== b.createdAt ? (a.createdAt < b.createdAt ? -1 : 1) : a.id - b.id));

  const transitions: StatusTransition[] = [];
  const created = new Map<number, string>();
  const lastFinish = new Map<number, string>();
  for (const u of periodUpdates) {
    const action = actions.get(u.actionId)!;
    if (u.fromStatus === null) {
      created.set(u.actionId, u.createdAt);
      continue;
    }
    if (u.fromStatus === u.toStatus) continue; // a comment without a change of status
    transitions.push({
      actionId: u.actionId,
      actionTitle: action.title,
      at: u.createdAt,
      byName: u.userName,
      from: u.fromStatus,
      fromLabel: ACTION_STATUS_LABEL[u.fromStatus],
      to: u.toStatus,
      toLabel: ACTION_STATUS_LABEL[u.toStatus],
      comment: u.comment,
    });
    if (FINISHED.includes(u.toStatus)) lastFinish.set(u.actionId, u.createdAt);
    else lastFinish.delete(u.actionId);
  }
  // An action imported without a creation entry still counts as new by its own timestamp.
  const hasCreationEntry = new Set(data.updates.filter((u) => u.fromStatus === null).map((u) => u.actionId));
  for (const a of data.actions) {
    if (!hasCreationEntry.has(a.id) && inPeriod(a.createdAt)) {
      created.set(a.id, a.createdAt);
    }
  }

  const changed = (a: ReportActionData, at: string): ChangedAction => ({
    actionId: a.id,
    title: a.title,
    ownerName: a.ownerName,
    dueOn: a.dueOn,
    status: a.status,
    statusLabel: ACTION_STATUS_LABEL[a.status],
    at,
  });
  const newActions = [...created].map(([id, at]) => changed(actions.get(id)!, at)).sort(byTimeThenId);
  const closedActions = [...lastFinish]
    .filter(([id]) => FINISHED.includes(actions.get(id)!.status))
    .map(([id, at]) => changed(actions.get(id)!, at))
    .sort(byTimeThenId);

  const matterLine = (m: ReportMatterData, on: string, note: string, recordedLateAt: string | null = null) => ({
    matterId: m.id,
    title: m.title,
    ivoReference: m.ivoReference,
    on,
    note,
    recordedLateAt,
  });
  const byOn = (a: ChangedMatter, b: ChangedMatter) =>
    a.on !== b.on ? (a.on < b.on ? -1 : 1) : a.matterId - b.matterId;
  const newMatters = data.matters
    .filter((m) => inPeriod(m.createdAt))
    .map((m) => matterLine(m, m.createdAt, ''))
    .sort(byOn);
  const closedMatters = data.matters
    .filter((m) => closedSince(m, previous) && (m.closedRecordedAt ?? '') <= asOf)
    .map((m) => {
      const late = m.closedRecordedAt !== null && m.closedOn! < previous.issuedOn;
      return matterLine(m, m.closedOn!, m.closedNote, late ? m.closedRecordedAt : null);
    })
    .sort(byOn);

  const movedDueDates = periodUpdates.filter(isDueDateMove).map((u) => ({
    actionId: u.actionId,
    title: actions.get(u.actionId)!.title,
    ownerName: actions.get(u.actionId)!.ownerName,
    fromDueOn: u.fromDueOn!,
    toDueOn: u.toDueOn!,
    reason: u.comment,
    at: u.createdAt,
    byName: u.userName,
  }));

  const newFindings = data.matters
    .flatMap((m) =>
      m.findings
        .filter((f) => inPeriod(f.createdAt))
        .map((f) => ({ findingId: f.id, title: f.title, matterTitle: m.title, at: f.createdAt })),
    )
    .sort((a, b) => (a.at !== b.at ? (a.at < b.at ? -1 : 1) : a.findingId - b.findingId));
  const submissionsSent = data.matters
    .flatMap((m) =>
      m.submissions
        .filter((s) => inPeriod(s.registeredAt))
        .map((s) => ({ matterTitle: m.title, sentOn: s.sentOn, findingTitles: s.findingTitles, at: s.registeredAt })),
    )
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));

  return {
    previous,
    transitions,
    movedDueDates,
    newFindings,
    submissionsSent,
    newActions,
    closedActions,
    newMatters,
    closedMatters,
  };
}
