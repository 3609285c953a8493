import type { Db } from '../db/connection.ts';

/** Active users with their choice of reminders (on and daily unless they said otherwise). */
export function usersToRemind(db: Db) {
  return db
    .selectFrom('users')
    .leftJoin('reminder_settings', 'reminder_settings.user_id', 'users.id')
    .select(['users.id', 'users.name', 'users.email', 'users.role'])
    .select((eb) => [
      eb.fn.coalesce('reminder_settings.enabled', eb.lit(1)).as('enabled'),
      'reminder_settings.weekly_on',
      eb.fn.coalesce('reminder_settings.muted', eb.val('')).as('muted'),
    ])
    .where('users.active', '=', 1)
    .orderBy('users.id')
    .execute();
}

export async function findSettings(db: Db, userId: number) {
  return db.selectFrom('reminder_settings').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function saveSettings(
  db: Db,
  userId: number,
  s: { enabled: boolean; weeklyOn: number | null; muted: readonly string[] },
  now: string,
): Promise<void> {
  const values = { enabled: s.enabled ? 1 : 0, weekly_on: s.weeklyOn, muted: s.muted.join(','), updated_at: now };
  await db
    .insertInto('reminder_settings')
    .values({ user_id: userId, ...values })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
    .execute();
}

/** Open actions due on or before `until`, with their owners. */
export function openActionsDueBy(db: Db, until: string) {
  return db
    .selectFrom('actions')
    .select(['id', 'title', 'due_on', 'owner_id'])
    .where('status', 'in', ['not_started', 'in_progress'])
    .where('due_on', '<=', until)
    .orderBy('due_on')
    .orderBy('id')
    .execute();
}

/** Every slutdatum request and answer (the pure rules decide which wait and which are news). */
export function dueRequestEntries(db: Db) {
  return db
    .selectFrom('action_updates')
    .innerJoin('actions', 'actions.id', 'action_updates.action_id')
    .select([
      'action_updates.id',
      'action_updates.action_id',
      'action_updates.due_request',
      'action_updates.to_due_on',
      'action_updates.created_at',
      'actions.title',
      'actions.owner_id',
    ])
    .where('action_updates.due_request', 'is not', null)
    .orderBy('action_updates.id')
    .execute();
}

/** Sammanträden from `from` to `until`, not cancelled, whose återrapportering is not issued. */
export function meetingsWithoutReport(db: Db, from: string, until: string) {
  return db
    .selectFrom('meetings')
    .innerJoin('committees', 'committees.id', 'meetings.committee_id')
    .select(['meetings.id', 'meetings.held_on', 'committees.name as committee_name'])
    .where('meetings.cancelled_at', 'is', null)
    .where('meetings.held_on', '>=', from)
    .where('meetings.held_on', '<=', until)
    .where((eb) =>
      eb.not(
        eb.exists(eb.selectFrom('reports').whereRef('reports.meeting_id', '=', 'meetings.id').select('reports.id')),
      ),
    )
    .orderBy('meetings.held_on')
    .execute();
}

/** Which of these (item, threshold) pairs the user has been reminded of already. */
export async function alreadySent(db: Db, userId: number): Promise<Set<string>> {
  const rows = await db
    .selectFrom('reminders_sent')
    .select(['item', 'threshold'])
    .where('user_id', '=', userId)
    .execute();
  return new Set(rows.map((r) => `${r.item} ${r.threshold}`));
}

export async function recordSent(
  db: Db,
  userId: number,
  items: { item: string; threshold: string }[],
  outboxId: number,
): Promise<void> {
  if (items.length === 0) return;
  await db
    .insertInto('reminders_sent')
    .values(items.map((i) => ({ user_id: userId, item: i.item, threshold: i.threshold, outbox_id: outboxId })))
    .execute();
}

/** Open matters whose vite has one of these statuses (FINE_STATUSES_AT_RISK). */
export function mattersWithFineIn(db: Db, statuses: readonly string[]) {
  return db
    .selectFrom('matters')
    .select(['id', 'title', 'fine_status', 'fine_amount'])
    .where('closed_on', 'is', null)
    .where('fine_status', 'in', statuses)
    .orderBy('id')
    .execute();
}

/** Whether the user's digest was written since `since` (an instant: the start of today in Sweden). */
export async function hasDigestSince(db: Db, userId: number, since: string): Promise<boolean> {
  const r = await db
    .selectFrom('reminders_sent')
    .innerJoin('outbox', 'outbox.id', 'reminders_sent.outbox_id')
    .select('outbox.id')
    .where('reminders_sent.user_id', '=', userId)
    .where('outbox.created_at', '>=', since)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}
