import { DEFAULT_WARNING_DAYS, deadlineLight, type Light } from '../deadlines/lights.ts';

export type ActionStatus = 'not_started' | 'in_progress' | 'done' | 'cancelled';

export const ACTION_STATUSES: readonly ActionStatus[] = ['not_started', 'in_progress', 'done', 'cancelled'];

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
}

export interface ActionUpdate {
  id: number;
  actionId: number;
  userName: string;
  createdAt: string;
  fromStatus: ActionStatus | null;
  toStatus: ActionStatus;
  comment: string;
}

export interface ActionInput {
  title: string;
  description: string;
  ownerId: number;
  dueOn: string;
  findingIds: number[];
}

/** Status filter of the action list: a stored status, or the derived Försenad / open states. */
export const ACTION_STATUS_FILTERS = ['not_started', 'in_progress', 'done', 'cancelled', 'overdue', 'open'] as const;
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
}
