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
// correctly, only slower at scale; so this test reads SQLite's plan for the list's statements.
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
    await anAction(db, { committeeId, ownerId, findingIds: [finding], dueOn: '2026-03-01', comment: 'Påbörjad' });
  });

  after(() => db.destroy());

  async function indexesUsedBy(filter: ActionFilter): Promise<string> {
    statements.clear();
    const { items } = await listActions(db, filter, TODAY, { limit: 50, offset: 0 });
    expect(items).to.have.length(1);
    const plans: string[] = [];
    for (const sql of [...statements].filter((s) => s.includes('"actions"'))) {
      // The plan does not depend on the values bound here (the conditions that pick the index are literal).
      const unbound = Array.from(sql.matchAll(/\?/g), () => null);
      const rows = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${sql}`, unbound));
      plans.push(...rows.rows.map((r) => r.detail));
    }
    return plans.join('\n');
  }

  it('when the list shows Försenad in one nämnd, then the open actions are found in the nämnd\'s partial index, and each newest comment in the comment index', async () => {
    const plan = await indexesUsedBy({ status: 'overdue', committeeId });
    expect(plan).to.contain('actions_open_committee_due').and.contain('action_updates_comment');
  });

  it('when the list shows one ansvarig\'s open actions, then they are found in the owner\'s partial index', async () => {
    expect(await indexesUsedBy({ status: 'open', ownerId })).to.contain('actions_open_owner_due');
  });
});
