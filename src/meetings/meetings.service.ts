import type { Db } from '../db/connection.ts';
import { nowIso, todayOf, type Clock } from '../clock.ts';
import type { User } from '../users/user.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../shared/errors.ts';
import { asUser } from '../db/as-user.ts';
import { assertCommitteeChoosable } from '../committees/committees.service.ts';
import {
  cancelMeeting,
  countIssuedByMeeting,
  findMeeting,
  insertMeeting,
  listCommitteeChoices,
  listMeetings,
  listMeetingsAfter,
  updateMeeting,
  type MeetingFilter,
} from './meetings.repository.ts';
import { reportState, type Meeting, type MeetingInput, type ReportState } from './meeting.ts';
import { withFields } from '../shared/objects.ts';

export interface MeetingListItem extends Meeting {
  reportState: ReportState;
  issuedVersions: number;
  upcoming: boolean;
}

export interface CommitteeMeetings {
  committeeId: number;
  committeeName: string;
  upcoming: MeetingListItem[];
  past: MeetingListItem[];
  /** Past meetings left out of `past` (the list of all nämnder shows only the latest ones). */
  pastNotShown: number;
}

/** Past meetings per nämnd on the list of all nämnder; one nämnd's list shows all of them. */
export const PAST_MEETINGS_SHOWN = 5;

export { listCommitteeChoices };

/**
 * Each nämnd's meetings, coming ones first in date order, past ones latest first. Without one
 * chosen nämnd (all of them, or those a name search found) only the latest PAST_MEETINGS_SHOWN
 * past meetings of each are listed, so the page stays short after years of use.
 */
export async function meetingsByCommittee(
  db: Db,
  clock: Clock,
  filter: MeetingFilter = {},
): Promise<CommitteeMeetings[]> {
  const today = todayOf(clock);
  const meetings = await listMeetings(db, filter);
  const counts = await countIssuedByMeeting(
    db,
    meetings.map((m) => m.id),
  );
  const groups = new Map<number, CommitteeMeetings>();
  for (const m of meetings) {
    const issuedVersions = counts.get(m.id) ?? 0;
    const item: MeetingListItem = withFields(m, {
      issuedVersions,
      reportState: reportState(m, issuedVersions, today),
      upcoming: m.heldOn >= today,
    });
    let g = groups.get(m.committeeId);
    if (!g) {
      g = { committeeId: m.committeeId, committeeName: m.committeeName, upcoming: [], past: [], pastNotShown: 0 };
      groups.set(m.committeeId, g);
    }
    (item.upcoming ? g.upcoming : g.past).push(item);
  }
  for (const g of groups.values()) {
    g.past.reverse();
    if (filter.committeeId === undefined && g.past.length > PAST_MEETINGS_SHOWN) {
      g.pastNotShown = g.past.length - PAST_MEETINGS_SHOWN;
      g.past = g.past.slice(0, PAST_MEETINGS_SHOWN);
    }
  }
  return [...groups.values()];
}

/** Meetings after `afterId`, by id (the API's keyset pages), each with its återrapportering's state as the list shows it. */
export async function meetingsAfter(
  db: Db,
  clock: Clock,
  filter: MeetingFilter,
  afterId: number,
  limit: number,
): Promise<MeetingListItem[]> {
  const today = todayOf(clock);
  const meetings = await listMeetingsAfter(db, filter, afterId, limit);
  const counts = await countIssuedByMeeting(
    db,
    meetings.map((m) => m.id),
  );
  return meetings.map((m) => {
    const issuedVersions = counts.get(m.id) ?? 0;
    return withFields(m, {
      issuedVersions,
      reportState: reportState(m, issuedVersions, today),
      upcoming: m.heldOn >= today,
    });
  });
}

export async function getMeeting(db: Db, id: number): Promise<Meeting> {
  const m = await findMeeting(db, id);
  if (!m) throw new NotFoundError('Sammanträdet finns inte.');
  return m;
}

export async function createMeeting(db: Db, clock: Clock, user: User, input: MeetingInput): Promise<number> {
  await assertCommitteeChoosable(db, input.committeeId);
  return asUser(db, clock, user.id, (tx) => insertMeeting(tx, input, user.id, nowIso(clock)));
}

/** Plans several meetings at once, e.g. the year's dates; dates the nämnd already has are skipped. */
export async function planMeetings(
  db: Db,
  clock: Clock,
  user: User,
  plan: { committeeId: number; dates: string[]; title: string; place: string },
): Promise<{ created: number; skipped: string[] }> {
  await assertCommitteeChoosable(db, plan.committeeId);
  const existing = new Set(
    (await listMeetings(db, { committeeId: plan.committeeId }))
      .filter((m) => m.cancelledAt === null)
      .map((m) => m.heldOn),
  );
  const now = nowIso(clock);
  const skipped: string[] = [];
  let created = 0;
  await asUser(db, clock, user.id, async (trx) => {
    for (const heldOn of [...new Set(plan.dates)].sort()) {
      if (existing.has(heldOn)) {
        skipped.push(heldOn);
        continue;
      }
      await insertMeeting(
        trx,
        { committeeId: plan.committeeId, heldOn, title: plan.title, ownReference: '', place: plan.place, note: '' },
        user.id,
        now,
      );
      created += 1;
    }
  });
  return { created, skipped };
}

export async function editMeeting(
  db: Db,
  clock: Clock,
  user: User,
  id: number,
  expectedVersion: number,
  input: MeetingInput,
): Promise<void> {
  const current = await getMeeting(db, id);
  await assertCommitteeChoosable(db, input.committeeId, current.committeeId);
  if (current.committeeId !== input.committeeId && (await countIssuedByMeeting(db, [id])).get(id)) {
    throw new InvalidInputError({
      committeeId: 'Sammanträdet har en utfärdad återrapportering och kan inte flyttas till en annan nämnd.',
    });
  }
  if (!(await asUser(db, clock, user.id, (tx) => updateMeeting(tx, id, expectedVersion, input, nowIso(clock)))))
    throw new ConflictError(await getMeeting(db, id));
}

export async function cancelMeetingById(
  db: Db,
  clock: Clock,
  user: User,
  id: number,
  expectedVersion: number,
  reason: string,
): Promise<void> {
  const current = await getMeeting(db, id);
  if (current.cancelledAt !== null) return;
  if ((await countIssuedByMeeting(db, [id])).get(id)) {
    throw new InvalidInputError({ _form: 'Sammanträdet har en utfärdad återrapportering och kan inte ställas in.' });
  }
  if (!(await asUser(db, clock, user.id, (tx) => cancelMeeting(tx, id, expectedVersion, reason, nowIso(clock)))))
    throw new ConflictError(await getMeeting(db, id));
}
