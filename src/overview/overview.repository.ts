import type { Db } from '../db/connection.ts';
import type { ActionStatus } from '../deadlines/lights.ts';
import type { MatterActionRow } from './charts.ts';

const OPEN: ActionStatus[] = ['not_started', 'in_progress'];

/** Each open matter with each action addressing one of its findings (actionId null when it has none). */
export async function listOpenMatterActions(db: Db): Promise<MatterActionRow[]> {
  const rows = await db
    .selectFrom('matters')
    .leftJoin('findings', 'findings.matter_id', 'matters.id')
    .leftJoin('action_findings', 'action_findings.finding_id', 'findings.id')
    .leftJoin('actions', 'actions.id', 'action_findings.action_id')
    .where('matters.closed_on', 'is', null)
    .select(['matters.id as matter_id', 'matters.title as matter_title', 'actions.id as action_id', 'actions.status', 'actions.due_on'])
    .distinct()
    .orderBy('matters.id')
    .execute();
  return rows.map((r) => ({
    matterId: r.matter_id,
    matterTitle: r.matter_title,
    actionId: r.action_id ?? null,
    status: (r.status as ActionStatus | null) ?? null,
    dueOn: r.due_on ?? null,
  }));
}

/** Slutdatum of every unfinished action up to `until`, overdue ones included. */
export async function listOpenActionDueDates(db: Db, until: string): Promise<string[]> {
  const rows = await db.selectFrom('actions').select('due_on').where('status', 'in', OPEN).where('due_on', '<=', until).execute();
  return rows.map((r) => r.due_on);
}
