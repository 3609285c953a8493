import { expect } from 'chai';
import fc from 'fast-check';
import { freshDb, loggedIn, testApp, textOf } from '../helpers/app.ts';
import {
  aCommittee as trackerCommittee,
  aFinding as trackerFinding,
  aMatter as trackerMatter,
  anAction as trackerAction,
} from '../helpers/tracker.ts';
import { aCommittee, aFinding, aMatter, aMeeting, anAction, aPerson } from '../helpers/builders.ts';
import { fixedClock } from '../../src/clock.ts';
import type { Db } from '../../src/db/connection.ts';
import { owedToIvo } from '../../src/matters/owed.ts';
import { listMatters, listOwedResponses } from '../../src/matters/matters.repository.ts';
import { owedResponsesPerPeriod } from '../../src/overview/overview.repository.ts';
import { getMatterTree, matterPages } from '../../src/plan/plan.service.ts';
import { currentReport } from '../../src/reports/reports.service.ts';
import { getMeeting } from '../../src/meetings/meetings.service.ts';
import type { User } from '../../src/users/user.ts';

/** A day of 2026, from its number (1 = 1 January). */
const dayOf = (n: number) => new Date(Date.UTC(2026, 0, n)).toISOString().slice(0, 10);

/** One matter's history as a user could have entered it: brister, actions, redovisningar, a svarsdatum moved or not. */
const history = fc.record({
  respondBy: fc.option(fc.integer({ min: 40, max: 120 }), { nil: null }),
  respondBySince: fc.option(fc.integer({ min: 1, max: 70 }), { nil: null }),
  closed: fc.boolean(),
  findings: fc.array(
    fc.record({ responseRequired: fc.boolean(), actionStatus: fc.constantFrom('not_started', 'done', 'none') }),
    { minLength: 0, maxLength: 4 },
  ),
  submissions: fc.array(
    fc.record({ sentOn: fc.integer({ min: 1, max: 74 }), covers: fc.array(fc.nat(3), { maxLength: 4 }) }),
    { maxLength: 3 },
  ),
});

type History = typeof history extends fc.Arbitrary<infer T> ? T : never;

async function enter(db: Db, h: History): Promise<{ matterId: number; committeeId: number; userId: number }> {
  const committeeId = await aCommittee(db);
  const userId = await aPerson(db, 'Eva Exempel', 'director');
  const matterId = await aMatter(db, {
    committeeId,
    respondBy: h.respondBy === null ? null : dayOf(h.respondBy),
    respondBySince: h.respondBy === null || h.respondBySince === null ? null : dayOf(h.respondBySince),
    closedOn: h.closed ? dayOf(74) : null,
  });
  const findingIds: number[] = [];
  for (const [i, f] of h.findings.entries()) {
    const id = await aFinding(db, matterId, `Brist ${i + 1}`, f.responseRequired);
    findingIds.push(id);
    if (f.actionStatus !== 'none') {
      await anAction(db, { committeeId, ownerId: userId, findingIds: [id], status: f.actionStatus, dueOn: dayOf(60) });
    }
  }
  for (const [round, s] of h.submissions.entries()) {
    const covered = [...new Set(s.covers.map((i) => findingIds[i]).filter((id) => id !== undefined))];
    const { id } = await db
      .insertInto('submissions')
      .values({
        matter_id: matterId,
        round_no: round + 1,
        sent_on: dayOf(s.sentOn),
        note: '',
        document_id: `RI-${round + 1}`,
        snapshot: '{}',
        pdf: Buffer.from('%PDF-1.4 stand-in'),
        sha256: '0'.repeat(64),
        registered_by: userId,
        registered_at: `${dayOf(s.sentOn)}T10:00:00.000Z`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (covered.length) {
      await db
        .insertInto('submission_findings')
        .values(covered.map((finding_id) => ({ submission_id: id, finding_id })))
        .execute();
    }
  }
  return { matterId, committeeId, userId };
}

describe('what is owed to IVO: one rule, the same answer everywhere', function () {
  // Each property test enters dozens of random histories through the services: seconds, not milliseconds.
  this.timeout(90_000);
  it('when any history of brister, actions and redovisningar is entered, then the rule, the SQL, the lists, the Översikt, the matter page and the återrapportering agree', async () => {
    const today = dayOf(75);
    await fc.assert(
      fc.asyncProperty(history, async (h) => {
        const db = await freshDb();
        try {
          const { matterId, committeeId, userId } = await enter(db, h);
          const tree = await getMatterTree(db, matterId);
          const rule = owedToIvo(tree);
          const owed = rule.owedFindingIds.length;

          const listed = (await listMatters(db, { state: 'all' }, { limit: 10, offset: 0 })).items[0];
          expect(listed.openResponseFindings, 'Ärenden list').to.equal(owed);

          const coming = await listOwedResponses(db, 10);
          expect(
            coming.map((m) => m.id),
            'Översikt: svarsdatum till IVO',
          ).to.deep.equal(owed > 0 && tree.matter.respondBy !== null ? [matterId] : []);
          const timeline = await owedResponsesPerPeriod(db, today, '2026-12-31');
          const inTimeline = [...timeline.values()].reduce((a, b) => a + b, 0);
          expect(inTimeline, 'Översikt: tidslinje').to.equal(owed > 0 && tree.matter.respondBy !== null ? 1 : 0);

          const page = await matterPages(db, { warningDays: 14, followUpDays: 90 })(
            fixedClock(`${today}T09:00:00Z`),
            matterId,
          );
          expect(page.openResponseFindings, 'matter page').to.equal(owed);
          expect(page.answeredOn, 'matter page: Redovisad till IVO').to.equal(rule.answeredOn);
          expect(page.respondByLight === null, 'matter page: light').to.equal(
            owed === 0 || tree.matter.respondBy === null,
          );

          const meetingId = await aMeeting(db, committeeId, dayOf(80));
          const report = await currentReport(
            { db, clock: fixedClock(`${today}T09:00:00Z`), config: { warningDays: 14, followUpDays: 90 } },
            await getMeeting(db, meetingId),
            { id: userId, name: 'Eva Exempel' } as User,
          );
          const inReport = report.matters.find((m) => m.id === matterId);
          if (inReport) {
            expect(inReport.respondByLight === null, 'återrapportering: light').to.equal(
              owed === 0 || tree.matter.respondBy === null,
            );
            expect(inReport.answeredOn, 'återrapportering: Redovisad till IVO').to.equal(rule.answeredOn);
          }
        } finally {
          await db.destroy();
        }
      }),
      {
        numRuns: 100,
        seed: 20261206,
        // The stories that were seen to go wrong, always tried first: a komplettering (the only
        // redovisning sent before the current svarsdatum was set), and the actions done but
        // nothing sent.
        examples: [
          [
            {
              respondBy: 90,
              respondBySince: 50,
              closed: false,
              findings: [{ responseRequired: true, actionStatus: 'done' }],
              submissions: [{ sentOn: 20, covers: [0] }],
            },
          ],
          [
            {
              respondBy: 60,
              respondBySince: 10,
              closed: false,
              findings: [
                { responseRequired: true, actionStatus: 'done' },
                { responseRequired: false, actionStatus: 'not_started' },
              ],
              submissions: [],
            },
          ],
        ],
      },
    );
  });

  it('when a finding requires a response, then finishing its actions does not answer IVO; a redovisning sent after the svarsdatum was set does', () => {
    const matter = { respondBy: '2026-04-04', respondBySince: '2026-02-02', closedOn: null };
    const findings = [
      { id: 1, responseRequired: true },
      { id: 2, responseRequired: false },
    ];
    expect(owedToIvo({ matter, findings, submissions: [] })).to.deep.equal({ owedFindingIds: [1], answeredOn: null });
    expect(owedToIvo({ matter, findings, submissions: [{ sentOn: '2026-02-01', findingIds: [1] }] })).to.deep.equal({
      owedFindingIds: [1],
      answeredOn: null,
    });
    expect(
      owedToIvo({
        matter,
        findings,
        submissions: [
          { sentOn: '2026-02-02', findingIds: [1] },
          { sentOn: '2026-03-20', findingIds: [2] },
        ],
      }),
    ).to.deep.equal({ owedFindingIds: [], answeredOn: '2026-02-02' });
    expect(owedToIvo({ matter: { ...matter, closedOn: '2026-03-01' }, findings, submissions: [] })).to.deep.equal({
      owedFindingIds: [],
      answeredOn: null,
    });
  });
});

describe('a förvaltningschef answers IVO, as she would in the app', () => {
  it('when the actions are done but nothing is sent, then the svarsdatum is Försenad everywhere; after a redovisning of every brist, it is Redovisad till IVO on the matter page and in the återrapportering and leaves the Översikt; a komplettering opens a new round', async () => {
    const t = await testApp(); // today: Monday 16 March 2026
    const { user, session } = await loggedIn(t, 'director', 'Eva Exempel');
    const committeeId = await trackerCommittee(t, 'Socialnämnden');
    const matterId = await trackerMatter(t, user.id, {
      committeeId,
      title: 'Handläggning av barnavårdsutredningar',
      decidedOn: '2026-02-02',
      respondBy: '2026-03-10',
    });
    const finding = await trackerFinding(t, matterId, 'Utredningstiden överskrids');
    await trackerFinding(t, matterId, 'Rutin för klagomål (skickas med)', false);
    await trackerAction(t, user.id, { findingIds: [finding], ownerId: user.id, status: 'done', dueOn: '2026-03-01' });
    const meetingId = await aMeeting(t.db, committeeId, '2026-03-24');

    const matterPage = async () => textOf((await session.get(`/arenden/${matterId}`)).text);
    /** The Översikt's section "Svarsdatum till IVO" lists the matter. */
    const overviewLists = async () => {
      const html = (await session.get('/')).text;
      const section = html.slice(html.indexOf('<section aria-labelledby="resp-h">'));
      return textOf(section.slice(0, section.indexOf('</section>'))).includes('Handläggning av barnavårdsutredningar');
    };
    const reportPage = async () => textOf((await session.get(`/sammantraden/${meetingId}/rapport`)).text);

    expect(await matterPage()).to.match(/Svarsdatum\s*10 mars 2026.*Försenad/s);
    expect(await overviewLists()).to.equal(true);
    expect(await reportPage()).to.match(/Svarsdatum\s*10 mars 2026 \(14 dagar sedan\)\s*⚠ Försenad/);

    const sent = await session.post(
      `/arenden/${matterId}/redovisningar`,
      {
        sentOn: '2026-03-13',
        findingIds: [String(finding)],
        note: 'Redovisning av vidtagna åtgärder',
        roundsSeen: '0',
      },
      `/arenden/${matterId}/redovisningar`,
    );
    expect(sent.status).to.equal(303);

    expect(await matterPage()).to.contain('Redovisad till IVO 13 mars 2026');
    expect(await matterPage()).not.to.contain('Försenad');
    expect(await overviewLists()).to.equal(false);
    expect(await reportPage()).to.contain('Redovisad till IVO 13 mars 2026');

    // IVO asks for a komplettering by 30 April: a new round, owed again.
    const form = await session.get(`/arenden/${matterId}/redigera`);
    const version = /name="version" value="(\d+)"/.exec(form.text)![1];
    const edited = await session.post(
      `/arenden/${matterId}`,
      {
        committeeId: String(committeeId),
        kind: 'ivo_supervision',
        title: 'Handläggning av barnavårdsutredningar',
        unit: 'Vuxen – myndighetsutövning',
        ivoReference: '8.5-12345/2026',
        ownReference: 'SN 2026/123',
        decidedOn: '2026-02-02',
        respondBy: '2026-04-30',
        followUpOn: '',
        fineStatus: 'none',
        fineAmount: '',
        finalOn: '',
        legalBasis: '',
        description: '',
        version,
      },
      `/arenden/${matterId}/redigera`,
    );
    expect(edited.status).to.equal(303);
    expect(await matterPage()).not.to.contain('Redovisad till IVO');
    expect(await matterPage()).to.match(/Svarsdatum\s*30 april 2026.*I tid/s);
    expect(await overviewLists()).to.equal(true);
  });
});

describe('a komplettering entered some days after IVO asked for it', () => {
  const fields = (over: Record<string, string>) => ({
    kind: 'ivo_supervision',
    title: 'Handläggning av barnavårdsutredningar',
    unit: '',
    ivoReference: '',
    ownReference: '',
    decidedOn: '2026-02-02',
    respondBy: '2026-04-30',
    respondBySince: '',
    followUpOn: '',
    fineStatus: 'none',
    fineAmount: '',
    finalOn: '',
    legalBasis: '',
    description: '',
    ...over,
  });

  it('when the user says the day IVO asked, then a redovisning sent between that day and the day it was entered answers it; the day cannot be in the future or before the beslut', async () => {
    const t = await testApp(); // today: 16 March 2026
    const { user, session } = await loggedIn(t, 'director');
    const committeeId = await trackerCommittee(t, 'Socialnämnden');
    const matterId = await trackerMatter(t, user.id, {
      committeeId,
      title: 'Handläggning av barnavårdsutredningar',
      decidedOn: '2026-02-02',
      respondBy: '2026-03-01',
    });
    const finding = await trackerFinding(t, matterId, 'Utredningstiden överskrids');
    const edit = (over: Record<string, string>) =>
      session.post(
        `/arenden/${matterId}`,
        fields({ committeeId: String(committeeId), ...over }),
        `/arenden/${matterId}/redigera`,
      );

    const future = await edit({ respondBySince: '2026-03-20', version: '1' });
    expect(future.status).to.equal(422);
    expect(textOf(future.text)).to.contain('Dagen då IVO begärde redovisningen kan inte ligga i framtiden.');
    const early = await edit({ respondBySince: '2026-01-15', version: '1' });
    expect(early.status).to.equal(422);
    expect(textOf(early.text)).to.contain('IVO kan inte ha begärt redovisningen före sitt beslut');

    // IVO asked for a komplettering on 2 March; it is entered on 16 March.
    expect((await edit({ respondBySince: '2026-03-02', version: '1' })).status).to.equal(303);
    const sent = await session.post(
      `/arenden/${matterId}/redovisningar`,
      { sentOn: '2026-03-05', findingIds: [String(finding)], note: 'Komplettering', roundsSeen: '0' },
      `/arenden/${matterId}/redovisningar`,
    );
    expect(sent.status).to.equal(303);
    expect(textOf((await session.get(`/arenden/${matterId}`)).text)).to.contain('Redovisad till IVO 5 mars 2026');
    const stored = await t.db.selectFrom('matters').select('respond_by_since').executeTakeFirstOrThrow();
    expect(stored.respond_by_since).to.equal('2026-03-02');
  });
});
