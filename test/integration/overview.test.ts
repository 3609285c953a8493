import { expect } from 'chai';
import { loggedIn, loginAs, testApp, textOf, type TestApp } from '../helpers/app.ts';
import { securityTestApp } from '../helpers/security.ts';
import { aCommittee, aFinding, aMatter, anAction } from '../helpers/tracker.ts';

describe('Översikt', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await testApp(); // 2026-03-16
  });

  it('when matters and actions exist, then the start page shows vite at risk per status (never one sum of different statuses), counts in the singular where there is one, svarsdatum with days left, overdue and soon-due actions and counts per status', async () => {
    const d = await loggedIn(t, 'director');
    const m = await loggedIn(t, 'manager', 'Cecilia Enhetschef');
    const committeeId = await aCommittee(t, 'Socialnämnden');
    const ordered = await aMatter(t, d.user.id, {
      committeeId,
      title: 'Föreläggande om utredningstider',
      fineStatus: 'ordered',
      fineAmount: 600000,
      respondBy: '2026-03-20',
    });
    await aMatter(t, d.user.id, {
      committeeId,
      title: 'Risk för vite i boendet',
      fineStatus: 'risk',
      fineAmount: 250000,
      respondBy: null,
    });
    const closed = await aMatter(t, d.user.id, {
      committeeId,
      title: 'Avslutat vite',
      fineStatus: 'ordered',
      fineAmount: 1000000,
    });
    await t.db.updateTable('matters').set({ closed_on: '2026-01-10' }).where('id', '=', closed).execute();
    await aMatter(t, d.user.id, { committeeId, title: 'Utdömt vite', fineStatus: 'imposed', fineAmount: 50000 });
    const onlyPassedAlong = await aMatter(t, d.user.id, {
      committeeId,
      title: 'Bara medskickat',
      respondBy: '2026-03-18',
    });
    await aFinding(t, onlyPassedAlong, 'Synpunkt', false);

    const finding = await aFinding(t, ordered, 'Brister i utredningstider');
    await anAction(t, d.user.id, {
      findingIds: [finding],
      ownerId: m.user.id,
      title: 'Sen åtgärd',
      dueOn: '2026-03-02',
    });
    await anAction(t, d.user.id, {
      findingIds: [finding],
      ownerId: m.user.id,
      title: 'Snar åtgärd',
      dueOn: '2026-03-25',
    });
    await anAction(t, d.user.id, {
      findingIds: [finding],
      ownerId: m.user.id,
      title: 'Avlägsen åtgärd',
      dueOn: '2026-12-01',
      status: 'in_progress',
    });
    await anAction(t, d.user.id, {
      findingIds: [finding],
      ownerId: m.user.id,
      title: 'Klar åtgärd',
      dueOn: '2026-03-01',
      status: 'done',
    });

    const res = await d.session.get('/');
    expect(res.status).to.equal(200);
    const text = textOf(res.text);
    // Vite per status, never one sum of a threatened and an ordered fine.
    expect(text).to.contain('250 000 kr risk för vite (1 öppet ärende)');
    expect(text).to.contain('600 000 kr föreläggande med vite (1 öppet ärende)');
    expect(text).not.to.contain('850 000 kr');
    expect(text).to.contain('1 försenad åtgärd');
    expect(text).to.contain('Föreläggande om utredningstider');
    expect(text).to.contain('4 dagar kvar');
    expect(text).not.to.contain('Bara medskickat');
    expect(text).to.contain('Försenade åtgärder (1)');
    expect(text).to.contain('Sen åtgärd');
    expect(text).to.contain('14 dagar sedan');
    expect(text).to.contain('Slutdatum inom 14 dagar (1)');
    expect(text).to.contain('Snar åtgärd');
    expect(text).not.to.contain('Avlägsen åtgärd (');
    expect(text).to.match(/Ej påbörjad 2 Pågår 1 Klar 1 Avbruten 0 varav Försenad 1/);
  });

  it('when the database is empty, then the start page says there is nothing to do rather than failing', async () => {
    const d = await loggedIn(t, 'reader');
    const text = textOf((await d.session.get('/')).text);
    expect(text).to.contain('0 kr vite i risk');
    expect(text).to.contain('0 försenade åtgärder');
    expect(text).to.contain('Inga öppna ärenden väntar på redovisning till IVO.');
    expect(text).to.contain('Inga åtgärder är försenade.');
  });

  describe('kept up to date while it is remembered between views', () => {
    async function overdueActionOf(tracker: TestApp) {
      const d = await loggedIn(tracker, 'director');
      const m = await loggedIn(tracker, 'manager', 'Cecilia Enhetschef');
      const matter = await aMatter(tracker, d.user.id, {
        committeeId: await aCommittee(tracker, 'Socialnämnden'),
        title: 'Tillsyn av hemtjänsten',
      });
      const finding = await aFinding(tracker, matter, 'Brister i genomförandeplaner');
      const action = await anAction(tracker, d.user.id, {
        findingIds: [finding],
        ownerId: m.user.id,
        title: 'Revidera genomförandeplaner',
        dueOn: '2026-03-17',
      });
      return { d, m, action };
    }

    it('when a chef finishes an action after the Översikt was shown, then the next view counts it as Klar at once', async () => {
      const { d, m, action } = await overdueActionOf(t);
      expect(textOf((await d.session.get('/')).text)).to.match(/Ej påbörjad 1 Pågår 0 Klar 0/);
      const res = await m.session.post(
        `/atgarder/${action}/statusuppdateringar`,
        { status: 'done', comment: 'Alla planer är reviderade.', version: '1' },
        `/atgarder/${action}`,
      );
      expect(res.status).to.equal(303);
      const text = textOf((await d.session.get('/')).text);
      expect(text).to.match(/Ej påbörjad 0 Pågår 0 Klar 1/);
      expect(text).to.contain('Slutdatum inom 14 dagar (0)');
    });

    it('when a change is written outside the app (a direct database update), then the next view shows it too', async () => {
      const { d, action } = await overdueActionOf(t);
      expect(textOf((await d.session.get('/')).text)).to.contain('Revidera genomförandeplaner');
      await t.db
        .updateTable('actions')
        .set({ title: 'Revidera alla genomförandeplaner' })
        .where('id', '=', action)
        .execute();
      expect(textOf((await d.session.get('/')).text)).to.contain('Revidera alla genomförandeplaner');
    });

    it('when the date moves on with no change to the data, then an action due yesterday is shown as overdue', async () => {
      const tracker = await securityTestApp(); // today is 2026-03-16, and the clock can move
      const { d } = await overdueActionOf(tracker);
      const before = textOf((await d.session.get('/')).text);
      expect(before).to.contain('Försenade åtgärder (0)');
      expect(before).to.contain('Slutdatum inom 14 dagar (1)');
      tracker.advance({ days: 2 }); // the session has ended by then: the förvaltningschef logs in again
      const after = textOf((await (await loginAs(tracker, d.user.email)).get('/')).text);
      expect(after).to.contain('Läget 18 mars 2026');
      expect(after).to.contain('Försenade åtgärder (1)');
      expect(after).to.contain('1 dag sedan');
    });
  });
});
