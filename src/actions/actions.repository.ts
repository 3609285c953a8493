import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../db/connection.ts';
import { oneOf } from '../db/expressions.ts';
import type { Database } from '../db/schema.ts';
import { ACTION_STATUSES, OPEN_ACTION_STATUSES } from './action.ts';
import type { Action, ActionFilter, ActionListItem, ActionStatus, ActionUpdate, DueRequest } from './action.ts';
import { addDays } from '../deadlines/calendar.ts';
import { preparedQuery } from '../db/prepared.ts';

/**
 * "The action is open", written as the partial indexes of migration 007 write it: SQLite uses
 * them only when the query names the same statuses as literals. Bound as `IN (?, ?)`, the plan
 * falls back to the index of all actions (test/integration/query-plans.test.ts).
 */
const OPEN_STATUS = sql<boolean>`actions.status IN ('not_started', 'in_progress')`;

type Row = {
  id: number;
  committee_id: number;
  committee_name: string;
  title: string;
  description: string;
  owner_id: number;
  owner_name: string;
  due_on: string;
  status: string;
  version: number;
  created_at: string;
  updated_at: string;
};

/** The one mapper of an actions row (with its owner's and nämnd's names) to an Action. */
export function toAction(r: Row): Action {
  return {
    id: r.id,
    committeeId: r.committee_id,
    committeeName: r.committee_name,
    title: r.title,
    description: r.description,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    dueOn: r.due_on,
    status: r.status as ActionStatus,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function base(db: Db) {
  return db
    .selectFrom('actions')
    .innerJoin('users', 'users.id', 'actions.owner_id')
    .innerJoin('committees', 'committees.id', 'actions.committee_id')
    .selectAll('actions')
    .select(['users.name as owner_name', 'committees.name as committee_name']);
}

function applyFilter<O>(q: SelectQueryBuilder<Database, 'actions', O>, f: ActionFilter, today: string) {
  if (f.status === 'overdue') q = q.where(OPEN_STATUS).where('actions.due_on', '<', today);
  else if (f.status === 'stale') {
    // staleFor's rule: open, and nothing in the history since staleBefore.
    const since = f.staleBefore ?? '';
    q = q
      .where(OPEN_STATUS)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('action_updates')
              .whereRef('action_updates.action_id', '=', 'actions.id')
              .where('action_updates.created_at', '>=', since)
              .select(sql.lit(1).as('x')),
          ),
        ),
      );
  } else if (f.status === 'open') q = q.where(OPEN_STATUS);
  else if (f.status) q = q.where('actions.status', '=', f.status);
  if (f.ownerId) q = q.where('actions.owner_id', '=', f.ownerId);
  if (f.ownerIds) q = q.where((eb) => oneOf(eb, 'actions.owner_id', f.ownerIds!));
  if (f.committeeId) q = q.where('actions.committee_id', '=', f.committeeId);
  if (f.committeeIds) q = q.where((eb) => oneOf(eb, 'actions.committee_id', f.committeeIds!));
  if (f.dueBefore) q = q.where('actions.due_on', '<=', f.dueBefore);
  if (f.matterId) {
    const matterId = f.matterId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('action_findings')
          .innerJoin('findings', 'findings.id', 'action_findings.finding_id')
          .whereRef('action_findings.action_id', '=', 'actions.id')
          .where('findings.matter_id', '=', matterId)
          .select(sql.lit(1).as('x')),
      ),
    );
  }
  return q;
}

/** Actions with their owner's and nämnd's names and their newest comment, for a matter's tree (src/plan). */
export function actionsWithLastComment(db: Db) {
  return base(db).select((eb) => lastComment(eb));
}

/**
 * The newest non-empty comment of a statusuppdatering (isProgressNote) of the action in the outer
 * query: a slutdatum entry's reason is shown with the moved date, not as the action's news.
 */
function lastComment(eb: ExpressionBuilder<Database, 'actions'>) {
  return (
    eb
      .selectFrom('action_updates')
      .whereRef('action_updates.action_id', '=', 'actions.id')
      // As in migration 010's partial index of progress notes (a bound '' would serve too:
      // SQLite plans a comparison with its bound value; an IN list of bound values it does not).
      .where(sql<boolean>`action_updates.comment != '' AND action_updates.to_due_on IS NULL`)
      .select('action_updates.comment')
      .orderBy('action_updates.id', 'desc')
      .limit(1)
      .as('last_comment')
  );
}

/** The matter an action is listed under: of the matters of its findings, the first. */
function firstMatterId(eb: ExpressionBuilder<Database, 'actions'>) {
  return eb
    .selectFrom('action_findings')
    .innerJoin('findings', 'findings.id', 'action_findings.finding_id')
    .whereRef('action_findings.action_id', '=', 'actions.id')
    .select((eb) => eb.fn.min('findings.matter_id').as('matter_id'));
}

const choicesVersion = preparedQuery((db: Db) => db.selectFrom('filter_choices_version').select('n'));

/** Moves whenever the list's filter choices may have changed (migration 018's triggers). */
export async function filterChoicesVersion(db: Db): Promise<number> {
  return Number((await choicesVersion.first(db))?.n ?? 0);
}

/** The rows of one page of the list, by their ids (a JSON array): only what the list shows. */
const listRows = preparedQuery((db: Db, idsJson: string) =>
  db
    .selectFrom('actions')
    .innerJoin('users', 'users.id', 'actions.owner_id')
    .innerJoin('committees', 'committees.id', 'actions.committee_id')
    .leftJoin('matters', (join) => join.on((eb) => eb('matters.id', '=', firstMatterId(eb))))
    .select([
      'actions.id',
      'actions.title',
      'actions.owner_id',
      'users.name as owner_name',
      'committees.name as committee_name',
      'actions.due_on',
      'actions.status',
    ])
    .select(['matters.id as matter_id', 'matters.title as matter_title'])
    .select((eb) => lastComment(eb))
    .select((eb) =>
      eb
        .selectFrom('action_updates')
        .whereRef('action_updates.action_id', '=', 'actions.id')
        .select((eb) => eb.fn.max('action_updates.created_at').as('at'))
        .as('last_update_at'),
    )
    .where(sql<boolean>`actions.id in (select value from json_each(${idsJson}))`)
    .orderBy('actions.due_on')
    .orderBy('actions.id'),
);

/** How many actions the filter matches. owner_id and committee_id are NOT NULL foreign keys, so no joins are needed. */
export async function countActions(db: Db, f: ActionFilter, today: string): Promise<number> {
  const tallied = await countFromTallies(db, f, today);
  if (tallied !== null) return tallied;
  const counted = await applyFilter(db.selectFrom('actions'), f, today)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(counted.n);
}

/** A Swedish day's start in UTC (staleSince), the boundary migration 016's buckets are cut at. */
const DAY_START_IN_UTC = /^\d{4}-\d{2}-\d{2}T2[23]:00:00\.000Z$/;

/**
 * A filter by status alone, counted from migration 016's tallies (kept by triggers with every
 * write): a sum over days, not a walk over every action (BENCHMARKS.md, tenth round). Null for any
 * other filter.
 */
async function countFromTallies(db: Db, f: ActionFilter, today: string): Promise<number | null> {
  const others = Object.entries(f).filter(([k, v]) => v !== undefined && k !== 'status' && k !== 'staleBefore');
  if (others.length > 0) return null;
  if (f.status === 'stale') {
    if (!f.staleBefore || !DAY_START_IN_UTC.test(f.staleBefore)) return null;
    const q = sql<{ n: number | null }>`SELECT sum(n) AS n FROM open_action_update_counts
      WHERE bucket < ${f.staleBefore.slice(0, 13)}`;
    return Number((await q.execute(db)).rows[0]?.n ?? 0);
  }
  if (f.status === 'overdue') return countOverdue(db, today);
  const statuses = f.status === undefined ? ACTION_STATUSES : f.status === 'open' ? OPEN_ACTION_STATUSES : [f.status];
  return countDue(db, statuses, ANY_DAY_BEFORE, ANY_DAY_AFTER);
}

/** Bounds of countByDue that stand for "from the first slutdatum" and "after the last". */
const ANY_DAY_BEFORE = '';
const ANY_DAY_AFTER = '9999-12-32';

/** Unfinished actions past their slutdatum (Försenad): the Översikt's count, the list's total, the timeline's "Passerat". */
export function countOverdue(db: Db, today: string): Promise<number> {
  return countDue(db, OPEN_ACTION_STATUSES, ANY_DAY_BEFORE, today);
}

/** How many actions of `statuses` have a slutdatum from `from` up to but not including `before` (countByDue). */
async function countDue(db: Db, statuses: readonly ActionStatus[], from: string, before: string): Promise<number> {
  return (await countByDue(db, statuses, from, before, 'all')).get('') ?? 0;
}

/**
 * How many actions of `statuses` have a slutdatum from `from` up to but not including `before` (ISO
 * dates, or the bounds above), in all (`by` 'all', the key ''), per status or per month (YYYY-MM): the
 * whole months from migration 019's month counts, the days of the first and the last month from 016's
 * day counts, so the cost does not grow with the months between (at 100 000 actions, 5 200 day rows
 * against 190 month rows). Summed inside SQLite: each row handed to JavaScript costs ≈ 1 µs.
 */
export async function countByDue(
  db: Db,
  statuses: readonly ActionStatus[],
  from: string,
  before: string,
  by: 'all' | 'status' | 'month',
): Promise<Map<string, number>> {
  // Written as literals (like OPEN_STATUS): bound as `IN (?, ?)` the query took 150 µs instead of 20 at 1 000 actions.
  const which = sql.join(statuses.map((st) => sql.lit(st)));
  const [fromMonth, beforeMonth] = [from.slice(0, 7), before.slice(0, 7)];
  // After every day of from's month and before the next month's first ('YYYY-MM-32'), so that the
  // days of the first month and of the last are each one range of 016's primary key.
  const afterFirstMonth = `${fromMonth}-32`;
  const firstEnd = before < afterFirstMonth ? before : afterFirstMonth;
  const lastStart = `${beforeMonth}-01` > afterFirstMonth ? `${beforeMonth}-01` : afterFirstMonth;
  const key = by === 'all' ? sql`''` : sql.ref(by);
  const rows = await sql<{ k: string; n: number }>`
    SELECT ${key} AS k, sum(n) AS n FROM (
      SELECT status, ${fromMonth} AS month, n FROM action_counts
        WHERE status IN (${which}) AND due_on >= ${from} AND due_on < ${firstEnd}
      UNION ALL
      SELECT status, ${beforeMonth}, n FROM action_counts
        WHERE status IN (${which}) AND due_on >= ${lastStart} AND due_on < ${before}
      UNION ALL
      SELECT status, month, n FROM action_month_counts
        WHERE status IN (${which}) AND month > ${fromMonth} AND month < ${beforeMonth})
    GROUP BY k`.execute(db);
  return new Map(rows.rows.map((r) => [r.k, Number(r.n)]));
}

/**
 * One page of the `total` actions the filter matches, soonest due first. The page's ids are
 * found on the actions table alone (an index walk, with no joins and no subqueries for the
 * rows OFFSET skips), from whichever end is nearer, so the last page costs what the first
 * does; then only those rows are joined and given their extra columns. A `total` of Infinity
 * always reads from the start.
 */
export async function listActionsPage(
  db: Db,
  f: ActionFilter,
  today: string,
  page: { limit: number; offset: number },
  total: number,
): Promise<ActionListItem[]> {
  const matching = applyFilter(db.selectFrom('actions'), f, today).select('actions.id');
  const fromEnd = page.offset > total / 2;
  const ids = await (
    fromEnd
      ? matching
          .orderBy('actions.due_on', 'desc')
          .orderBy('actions.id', 'desc')
          .limit(Math.max(0, Math.min(page.limit, total - page.offset)))
          .offset(Math.max(0, total - page.offset - page.limit))
      : matching.orderBy('actions.due_on').orderBy('actions.id').limit(page.limit).offset(page.offset)
  ).execute();
  const rows = ids.length ? await listRows.all(db, JSON.stringify(ids.map((r) => r.id))) : [];
  return rows.map(toListItem);
}

function toListItem(r: Awaited<ReturnType<typeof listRows.all>>[number]): ActionListItem {
  return {
    id: r.id,
    title: r.title,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    committeeName: r.committee_name,
    dueOn: r.due_on,
    status: r.status as ActionStatus,
    matterId: r.matter_id,
    matterTitle: r.matter_title,
    lastComment: r.last_comment,
    lastUpdateAt: r.last_update_at,
  };
}

/**
 * The actions the filter matches with an id above `afterId`, by id, at most `limit` (the API's
 * keyset pages: an action added meanwhile comes last, and a moved slutdatum moves nothing, so no
 * page repeats or skips one). The ids are found on the actions table alone, as for the list.
 */
export async function listActionsAfter(
  db: Db,
  f: ActionFilter,
  today: string,
  afterId: number,
  limit: number,
): Promise<ActionListItem[]> {
  const ids = await applyFilter(db.selectFrom('actions'), f, today)
    .select('actions.id')
    .where('actions.id', '>', afterId)
    .orderBy('actions.id')
    .limit(limit)
    .execute();
  const rows = ids.length ? await listRows.all(db, JSON.stringify(ids.map((r) => r.id))) : [];
  return rows.map(toListItem).sort((x, y) => x.id - y.id);
}

/** An action as the export writes it: the list's columns, its brister, description and owner's e-mail. */
export interface ActionExportRow {
  id: number;
  matterTitle: string | null;
  matterReference: string | null;
  committeeName: string;
  findingTitles: string[];
  title: string;
  description: string;
  ownerName: string;
  ownerEmail: string;
  dueOn: string;
  status: ActionStatus;
  lastComment: string | null;
  lastUpdateAt: string | null;
}

/**
 * The next `limit` actions the list's filter matches, in the list's order (soonest due first),
 * after the last one of the previous batch: an export reads them all this way, batch by batch,
 * on the (due_on, id) index, without OFFSET's growing walk.
 */
export async function listActionsForExport(
  db: Db,
  f: ActionFilter,
  today: string,
  after: { dueOn: string; id: number } | null,
  limit: number,
): Promise<ActionExportRow[]> {
  let q = applyFilter(db.selectFrom('actions'), f, today)
    .innerJoin('users', 'users.id', 'actions.owner_id')
    .innerJoin('committees', 'committees.id', 'actions.committee_id');
  if (after) q = q.where(sql<boolean>`(actions.due_on, actions.id) > (${after.dueOn}, ${after.id})`);
  const rows = await q
    .select([
      'actions.id',
      'actions.title',
      'actions.description',
      'actions.due_on',
      'actions.status',
      'users.name as owner_name',
      'users.email as owner_email',
      'committees.name as committee_name',
    ])
    // One pass over each action's history and one over its brister (not one subquery per
    // column): half the export's time at 100 000 actions (BENCHMARKS.md). The last comment is the
    // newest progress note, as lastComment() reads it; its text and the matters are fetched by id.
    .select(
      sql<string>`(SELECT json_array(max(created_at), max(CASE WHEN comment != '' AND to_due_on IS NULL THEN id END))
        FROM action_updates WHERE action_updates.action_id = actions.id)`.as('history'),
    )
    .select(
      sql<string>`(SELECT json_group_array(json_array(findings.matter_id, findings.title))
        FROM action_findings JOIN findings ON findings.id = action_findings.finding_id
        WHERE action_findings.action_id = actions.id)`.as('findings'),
    )
    .orderBy('actions.due_on')
    .orderBy('actions.id')
    .limit(limit)
    .execute();
  const parsed = rows.map((r) => ({
    row: r,
    history: JSON.parse(r.history) as [string | null, number | null],
    findings: JSON.parse(r.findings) as [number, string][],
  }));
  const byId = <T extends { id: number }>(list: T[]) => new Map(list.map((x) => [x.id, x]));
  const idList = (ids: (number | null)[]) => JSON.stringify([...new Set(ids.filter((id) => id !== null))]);
  const comments = byId(
    await db
      .selectFrom('action_updates')
      .select(['id', 'comment'])
      .where(sql<boolean>`id in (select value from json_each(${idList(parsed.map((p) => p.history[1]))}))`)
      .execute(),
  );
  const firstMatter = (findings: [number, string][]) =>
    findings.length ? Math.min(...findings.map(([matterId]) => matterId)) : null;
  const matters = byId(
    await db
      .selectFrom('matters')
      .select(['id', 'title', 'own_reference', 'ivo_reference'])
      .where(sql<boolean>`id in (select value from json_each(${idList(parsed.map((p) => firstMatter(p.findings)))}))`)
      .execute(),
  );
  return parsed.map(({ row: r, history, findings }) => {
    const matterId = firstMatter(findings);
    const matter = matterId === null ? undefined : matters.get(matterId);
    return {
      id: r.id,
      matterTitle: matter?.title ?? null,
      matterReference: (matter && (matter.own_reference || matter.ivo_reference)) || null,
      committeeName: r.committee_name,
      findingTitles: findings.map(([, title]) => title),
      title: r.title,
      description: r.description,
      ownerName: r.owner_name,
      ownerEmail: r.owner_email,
      dueOn: r.due_on,
      status: r.status as ActionStatus,
      lastComment: history[1] === null ? null : (comments.get(history[1])?.comment ?? null),
      lastUpdateAt: history[0],
    };
  });
}

export async function listActions(
  db: Db,
  f: ActionFilter,
  today: string,
  page: { limit: number; offset: number },
): Promise<{ items: ActionListItem[]; total: number }> {
  const total = await countActions(db, f, today);
  return { items: await listActionsPage(db, f, today, page, total), total };
}

export async function findAction(db: Db, id: number): Promise<Action | undefined> {
  const r = await base(db).where('actions.id', '=', id).executeTakeFirst();
  return r && toAction(r);
}

export async function findingIdsOfAction(db: Db, actionId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('action_findings')
    .select('finding_id')
    .where('action_id', '=', actionId)
    .orderBy('finding_id')
    .execute();
  return rows.map((r) => r.finding_id);
}

/** The findings an action addresses, with their matters, for the action's page. */
export async function findingsOfAction(db: Db, actionId: number) {
  return db
    .selectFrom('action_findings')
    .innerJoin('findings', 'findings.id', 'action_findings.finding_id')
    .innerJoin('matters', 'matters.id', 'findings.matter_id')
    .select([
      'findings.id',
      'findings.title',
      'findings.response_required',
      'matters.id as matter_id',
      'matters.title as matter_title',
    ])
    .where('action_findings.action_id', '=', actionId)
    .orderBy('matters.id')
    .orderBy('findings.id')
    .execute();
}

function updatesWithAuthor(db: Db) {
  return db
    .selectFrom('action_updates')
    .innerJoin('users', 'users.id', 'action_updates.user_id')
    .leftJoin('users as behalf', 'behalf.id', 'action_updates.on_behalf_of')
    .selectAll('action_updates')
    .select(['users.name as user_name', 'behalf.name as on_behalf_of_name']);
}

/** The one mapper of an action_updates row (with its author's name). */
function toActionUpdate(r: Awaited<ReturnType<ReturnType<typeof updatesWithAuthor>['execute']>>[number]): ActionUpdate {
  return {
    id: r.id,
    actionId: r.action_id,
    userName: r.user_name,
    onBehalfOfName: r.on_behalf_of_name,
    createdAt: r.created_at,
    fromStatus: r.from_status as ActionStatus | null,
    toStatus: r.to_status as ActionStatus,
    comment: r.comment,
    fromDueOn: r.from_due_on,
    toDueOn: r.to_due_on,
    dueRequest: r.due_request as DueRequest | null,
  };
}

/** An action's history, newest first. */
export async function listUpdates(db: Db, actionId: number): Promise<ActionUpdate[]> {
  const rows = await updatesWithAuthor(db)
    .where('action_id', '=', actionId)
    .orderBy('action_updates.id', 'desc')
    .execute();
  return rows.map(toActionUpdate);
}

/** The histories of a nämnd's actions, or of the given actions, oldest first. */
export async function listUpdatesOf(
  db: Db,
  scope: { committeeId: number } | { actionIds: number[] },
): Promise<ActionUpdate[]> {
  if ('actionIds' in scope && scope.actionIds.length === 0) return [];
  const rows = await updatesWithAuthor(db)
    .where((eb) =>
      'actionIds' in scope
        ? eb('action_updates.action_id', 'in', scope.actionIds)
        : eb(
            'action_updates.action_id',
            'in',
            eb.selectFrom('actions').select('actions.id').where('actions.committee_id', '=', scope.committeeId),
          ),
    )
    .orderBy('action_updates.id')
    .execute();
  return rows.map(toActionUpdate);
}

export async function countByStatus(
  db: Db,
  today: string,
  committeeId?: number,
): Promise<Record<ActionStatus | 'overdue', number>> {
  const counts = { not_started: 0, in_progress: 0, done: 0, cancelled: 0, overdue: 0 };
  if (committeeId === undefined) {
    for (const [status, n] of await countByDue(db, ACTION_STATUSES, ANY_DAY_BEFORE, ANY_DAY_AFTER, 'status'))
      counts[status as ActionStatus] = n;
    counts.overdue = await countOverdue(db, today);
    return counts;
  }
  const q = db
    .selectFrom('actions')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .where('committee_id', '=', committeeId);
  const overdue = db
    .selectFrom('actions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(OPEN_STATUS)
    .where('due_on', '<', today)
    .where('committee_id', '=', committeeId);
  counts.overdue = Number((await overdue.executeTakeFirstOrThrow()).n);
  for (const r of await q.execute()) counts[r.status as ActionStatus] = Number(r.n);
  return counts;
}

export async function insertAction(
  db: Db,
  a: { committeeId: number; title: string; description: string; ownerId: number; dueOn: string; findingIds: number[] },
  by: number,
  now: string,
): Promise<number> {
  const { id } = await db
    .insertInto('actions')
    .values({
      committee_id: a.committeeId,
      title: a.title,
      description: a.description,
      owner_id: a.ownerId,
      due_on: a.dueOn,
      status: 'not_started',
      created_by: by,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('action_findings')
    .values(a.findingIds.map((finding_id) => ({ action_id: id, finding_id })))
    .execute();
  // The creation is the first history entry, so "new since the last report" can be read from the
  // history; it has no comment, so it never shows as an action's latest comment.
  await db
    .insertInto('action_updates')
    .values({ action_id: id, user_id: by, created_at: now, from_status: null, to_status: 'not_started', comment: '' })
    .execute();
  return id;
}

/**
 * Saves an edited action, if nobody changed it meanwhile. A new slutdatum is also written into the
 * action's history, with the old date and the reason (`move`), in the same transaction.
 */
export async function updateAction(
  db: Db,
  id: number,
  expectedVersion: number,
  a: { committeeId: number; title: string; description: string; ownerId: number; dueOn: string; findingIds: number[] },
  move: { fromDueOn: string; status: ActionStatus; reason: string; by: number } | null,
  now: string,
): Promise<boolean> {
  const r = await db
    .updateTable('actions')
    .set((eb) => ({
      committee_id: a.committeeId,
      title: a.title,
      description: a.description,
      owner_id: a.ownerId,
      due_on: a.dueOn,
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  if (move) {
    await db
      .insertInto('action_updates')
      .values({
        action_id: id,
        user_id: move.by,
        created_at: now,
        from_status: move.status,
        to_status: move.status,
        comment: move.reason,
        from_due_on: move.fromDueOn,
        to_due_on: a.dueOn,
      })
      .execute();
  }
  await db.deleteFrom('action_findings').where('action_id', '=', id).execute();
  await db
    .insertInto('action_findings')
    .values(a.findingIds.map((finding_id) => ({ action_id: id, finding_id })))
    .execute();
  return true;
}

/** Appends a status update and moves the action to its new status, if nobody changed it meanwhile. */
export async function appendStatusUpdate(
  db: Db,
  id: number,
  expectedVersion: number,
  u: { fromStatus: ActionStatus; toStatus: ActionStatus; comment: string; onBehalfOf?: number | null },
  by: number,
  now: string,
): Promise<boolean> {
  const r = await db
    .updateTable('actions')
    .set((eb) => ({ status: u.toStatus, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await db
    .insertInto('action_updates')
    .values({
      action_id: id,
      user_id: by,
      created_at: now,
      from_status: u.fromStatus,
      to_status: u.toStatus,
      comment: u.comment,
      on_behalf_of: u.onBehalfOf ?? null,
    })
    .execute();
  return true;
}

export async function listOverdueOrSoon(db: Db, today: string, until: string, limit: number, ownerId?: number) {
  const overdue = await listActions(db, { status: 'overdue', ownerId }, today, { limit, offset: 0 });
  // The ids first, on the index alone: a thousand actions can be due within the window at 100 000.
  let soonIds = db
    .selectFrom('actions')
    .select('actions.id')
    .where(OPEN_STATUS)
    .where('actions.due_on', '>=', today)
    .where('actions.due_on', '<=', until);
  if (ownerId) soonIds = soonIds.where('actions.owner_id', '=', ownerId);
  const ids = (await soonIds.orderBy('actions.due_on').orderBy('actions.id').limit(limit).execute()).map((r) => r.id);
  const soon = ids.length
    ? (await base(db).where('actions.id', 'in', ids).orderBy('actions.due_on').orderBy('actions.id').execute()).map(
        toAction,
      )
    : [];
  const soonTotal = ownerId
    ? await db
        .selectFrom('actions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where(OPEN_STATUS)
        .where('due_on', '>=', today)
        .where('due_on', '<=', until)
        .where('owner_id', '=', ownerId)
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.n))
    : await countDue(db, OPEN_ACTION_STATUSES, today, addDays(until, 1));
  return { overdue, soon: { items: soon, total: soonTotal } };
}

/** Appends a slutdatum entry to the action's history: a request, an answer to one, or a move. */
export async function appendDueDateEntry(
  db: Db,
  actionId: number,
  e: {
    status: ActionStatus;
    fromDueOn: string;
    toDueOn: string;
    reason: string;
    request: DueRequest;
    by: number;
    onBehalfOf?: number | null;
  },
  now: string,
): Promise<void> {
  await db
    .insertInto('action_updates')
    .values({
      action_id: actionId,
      user_id: e.by,
      created_at: now,
      from_status: e.status,
      to_status: e.status,
      comment: e.reason,
      from_due_on: e.fromDueOn,
      to_due_on: e.toDueOn,
      due_request: e.request,
      on_behalf_of: e.onBehalfOf ?? null,
    })
    .execute();
}

/** Moves the action's slutdatum, if nobody changed the action meanwhile. */
export async function setDueDate(db: Db, id: number, expectedVersion: number, dueOn: string, now: string) {
  const r = await db
    .updateTable('actions')
    .set((eb) => ({ due_on: dueOn, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
