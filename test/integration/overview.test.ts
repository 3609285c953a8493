import { expect } from 'chai';
import { loggedIn, testApp, textOf, type TestApp } from '../helpers/app.ts';
import { aCommittee, aFinding, aMatter, anAction } from '../helpers/tracker.ts';

describe('Översikt', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await testApp(); // 2026-03-16
  });

  it('when matters and actions exist, then the start page shows vite at risk, svarsdatum with days left, overdue and soon-due actions and counts per status', async () => {
    const d = await loggedIn(t, 'director');
    const m = await loggedIn(t, 'manager', 'Cecilia Enhetschef');
    const committeeId = await aCommittee(t, 'Socialnämnden');
    const ordered = await aMatter(t, d.user.id, { committeeId, title: 'Föreläggande om utredningstider', fineStatus: 'ordered', fineAmount: 600000, respondBy: '2026-03-20' });
    await aMatter(t, d.user.id, { committeeId, title: 'Risk för vite i boendet', fineStatus: 'risk', fineAmount: 250000, respondBy: null });
    const closed = await aMatter(t, d.user.id, { committeeId, title: 'Avslutat vite', fineStatus: 'ordered', fineAmount: 1000000 });
    await t.db.updateTable('matters').set({ closed_on: '2026-01-10' }).where('id', '=', closed).execute();
    await aMatter(t, d.user.id, { committeeId, title: 'Utdömt vite', fineStatus: 'imposed', fineAmount: 50000 });
    const onlyPassedAlong = await aMatter(t, d.user.id, { committeeId, title: 'Bara medskickat', respondBy: '2026-03-18' });
    await aFinding(t, onlyPassedAlong, 'Synpunkt', false);

    const finding = await aFinding(t, ordered, 'Brister i utredningstider');
    await anAction(t, d.user.id, { findingIds: [finding], ownerId: m.user.id, title: 'Sen åtgärd', dueOn: '2026-03-02' });
    await anAction(t, d.user.id, { findingIds: [finding], ownerId: m.user.id, title: 'Snar åtgärd', dueOn: '2026-03-25' });
    await anAction(t, d.user.id, { findingIds: [finding], ownerId: m.user.id, title: 'Avlägsen åtgärd', dueOn: '2026-12-01', status: 'in_progress' });
    await anAction(t, d.user.id, { findingIds: [finding], ownerId: m.user.id, title: 'Klar åtgärd', dueOn: '2026-03-01', status: 'done' });

    const res = await d.session.get('/');
    expect(res.status).to.equal(200);
    const text = textOf(res.text);
    expect(text).to.contain('850 000 kr vite i risk');
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
    expect(text).to.contain('Inga öppna ärenden väntar på redovisning till IVO.');
    expect(text).to.contain('Inga åtgärder är försenade.');
  });
});
