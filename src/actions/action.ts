import { DEFAULT_WARNING_DAYS, deadlineLight, type Light } from '../deadlines/lights.ts';
import { swedishDateAt, swedishDayStart } from '../clock.ts';
import { addDays, daysBetween } from '../deadlines/calendar.ts';

export type ActionStatus = 'not_started' | 'in_progress' | 'done' | 'cancelled';

export const ACTION_STATUSES: readonly ActionStatus[] = ['not_started', 'in_progress', 'done', 'cancelled'];
/** Not yet finished: Ej påbörjad and Pågår (an overdue action is one of these past its slutdatum). */
export const OPEN_ACTION_STATUSES: readonly ActionStatus[] = ['not_started', 'in_progress'];

export const ACTION_STATUS_LABEL: Readonly<Record<ActionStatus, string>> = {
  not_started: 'Ej påbörjad',
  in_progress: 'Pågår',
  done: 'Klar',
  cancelled: 'Avbruten',
};

export function actionLight(
  a: { status: ActionStatus; dueOn: string | null },
  today: string,
  warningDays = DEFAULT_WARNING_DAYS,
): Light {
  if (a.status === 'done' || a.status === 'cancelled') return a.status;
  return deadlineLight(a.dueOn, today, warningDays);
}

export function isOverdue(status: ActionStatus, dueOn: string | null, today: string): boolean {
  return actionLight({ status, dueOn }, today) === 'overdue';
}

export interface Action {
  id: number;
  committeeId: number;
  committeeName: string;
  title: string;
  description: string;
  ownerId: number;
  ownerName: string;
  dueOn: string;
  status: ActionStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** An action as the lists show it. */
export interface ActionListItem extends Pick<
  Action,
  'id' | 'title' | 'ownerId' | 'ownerName' | 'committeeName' | 'dueOn' | 'status'
> {
  matterId: number | null;
  matterTitle: string | null;
  lastComment: string | null;
  /** When its history was last written to (a statusuppdatering, a moved slutdatum…). */
  lastUpdateAt: string | null;
}

export interface ActionUpdate {
  id: number;
  actionId: number;
  userName: string;
  /** Written by an ersättare: the chef it was written for. */
  onBehalfOfName?: string | null;
  createdAt: string;
  fromStatus: ActionStatus | null;
  toStatus: ActionStatus;
  comment: string;
  /** A moved slutdatum: the date before and after, the comment being the reason; null otherwise. */
  fromDueOn: string | null;
  toDueOn: string | null;
  /** A chef's request for a new slutdatum ('requested') and the answer ('approved', 'declined'); null otherwise. */
  dueRequest: DueRequest | null;
}

export type DueRequest = 'requested' | 'approved' | 'declined';

/** Whether a history entry moved the slutdatum (directly, or by approving a request). */
export function isDueDateMove(u: Pick<ActionUpdate, 'fromDueOn' | 'toDueOn' | 'dueRequest'>): boolean {
  return u.fromDueOn !== null && u.toDueOn !== null && (u.dueRequest === null || u.dueRequest === 'approved');
}

/**
 * A statusuppdatering with a comment: the action's latest news ("Senaste kommentar"). A slutdatum
 * entry (a move, a request or its answer) is not: its comment is the reason, shown with the date.
 */
export function isProgressNote(u: Pick<ActionUpdate, 'comment' | 'toDueOn'>): boolean {
  return u.toDueOn === null && u.comment.trim() !== '';
}

/** The chef's request for a new slutdatum still waiting for an answer, if any (history in any order). */
export function pendingDueRequest<U extends Pick<ActionUpdate, 'id' | 'dueRequest'>>(updates: readonly U[]): U | null {
  const byId = [...updates].sort((a, b) => a.id - b.id);
  let pending: U | null = null;
  for (const u of byId) {
    if (u.dueRequest === 'requested') pending = u;
    else if (u.dueRequest === 'approved' || u.dueRequest === 'declined') pending = null;
  }
  return pending;
}

export interface ActionInput {
  title: string;
  description: string;
  ownerId: number;
  dueOn: string;
  findingIds: number[];
  /** Why the slutdatum is moved (editing only): required when dueOn changes. */
  dueDateReason?: string;
}

/** An action's slutdatum history: the first one set, and each move with its reason. */
export interface DueDateHistory {
  firstDueOn: string;
  moves: { fromDueOn: string; toDueOn: string; reason: string; at: string; byName: string }[];
}

/** The entries of an action's history that moved its slutdatum, oldest first. */
function dueDateMoves<U extends Pick<ActionUpdate, 'id' | 'fromDueOn' | 'toDueOn' | 'dueRequest'>>(
  updates: readonly U[],
): U[] {
  return updates.filter(isDueDateMove).sort((a, b) => a.id - b.id);
}

/**
 * The slutdatum an action had at the end of `day` (a Swedish date), from its history (any order) and
 * its slutdatum now: the newest move saved on or before that day, else the first slutdatum. A
 * redovisning registered after its sent date shows the slutdatum IVO was told, not a later move.
 */
export function dueOnAt(
  dueOn: string,
  updates: readonly Pick<ActionUpdate, 'id' | 'fromDueOn' | 'toDueOn' | 'dueRequest' | 'createdAt'>[],
  day: string,
): string {
  const moves = dueDateMoves(updates);
  let then = moves[0]?.fromDueOn ?? dueOn;
  for (const m of moves) if (swedishDateAt(Date.parse(m.createdAt)) <= day) then = m.toDueOn!;
  return then;
}

/** Reads the moves of a slutdatum from the action's history (any order). */
export function dueDateHistory(
  dueOn: string,
  updates: readonly Pick<
    ActionUpdate,
    'id' | 'fromDueOn' | 'toDueOn' | 'dueRequest' | 'comment' | 'createdAt' | 'userName'
  >[],
): DueDateHistory {
  const moves = dueDateMoves(updates).map((u) => ({
    fromDueOn: u.fromDueOn!,
    toDueOn: u.toDueOn!,
    reason: u.comment,
    at: u.createdAt,
    byName: u.userName,
  }));
  return { firstDueOn: moves[0]?.fromDueOn ?? dueOn, moves };
}

/** Status filter of the action list: a stored status, or the derived Försenad / open states. */
export const ACTION_STATUS_FILTERS = [
  'not_started',
  'in_progress',
  'done',
  'cancelled',
  'overdue',
  'open',
  'stale',
] as const;
export type ActionStatusFilter = (typeof ACTION_STATUS_FILTERS)[number];

export interface ActionFilter {
  status?: ActionStatusFilter;
  ownerId?: number;
  /** Any of these owners (a search by name); an empty list matches nothing. */
  ownerIds?: number[];
  committeeId?: number;
  /** Any of these nämnder (a search by name); an empty list matches nothing. */
  committeeIds?: number[];
  matterId?: number;
  dueBefore?: string;
  /** With status 'stale': the instant (staleSince) before which the last statusuppdatering was written. */
  staleBefore?: string;
}

/**
 * An open action is "Ej uppdaterad" when nothing has been written in its history since the day
 * `staleDays` before today began in Sweden: this instant. The list's filter (SQL) and each row and
 * page (staleFor) compare the last entry's time with it, so both say the same.
 */
export function staleSince(today: string, staleDays: number): string {
  // Asked once per row of a list, always with the same day: the last answer is kept, since luxon's
  // zone arithmetic costs ≈ 0.15 ms, 75 ms for an API page of 500 (BENCHMARKS.md, the JSON API).
  if (lastStaleSince?.today !== today || lastStaleSince.staleDays !== staleDays)
    lastStaleSince = { today, staleDays, since: swedishDayStart(addDays(today, -staleDays)) };
  return lastStaleSince.since;
}
let lastStaleSince: { today: string; staleDays: number; since: string } | undefined;

/** How many days an open action has gone without a statusuppdatering, when that makes it stale; else null. */
export function staleFor(
  a: { status: ActionStatus; lastUpdateAt: string | null },
  today: string,
  staleDays: number,
): number | null {
  if (a.status === 'done' || a.status === 'cancelled' || a.lastUpdateAt === null) return null;
  if (a.lastUpdateAt >= staleSince(today, staleDays)) return null;
  return daysBetween(swedishDateAt(Date.parse(a.lastUpdateAt)), today);
}

/** An action as it stood at the end of a day: its status then and, if finished by then, the day it was. */
export interface ActionOnDay {
  status: ActionStatus;
  finishedOn: string | null;
}

/**
 * Every action of `updates` (their histories, any order) as it stood at the end of `day`
 * (Europe/Stockholm); an action made later is absent. Each history is read once, so a report of
 * thousands of actions asks this once, not once per action.
 */
export function actionsOn(
  updates: readonly Pick<ActionUpdate, 'id' | 'actionId' | 'createdAt' | 'toStatus'>[],
  day: string,
): Map<number, ActionOnDay> {
  const upToDay = new Map<number, { id: number; toStatus: ActionStatus; onDay: string }[]>();
  for (const u of updates) {
    const onDay = swedishDateAt(Date.parse(u.createdAt));
    if (onDay > day) continue;
    const list = upToDay.get(u.actionId);
    const entry = { id: u.id, toStatus: u.toStatus, onDay };
    if (list) list.push(entry);
    else upToDay.set(u.actionId, [entry]);
  }
  const states = new Map<number, ActionOnDay>();
  for (const [actionId, history] of upToDay) {
    history.sort((a, b) => a.id - b.id);
    const last = history[history.length - 1];
    if (last.toStatus !== 'done' && last.toStatus !== 'cancelled') {
      states.set(actionId, { status: last.toStatus, finishedOn: null });
      continue;
    }
    // Finished on the day of the first of the trailing updates in that status (later ones are comments).
    let first = history.length - 1;
    while (first > 0 && history[first - 1].toStatus === last.toStatus) first -= 1;
    states.set(actionId, { status: last.toStatus, finishedOn: history[first].onDay });
  }
  return states;
}
