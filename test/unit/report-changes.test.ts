import { expect } from 'chai';
import { changesSince } from '../../src/reports/changes.ts';
import type {
  PreviousReport,
  ReportActionData,
  ReportMatterData,
  ReportUpdateData,
} from '../../src/reports/report-data.ts';

const PREVIOUS: PreviousReport = {
  documentId: 'AR-20260225-1-v1',
  issuedAt: '2026-02-20T10:00:00.000Z',
  issuedOn: '2026-02-20',
  meetingOn: '2026-02-25',
};
const PERIOD = { asOf: '2026-03-16T09:00:00.000Z', today: '2026-03-16' };

function action(id: number, over: Partial<ReportActionData> = {}): ReportActionData {
  return {
    id,
    title: `Åtgärd ${id}`,
    ownerName: 'Åsa Öberg',
    dueOn: '2026-06-30',
    status: 'not_started',
    createdAt: '2026-01-10T09:00:00.000Z',
    ...over,
  };
}

let nextId = 1;
function update(
  actionId: number,
  createdAt: string,
  from: ReportUpdateData['fromStatus'],
  to: ReportUpdateData['toStatus'],
  comment = '',
): ReportUpdateData {
  nextId += 1;
  return {
    id: nextId,
    actionId,
    createdAt,
    fromStatus: from,
    toStatus: to,
    comment,
    userName: 'Bo Ek',
    fromDueOn: null,
    toDueOn: null,
    dueRequest: null,
  };
}

function matter(id: number, over: Partial<ReportMatterData> = {}): ReportMatterData {
  return {
    id,
    kind: 'lex_sarah_investigation',
    title: `Ärende ${id}`,
    unit: '',
    ivoReference: '',
    ownReference: '',
    decidedOn: null,
    respondBy: null,
    fineAmount: null,
    fineStatus: 'none',
    closedOn: null,
    closedRecordedAt: null,
    closedNote: '',
    createdAt: '2026-01-01T09:00:00.000Z',
    respondBySince: null,
    findings: [],
    submissions: [],
    ...over,
  };
}

describe('report changes since the previous issued report', () => {
  it('when there is no previous issued report, then there is nothing to compare and no change is listed', () => {
    const c = changesSince(null, PERIOD, {
      matters: [matter(1)],
      actions: [action(1)],
      updates: [update(1, '2026-03-01T09:00:00.000Z', 'not_started', 'done')],
    });
    expect(c).to.deep.equal({
      previous: null,
      transitions: [],
      movedDueDates: [],
      newFindings: [],
      submissionsSent: [],
      newActions: [],
      closedActions: [],
      newMatters: [],
      closedMatters: [],
    });
  });

  it('when statuses changed after the previous report, then each transition is listed in time order, and earlier or later ones are not', () => {
    const actions = [action(1, { status: 'done' }), action(2, { status: 'in_progress' })];
    const c = changesSince(PREVIOUS, PERIOD, {
      matters: [],
      actions,
      updates: [
        update(1, '2026-02-01T09:00:00.000Z', 'not_started', 'in_progress'),
        update(1, '2026-03-10T09:00:00.000Z', 'in_progress', 'done', 'Rutinen är antagen'),
        update(2, '2026-03-01T09:00:00.000Z', 'not_started', 'in_progress'),
        update(2, '2026-03-20T09:00:00.000Z', 'in_progress', 'done'),
      ],
    });
    expect(c.transitions.map((t) => [t.actionId, t.fromLabel, t.toLabel, t.comment])).to.deep.equal([
      [2, 'Ej påbörjad', 'Pågår', ''],
      [1, 'Pågår', 'Klar', 'Rutinen är antagen'],
    ]);
  });

  it('when an update only adds a comment, then it is not a status transition', () => {
    const c = changesSince(PREVIOUS, PERIOD, {
      matters: [],
      actions: [action(1)],
      updates: [update(1, '2026-03-01T09:00:00.000Z', 'not_started', 'not_started', 'Väntar på regionen')],
    });
    expect(c.transitions).to.deep.equal([]);
  });

  it('when an action was created after the previous report, then it is new; one created exactly at the issue instant is not', () => {
    const c = changesSince(PREVIOUS, PERIOD, {
      matters: [],
      actions: [action(1, { createdAt: '2026-03-01T09:00:00.000Z' }), action(2, { createdAt: PREVIOUS.issuedAt })],
      updates: [
        update(1, '2026-03-01T09:00:00.000Z', null, 'not_started'),
        update(2, PREVIOUS.issuedAt, null, 'not_started'),
      ],
    });
    expect(c.newActions.map((a) => a.actionId)).to.deep.equal([1]);
  });

  it('when an action was finished in the period and is still finished, then it is listed as closed; reopened ones are not', () => {
    const c = changesSince(PREVIOUS, PERIOD, {
      matters: [],
      actions: [
        action(1, { status: 'done' }),
        action(2, { status: 'in_progress' }),
        action(3, { status: 'cancelled' }),
      ],
      updates: [
        update(1, '2026-03-02T09:00:00.000Z', 'in_progress', 'done'),
        update(2, '2026-03-02T09:00:00.000Z', 'in_progress', 'done'),
        update(2, '2026-03-05T09:00:00.000Z', 'done', 'in_progress', 'Öppnad igen'),
        update(3, '2026-03-03T09:00:00.000Z', 'not_started', 'cancelled'),
      ],
    });
    expect(c.closedActions.map((a) => [a.actionId, a.statusLabel])).to.deep.equal([
      [1, 'Klar'],
      [3, 'Avbruten'],
    ]);
  });

  it('when matters were registered or closed in the period, then they are listed as new or closed', () => {
    const c = changesSince(PREVIOUS, PERIOD, {
      matters: [
        matter(1, { createdAt: '2026-03-01T09:00:00.000Z' }),
        matter(2, { closedOn: '2026-02-20', closedNote: 'IVO avslutade ärendet' }),
        matter(3, { closedOn: '2026-02-19' }),
        matter(4),
      ],
      actions: [],
      updates: [],
    });
    expect(c.newMatters.map((m) => m.matterId)).to.deep.equal([1]);
    expect(c.closedMatters.map((m) => [m.matterId, m.note])).to.deep.equal([[2, 'IVO avslutade ärendet']]);
  });

  it('when brister and redovisningar were registered since the previous report, then they are listed, by when they were recorded', () => {
    const c = changesSince(PREVIOUS, PERIOD, {
      matters: [
        matter(1, {
          title: 'Tillsyn av hemtjänsten',
          findings: [
            {
              id: 10,
              title: 'Gammal brist',
              responseRequired: true,
              actionIds: [],
              createdAt: '2026-01-10T09:00:00.000Z',
              effect: null,
              effectAssessedOn: null,
              effectComment: '',
            },
            {
              id: 11,
              title: 'Ny brist',
              responseRequired: true,
              actionIds: [],
              createdAt: '2026-03-03T09:00:00.000Z',
              effect: null,
              effectAssessedOn: null,
              effectComment: '',
            },
          ],
          submissions: [
            // Sent before the previous report, but registered after it: news to the nämnd.
            {
              sentOn: '2026-02-18',
              findingIds: [10],
              registeredAt: '2026-03-04T09:00:00.000Z',
              findingTitles: ['Gammal brist'],
            },
            {
              sentOn: '2026-01-20',
              findingIds: [10],
              registeredAt: '2026-01-20T09:00:00.000Z',
              findingTitles: ['Gammal brist'],
            },
          ],
        }),
      ],
      actions: [],
      updates: [],
    });
    expect(c.newFindings.map((f) => [f.findingId, f.matterTitle])).to.deep.equal([[11, 'Tillsyn av hemtjänsten']]);
    expect(c.submissionsSent.map((s) => [s.sentOn, s.findingTitles])).to.deep.equal([['2026-02-18', ['Gammal brist']]]);
  });

  it('when a closing is saved with an Avslutat date still to come, then it is still news in the next report', () => {
    const c = changesSince(PREVIOUS, PERIOD, {
      matters: [matter(1, { closedOn: '2026-04-01', closedRecordedAt: '2026-03-10T09:00:00.000Z' })],
      actions: [],
      updates: [],
    });
    expect(c.closedMatters.map((m) => [m.matterId, m.on])).to.deep.equal([[1, '2026-04-01']]);
  });

  it('when an action has no creation entry (imported), then its own creation time decides whether it is new', () => {
    const c = changesSince(PREVIOUS, PERIOD, {
      matters: [],
      actions: [action(1, { createdAt: '2026-03-01T09:00:00.000Z' })],
      updates: [],
    });
    expect(c.newActions.map((a) => a.actionId)).to.deep.equal([1]);
  });
});
