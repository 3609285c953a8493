import type { Db } from '../db/connection.ts';
import { todayOf, type Clock } from '../clock.ts';
import { daysLeft, respondByLight } from '../deadlines/lights.ts';
import { listUpcomingResponses, sumFineAtRisk } from '../matters/matters.repository.ts';
import { FINE_STATUSES_AT_RISK } from '../matters/matter.ts';
import { overviewActions } from '../actions/actions.service.ts';

/** The förvaltningschef's start page: every deadline and the vite at risk at a glance. */
export async function getOverview(db: Db, clock: Clock, warningDays: number, ownerId?: number) {
  const today = todayOf(clock);
  const responses = (await listUpcomingResponses(db, 20)).map((m) => ({
    ...m,
    light: respondByLight(m, today, warningDays),
    daysLeft: daysLeft(m.respondBy!, today),
  }));
  const actions = await overviewActions(db, clock, warningDays, 10);
  const mine = ownerId ? await overviewActions(db, clock, warningDays, 10, ownerId) : null;
  return { today, responses, ...actions, mine, fine: await sumFineAtRisk(db, FINE_STATUSES_AT_RISK) };
}
