import crypto from 'node:crypto';
import { DateTime } from 'luxon';
import type { Db } from '../db/connection.ts';
import { ZONE, nowIso, todayOf, type Clock } from '../clock.ts';
import { addDays, deadlineShift } from '../deadlines/calendar.ts';
import { formatDateWeekday } from '../shared/format.ts';
import { sha256 } from '../shared/sha256.ts';
import type { User } from '../users/user.ts';
import { findActiveUser } from '../users/users.service.ts';
import * as repo from './calendar.repository.ts';
import { listOwedResponses } from '../matters/matters.repository.ts';
import { getOrganisation } from '../committees/committees.service.ts';

/** Sammanträden this long ago still show (a calendar keeps its recent past). */
const MEETINGS_BACK_DAYS = 90;

/** Whether the user has a calendar address (its secret is shown only when it is made). */
export function hasCalendarFeed(db: Db, user: User): Promise<boolean> {
  return repo.hasFeed(db, user.id);
}

/** A new secret address for the user's calendar; the previous one stops working. Returns the secret. */
export async function renewCalendarFeed(db: Db, clock: Clock, user: User): Promise<string> {
  const token = crypto.randomBytes(24).toString('base64url');
  await repo.replaceFeed(db, user.id, sha256(Buffer.from(token)), nowIso(clock));
  return token;
}

/**
 * The deadline as a calendar shows it: an all-day event on the day the act may be done (the next
 * vardag when the date falls on a helgdag or weekend, lag 1930:173), the literal date in its text.
 */
function onEffectiveDay(date: string, what: string): { start: DateTime; text: string } {
  const shift = deadlineShift(date);
  const effective = shift.shiftedTo ?? date;
  const text = shift.shiftedTo
    ? `${what} ${formatDateWeekday(date)} – får göras ${formatDateWeekday(shift.shiftedTo)}`
    : `${what} ${formatDateWeekday(date)}`;
  return { start: DateTime.fromISO(effective, { zone: ZONE }), text };
}

/**
 * The calendar (iCalendar) of the address's owner: their own open actions' slutdatum, the
 * svarsdatum still owed to IVO, and the sammanträden. UIDs are stable, SEQUENCE is the row's
 * version (it rises with every change), and finished, closed or cancelled items are left out, so a
 * calendar that subscribes drops them. Null when the address is unknown, renewed or its owner inactive.
 */
export async function calendarOf(db: Db, clock: Clock, token: string, baseUrl: string): Promise<string | null> {
  const userId = await repo.findFeedOwner(db, sha256(Buffer.from(token)));
  if (userId === null) return null;
  const user = await findActiveUser(db, userId);
  if (!user) return null;
  // Loaded when a calendar is first asked for, not with the server.
  const { default: ical } = await import('ical-generator');
  const cal = ical({
    name: `Åtgärdsplan – ${user.name}`,
    prodId: {
      company: (await getOrganisation(db)).municipality || 'Åtgärdsplan',
      product: 'Åtgärdsplan',
      language: 'SV',
    },
    ttl: 3600,
  });
  const stamp = (at: string) => DateTime.fromISO(at, { zone: 'utc' });
  for (const a of await repo.openActionsOf(db, userId)) {
    const day = onEffectiveDay(a.due_on, 'Slutdatum');
    cal.createEvent({
      id: `atgard-${a.id}@atgardsplan`,
      allDay: true,
      start: day.start,
      summary: `Slutdatum: ${a.title}`,
      description: day.text,
      sequence: a.version,
      stamp: stamp(a.updated_at),
      url: `${baseUrl}/atgarder/${a.id}`,
    });
  }
  for (const m of await listOwedResponses(db, null)) {
    const day = onEffectiveDay(m.respondBy!, 'Svarsdatum till IVO');
    cal.createEvent({
      id: `svarsdatum-${m.id}@atgardsplan`,
      allDay: true,
      start: day.start,
      summary: `Svarsdatum IVO: ${m.title}`,
      description: `${day.text}. ${m.committeeName}${m.ivoReference ? `, IVO:s dnr ${m.ivoReference}` : ''}.`,
      sequence: m.version,
      stamp: stamp(m.updatedAt),
      url: `${baseUrl}/arenden/${m.id}`,
    });
  }
  for (const s of await repo.meetingsFrom(db, addDays(todayOf(clock), -MEETINGS_BACK_DAYS))) {
    cal.createEvent({
      id: `sammantrade-${s.id}@atgardsplan`,
      allDay: true,
      start: DateTime.fromISO(s.held_on, { zone: ZONE }),
      summary: `Sammanträde: ${s.committee_name}`,
      description: [s.title, s.place].filter((x) => x).join('. '),
      location: s.place || undefined,
      sequence: s.version,
      stamp: stamp(s.updated_at),
      url: `${baseUrl}/sammantraden/${s.id}`,
    });
  }
  return cal.toString();
}
