import { expect } from 'chai';
import { loggedIn, testApp, textOf, type TestApp } from '../helpers/app.ts';
import { aCommittee, aFinding, aMatter, anAction } from '../helpers/builders.ts';
import { fixedClock } from '../../src/clock.ts';
import { remindersDue } from '../../src/reminders/reminders.service.ts';

describe('an ersättare stands in for a chef', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await testApp(); // Monday 16 March 2026
  });

  it('when a chef names an ersättare for a period, then the ersättare sees and updates her actions and gets her reminders, the history says for whom, and ending the period ends it', async () => {
    const karin = await loggedIn(t, 'manager', 'Karin Exempelsson');
    const anna = await loggedIn(t, 'manager', 'Anna Ersättare');
    const committeeId = await aCommittee(t.db);
    const finding = await aFinding(t.db, await aMatter(t.db, { committeeId }));
    const actionId = await anAction(t.db, {
      committeeId,
      ownerId: karin.user.id,
      findingIds: [finding],
      title: 'Införa checklista för utredningstider',
      dueOn: '2026-03-20',
    });
    const update = (version: string) =>
      anna.session.post(
        `/atgarder/${actionId}/statusuppdateringar`,
        { status: 'in_progress', comment: 'Påbörjad medan Karin är ledig.', version },
        `/atgarder/${actionId}`,
      );
    expect((await update('1')).status, 'not yet her ersättare').to.equal(403);

    const self = await karin.session.post(
      '/konto/ersattare',
      { substituteId: String(karin.user.id), fromOn: '2026-03-16', toOn: '2026-03-27' },
      '/konto/ersattare',
    );
    expect(self.status).to.equal(422);
    const backwards = await karin.session.post(
      '/konto/ersattare',
      { substituteId: String(anna.user.id), fromOn: '2026-03-27', toOn: '2026-03-16' },
      '/konto/ersattare',
    );
    expect(backwards.status).to.equal(422);
    expect(textOf(backwards.text)).to.contain('Till och med kan inte ligga före Från.');
    const named = await karin.session.post(
      '/konto/ersattare',
      { substituteId: String(anna.user.id), fromOn: '2026-03-16', toOn: '2026-03-27' },
      '/konto/ersattare',
    );
    expect(named.status).to.equal(303);
    expect(textOf((await karin.session.get('/konto/ersattare')).text)).to.contain(
      'Anna Ersättare 16 mars 2026 27 mars 2026',
    );

    const mine = textOf((await anna.session.get('/atgarder/mina')).text);
    expect(mine).to.contain('Införa checklista för utredningstider');
    expect(mine).to.contain('Uppdatera status för Införa checklista för utredningstider');
    expect((await update('1')).status).to.equal(303);
    const page = textOf((await karin.session.get(`/atgarder/${actionId}`)).text);
    expect(page).to.match(
      /Ej påbörjad → Pågår – Anna Ersättare för Karin Exempelsson, [^–]*? Påbörjad medan Karin är ledig\./,
    );
    const log = textOf((await (await loggedIn(t, 'director')).session.get('/logg')).text);
    expect(log).to.contain('Ersättare');

    const due = await remindersDue(t.db, fixedClock('2026-03-17T07:00:00'), {
      warningDays: 14,
      staleDays: 30,
      publicUrl: null,
    });
    const annas = due.digests.find((d) => d.userId === anna.user.id)!;
    expect(annas.text).to.contain('Införa checklista för utredningstider (för Karin Exempelsson)');

    const list = (await karin.session.get('/konto/ersattare')).text;
    const id = /\/konto\/ersattare\/(\d+)\/avsluta/.exec(list)![1];
    const ended = await karin.session.post(`/konto/ersattare/${id}/avsluta`, { version: '1' }, '/konto/ersattare');
    expect(ended.status).to.equal(303);
    expect(textOf((await karin.session.get('/konto/ersattare')).text)).to.contain(
      'Du har ingen ersättare nu eller framöver.',
    );
    expect((await update('2')).status, 'the period has ended').to.equal(403);
  });
});
