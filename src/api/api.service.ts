import type { Db } from '../db/connection.ts';
import { todayOf, type Clock } from '../clock.ts';
import { LIGHTS, respondByLight, type Light } from '../deadlines/lights.ts';
import { NotFoundError } from '../shared/errors.ts';
import { ACTION_STATUS_LABEL, type ActionFilter } from '../actions/action.ts';
import { listActionsAfter, type ActionListRow } from '../actions/actions.service.ts';
import { FINE_STATUS_LABEL, MATTER_KIND_LABEL } from '../matters/matter.ts';
import { listMattersAfter } from '../matters/matters.service.ts';
import type { MatterFilter, MatterListItem } from '../matters/matters.repository.ts';
import { meetingsAfter, type MeetingListItem } from '../meetings/meetings.service.ts';
import { REPORT_STATE_LABEL } from '../meetings/meeting.ts';
import type { MeetingFilter } from '../meetings/meetings.repository.ts';

// What the API answers: the glossary's English names, ISO 8601 dates, kronor as numbers, and each
// status as its code with the Swedish label the pages show. src/api/openapi.ts describes each shape.

interface Coded {
  code: string;
  label: string;
}

const coded = <T extends string>(code: T, labels: Record<T, string>): Coded => ({ code, label: labels[code] });
const lightOf = (light: Light): Coded => ({ code: light, label: LIGHTS[light].label });

export interface Days {
  warningDays: number;
  staleDays: number;
}

function matterResource(m: MatterListItem, today: string, warningDays: number) {
  const light = respondByLight(m, today, warningDays);
  return {
    id: m.id,
    committee: { id: m.committeeId, name: m.committeeName },
    kind: coded(m.kind, MATTER_KIND_LABEL),
    title: m.title,
    unit: m.unit,
    ivoReference: m.ivoReference,
    ownReference: m.ownReference,
    decidedOn: m.decidedOn,
    respondBy: m.respondBy,
    respondBySince: m.respondBySince,
    respondByLight: light === null ? null : lightOf(light),
    owedFindingCount: m.openResponseFindings,
    findingCount: m.findingCount,
    openActionCount: m.openActionCount,
    fineAmount: m.fineAmount,
    fineStatus: coded(m.fineStatus, FINE_STATUS_LABEL),
    finalOn: m.finalOn,
    followUpOn: m.followUpOn,
    legalBasis: m.legalBasis,
    description: m.description,
    closedOn: m.closedOn,
    closedNote: m.closedNote,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
  };
}

function actionResource(a: ActionListRow) {
  return {
    id: a.id,
    title: a.title,
    owner: { id: a.ownerId, name: a.ownerName },
    committee: { name: a.committeeName },
    matter: a.matterId === null ? null : { id: a.matterId, title: a.matterTitle ?? '' },
    dueOn: a.dueOn,
    status: coded(a.status, ACTION_STATUS_LABEL),
    light: lightOf(a.light),
    lastComment: a.lastComment,
    lastUpdateAt: a.lastUpdateAt,
    staleDays: a.staleFor,
  };
}

function meetingResource(m: MeetingListItem) {
  return {
    id: m.id,
    committee: { id: m.committeeId, name: m.committeeName },
    heldOn: m.heldOn,
    title: m.title,
    ownReference: m.ownReference,
    place: m.place,
    cancelledAt: m.cancelledAt,
    cancelledReason: m.cancelledReason,
    report: { state: coded(m.reportState, REPORT_STATE_LABEL), issuedVersions: m.issuedVersions },
  };
}

export type MatterResource = ReturnType<typeof matterResource>;

/** A keyset page: at most `limit` items after `afterId`, and the id to go on after, if there are more. */
export interface KeysetPage<T> {
  items: T[];
  lastId: number | null;
}

function keysetPage<T extends { id: number }>(rows: T[], limit: number): KeysetPage<T> {
  const items = rows.slice(0, limit);
  return { items, lastId: rows.length > limit ? items[items.length - 1].id : null };
}

export async function apiMatters(
  db: Db,
  clock: Clock,
  days: Days,
  filter: MatterFilter,
  page: { afterId: number; limit: number },
): Promise<KeysetPage<MatterResource>> {
  const today = todayOf(clock);
  const rows = await listMattersAfter(db, filter, page.afterId, page.limit + 1);
  const p = keysetPage(rows, page.limit);
  return { items: p.items.map((m) => matterResource(m, today, days.warningDays)), lastId: p.lastId };
}

export async function apiMatter(db: Db, clock: Clock, days: Days, id: number): Promise<MatterResource> {
  const [m] = await listMattersAfter(db, { state: 'all' }, 0, 1, id);
  if (!m) throw new NotFoundError('Ärendet finns inte.');
  return matterResource(m, todayOf(clock), days.warningDays);
}

export async function apiActions(
  db: Db,
  clock: Clock,
  days: Days,
  filter: ActionFilter,
  page: { afterId: number; limit: number },
) {
  const rows = await listActionsAfter(db, clock, days, filter, page.afterId, page.limit + 1);
  const p = keysetPage(rows, page.limit);
  return { items: p.items.map(actionResource), lastId: p.lastId };
}

export async function apiMeetings(
  db: Db,
  clock: Clock,
  filter: MeetingFilter,
  page: { afterId: number; limit: number },
) {
  const rows = await meetingsAfter(db, clock, filter, page.afterId, page.limit + 1);
  const p = keysetPage(rows, page.limit);
  return { items: p.items.map(meetingResource), lastId: p.lastId };
}
