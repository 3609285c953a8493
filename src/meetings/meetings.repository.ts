import type { Db } from '../db/connection.ts';
import { oneOf } from '../db/expressions.ts';
import type { MeetingRow } from '../db/schema.ts';
import type { Meeting, MeetingInput } from './meeting.ts';

type MeetingWithCommittee = MeetingRow & { committee_name: string };

function toMeeting(r: MeetingWithCommittee): Meeting {
  return {
    id: r.id,
    committeeId: r.committee_id,
    committeeName: r.committee_name,
    heldOn: r.held_on,
    title: r.title,
    ownReference: r.own_reference,
    place: r.place,
    note: r.note,
    cancelledAt: r.cancelled_at,
    cancelledReason: r.cancelled_reason,
    version: r.version,
  };
}

function meetingsQuery(db: Db) {
  return db
    .selectFrom('meetings')
    .innerJoin('committees', 'committees.id', 'meetings.committee_id')
    .selectAll('meetings')
    .select('committees.name as committee_name');
}

export async function findMeeting(db: Db, id: number): Promise<Meeting | undefined> {
  const r = await meetingsQuery(db).where('meetings.id', '=', id).executeTakeFirst();
  return r && toMeeting(r);
}

export interface MeetingFilter {
  committeeId?: number;
  /** Any of these nämnder (a search by name); an empty list matches nothing. */
  committeeIds?: number[];
}

export async function listMeetings(db: Db, filter: MeetingFilter = {}): Promise<Meeting[]> {
  let q = meetingsQuery(db).orderBy('committees.name').orderBy('meetings.held_on').orderBy('meetings.id');
  if (filter.committeeId !== undefined) q = q.where('meetings.committee_id', '=', filter.committeeId);
  if (filter.committeeIds) q = q.where((eb) => oneOf(eb, 'meetings.committee_id', filter.committeeIds!));
  return (await q.execute()).map(toMeeting);
}

/** The meetings the filter picks with an id above `afterId`, by id, at most `limit` (the API's keyset pages). */
export async function listMeetingsAfter(
  db: Db,
  filter: MeetingFilter,
  afterId: number,
  limit: number,
): Promise<Meeting[]> {
  let q = meetingsQuery(db).where('meetings.id', '>', afterId).orderBy('meetings.id').limit(limit);
  if (filter.committeeId !== undefined) q = q.where('meetings.committee_id', '=', filter.committeeId);
  if (filter.committeeIds) q = q.where((eb) => oneOf(eb, 'meetings.committee_id', filter.committeeIds!));
  return (await q.execute()).map(toMeeting);
}

/** The first meeting of the nämnd after this one that is not cancelled. */
export async function findNextMeeting(
  db: Db,
  m: Pick<Meeting, 'id' | 'committeeId' | 'heldOn'>,
): Promise<Meeting | undefined> {
  const r = await meetingsQuery(db)
    .where('meetings.committee_id', '=', m.committeeId)
    .where('meetings.cancelled_at', 'is', null)
    .where('meetings.id', '!=', m.id)
    .where('meetings.held_on', '>', m.heldOn)
    .orderBy('meetings.held_on')
    .orderBy('meetings.id')
    .executeTakeFirst();
  return r && toMeeting(r);
}

/** The columns a meeting form sets, for insert and update alike. */
function meetingColumns(m: MeetingInput) {
  return {
    committee_id: m.committeeId,
    held_on: m.heldOn,
    title: m.title,
    own_reference: m.ownReference,
    place: m.place,
    note: m.note,
  };
}

export async function insertMeeting(db: Db, m: MeetingInput, by: number, now: string): Promise<number> {
  const r = await db
    .insertInto('meetings')
    .values({
      ...meetingColumns(m),
      created_by: by,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Returns false when the version no longer matches (someone else saved first). */
export async function updateMeeting(
  db: Db,
  id: number,
  expectedVersion: number,
  m: MeetingInput,
  now: string,
): Promise<boolean> {
  const r = await db
    .updateTable('meetings')
    .set((eb) => ({
      ...meetingColumns(m),
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function cancelMeeting(
  db: Db,
  id: number,
  expectedVersion: number,
  reason: string,
  now: string,
): Promise<boolean> {
  const r = await db
    .updateTable('meetings')
    .set((eb) => ({ cancelled_at: now, cancelled_reason: reason, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where('cancelled_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function listCommitteeChoices(db: Db): Promise<{ id: number; name: string; active: boolean }[]> {
  const rows = await db.selectFrom('committees').select(['id', 'name', 'active']).orderBy('name').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, active: r.active === 1 }));
}

/** How many återrapporteringar have been issued for each of the meetings (a meeting with one is fixed). */
export async function countIssuedByMeeting(db: Db, meetingIds: number[]): Promise<Map<number, number>> {
  if (meetingIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('reports')
    .select(['meeting_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('meeting_id', 'in', meetingIds)
    .groupBy('meeting_id')
    .execute();
  return new Map(rows.map((r) => [r.meeting_id, Number(r.n)]));
}
