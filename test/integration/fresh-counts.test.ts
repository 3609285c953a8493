import { expect } from 'chai';
import fc from 'fast-check';
import { sql } from 'kysely';
import { freshDb } from '../helpers/app.ts';
import { aCommittee, aFinding, aMatter, aPerson } from '../helpers/builders.ts';
import * as freshCounts from '../../db/migrations/016_fresh_counts.ts';
import { fixedClock, swedishDayStart, type Clock } from '../../src/clock.ts';
import { addDays } from '../../src/deadlines/calendar.ts';
import type { Db } from '../../src/db/connection.ts';
import type { User } from '../../src/users/user.ts';
import type { Role } from '../../src/users/roles.ts';
import { ACTION_STATUSES, type ActionStatus } from '../../src/actions/action.ts';
import {
  countStaleActions,
  createAction,
  editAction,
  findingIdsOfAction,
  getAction,
  updateStatus,
} from '../../src/actions/actions.service.ts';
import { getFinding, recordEffect } from '../../src/findings/findings.service.ts';
import { closeMatter, getMatter, reopenMatter } from '../../src/matters/matters.service.ts';
import { listOwedResponses, owedFindingCount, withCommittee } from '../../src/matters/matters.repository.ts';
import { overviewPage } from '../../src/overview/overview.service.ts';
import { previewPlan, importPlan } from '../../src/transfer/plan-import.service.ts';
import { InvalidInputError, NotFoundError } from '../../src/shared/errors.ts';
import * as monthCounts from '../../db/migrations/019_month_counts.ts';
import { deadlineTimeline } from '../../src/overview/charts.ts';

// Migration 016 keeps the Översikt's counts in tables its triggers write with every change. Here
// random histories are written by the app's services and by plain SQL (as import, the API or the
// seed script may write), and then the tables must equal a rebuild from scratch, and the Översikt
// must say what a count over the rows themselves says.

const instantAt = (hours: number) => new Date(Date.UTC(2026, 0, 1) + hours * 3_600_000).toISOString();
const DAYS = { warningDays: 14, followUpDays: 90, staleDays: 30 };
const OPEN: readonly string[] = ['not_started', 'in_progress'];

const op = fc.oneof(
  fc.record({ kind: fc.constant('status' as const), action: fc.nat(7), status: fc.constantFrom(...ACTION_STATUSES) }),
  fc.record({ kind: fc.constant('move' as const), action: fc.nat(7), days: fc.integer({ min: -40, max: 60 }) }),
  fc.record({ kind: fc.constant('setDue' as const), action: fc.nat(7), days: fc.integer({ min: -40, max: 60 }) }),
  fc.record({ kind: fc.constant('relink' as const), action: fc.nat(7), finding: fc.nat(5) }),
  fc.record({ kind: fc.constant('create' as const), finding: fc.nat(5), days: fc.integer({ min: -30, max: 60 }) }),
  fc.record({ kind: fc.constant('effect' as const), finding: fc.nat(5) }),
  fc.record({ kind: fc.constant('close' as const), matter: fc.nat(2) }),
  fc.record({ kind: fc.constant('submission' as const), finding: fc.nat(5) }),
  fc.record({ kind: fc.constant('unlink' as const), action: fc.nat(7) }),
  fc.record({ kind: fc.constant('deleteFinding' as const), finding: fc.nat(5) }),
);
const step = fc.record({ afterHours: fc.integer({ min: 1, max: 24 * 20 }), op });
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

async function aUser(db: Db, name: string, role: Role): Promise<User> {
  const id = await aPerson(db, name, role);
  return { id, name, role, email: '', active: true, version: 1, createdAt: '' };
}

/** Three matters (the last in another nämnd), six brister, four actions; then the steps. */
async function enter(db: Db, steps: Step[], viewed: () => Promise<unknown>) {
  const committees = [await aCommittee(db), await aCommittee(db, 'Arbetsmarknadsnämnden')];
  const director = await aUser(db, 'Eva Exempel', 'director');
  const chef = await aUser(db, 'Karin Exempelsson', 'manager');
  const matterIds = [
    await aMatter(db, { committeeId: committees[0], title: 'Tillsyn B', respondBy: '2026-04-04' }),
    await aMatter(db, { committeeId: committees[0], title: 'Tillsyn A', respondBy: '2026-09-30' }),
    await aMatter(db, { committeeId: committees[1], title: 'Lex Sarah', respondBy: null }),
  ];
  const findingIds = [
    await aFinding(db, matterIds[0], 'Brist 1'),
    await aFinding(db, matterIds[0], 'Brist 2', false),
    await aFinding(db, matterIds[1], 'Brist 3'),
    await aFinding(db, matterIds[1], 'Brist 4'),
    await aFinding(db, matterIds[2], 'Brist 5'),
    await aFinding(db, matterIds[2], 'Brist 6'),
  ];
  const committeeOf = (findingId: number) => committees[findingIds.indexOf(findingId) < 4 ? 0 : 1];
  let hours = 24 * 30;
  const clockNow = (): Clock => fixedClock(instantAt(hours));
  const actionIds: number[] = [];
  const create = (findings: number[], dueOn: string) =>
    createAction(db, clockNow(), director, {
      title: `Åtgärd ${actionIds.length + 1}`,
      description: '',
      ownerId: chef.id,
      dueOn,
      findingIds: findings,
    });
  for (const f of [[0], [0, 1], [2], [4, 5]])
    actionIds.push(
      await create(
        f.map((i) => findingIds[i]),
        '2026-03-31',
      ),
    );
  // The Översikt is viewed before the changes, as it is in use: they must keep what it reads up to date.
  await viewed();
  for (const s of steps) {
    hours += s.afterHours;
    const clock = clockNow();
    const day = instantAt(hours).slice(0, 10);
    const o = s.op;
    try {
      if ('action' in o && o.action >= actionIds.length) continue;
      switch (o.kind) {
        case 'status': {
          const a = await getAction(db, actionIds[o.action]);
          await updateStatus(db, clock, chef, a.id, a.version, { status: o.status, comment: 'Läget' });
          break;
        }
        case 'move':
        case 'relink': {
          const a = await getAction(db, actionIds[o.action]);
          const linked = await findingIdsOfAction(db, a.id);
          const other = findingIds[o.kind === 'relink' ? o.finding : 0];
          // An action's brister stay in one nämnd (the service refuses others).
          const findings =
            o.kind === 'relink' && committeeOf(other) === a.committeeId && !linked.includes(other)
              ? [...linked, other]
              : linked;
          await editAction(db, clock, director, a.id, a.version, {
            title: a.title,
            description: '',
            ownerId: a.ownerId,
            dueOn: o.kind === 'move' ? addDays(a.dueOn, o.days) : a.dueOn,
            findingIds: findings,
            dueDateReason: 'Nytt underlag',
          });
          break;
        }
        case 'setDue': {
          // A slutdatum set by plain SQL (as an approved request sets it): no link is rewritten.
          const a = await getAction(db, actionIds[o.action]);
          await db
            .updateTable('actions')
            .set({ due_on: addDays(a.dueOn, o.days) })
            .where('id', '=', a.id)
            .execute();
          break;
        }
        case 'create':
          actionIds.push(await create([findingIds[o.finding]], addDays(day, o.days)));
          break;
        case 'effect': {
          const f = await getFinding(db, findingIds[o.finding]);
          await recordEffect(db, clock, director, f.id, f.version, { effect: 'partly', assessedOn: day, comment: '' });
          break;
        }
        case 'close': {
          const m = await getMatter(db, matterIds[o.matter]);
          if (m.closedOn) await reopenMatter(db, clock, director, m.id, m.version);
          else await closeMatter(db, clock, director, m.id, m.version, day, 'Avslutat av IVO');
          break;
        }
        case 'submission': {
          // A redovisning as the submissions repository stores it, minus its documents.
          const f = await db
            .selectFrom('findings')
            .select('matter_id')
            .where('id', '=', findingIds[o.finding])
            .executeTakeFirst();
          if (!f) break;
          const round = Number(
            (
              await db
                .selectFrom('submissions')
                .select((eb) => eb.fn.countAll<number>().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          );
          const { id } = await db
            .insertInto('submissions')
            .values({
              matter_id: f.matter_id,
              round_no: round + 1,
              sent_on: day,
              note: '',
              document_id: `RED-${round + 1}`,
              snapshot: '{}',
              pdf: Buffer.from(''),
              sha256: '',
              registered_by: director.id,
              registered_at: instantAt(hours),
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await db
            .insertInto('submission_findings')
            .values({ submission_id: id, finding_id: findingIds[o.finding] })
            .execute();
          break;
        }
        case 'unlink': {
          // A link removed by plain SQL, as a data fix would: the action may be left without brister.
          const [first] = await findingIdsOfAction(db, actionIds[o.action]);
          if (first !== undefined)
            await db
              .deleteFrom('action_findings')
              .where('action_id', '=', actionIds[o.action])
              .where('finding_id', '=', first)
              .execute();
          break;
        }
        case 'deleteFinding':
          // A brist a redovisning covers stays (submission_findings is append-only).
          if (
            await db
              .selectFrom('submission_findings')
              .select('finding_id')
              .where('finding_id', '=', findingIds[o.finding])
              .executeTakeFirst()
          )
            break;
          await db.deleteFrom('action_findings').where('finding_id', '=', findingIds[o.finding]).execute();
          await db.deleteFrom('findings').where('id', '=', findingIds[o.finding]).execute();
          break;
      }
    } catch (e) {
      // A step the app refuses (a deleted brist, an unchanged status without comment) changes nothing.
      if (!(e instanceof InvalidInputError || e instanceof NotFoundError)) throw e;
    }
  }
}

async function derivedTables(db: Db): Promise<Record<string, unknown[]>> {
  const tables: Record<string, unknown[]> = {};
  for (const t of [...freshCounts.DERIVED_TABLES, ...monthCounts.DERIVED_TABLES])
    tables[t] = (await sql.raw(`SELECT * FROM ${t} ORDER BY 1, 2`).execute(db)).rows;
  return tables;
}

/** The tables as migrations 016 and 019 build them from scratch (for the same day of the per-matter counts). */
async function rebuilt(db: Db): Promise<Record<string, unknown[]>> {
  const day = await sql<{ day: string }>`SELECT day FROM matter_action_counts_day`.execute(db);
  await monthCounts.down(db);
  await freshCounts.down(db);
  await freshCounts.up(db);
  await monthCounts.up(db);
  if (day.rows[0])
    await sql`INSERT INTO matter_action_counts_day (only, day) VALUES (1, ${day.rows[0].day})`.execute(db);
  return derivedTables(db);
}

/** The Översikt's figures counted in JS from the rows themselves. */
async function countedFromRows(db: Db, today: string) {
  const actions = await db.selectFrom('actions').select(['id', 'status', 'due_on']).execute();
  const updates = await db.selectFrom('action_updates').select(['action_id', 'created_at']).execute();
  const links = await db
    .selectFrom('action_findings')
    .innerJoin('findings', 'findings.id', 'action_findings.finding_id')
    .innerJoin('matters', 'matters.id', 'findings.matter_id')
    .where('matters.closed_on', 'is', null)
    .select(['action_findings.action_id', 'findings.matter_id', 'matters.title'])
    .execute();
  const open = (a: { status: string }) => OPEN.includes(a.status);
  const byStatus = { not_started: 0, in_progress: 0, done: 0, cancelled: 0, overdue: 0 };
  for (const a of actions) {
    byStatus[a.status as ActionStatus] += 1;
    if (open(a) && a.due_on < today) byStatus.overdue += 1;
  }
  const staleSince = swedishDayStart(addDays(today, -DAYS.staleDays));
  const stale = actions.filter(
    (a) => open(a) && !updates.some((u) => u.action_id === a.id && u.created_at >= staleSince),
  );
  const perMatter = new Map<number, { title: string; ids: Set<number> }>();
  for (const l of links) {
    const m = perMatter.get(l.matter_id) ?? { title: l.title, ids: new Set<number>() };
    m.ids.add(l.action_id);
    perMatter.set(l.matter_id, m);
  }
  const matters = [...perMatter].map(([matterId, m]) => {
    const mine = actions.filter((a) => m.ids.has(a.id));
    const counts = {
      overdue: mine.filter((a) => open(a) && a.due_on < today).length,
      not_started: mine.filter((a) => a.status === 'not_started' && a.due_on >= today).length,
      in_progress: mine.filter((a) => a.status === 'in_progress' && a.due_on >= today).length,
      done: mine.filter((a) => a.status === 'done').length,
      cancelled: mine.filter((a) => a.status === 'cancelled').length,
    };
    return { matterId, title: m.title, counts, total: mine.length };
  });
  matters.sort(
    (x, y) =>
      y.counts.overdue - x.counts.overdue ||
      y.counts.overdue +
        y.counts.not_started +
        y.counts.in_progress -
        (x.counts.overdue + x.counts.not_started + x.counts.in_progress) ||
      y.total - x.total ||
      (x.title < y.title ? -1 : x.title > y.title ? 1 : 0) ||
      x.matterId - y.matterId,
  );
  return { byStatus, stale: stale.length, matters };
}

describe('the Översikt counts kept with each write (migration 016)', function () {
  this.timeout(120_000);

  it('when any history of status updates, moved and set slutdatum, new and relinked actions, unlinked and deleted brister, closed matters, redovisningar and effect follow-ups is written, then the kept counts equal a rebuild from scratch and the Översikt counts what the rows say', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 0, maxLength: 16 }),
        fc.integer({ min: 0, max: 300 }),
        async (steps, dayOffset) => {
          const db = await freshDb();
          try {
            const today = addDays('2026-02-01', dayOffset);
            const clock = fixedClock(`${today}T10:00:00`);
            await enter(db, steps, () => overviewPage(db, DAYS)(clock));
            const overview = await overviewPage(db, DAYS)(clock);
            const counted = await countedFromRows(db, today);
            expect(overview.counts, 'åtgärder per status').to.deep.equal(counted.byStatus);
            expect(overview.overdue.total, 'försenade').to.equal(counted.byStatus.overdue);
            expect(overview.staleActions, 'ej uppdaterade').to.equal(counted.stale);
            expect(await countStaleActions(db, clock, 1), 'ej uppdaterade på en dag').to.equal(
              await countStaleActionsByRows(db, today, 1),
            );
            expect(overview.charts.status.matters, 'ärenden i statusbilden').to.deep.equal(
              counted.matters.slice(0, 15),
            );
            expect(overview.charts.status.mattersWithActions).to.equal(counted.matters.length);
            const owed = await listOwedResponses(db, null);
            // The svarsdatum listed (read from migration 016's owed_matters) are those the rule picks from the rows.
            const owedByRule = await withCommittee(db)
              .where('matters.closed_on', 'is', null)
              .where('matters.respond_by', 'is not', null)
              .where(sql<boolean>`${owedFindingCount()} > 0`)
              .orderBy('matters.respond_by')
              .orderBy('matters.id')
              .execute();
            expect(
              owed.map((m) => m.id),
              'svarsdatum att bevaka',
            ).to.deep.equal(owedByRule.map((m) => m.id));
            const passed = owed.filter((m) => m.respondBy! < today).length;
            const timelinePassed = overview.charts.timeline.periods.find((p) => p.key === 'passed');
            expect(timelinePassed?.responses ?? 0, 'svarsdatum som passerats').to.equal(passed);
            // Every month of the timeline, from the rows (019 sums whole months, 016 the days at the ends).
            const openDue = (await db.selectFrom('actions').select(['status', 'due_on']).execute())
              .filter((a) => OPEN.includes(a.status))
              .map((a) => a.due_on);
            expect(overview.charts.timeline.periods, 'tidslinjen: svarsdatum och åtgärder per månad').to.deep.equal(
              deadlineTimeline(
                today,
                owed.map((m) => m.respondBy!),
                openDue,
              ),
            );
            const openMatters = await db.selectFrom('matters').select('id').where('closed_on', 'is', null).execute();
            expect(
              overview.charts.status.mattersWithActions + overview.charts.status.mattersWithoutActions,
              'öppna ärenden',
            ).to.equal(openMatters.length);

            expect(await derivedTables(db), 'kept counts').to.deep.equal(await rebuilt(db));
          } finally {
            await db.destroy();
          }
        },
      ),
      {
        numRuns: 40,
        seed: 20261206,
        examples: [
          // Finished, then a comment on the finished action and a moved slutdatum: still finished since the first.
          [
            [
              { afterHours: 24, op: { kind: 'status', action: 0, status: 'done' } },
              { afterHours: 24 * 30, op: { kind: 'status', action: 0, status: 'done' } },
              { afterHours: 24 * 30, op: { kind: 'move', action: 0, days: 10 } },
            ],
            120,
          ],
          // Slutdatum moved past today (1 June) and back: Försenad, then not, in the matter's bar.
          [
            [
              { afterHours: 24, op: { kind: 'setDue', action: 2, days: 70 } },
              { afterHours: 24, op: { kind: 'setDue', action: 3, days: 70 } },
              { afterHours: 24, op: { kind: 'move', action: 3, days: -70 } },
            ],
            120,
          ],
        ],
      },
    );
  });

  it('when matters are closed, reopened and deleted by plain SQL, then the open-matter count equals a rebuild and the Översikt counts the open ones', async () => {
    const db = await freshDb();
    try {
      const committeeId = await aCommittee(db);
      const ids = [];
      for (const [title, closedOn] of [
        ['Tillsyn av handläggningen', null],
        ['Lex Sarah-utredning om bemötande', '2026-01-15'],
        ['Tillsyn av boendet Exempelgården', null],
        ['Klagomål på handläggningstider', '2026-02-01'],
      ] as const)
        ids.push(await aMatter(db, { committeeId, title, closedOn }));
      await db.updateTable('matters').set({ closed_on: '2026-03-01' }).where('id', '=', ids[2]).execute();
      await db.updateTable('matters').set({ closed_on: null }).where('id', '=', ids[3]).execute();
      // The last open one and a closed one go: each count reaches 0 or falls, and a 0 is not kept.
      await db.deleteFrom('matters').where('id', 'in', [ids[0], ids[1]]).execute();
      await db.deleteFrom('matters').where('id', '=', ids[3]).execute();
      expect(await derivedTables(db), 'kept counts').to.deep.equal(await rebuilt(db));
      const status = (await overviewPage(db, DAYS)(fixedClock('2026-03-16T10:00:00'))).charts.status;
      expect(status.mattersWithActions + status.mattersWithoutActions, 'öppna ärenden').to.equal(0);
      await aMatter(db, { committeeId, title: 'Ny tillsyn' });
      const after = (await overviewPage(db, DAYS)(fixedClock('2026-03-16T10:00:00'))).charts.status;
      expect(after.mattersWithoutActions, 'öppna ärenden utan åtgärder').to.equal(1);
      expect(await derivedTables(db), 'kept counts').to.deep.equal(await rebuilt(db));
    } finally {
      await db.destroy();
    }
  });

  it('when a plan is imported, then the Översikt counts its actions and brister at once', async () => {
    const db = await freshDb();
    try {
      const committeeId = await aCommittee(db);
      const director = await aUser(db, 'Eva Exempel', 'director');
      await db.updateTable('users').set({ email: 'eva@exempelkommun.se' }).where('id', '=', director.id).execute();
      await aMatter(db, { committeeId, ownReference: 'SN 2026/7', respondBy: '2026-05-04' });
      const clock = fixedClock('2026-03-16T10:00:00');
      const before = await overviewPage(db, DAYS)(clock);
      const row = (line: number, finding: string, action: string, dueOn: string, status: string) => ({
        line,
        cells: {
          matter: 'SN 2026/7',
          finding,
          responseRequired: 'Ja',
          action,
          owner: 'eva@exempelkommun.se',
          dueOn,
          status,
        },
        dueDate: null,
      });
      const preview = await previewPlan(db, [
        row(2, 'Brister i dokumentationen', 'Rutin för dokumentation', '2026-03-01', 'Pågår'),
        row(3, 'Brister i utredningstider', 'Veckovis uppföljning', '2026-03-20', 'Ej påbörjad'),
        row(4, 'Brister i utredningstider', 'Utbildning', '2025-12-01', 'Klar'),
      ]);
      expect(preview.valid, JSON.stringify(preview)).to.equal(true);
      await importPlan(db, clock, director, preview);
      const after = await overviewPage(db, DAYS)(clock);
      expect(before.counts).to.deep.equal({ not_started: 0, in_progress: 0, done: 0, cancelled: 0, overdue: 0 });
      expect(after.counts).to.deep.equal({ not_started: 1, in_progress: 1, done: 1, cancelled: 0, overdue: 1 });
      expect(after.soon.total, 'Snart: slutdatum inom 14 dagar').to.equal(1);
      expect(after.charts.status.matters.map((m) => m.total)).to.deep.equal([3]);
      expect(await derivedTables(db)).to.deep.equal(await rebuilt(db));
    } finally {
      await db.destroy();
    }
  });
});

/** Open actions without a history entry since the day `staleDays` before `today` began in Sweden. */
async function countStaleActionsByRows(db: Db, today: string, staleDays: number): Promise<number> {
  const since = swedishDayStart(addDays(today, -staleDays));
  const r = await sql<{ n: number }>`
    SELECT count(*) AS n FROM actions a WHERE a.status IN ('not_started', 'in_progress')
      AND NOT EXISTS (SELECT 1 FROM action_updates u WHERE u.action_id = a.id AND u.created_at >= ${since})`.execute(
    db,
  );
  return Number(r.rows[0].n);
}
