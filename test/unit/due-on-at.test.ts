import { expect } from 'chai';
import { dueOnAt, type DueRequest } from '../../src/actions/action.ts';

// A redovisning registered after its sent date shows the slutdatum as it stood at the end of that day
// in Sweden (src/submissions/submission-model.ts); the moves are read from the action's history.

const move = (
  id: number,
  createdAt: string,
  fromDueOn: string,
  toDueOn: string,
  dueRequest: DueRequest | null = null,
) => ({
  id,
  createdAt,
  fromDueOn,
  toDueOn,
  dueRequest,
});

describe('the slutdatum on a given day (dueOnAt)', () => {
  it('when the slutdatum was moved late in the evening in Sweden, then the move belongs to that Swedish day, not to the UTC date', () => {
    // 22:30 UTC on 13 March is 23:30 in Sweden (CET): moved on the 13th.
    expect(
      dueOnAt('2026-04-30', [move(1, '2026-03-13T22:30:00.000Z', '2026-03-10', '2026-04-30')], '2026-03-13'),
    ).to.equal('2026-04-30');
    // 23:30 UTC on 13 March is 00:30 on the 14th in Sweden: on the 13th the old date stood.
    expect(
      dueOnAt('2026-04-30', [move(1, '2026-03-13T23:30:00.000Z', '2026-03-10', '2026-04-30')], '2026-03-13'),
    ).to.equal('2026-03-10');
    // Summer time (CEST): 21:30 UTC on 14 June is 23:30 in Sweden.
    expect(
      dueOnAt('2026-09-30', [move(1, '2026-06-14T21:30:00.000Z', '2026-06-30', '2026-09-30')], '2026-06-14'),
    ).to.equal('2026-09-30');
  });

  it('when it was moved twice, then each day reads the move made by then; before the first, the first slutdatum', () => {
    const history = [
      move(2, '2026-03-01T09:00:00.000Z', '2026-03-10', '2026-04-30'),
      move(5, '2026-04-20T09:00:00.000Z', '2026-04-30', '2026-06-30'),
    ];
    expect(dueOnAt('2026-06-30', history, '2026-02-15')).to.equal('2026-03-10');
    expect(dueOnAt('2026-06-30', history, '2026-03-01')).to.equal('2026-04-30');
    expect(dueOnAt('2026-06-30', history, '2026-04-19')).to.equal('2026-04-30');
    expect(dueOnAt('2026-06-30', [...history].reverse(), '2026-05-01')).to.equal('2026-06-30');
  });

  it('when a chef asked for a new slutdatum, then only the approval moves it; a request or a declined one does not', () => {
    const history = [
      move(2, '2026-03-01T09:00:00.000Z', '2026-03-10', '2026-04-30', 'requested'),
      move(3, '2026-03-02T09:00:00.000Z', '2026-03-10', '2026-04-30', 'declined'),
      move(4, '2026-03-05T09:00:00.000Z', '2026-03-10', '2026-05-15', 'requested'),
      move(6, '2026-03-09T09:00:00.000Z', '2026-03-10', '2026-05-15', 'approved'),
    ];
    expect(dueOnAt('2026-05-15', history, '2026-03-08')).to.equal('2026-03-10');
    expect(dueOnAt('2026-05-15', history, '2026-03-09')).to.equal('2026-05-15');
  });

  it('when it was never moved, then it is the slutdatum now', () => {
    expect(dueOnAt('2026-06-30', [], '2026-01-01')).to.equal('2026-06-30');
  });
});
