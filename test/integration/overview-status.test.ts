import { expect } from 'chai';
import { freshDb } from '../helpers/app.ts';
import { aCommittee, aFinding, aMatter, anAction, aPerson } from '../helpers/builders.ts';
import { topMatterStatus } from '../../src/overview/overview.repository.ts';
import type { ActionStatus } from '../../src/actions/action.ts';
import type { StatusSegment } from '../../src/overview/charts.ts';
import type { Db } from '../../src/db/connection.ts';

const TODAY = '2026-03-16';

function counts(partial: Partial<Record<StatusSegment, number>>): Record<StatusSegment, number> {
  return { overdue: 0, not_started: 0, in_progress: 0, done: 0, cancelled: 0, ...partial };
}

// The Översikt's "status per ärende" picture, counted in SQL over the real schema.
describe('Översikt: actions per status for each open matter', () => {
  let db: Db;
  let committeeId: number;
  let ownerId: number;
  const matter = async (title: string) => {
    const id = await aMatter(db, { committeeId, title });
    return { id, finding: await aFinding(db, id) };
  };
  const action = (findingIds: number[], status: ActionStatus, dueOn = '2026-12-01') =>
    anAction(db, { committeeId, ownerId, findingIds, status, dueOn });

  beforeEach(async () => {
    db = await freshDb();
    committeeId = await aCommittee(db);
    ownerId = await aPerson(db, 'Anna Berg');
  });
  afterEach(() => db.destroy());

  it('when an unfinished action is past its slutdatum, then it counts as Försenad and not as its stored status', async () => {
    const m = await matter('Ärende 1');
    await action([m.finding], 'in_progress', '2026-03-15');
    await action([m.finding], 'not_started', '2026-03-16');
    await action([m.finding], 'done', '2026-01-01');
    const [status] = (await topMatterStatus(db, TODAY, 15)).matters;
    expect(status.counts).to.deep.equal(counts({ overdue: 1, not_started: 1, done: 1 }));
    expect(status.total).to.equal(3);
  });

  it('when an action addresses two findings of the same matter, then it is counted once; in two matters, once in each', async () => {
    const one = await matter('Ärende 1');
    const secondFinding = await aFinding(db, one.id, 'Brister i dokumentation');
    const two = await matter('Ärende 2');
    await action([one.finding, secondFinding, two.finding], 'in_progress');
    const result = await topMatterStatus(db, TODAY, 15);
    expect(result.matters.map((m) => [m.matterId, m.total])).to.deep.equal([
      [one.id, 1],
      [two.id, 1],
    ]);
  });

  it('when matters are ranked, then those with most overdue come first, then most unfinished; a matter without actions is counted but not drawn', async () => {
    const none = await matter('Ärende 1');
    const two = await matter('Ärende 2');
    const three = await matter('Ärende 3');
    const four = await matter('Ärende 4');
    await action([two.finding], 'done');
    await action([three.finding], 'in_progress');
    await action([three.finding], 'not_started');
    await action([four.finding], 'in_progress', '2026-01-01');
    await action([two.finding], 'in_progress');
    const result = await topMatterStatus(db, TODAY, 15);
    expect(result.matters.map((m) => m.matterId)).to.deep.equal([four.id, three.id, two.id]);
    expect(result.matters.map((m) => m.matterId)).not.to.include(none.id);
    expect([result.withActions, result.openMatters]).to.deep.equal([3, 4]);
    expect((await topMatterStatus(db, TODAY, 2)).matters.map((m) => m.matterId)).to.deep.equal([four.id, three.id]);
  });
});
