import { expect } from 'chai';
import fc from 'fast-check';
import { freshDb } from '../helpers/app.ts';
import { aCommittee, aFinding, aMatter, aPerson } from '../helpers/builders.ts';
import { fixedClock, type Clock } from '../../src/clock.ts';
import type { Db } from '../../src/db/connection.ts';
import type { User } from '../../src/users/user.ts';
import type { Role } from '../../src/users/roles.ts';
import { ACTION_STATUSES, dueDateHistory, pendingDueRequest } from '../../src/actions/action.ts';
import {
  answerDueRequest,
  createAction,
  editAction,
  findingIdsOfAction,
  getAction,
  listUpdatesOf,
  requestDueDate,
  updateStatus,
} from '../../src/actions/actions.service.ts';
import { getFinding, recordEffect } from '../../src/findings/findings.service.ts';
import { overviewPage } from '../../src/overview/overview.service.ts';
import { matterPages } from '../../src/plan/plan.service.ts';
import { InvalidInputError } from '../../src/shared/errors.ts';

/** 1 January 2026 at 00:00 UTC plus `hours`: steps land at any hour, also around midnight in Sweden. */
const instantAt = (hours: number) => new Date(Date.UTC(2026, 0, 1) + hours * 3_600_000).toISOString();
const TODAY = '2026-09-15';
const DAYS = { warningDays: 14, followUpDays: 90, staleDays: 30 };

/** One step a user could take in the app, some hours after the previous one. */
const step = fc.record({
  afterHours: fc.integer({ min: 1, max: 24 * 40 }),
  action: fc.nat(3),
  finding: fc.nat(2),
  op: fc.oneof(
    fc.record({ kind: fc.constant('status' as const), status: fc.constantFrom(...ACTION_STATUSES) }),
    fc.record({ kind: fc.constant('move' as const), days: fc.integer({ min: -20, max: 60 }) }),
    fc.record({ kind: fc.constant('request' as const), days: fc.integer({ min: 1, max: 60 }) }),
    fc.record({ kind: fc.constant('answer' as const), approve: fc.boolean() }),
    fc.record({ kind: fc.constant('effect' as const) }),
  ),
});

type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

const addDaysTo = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function aUser(db: Db, name: string, role: Role): Promise<User> {
  const id = await aPerson(db, name, role);
  return { id, name, role, email: '', active: true, version: 1, createdAt: '' };
}

/**
 * Enters a plan (three brister; four actions, the last addressing two brister) and then the
 * steps, each through the services the forms call, by the chef who owns the actions or by the
 * förvaltningschef. Steps the app refuses (a status unchanged without a comment, a request while
 * one waits…) are refused here too and change nothing.
 */
async function enter(db: Db, steps: Step[]) {
  const committeeId = await aCommittee(db);
  const director = await aUser(db, 'Eva Exempel', 'director');
  const chef = await aUser(db, 'Karin Exempelsson', 'manager');
  const matterId = await aMatter(db, { committeeId });
  const findingIds = [
    await aFinding(db, matterId, 'Brist A'),
    await aFinding(db, matterId, 'Brist B'),
    await aFinding(db, matterId, 'Brist C'),
  ];
  let hours = 0;
  const clockNow = (): Clock => fixedClock(instantAt(hours));
  const actionIds: number[] = [];
  for (const [i, f] of [[0], [0], [1], [1, 2]].entries()) {
    actionIds.push(
      await createAction(db, clockNow(), director, {
        title: `Åtgärd ${i + 1}`,
        description: '',
        ownerId: chef.id,
        dueOn: '2026-03-31',
        findingIds: f.map((n) => findingIds[n]),
      }),
    );
  }
  for (const s of steps) {
    hours += s.afterHours;
    const clock = clockNow();
    const id = actionIds[s.action];
    const a = await getAction(db, id);
    try {
      switch (s.op.kind) {
        case 'status':
          await updateStatus(db, clock, chef, id, a.version, { status: s.op.status, comment: 'Läget' });
          break;
        case 'move':
          await editAction(db, clock, director, id, a.version, {
            title: a.title,
            description: '',
            ownerId: a.ownerId,
            dueOn: addDaysTo(a.dueOn, s.op.days),
            findingIds: await findingIdsOfAction(db, id),
            dueDateReason: 'Nytt underlag',
          });
          break;
        case 'request':
          await requestDueDate(db, clock, chef, id, {
            requestedDueOn: addDaysTo(a.dueOn, s.op.days),
            reason: 'Sjukskrivning',
          });
          break;
        case 'answer':
          await answerDueRequest(db, clock, director, id, a.version, { approve: s.op.approve, reason: 'Nej' });
          break;
        case 'effect': {
          const f = await getFinding(db, findingIds[s.finding]);
          const assessedOn = instantAt(hours).slice(0, 10);
          await recordEffect(db, clock, director, f.id, f.version, { effect: 'achieved', assessedOn, comment: '' });
          break;
        }
      }
    } catch (e) {
      if (!(e instanceof InvalidInputError)) throw e;
    }
  }
  return { matterId, actionIds };
}

describe('the Översikt counts what the matter and action pages show', function () {
  // Each property test enters dozens of random histories through the services: seconds, not milliseconds.
  this.timeout(90_000);
  it('when any history of status updates, moved slutdatum, requests, answers and effect follow-ups is entered, then the Översikt lists exactly the brister the matter page says lack a follow-up, and counts the moves and waiting requests the action pages show', async () => {
    const clock = fixedClock(`${TODAY}T10:00:00`);
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 0, maxLength: 14 }), async (steps) => {
        const db = await freshDb();
        try {
          const { matterId, actionIds } = await enter(db, steps);
          const overview = await overviewPage(db, DAYS)(clock);
          const page = await matterPages(db, DAYS)(clock, matterId);

          const missing = page.findings.filter((f) => f.effectFollowUp.state === 'missing').map((f) => f.id);
          expect(overview.followUpsMissing.total, 'Uppföljning saknas: count').to.equal(missing.length);
          expect(
            overview.followUpsMissing.items.map((f) => f.findingId),
            'Uppföljning saknas: brister',
          ).to.deep.equal(missing);

          const updates = await listUpdatesOf(db, { actionIds });
          const since = clock.now().minus({ days: 30 }).toUTC().toISO()!;
          let moves = 0;
          let pending = 0;
          for (const id of actionIds) {
            const own = updates.filter((u) => u.actionId === id);
            moves += dueDateHistory('', own).moves.filter((m) => m.at >= since).length;
            if (pendingDueRequest(own)) pending += 1;
          }
          expect(overview.movedDueDates, 'slutdatum flyttade de senaste 30 dagarna').to.equal(moves);
          expect(overview.pendingDueRequests, 'begäranden om nytt slutdatum').to.equal(pending);
        } finally {
          await db.destroy();
        }
      }),
      {
        numRuns: 60,
        seed: 20261207,
        examples: [
          // Brist A: both actions finished long ago, then one reopened and finished again lately.
          [
            [
              { afterHours: 24 * 100, action: 0, finding: 0, op: { kind: 'status', status: 'done' } },
              { afterHours: 22, action: 1, finding: 0, op: { kind: 'status', status: 'cancelled' } },
              { afterHours: 24 * 60, action: 0, finding: 0, op: { kind: 'status', status: 'in_progress' } },
              { afterHours: 24 * 40, action: 0, finding: 0, op: { kind: 'status', status: 'done' } },
            ],
          ],
          // Brister B and C finished at 23:00 in Sweden (21:00 UTC) on 16 June, the last day that
          // is more than 90 days before 15 September: missing. At midnight (22:00 UTC): not yet.
          [
            [
              { afterHours: 4000, action: 2, finding: 0, op: { kind: 'status', status: 'done' } },
              { afterHours: 5, action: 3, finding: 0, op: { kind: 'status', status: 'done' } },
            ],
          ],
          [
            [
              { afterHours: 4000, action: 2, finding: 0, op: { kind: 'status', status: 'done' } },
              { afterHours: 6, action: 3, finding: 0, op: { kind: 'status', status: 'done' } },
            ],
          ],
          // A request, a direct move while it waits, then the answer.
          [
            [
              { afterHours: 24 * 240, action: 3, finding: 0, op: { kind: 'request', days: 14 } },
              { afterHours: 5, action: 3, finding: 0, op: { kind: 'move', days: 7 } },
              { afterHours: 5, action: 3, finding: 0, op: { kind: 'answer', approve: true } },
              { afterHours: 5, action: 2, finding: 0, op: { kind: 'request', days: 3 } },
            ],
          ],
        ],
      },
    );
  });
});
