import type { Db } from '../db/connection.ts';
import { nowIso, todayOf, type Clock } from '../clock.ts';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../shared/errors.ts';
import type { Light } from '../deadlines/lights.ts';
import { committeesOfFindings } from '../findings/findings.repository.ts';
import { findUserById, listActionOwners } from '../users/users.repository.ts';
import { listCommittees } from '../committees/committees.service.ts';
import type { Committee } from '../committees/committee.ts';
import { may, mayUpdateStatus } from '../users/roles.ts';
import type { User } from '../users/user.ts';
import { asUser } from '../db/as-user.ts';
import { latestAuditId, rememberedPerKeyUntilDataChanges, rememberedUntilMoves } from '../db/remembered.ts';
import * as repo from './actions.repository.ts';
import type { Cell, Column, Table } from '../shared/spreadsheet.ts';
import {
  ACTION_STATUS_LABEL,
  actionLight,
  dueDateHistory,
  pendingDueRequest,
  staleFor,
  staleSince,
  type Action,
  type ActionFilter,
  type ActionInput,
  type ActionListItem,
  type ActionStatus,
} from './action.ts';
import { withFields } from '../shared/objects.ts';
import { standsInFor } from '../users/substitutes.service.ts';

export async function getAction(db: Db, id: number): Promise<Action> {
  const a = await repo.findAction(db, id);
  if (!a) throw new NotFoundError('Åtgärden finns inte.');
  return a;
}

/** An action addresses findings of exactly one nämnd, and is owned by an active user who can own actions. */
async function checkInput(db: Db, input: ActionInput): Promise<number> {
  const committees = await committeesOfFindings(db, input.findingIds);
  if (committees.length !== input.findingIds.length || committees.length === 0) {
    throw new InvalidInputError({ findingIds: 'Välj minst en brist som åtgärden avser.' });
  }
  const distinct = new Set(committees.map((c) => c.committeeId));
  if (distinct.size > 1)
    throw new InvalidInputError({ findingIds: 'En åtgärd kan bara avse brister inom samma nämnd.' });
  const owner = await findUserById(db, input.ownerId);
  if (!owner || !owner.active || !may.ownActions(owner.role))
    throw new InvalidInputError({ ownerId: 'Välj en ansvarig bland aktiva chefer och förvaltningschefer.' });
  return committees[0].committeeId;
}

export async function createAction(db: Db, clock: Clock, user: User, input: ActionInput): Promise<number> {
  const committeeId = await checkInput(db, input);
  return asUser(db, clock, user.id, (tx) => repo.insertAction(tx, { ...input, committeeId }, user.id, nowIso(clock)));
}

/**
 * createAction's rules and writes inside the caller's transaction (asUser), for a plan imported
 * at once; an action that starts in another status than Ej påbörjad gets that change as its
 * second history entry, as if its statusuppdatering had been written right after.
 */
export async function createActionIn(
  tx: Db,
  clock: Clock,
  user: User,
  input: ActionInput,
  status: ActionStatus,
): Promise<number> {
  const committeeId = await checkInput(tx, input);
  const now = nowIso(clock);
  const id = await repo.insertAction(tx, { ...input, committeeId }, user.id, now);
  if (status !== 'not_started') {
    const created = (await repo.findAction(tx, id))!;
    await repo.appendStatusUpdate(
      tx,
      id,
      created.version,
      { fromStatus: 'not_started', toStatus: status, comment: '' },
      user.id,
      now,
    );
  }
  return id;
}

export async function editAction(
  db: Db,
  clock: Clock,
  user: User,
  id: number,
  version: number,
  input: ActionInput,
): Promise<void> {
  const before = await getAction(db, id);
  const committeeId = await checkInput(db, input);
  const reason = input.dueDateReason?.trim() ?? '';
  const moved = before.dueOn !== input.dueOn;
  if (moved && reason === '' && before.version === version) {
    throw new InvalidInputError({
      dueDateReason: 'Ange skäl till nytt slutdatum. Nämnden får veta att slutdatum flyttades, och varför.',
    });
  }
  const move = moved ? { fromDueOn: before.dueOn, status: before.status, reason, by: user.id } : null;
  const ok = await asUser(db, clock, user.id, (tx) =>
    repo.updateAction(tx, id, version, { ...input, committeeId }, move, nowIso(clock)),
  );
  if (!ok) throw new ConflictError(await getAction(db, id));
}

// The rule lives with the other roles (src/users/roles.ts): bilagor of an action follow it too.
export { mayUpdateStatus };

/** The chef an ersättare writes for: the owner, when the writer is not the owner and stands in for her. */
function writtenFor(user: User, action: Pick<Action, 'ownerId'>, standing: readonly number[]): number | null {
  return action.ownerId !== user.id && standing.includes(action.ownerId) ? action.ownerId : null;
}

export async function updateStatus(
  db: Db,
  clock: Clock,
  user: User,
  id: number,
  version: number,
  update: { status: ActionStatus; comment: string },
): Promise<void> {
  const action = await getAction(db, id);
  const standing = await standsInFor(db, clock, user.id);
  // Checked against the stored owner, so a forged id or hidden field cannot reach another's action.
  if (!mayUpdateStatus(user, action, standing))
    throw new ForbiddenError('Du kan bara uppdatera status på åtgärder där du är ansvarig.');
  if (update.status === action.status && update.comment === '') {
    throw new InvalidInputError({ comment: 'Skriv en kommentar när statusen inte ändras.' });
  }
  const ok = await asUser(db, clock, user.id, (tx) =>
    repo.appendStatusUpdate(
      tx,
      id,
      version,
      {
        fromStatus: action.status,
        toStatus: update.status,
        comment: update.comment,
        onBehalfOf: writtenFor(user, action, standing),
      },
      user.id,
      nowIso(clock),
    ),
  );
  if (!ok) throw new ConflictError(await getAction(db, id));
}

export type ActionWithLight<T extends Pick<Action, 'status' | 'dueOn'> = Action> = T & { light: Light };

function withLight<T extends Pick<Action, 'status' | 'dueOn'>>(
  a: T,
  today: string,
  warningDays: number,
): ActionWithLight<T> {
  return withFields(a, { light: actionLight(a, today, warningDays) });
}

/** Pages of the action list kept at once (≈ 60 kB of heap each); the oldest kept goes first. */
const LIST_PAGES_REMEMBERED = 50;

export interface ActionListPage {
  items: readonly ActionListRow[];
  total: number;
}

/**
 * The action list. How many actions a filter matches, and the pages shown, are remembered until
 * the data (or the date) changes, as the Översikt is: every write to an audited table moves the
 * marker (src/db/remembered.ts), so the next view reads afresh. Counting is a walk over an
 * index of every action in the installation (at 100 000 actions it also pushed the page's rows
 * out of SQLite's cache), and a page's rows cost ≈ 0.5 ms of SQL; between two changes a page
 * is the same for everyone who may read the list.
 */
/** The action list's filter choices: every owner of an action and every nämnd. */
export interface FilterChoices {
  owners: { id: number; name: string }[];
  committees: Committee[];
}

/** The filter's choices grow with the installation (every owner, every nämnd) and change rarely: remembered. */
/** The histories (statusuppdateringar) of a nämnd's actions, or of the given actions, oldest first. */
export const listUpdatesOf = repo.listUpdatesOf;

export function filterChoices(db: Db): () => Promise<FilterChoices> {
  // Kept until an owner, a name or a nämnd changes, not until any write (migration 018).
  const remembered = rememberedUntilMoves<FilterChoices>(() => repo.filterChoicesVersion(db));
  return () =>
    remembered('', async () => ({
      owners: await listActionOwners(db),
      committees: await listCommittees(db, { activeOnly: false }),
    }));
}

/** The Status filter "Ej uppdaterade": open and unwritten since `staleDays` before today. */
function withStaleSince(filter: ActionFilter, today: string, staleDays: number): ActionFilter {
  return filter.status === 'stale' ? { ...filter, staleBefore: staleSince(today, staleDays) } : filter;
}

const EXPORT_BATCH = 2000;

const EXPORT_COLUMNS: readonly Column[] = [
  { header: 'Ärende', kind: 'text', width: 40 },
  { header: 'Diarienummer', kind: 'text', width: 18 },
  { header: 'Nämnd', kind: 'text', width: 28 },
  { header: 'Brister', kind: 'text', width: 40 },
  { header: 'Åtgärd', kind: 'text', width: 45 },
  { header: 'Beskrivning', kind: 'text', width: 40 },
  { header: 'Ansvarig', kind: 'text', width: 24 },
  { header: 'Ansvarig (e-post)', kind: 'text', width: 30 },
  { header: 'Slutdatum', kind: 'date', width: 12 },
  { header: 'Status', kind: 'text', width: 12 },
  { header: 'Försenad', kind: 'text', width: 10 },
  { header: 'Senaste kommentar', kind: 'text', width: 45 },
  { header: 'Senast uppdaterad', kind: 'datetime', width: 17 },
];

/**
 * Every action the list's filter matches, in the list's order, as a table for Excel or CSV: read
 * in batches as the file is written, so the export of all actions never holds them all at once.
 */
export function actionExport(
  db: Db,
  clock: Clock,
  days: { warningDays: number; staleDays: number },
  filter: ActionFilter,
): Table {
  const today = todayOf(clock);
  const matching = withStaleSince(filter, today, days.staleDays);
  async function* batches() {
    let after: { dueOn: string; id: number } | null = null;
    for (;;) {
      const rows = await repo.listActionsForExport(db, matching, today, after, EXPORT_BATCH);
      if (rows.length === 0) return;
      yield rows.map((a): Cell[] => [
        a.matterTitle,
        a.matterReference,
        a.committeeName,
        a.findingTitles.join('; '),
        a.title,
        a.description,
        a.ownerName,
        a.ownerEmail,
        a.dueOn,
        ACTION_STATUS_LABEL[a.status],
        actionLight(a, today, days.warningDays) === 'overdue' ? 'Ja' : 'Nej',
        a.lastComment,
        a.lastUpdateAt,
      ]);
      if (rows.length < EXPORT_BATCH) return;
      after = rows[rows.length - 1];
    }
  }
  return { sheet: 'Åtgärder', fileName: 'åtgärder', columns: EXPORT_COLUMNS, batches: batches() };
}

export type ActionListRow = ActionWithLight<ActionListItem> & { staleFor: number | null };

export function actionList(db: Db, days: { warningDays: number; staleDays: number }) {
  const { warningDays, staleDays } = days;
  const counts = rememberedPerKeyUntilDataChanges<number>(db);
  const pages = rememberedPerKeyUntilDataChanges<ActionListPage>(db, LIST_PAGES_REMEMBERED);
  return async (
    clock: Clock,
    filter: ActionFilter,
    page: { limit: number; offset: number },
  ): Promise<ActionListPage> => {
    const today = todayOf(clock);
    filter = withStaleSince(filter, today, staleDays);
    const key = `${today} ${JSON.stringify(filter)}`;
    const remembered = await pages(`${key} ${page.offset} ${page.limit}`, async () => {
      const { value: total, version } = await counts(key, () => repo.countActions(db, filter, today));
      let items = total > page.offset ? await repo.listActionsPage(db, filter, today, page, total) : [];
      // A page past the middle is found from the end, so it relies on the count: if anything was
      // written since the count's version, the count may be off by that, and the page is found from the start.
      if (page.offset > total / 2 && (await latestAuditId(db)) !== version)
        items = await repo.listActionsPage(db, filter, today, page, Infinity);
      return {
        items: items.map((a): ActionListRow =>
          withFields(withLight(a, today, warningDays), { staleFor: staleFor(a, today, staleDays) }),
        ),
        total,
      };
    });
    return remembered.value;
  };
}

/**
 * The actions the filter matches after `afterId`, by id (the API's keyset pages), each with its
 * light and staleness as the list shows them.
 */
export async function listActionsAfter(
  db: Db,
  clock: Clock,
  days: { warningDays: number; staleDays: number },
  filter: ActionFilter,
  afterId: number,
  limit: number,
): Promise<ActionListRow[]> {
  const today = todayOf(clock);
  if (filter.status === 'stale') filter = { ...filter, staleBefore: staleSince(today, days.staleDays) };
  const items = await repo.listActionsAfter(db, filter, today, afterId, limit);
  return items.map((a) =>
    withFields(withLight(a, today, days.warningDays), { staleFor: staleFor(a, today, days.staleDays) }),
  );
}

export async function getActionPage(
  db: Db,
  clock: Clock,
  id: number,
  days: { warningDays: number; staleDays: number },
) {
  const { warningDays, staleDays } = days;
  const action = await getAction(db, id);
  const history = await repo.listUpdates(db, id);
  const lastUpdateAt = history.reduce<string | null>(
    (last, u) => (last && last > u.createdAt ? last : u.createdAt),
    null,
  );
  return {
    staleFor: staleFor({ status: action.status, lastUpdateAt }, todayOf(clock), staleDays),
    dueDates: dueDateHistory(action.dueOn, history),
    pendingRequest: pendingDueRequest(history),
    action: withLight(action, todayOf(clock), warningDays),
    findings: (await repo.findingsOfAction(db, id)).map((f) => ({
      id: f.id,
      title: f.title,
      responseRequired: f.response_required === 1,
      matterId: f.matter_id,
      matterTitle: f.matter_title,
    })),
    history,
  };
}

export async function findingIdsOfAction(db: Db, id: number): Promise<number[]> {
  return repo.findingIdsOfAction(db, id);
}

export async function overviewActions(db: Db, clock: Clock, warningDays: number, limit: number, ownerId?: number) {
  const today = todayOf(clock);
  const until = clock.now().plus({ days: warningDays }).toISODate()!;
  const { overdue, soon } = await repo.listOverdueOrSoon(db, today, until, limit, ownerId);
  return {
    overdue: { total: overdue.total, items: overdue.items.map((a) => withLight(a, today, warningDays)) },
    soon: { total: soon.total, items: soon.items.map((a) => withLight(a, today, warningDays)) },
    counts: await repo.countByStatus(db, today),
  };
}

/**
 * A chef asks for a new slutdatum for an own, unfinished action (the förvaltningschef answers):
 * with a reason, a date other than the current one, and not while an earlier request waits.
 * Until it is approved the old date counts.
 */
export async function requestDueDate(
  db: Db,
  clock: Clock,
  user: User,
  id: number,
  input: { requestedDueOn: string; reason: string },
): Promise<void> {
  const action = await getAction(db, id);
  const standing = await standsInFor(db, clock, user.id);
  if (!mayUpdateStatus(user, action, standing))
    throw new ForbiddenError('Du kan bara begära nytt slutdatum för dina egna åtgärder.');
  if (action.status === 'done' || action.status === 'cancelled')
    throw new InvalidInputError({ requestedDueOn: 'Åtgärden är avslutad; dess slutdatum ändras inte.' });
  if (input.requestedDueOn === action.dueOn)
    throw new InvalidInputError({ requestedDueOn: 'Ange ett annat datum än nuvarande slutdatum.' });
  // A date already passed would make the action overdue the moment it is approved.
  if (input.requestedDueOn < todayOf(clock))
    throw new InvalidInputError({
      requestedDueOn: 'Begär ett slutdatum från och med i dag; det datumet har redan passerat.',
    });
  if (input.reason.trim() === '')
    throw new InvalidInputError({
      reason: 'Ange skäl till nytt slutdatum, så att förvaltningschefen kan ta ställning.',
    });
  if (pendingDueRequest(await repo.listUpdates(db, id)))
    throw new InvalidInputError({ requestedDueOn: 'En begäran om nytt slutdatum väntar redan på svar.' });
  await asUser(db, clock, user.id, (tx) =>
    repo.appendDueDateEntry(
      tx,
      id,
      {
        status: action.status,
        fromDueOn: action.dueOn,
        toDueOn: input.requestedDueOn,
        reason: input.reason.trim(),
        request: 'requested',
        by: user.id,
        onBehalfOf: writtenFor(user, action, standing),
      },
      nowIso(clock),
    ),
  );
}

/**
 * The förvaltningschef's answer to a chef's request: approved, the slutdatum moves (a move like any
 * other, with the request's reason); declined, a reason is required and the date stays.
 */
export async function answerDueRequest(
  db: Db,
  clock: Clock,
  user: User,
  id: number,
  version: number,
  answer: { approve: boolean; reason: string },
): Promise<void> {
  if (!may.editMatters(user.role))
    throw new ForbiddenError('Bara förvaltningschefen besvarar en begäran om nytt slutdatum.');
  const action = await getAction(db, id);
  const pending = pendingDueRequest(await repo.listUpdates(db, id));
  if (!pending) throw new InvalidInputError({ _form: 'Ingen begäran om nytt slutdatum väntar på svar.' });
  if (!answer.approve && answer.reason.trim() === '')
    throw new InvalidInputError({ reason: 'Ange varför begäran avslås; chefen får se skälet.' });
  const now = nowIso(clock);
  const ok = await asUser(db, clock, user.id, async (tx) => {
    if (answer.approve && !(await repo.setDueDate(tx, id, version, pending.toDueOn!, now))) return false;
    await repo.appendDueDateEntry(
      tx,
      id,
      {
        status: action.status,
        fromDueOn: action.dueOn,
        toDueOn: pending.toDueOn!,
        reason: answer.approve ? pending.comment : answer.reason.trim(),
        request: answer.approve ? 'approved' : 'declined',
        by: user.id,
      },
      now,
    );
    return true;
  });
  if (!ok) throw new ConflictError(await getAction(db, id));
}

/** How many open actions have gone `staleDays` without a statusuppdatering (the Översikt's card). */
export function countStaleActions(db: Db, clock: Clock, staleDays: number): Promise<number> {
  const today = todayOf(clock);
  return repo.countActions(db, { status: 'stale', staleBefore: staleSince(today, staleDays) }, today);
}

/** The open actions without a statusuppdatering for `staleDays` (at most `limit`), soonest due first. */
export async function listStaleActions(db: Db, clock: Clock, staleDays: number, limit = 500) {
  const today = todayOf(clock);
  const { items } = await repo.listActions(db, { status: 'stale', staleBefore: staleSince(today, staleDays) }, today, {
    limit,
    offset: 0,
  });
  return items.map((a) => withFields(a, { staleFor: staleFor(a, today, staleDays)! }));
}
