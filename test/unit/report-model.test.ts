import { expect } from 'chai';
import { buildReport, isMatterIncluded, type ReportInput } from '../../src/reports/report-model.ts';
import type { ReportActionData, ReportMatterData, ReportUpdateData } from '../../src/reports/report-data.ts';

const TODAY = '2026-03-16';
const AS_OF = '2026-03-16T09:00:00.000Z';

function matter(over: Partial<ReportMatterData> = {}): ReportMatterData {
  return {
    id: 1,
    kind: 'ivo_supervision',
    title: 'Handläggning och dokumentation',
    unit: 'Vuxen',
    ivoReference: '8.5-12345/2025',
    ownReference: 'SN 2025/123',
    decidedOn: '2025-11-04',
    respondBy: '2026-04-04',
    fineAmount: null,
    fineStatus: 'none',
    closedOn: null,
    closedRecordedAt: null,
    closedNote: '',
    createdAt: '2025-11-05T08:00:00.000Z',
    respondBySince: null,
    findings: [],
    submissions: [],
    ...over,
  };
}

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

function update(
  id: number,
  actionId: number,
  createdAt: string,
  from: ReportUpdateData['fromStatus'],
  to: ReportUpdateData['toStatus'],
  comment = '',
): ReportUpdateData {
  return {
    id,
    actionId,
    createdAt,
    fromStatus: from,
    toStatus: to,
    comment,
    userName: 'Åsa Öberg',
    fromDueOn: null,
    toDueOn: null,
    dueRequest: null,
  };
}

function input(over: Partial<ReportInput> = {}): ReportInput {
  return {
    committee: { id: 1, name: 'Socialnämnden', administration: 'Socialförvaltningen' },
    meeting: { id: 7, heldOn: '2026-03-25', title: '', ownReference: 'SN 2026/12' },
    nextMeetingOn: '2026-04-22',
    preparedBy: 'Stina Sekreterare',
    asOf: AS_OF,
    today: TODAY,
    warningDays: 14,
    followUpDays: 90,
    previous: null,
    matters: [],
    actions: [],
    updates: [],
    ...over,
  };
}

describe('report model: what goes into an återrapportering', () => {
  it('when built, then the heading names the nämnd, the meeting, the title, eget dnr, who prepared it and the date', () => {
    const r = buildReport(input());
    expect(r.heading).to.include({
      title: 'Återrapportering av åtgärdsplan',
      committeeName: 'Socialnämnden',
      meetingOn: '2026-03-25',
      ownReference: 'SN 2026/12',
      preparedBy: 'Stina Sekreterare',
      date: TODAY,
    });
  });

  it('when the meeting has its own title, then that is the report title', () => {
    expect(
      buildReport(
        input({ meeting: { id: 7, heldOn: '2026-03-25', title: 'Extra återrapportering', ownReference: '' } }),
      ).heading.title,
    ).to.equal('Extra återrapportering');
  });

  it('when actions have different statuses, then the summary counts each status once per action, even when it addresses two findings', () => {
    const m = matter({
      findings: [
        {
          id: 10,
          title: 'Utredningstider',
          responseRequired: true,
          actionIds: [1, 2],
          createdAt: '2025-11-05T08:00:00.000Z',
          effect: null,
          effectAssessedOn: null,
          effectComment: '',
        },
        {
          id: 11,
          title: 'Dokumentation',
          responseRequired: true,
          actionIds: [2, 3, 4],
          createdAt: '2025-11-05T08:00:00.000Z',
          effect: null,
          effectAssessedOn: null,
          effectComment: '',
        },
      ],
    });
    const r = buildReport(
      input({
        matters: [m],
        actions: [
          action(1, { status: 'done' }),
          action(2, { status: 'in_progress' }),
          action(3, { status: 'in_progress' }),
          action(4, { status: 'cancelled' }),
        ],
      }),
    );
    expect(r.summary.totalActions).to.equal(4);
    expect(r.summary.byStatus.map((s) => [s.label, s.count])).to.deep.equal([
      ['Ej påbörjad', 0],
      ['Pågår', 2],
      ['Klar', 1],
      ['Avbruten', 1],
    ]);
    // Action 2 is printed once, under the first finding it addresses.
    expect(r.matters[0].findings.map((f) => f.actions.map((a) => a.id))).to.deep.equal([
      [1, 2],
      [3, 4],
    ]);
    expect(r.matters[0].findings[1].alsoAddressedBy.map((a) => a.actionId)).to.deep.equal([2]);
  });

  it('when an action addresses two brister, then it is printed once, under the first, and the other refers to it', () => {
    const r = buildReport(
      input({
        matters: [
          matter({
            findings: [
              {
                id: 10,
                title: 'Utredningstider',
                responseRequired: true,
                actionIds: [1, 2],
                createdAt: '2025-11-05T08:00:00.000Z',
                effect: null,
                effectAssessedOn: null,
                effectComment: '',
              },
              {
                id: 11,
                title: 'Dokumentation',
                responseRequired: true,
                actionIds: [1],
                createdAt: '2025-11-05T08:00:00.000Z',
                effect: null,
                effectAssessedOn: null,
                effectComment: '',
              },
            ],
          }),
        ],
        actions: [action(1, { title: 'Checklista för utredningar' }), action(2, { title: 'Veckovis uppföljning' })],
      }),
    );
    const [first, second] = r.matters[0].findings;
    expect(first.actions.map((a) => a.id)).to.deep.equal([1, 2]);
    expect(second.actions).to.deep.equal([]);
    expect(second.alsoAddressedBy).to.deep.equal([
      { actionId: 1, title: 'Checklista för utredningar', printedUnder: 'bristen ”Utredningstider”' },
    ]);
    expect(r.summary.totalActions).to.equal(2);
  });

  it('when an action is past its slutdatum and not finished, then it is overdue (Försenad); finished ones never are', () => {
    const m = matter({
      findings: [
        {
          id: 10,
          title: 'B',
          responseRequired: true,
          actionIds: [1, 2, 3],
          createdAt: '2025-11-05T08:00:00.000Z',
          effect: null,
          effectAssessedOn: null,
          effectComment: '',
        },
      ],
    });
    const r = buildReport(
      input({
        matters: [m],
        actions: [
          action(1, { dueOn: '2026-03-15', status: 'in_progress' }),
          action(2, { dueOn: '2026-03-01', status: 'done' }),
          action(3, { dueOn: '2026-03-20' }),
        ],
      }),
    );
    expect(r.summary.overdue.map((a) => [a.id, a.daysOverdue])).to.deep.equal([[1, 1]]);
    const rows = r.matters[0].findings[0].actions;
    expect(rows.map((a) => [a.id, a.lightLabel, a.lightSymbol])).to.deep.equal([
      [2, 'Klar', '✓'],
      [1, 'Försenad', '⚠'],
      [3, 'Snart', '◔'],
    ]);
  });

  it('when svarsdatum falls before the next meeting and a finding still needs a response, then it is listed with the days left at the meeting; after the next meeting it is not', () => {
    const open = {
      id: 10,
      title: 'B',
      responseRequired: true,
      actionIds: [1],
      createdAt: '2025-11-05T08:00:00.000Z',
      effect: null,
      effectAssessedOn: null,
      effectComment: '',
    };
    const r = buildReport(
      input({
        matters: [
          matter({ id: 1, respondBy: '2026-04-04', findings: [open] }),
          matter({ id: 2, respondBy: '2026-05-01', findings: [{ ...open, id: 11 }] }),
        ],
        actions: [action(1)],
      }),
    );
    expect(r.summary.responsesDue.map((d) => [d.matterId, d.respondBy, d.daysLeft])).to.deep.equal([
      [1, '2026-04-04', 10], // days counted from the meeting (25 March), when the nämnd reads them
    ]);
  });

  it('when a svarsdatum falls between the day the report is made and the meeting, then its light and its days agree, both as on the meeting date', () => {
    const r = buildReport(
      input({
        matters: [
          matter({
            respondBy: '2026-03-20', // after today (16 March), before the meeting (25 March)
            findings: [
              {
                id: 10,
                title: 'B',
                responseRequired: true,
                actionIds: [],
                createdAt: '2025-11-05T08:00:00.000Z',
                effect: null,
                effectAssessedOn: null,
                effectComment: '',
              },
            ],
          }),
        ],
      }),
    );
    expect(r.matters[0].respondByDaysLeft).to.equal(-5);
    expect(r.matters[0].respondByLight).to.equal('overdue');
  });

  it('when a matter only has findings IVO merely "skickar med", then its svarsdatum is never listed as due', () => {
    const r = buildReport(
      input({
        matters: [
          matter({
            respondBy: '2026-03-01',
            findings: [
              {
                id: 10,
                title: 'Skickas med',
                responseRequired: false,
                actionIds: [],
                createdAt: '2025-11-05T08:00:00.000Z',
                effect: null,
                effectAssessedOn: null,
                effectComment: '',
              },
            ],
          }),
        ],
      }),
    );
    expect(r.summary.responsesDue).to.deep.equal([]);
    expect(r.matters[0].respondByLight).to.equal(null);
  });

  it('when all actions for the findings are finished but nothing was sent to IVO, then the svarsdatum is still owed', () => {
    const r = buildReport(
      input({
        matters: [
          matter({
            respondBy: '2026-03-01',
            findings: [
              {
                id: 10,
                title: 'B',
                responseRequired: true,
                actionIds: [1],
                createdAt: '2025-11-05T08:00:00.000Z',
                effect: null,
                effectAssessedOn: null,
                effectComment: '',
              },
            ],
          }),
        ],
        actions: [action(1, { status: 'done' })],
      }),
    );
    expect(r.summary.responsesDue.map((d) => d.light)).to.deep.equal(['overdue']);
    expect(r.matters[0].answeredOn).to.equal(null);
  });

  it('when a redovisning covering the finding was sent after the svarsdatum was set, then nothing is owed and the report says when it was answered', () => {
    const r = buildReport(
      input({
        matters: [
          matter({
            respondBy: '2026-03-01',
            respondBySince: '2026-01-10',
            findings: [
              {
                id: 10,
                title: 'B',
                responseRequired: true,
                actionIds: [1],
                createdAt: '2025-11-05T08:00:00.000Z',
                effect: null,
                effectAssessedOn: null,
                effectComment: '',
              },
            ],
            submissions: [
              {
                sentOn: '2026-02-27',
                findingIds: [10],
                registeredAt: '2026-02-27' + 'T10:00:00.000Z',
                findingTitles: [],
              },
            ],
          }),
        ],
        actions: [action(1, { status: 'in_progress' })],
      }),
    );
    expect(r.summary.responsesDue).to.deep.equal([]);
    expect(r.matters[0].respondByLight).to.equal(null);
    expect(r.matters[0].answeredOn).to.equal('2026-02-27');
  });

  it('when the only redovisning was sent before the current svarsdatum was set (a komplettering), then it is owed again', () => {
    const r = buildReport(
      input({
        matters: [
          matter({
            respondBy: '2026-03-01',
            respondBySince: '2026-02-01',
            findings: [
              {
                id: 10,
                title: 'B',
                responseRequired: true,
                actionIds: [],
                createdAt: '2025-11-05T08:00:00.000Z',
                effect: null,
                effectAssessedOn: null,
                effectComment: '',
              },
            ],
            submissions: [
              {
                sentOn: '2026-01-20',
                findingIds: [10],
                registeredAt: '2026-01-20' + 'T10:00:00.000Z',
                findingTitles: [],
              },
            ],
          }),
        ],
      }),
    );
    expect(r.matters[0].respondByLight).to.equal('overdue');
    expect(r.matters[0].answeredOn).to.equal(null);
  });

  it('when no next meeting is planned, then every svarsdatum still owed is listed', () => {
    const r = buildReport(
      input({
        nextMeetingOn: null,
        matters: [
          matter({
            respondBy: '2027-01-01',
            findings: [
              {
                id: 10,
                title: 'B',
                responseRequired: true,
                actionIds: [],
                createdAt: '2025-11-05T08:00:00.000Z',
                effect: null,
                effectAssessedOn: null,
                effectComment: '',
              },
            ],
          }),
        ],
      }),
    );
    expect(r.summary.responsesDue).to.have.length(1);
  });

  it('when matters have a threatened or ordered vite, then each status has its own sum, never one of both; imposed, none and closed ones are not at risk', () => {
    const r = buildReport(
      input({
        previous: {
          documentId: 'AR-1',
          issuedAt: '2026-02-20T10:00:00.000Z',
          issuedOn: '2026-02-20',
          meetingOn: '2026-02-25',
        },
        matters: [
          matter({ id: 1, fineAmount: 600000, fineStatus: 'ordered' }),
          matter({ id: 2, fineAmount: 250000, fineStatus: 'risk' }),
          matter({ id: 3, fineAmount: 100000, fineStatus: 'imposed' }),
          matter({ id: 4, fineAmount: 900000, fineStatus: 'ordered', closedOn: '2026-03-01' }),
        ],
      }),
    );
    expect(r.summary.fineAtRisk).to.deep.equal([
      { status: 'risk', label: 'Risk för vite', total: 250000, matters: 1 },
      { status: 'ordered', label: 'Föreläggande med vite', total: 600000, matters: 1 },
    ]);
  });

  it('when a matter closed before the previous report, then it is left out; closed since, it is included after the open ones', () => {
    const previous = {
      documentId: 'AR-1',
      issuedAt: '2026-02-20T10:00:00.000Z',
      issuedOn: '2026-02-20',
      meetingOn: '2026-02-25',
    };
    const r = buildReport(
      input({
        previous,
        matters: [
          matter({ id: 1, closedOn: '2026-01-15' }),
          matter({ id: 2, closedOn: '2026-03-01' }),
          matter({ id: 3, respondBy: null }),
          matter({ id: 4 }),
        ],
      }),
    );
    expect(r.matters.map((m) => m.id)).to.deep.equal([4, 3, 2]);
    expect(isMatterIncluded({ closedOn: '2026-03-01', closedRecordedAt: '2026-03-01T10:00:00.000Z' }, null)).to.equal(
      false,
    );
  });

  it('when there are several comments, then the latest non-empty one up to the report time is shown', () => {
    const r = buildReport(
      input({
        matters: [
          matter({
            findings: [
              {
                id: 10,
                title: 'B',
                responseRequired: true,
                actionIds: [1],
                createdAt: '2025-11-05T08:00:00.000Z',
                effect: null,
                effectAssessedOn: null,
                effectComment: '',
              },
            ],
          }),
        ],
        actions: [action(1, { status: 'in_progress' })],
        updates: [
          update(1, 1, '2026-01-10T09:00:00.000Z', null, 'not_started', 'Skapad'),
          update(2, 1, '2026-02-01T09:00:00.000Z', 'not_started', 'in_progress', 'Arbetet har börjat'),
          update(3, 1, '2026-02-10T09:00:00.000Z', 'in_progress', 'in_progress', ''),
          update(4, 1, '2026-04-01T09:00:00.000Z', 'in_progress', 'in_progress', 'Efter rapporten'),
        ],
      }),
    );
    expect(r.matters[0].findings[0].actions[0].latestComment).to.deep.equal({
      text: 'Arbetet har börjat',
      at: '2026-02-01T09:00:00.000Z',
      byName: 'Åsa Öberg',
    });
  });

  it('when an action addresses no finding, then it is still reported, under its own heading', () => {
    const r = buildReport(input({ actions: [action(5)] }));
    expect(r.otherActions.map((a) => a.id)).to.deep.equal([5]);
    expect(r.summary.totalActions).to.equal(1);
  });

  it('when built, then the result survives JSON unchanged (it is stored as the snapshot)', () => {
    const r = buildReport(
      input({
        matters: [
          matter({
            findings: [
              {
                id: 10,
                title: 'B',
                responseRequired: true,
                actionIds: [1],
                createdAt: '2025-11-05T08:00:00.000Z',
                effect: null,
                effectAssessedOn: null,
                effectComment: '',
              },
            ],
          }),
        ],
        actions: [action(1)],
      }),
    );
    expect(JSON.parse(JSON.stringify(r))).to.deep.equal(r);
  });
});
