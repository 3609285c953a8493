import { expect } from 'chai';
import { loggedIn, testApp, textOf, type TestApp } from '../helpers/app.ts';
import { aCommittee, aFinding, aMatter, aMeeting, anAction, aPerson, aStatusUpdate } from '../helpers/builders.ts';
import { effectFollowUp } from '../../src/plan/effect.ts';

describe('uppföljning av effekt per brist', () => {
  it('when a brist has unfinished actions, none, or all finished a short or long time ago, then the rule says not yet, possible or missing; a recorded one is recorded', () => {
    const none = { effect: null, effectAssessedOn: null };
    const today = '2026-03-16';
    expect(effectFollowUp(none, [], today, 90).state).to.equal('not_yet');
    expect(
      effectFollowUp(
        none,
        [
          { status: 'done', finishedOn: '2025-11-01' },
          { status: 'in_progress', finishedOn: null },
        ],
        today,
        90,
      ).state,
    ).to.equal('not_yet');
    expect(effectFollowUp(none, [{ status: 'done', finishedOn: '2026-01-10' }], today, 90)).to.deep.equal({
      state: 'possible',
      label: null,
      actionsFinishedOn: '2026-01-10',
    });
    // The last action finished on 15 December: 91 days before 16 March.
    const missing = effectFollowUp(
      none,
      [
        { status: 'done', finishedOn: '2025-11-01' },
        { status: 'cancelled', finishedOn: '2025-12-15' },
      ],
      today,
      90,
    );
    expect(missing).to.deep.equal({ state: 'missing', label: null, actionsFinishedOn: '2025-12-15' });
    expect(
      effectFollowUp(
        { effect: 'partly', effectAssessedOn: '2026-03-01' },
        [{ status: 'done', finishedOn: '2025-11-01' }],
        today,
        90,
      ),
    ).to.include({ state: 'recorded', label: 'Delvis uppnådd' });
    // A reopened (or new) action makes the work open again: the assessment no longer stands.
    expect(
      effectFollowUp(
        { effect: 'achieved', effectAssessedOn: '2026-03-01' },
        [
          { status: 'done', finishedOn: '2025-11-01' },
          { status: 'in_progress', finishedOn: null },
        ],
        today,
        90,
      ).state,
    ).to.equal('not_yet');
  });

  describe('in the app', () => {
    let t: TestApp;
    let matterId: number;
    let findingId: number;
    let meetingId: number;

    beforeEach(async () => {
      t = await testApp(); // today: 16 March 2026
      const committeeId = await aCommittee(t.db);
      const owner = await aPerson(t.db, 'Åsa Öberg');
      matterId = await aMatter(t.db, { committeeId, title: 'Tillsyn av handläggningen' });
      findingId = await aFinding(t.db, matterId, 'Brister i utredningstider', true);
      const action = await anAction(t.db, {
        committeeId,
        ownerId: owner,
        findingIds: [findingId],
        title: 'Veckovis uppföljning av utredningstider',
        dueOn: '2025-11-30',
        createdAt: '2025-09-01T09:00:00.000Z',
      });
      await aStatusUpdate(t.db, action, owner, 'done', '2025-11-20T09:00:00.000Z', 'Införd i alla grupper');
      meetingId = await aMeeting(t.db, committeeId, '2026-03-25');
    });

    it("when a brist's actions have been done for more than 90 days, then the Översikt, the matter page and the återrapportering say Uppföljning saknas; after the förvaltningschef records the effect, they show it and the log keeps it", async () => {
      const { session } = await loggedIn(t, 'director', 'Frida Förvaltningschef');
      const overview = textOf((await session.get('/')).text);
      expect(overview).to.contain('1 brist utan uppföljning av effekt, fast åtgärderna varit klara i mer än 90 dagar');
      expect(overview).to.contain('Brister i utredningstider Tillsyn av handläggningen Socialnämnden');
      const page = textOf((await session.get(`/arenden/${matterId}`)).text);
      expect(page).to.contain('Uppföljning saknas Åtgärderna är klara sedan 20 november 2025');
      expect(textOf((await session.get(`/sammantraden/${meetingId}/rapport`)).text)).to.contain(
        'Uppföljning saknas: åtgärderna är klara sedan 20 november 2025, men effekten är inte uppföljd.',
      );

      const form = await session.get(`/brister/${findingId}/effekt`);
      expect(form.status).to.equal(200);
      const empty = await session.post(
        `/brister/${findingId}/effekt`,
        { effect: '', assessedOn: '2026-03-16', comment: '', version: '1' },
        `/brister/${findingId}/effekt`,
      );
      expect(empty.status).to.equal(422);
      expect(textOf(empty.text)).to.contain('Bedömning');

      const comment = 'Aktgranskning i mars: 18 av 20 utredningar klara inom fyra månader.';
      const saved = await session.post(
        `/brister/${findingId}/effekt`,
        { effect: 'achieved', assessedOn: '2026-03-16', comment, version: '1' },
        `/brister/${findingId}/effekt`,
      );
      expect(saved.status).to.equal(303);
      const after = textOf((await session.get(`/arenden/${matterId}`)).text);
      expect(after).to.contain(`Uppföljning av effekt: Effekt uppnådd, 16 mars 2026 – ${comment}`);
      expect(after).not.to.contain('Uppföljning saknas');
      expect(textOf((await session.get('/')).text)).to.contain('0 brister utan uppföljning av effekt');
      expect(textOf((await session.get(`/sammantraden/${meetingId}/rapport`)).text)).to.contain(
        `Uppföljning av effekt: Effekt uppnådd, 16 mars 2026 – ${comment}.`,
      );
      expect(textOf((await session.get(`/arenden/${matterId}/historik`)).text)).to.contain(
        'Uppföljning av effekt: – → Effekt uppnådd',
      );
    });

    it('when the brist still has an unfinished action, then no effect can be recorded, and a chef may not record one at all', async () => {
      const owner = await aPerson(t.db, 'Bo Ek');
      const committee = await t.db.selectFrom('matters').select('committee_id').executeTakeFirstOrThrow();
      await anAction(t.db, {
        committeeId: committee.committee_id,
        ownerId: owner,
        findingIds: [findingId],
        title: 'Ny rutin',
      });
      const { session } = await loggedIn(t, 'director');
      const refused = await session.post(
        `/brister/${findingId}/effekt`,
        { effect: 'achieved', assessedOn: '2026-03-16', comment: '', version: '1' },
        `/brister/${findingId}/effekt`,
      );
      expect(refused.status).to.equal(422);
      expect(textOf(refused.text)).to.contain(
        'Uppföljning av effekt görs när alla bristens åtgärder är klara eller avbrutna.',
      );
      const chef = (await loggedIn(t, 'manager')).session;
      expect((await chef.get(`/brister/${findingId}/effekt`)).status).to.equal(403);
      const stored = await t.db.selectFrom('findings').select('effect').executeTakeFirstOrThrow();
      expect(stored.effect).to.equal(null);
    });
  });
});
