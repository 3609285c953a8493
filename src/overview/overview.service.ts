import type { Db } from '../db/connection.ts';
import { swedishDayStart, todayOf, type Clock } from '../clock.ts';
import { addDays } from '../deadlines/calendar.ts';
import { daysLeft, respondByLight } from '../deadlines/lights.ts';
import { listOwedResponses, sumFineAtRiskByStatus } from '../matters/matters.repository.ts';
import { FINE_STATUSES_AT_RISK, FINE_STATUS_LABEL, type FineAtRisk } from '../matters/matter.ts';
import { countStaleActions, overviewActions } from '../actions/actions.service.ts';
import { rememberedUntilDataChanges } from '../db/remembered.ts';
import {
  countMovedDueDates,
  countPendingDueRequests,
  listFollowUpsMissing,
  openActionsPerPeriod,
  owedResponsesPerPeriod,
  topMatterStatus,
} from './overview.repository.ts';
import { withFields } from '../shared/objects.ts';
import {
  STATUS_SEGMENTS,
  deadlineTimelineFromCounts,
  statusDescription,
  statusGeometry,
  timelineDescription,
  timelineEnd,
  timelineGeometry,
} from './charts.ts';

/** Listed in the svarsdatum table; the timeline counts them all. */
const RESPONSES_LISTED = 20;
/** The Översikt counts the slutdatum moved in this many days. */
const MOVED_WINDOW_DAYS = 30;
/** Matters drawn in the status picture; the rest are a click away in Ärenden. */
const MATTERS_CHARTED = 15;
/** Brister listed whose uppföljning av effekt is missing; the card counts them all. */
const FOLLOW_UPS_LISTED = 10;

type Installation = Awaited<ReturnType<typeof installationOverview>>;

/**
 * The förvaltningschef's start page: every deadline and the vite at risk at a glance.
 *
 * Its counts and pictures cover the whole installation, so they cost in proportion to it; they
 * are remembered until the date or the tracked data changes. Only a manager's own actions are
 * computed per request.
 */
export function overviewPage(db: Db, days: { warningDays: number; followUpDays: number; staleDays: number }) {
  const { warningDays } = days;
  const installation = rememberedUntilDataChanges<Installation>(db);
  return async (clock: Clock, ownerId?: number) => ({
    ...(await installation(todayOf(clock), () => installationOverview(db, clock, days))),
    mine: ownerId ? await overviewActions(db, clock, warningDays, 10, ownerId) : null,
  });
}

async function installationOverview(
  db: Db,
  clock: Clock,
  days: { warningDays: number; followUpDays: number; staleDays: number },
) {
  const { warningDays, followUpDays } = days;
  const today = todayOf(clock);
  const owed = (await listOwedResponses(db, RESPONSES_LISTED))
    .map((m) =>
      withFields(m, { light: respondByLight(m, today, warningDays), daysLeft: daysLeft(m.respondBy!, today) }),
    )
    .filter((m) => m.light !== null);
  return {
    today,
    responses: owed.slice(0, RESPONSES_LISTED),
    ...(await overviewActions(db, clock, warningDays, 10)),
    fines: await finesAtRisk(db),
    movedDueDates: await countMovedDueDates(db, clock.now().minus({ days: MOVED_WINDOW_DAYS }).toUTC().toISO()!),
    movedWindowDays: MOVED_WINDOW_DAYS,
    pendingDueRequests: await countPendingDueRequests(db),
    // effectFollowUp's 'missing': all actions finished before the day followUpDays ago began.
    followUpsMissing: await listFollowUpsMissing(db, swedishDayStart(addDays(today, -followUpDays)), FOLLOW_UPS_LISTED),
    followUpDays,
    staleActions: await countStaleActions(db, clock, days.staleDays),
    staleDays: days.staleDays,
    charts: await overviewCharts(db, today),
  };
}

/** Vite at risk, one sum per status (Risk för vite, Föreläggande med vite): never added together. */
async function finesAtRisk(db: Db): Promise<FineAtRisk[]> {
  const sums = await sumFineAtRiskByStatus(db, FINE_STATUSES_AT_RISK);
  return FINE_STATUSES_AT_RISK.flatMap((status) => {
    const sum = sums.get(status);
    return sum ? [{ status, label: FINE_STATUS_LABEL[status], total: sum.total, matters: sum.count }] : [];
  });
}

async function overviewCharts(db: Db, today: string) {
  const end = timelineEnd(today);
  const periods = deadlineTimelineFromCounts(
    today,
    await owedResponsesPerPeriod(db, today, end),
    await openActionsPerPeriod(db, today, end),
  );
  // A matter without actions has no distribution to draw; the page says how many there are.
  const { matters, withActions, openMatters } = await topMatterStatus(db, today, MATTERS_CHARTED);
  return {
    timeline: { periods, geometry: timelineGeometry(periods), description: timelineDescription(periods) },
    status: {
      matters,
      mattersWithActions: withActions,
      mattersWithoutActions: openMatters - withActions,
      segments: STATUS_SEGMENTS,
      geometry: statusGeometry(matters),
      description: statusDescription(matters),
    },
  };
}
