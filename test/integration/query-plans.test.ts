import { expect } from 'chai';
import { CompiledQuery } from 'kysely';
import { openDatabase, type Db } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { listActions } from '../../src/actions/actions.repository.ts';
import type { ActionFilter } from '../../src/actions/action.ts';
import { aCommittee, aFinding, aMatter, anAction, aPerson } from '../helpers/builders.ts';
import { TODAY } from '../helpers/app.ts';

// Migration 007's partial indexes serve only queries that state their condition the same way
// (the open statuses as literals). Written with bound parameters, the list still answers
// correctly, only slower at scale; so this test reads SQLite's plan for each of the list's
// statements: the count, the page's ids (read from the start or from the end) and its rows.
describe('Query plans of the action list', () => {
  let db: Db;
  const statements = new Set<string>();
  let committeeId: number;
  let ownerId: number;

  before(async () => {
    db = openDatabase(':memory:', { trace: (sql) => statements.add(sql) });
    await migrateToLatest(db);
    committeeId = await aCommittee(db);
    ownerId = await aPerson(db, 'Cecilia Exempelchef');
    const finding = await aFinding(db, await aMatter(db, { committeeId }));
    for (const dueOn of ['2026-03-01', '2026-03-02', '2026-03-03'])
      await anAction(db, { committeeId, ownerId, findingIds: [finding], dueOn, comment: 'Påbörjad' });
  });

  after(() => db.destroy());

  /** The plan of each statement the list ran, by what it is for. */
  async function plansOf(
    filter: ActionFilter,
    page: { limit: number; offset: number },
  ): Promise<{ count: string; ids: string; rows: string }> {
    statements.clear();
    const { items } = await listActions(db, filter, TODAY, page);
    expect(items).to.have.length(1);
    const plan = async (sql: string) => {
      // The plan does not depend on the values bound here (the conditions that pick the index are literal).
      const unbound = Array.from(sql.matchAll(/\?/g), () => null);
      return (await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${sql}`, unbound))).rows
        .map((r) => r.detail)
        .join('\n');
    };
    const one = (test: RegExp) => {
      const found = [...statements].filter((s) => test.test(s));
      expect(found, `one statement matching ${test}`).to.have.length(1);
      return plan(found[0]);
    };
    return {
      count: await one(/^select count\(\*\)/),
      ids: await one(/^select "actions"\."id" from "actions"/),
      rows: await one(/json_each/),
    };
  }

  it("when the list shows Försenad in one nämnd, then its page is found in the nämnd's partial index of open actions, also read from the end, its count among open actions only, and each newest comment in the comment index", async () => {
    for (const offset of [0, 2]) {
      const { count, ids, rows } = await plansOf({ status: 'overdue', committeeId }, { limit: 1, offset });
      // Counting needs no table rows: SQLite may as well seek the two open statuses in migration 006's covering index.
      expect(count, 'count').to.match(
        /USING (INDEX actions_open_committee_due|COVERING INDEX actions_committee_status_due \(committee_id=\? AND status=\?)/,
      );
      expect(ids, `ids from offset ${offset}`).to.contain('actions_open_committee_due');
      expect(rows, 'rows').to.contain('action_updates_note');
    }
  });

  it("when the list shows one ansvarig's open actions, then they are found in the owner's partial index", async () => {
    const { count, ids } = await plansOf({ status: 'open', ownerId }, { limit: 1, offset: 0 });
    expect(count).to.contain('actions_open_owner_due');
    expect(ids).to.contain('actions_open_owner_due');
  });
});
