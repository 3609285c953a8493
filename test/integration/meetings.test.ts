import { expect } from 'chai';
import { loggedIn, testApp, textOf, type TestApp } from '../helpers/app.ts';
import { aCommittee, aMeeting } from '../helpers/builders.ts';

describe('planning nämnd meetings', () => {
  let t: TestApp;
  let committeeId: number;
  beforeEach(async () => {
    t = await testApp();
    committeeId = await aCommittee(t.db, 'Socialnämnden');
  });

  it('when a secretary adds a meeting, then it is stored and the nämnd list shows it as a coming meeting with a draft', async () => {
    const { session } = await loggedIn(t, 'secretary');
    const res = await session.post(
      '/sammantraden/ny',
      {
        committeeId: String(committeeId),
        heldOn: '2026-04-22',
        title: '',
        ownReference: 'SN 2026/12',
        place: 'Kommunhuset',
        note: '',
      },
      '/sammantraden/ny',
    );
    expect(res.status).to.equal(303);
    const stored = await t.db.selectFrom('meetings').selectAll().executeTakeFirstOrThrow();
    expect(stored).to.include({
      committee_id: committeeId,
      held_on: '2026-04-22',
      own_reference: 'SN 2026/12',
      place: 'Kommunhuset',
    });
    expect(res.headers.location).to.equal(`/sammantraden/${stored.id}`);
    const list = textOf((await session.get('/sammantraden')).text);
    expect(list).to.contain('Kommande sammanträden – Socialnämnden');
    expect(list).to.contain('22 april 2026');
    expect(list).to.contain('Utkast');
  });

  it('when the date is missing or not a date, then the form is shown again with the message and what was typed', async () => {
    const { session } = await loggedIn(t, 'secretary');
    const res = await session.post(
      '/sammantraden/ny',
      {
        committeeId: String(committeeId),
        heldOn: '22/4 2026',
        title: 'Extra sammanträde',
        ownReference: '',
        place: '',
        note: '',
      },
      '/sammantraden/ny',
    );
    expect(res.status).to.equal(422);
    expect(textOf(res.text)).to.contain('Datum måste vara ett riktigt datum som ÅÅÅÅ-MM-DD');
    expect(res.text).to.contain('value="Extra sammanträde"');
    expect(await t.db.selectFrom('meetings').selectAll().execute()).to.have.length(0);
  });

  it('when a secretary plans the year, then every date becomes a meeting and dates already planned are skipped', async () => {
    await aMeeting(t.db, committeeId, '2026-02-25');
    const { session } = await loggedIn(t, 'secretary');
    const res = await session.post(
      '/sammantraden/planera',
      {
        committeeId: String(committeeId),
        dates: '2026-01-28\n2026-02-25\n2026-03-25\n2026-04-22',
        title: '',
        place: '',
      },
      '/sammantraden/planera',
    );
    expect(res.status).to.equal(303);
    const dates = (await t.db.selectFrom('meetings').select('held_on').orderBy('held_on').execute()).map(
      (r) => r.held_on,
    );
    expect(dates).to.deep.equal(['2026-01-28', '2026-02-25', '2026-03-25', '2026-04-22']);
    const list = textOf((await session.get(res.headers.location)).text);
    expect(list).to.contain('3 sammanträden har lagts till');
    expect(list).to.contain('Tidigare sammanträden – Socialnämnden');
  });

  it('when a nämnd has met many times, then the list of all nämnder shows its latest five past meetings and links to all of them', async () => {
    for (let month = 1; month <= 12; month++)
      await aMeeting(t.db, committeeId, `2025-${String(month).padStart(2, '0')}-15`);
    await aMeeting(t.db, committeeId, '2026-04-22');
    const { session } = await loggedIn(t, 'reader');
    const all = textOf((await session.get('/sammantraden')).text);
    expect(all).to.contain('22 april 2026').and.contain('15 december 2025').and.contain('15 augusti 2025');
    expect(all).not.to.contain('15 juli 2025');
    expect(all).to.contain('De 5 senaste tidigare sammanträdena – Socialnämnden');
    expect(all).to.contain('Visa alla tidigare sammanträden för Socialnämnden (ytterligare 7)');
    const one = textOf((await session.get(`/sammantraden?namnd=${committeeId}`)).text);
    expect(one).to.contain('15 juli 2025').and.contain('15 januari 2025');
    expect(one).not.to.contain('Visa alla tidigare sammanträden');
  });

  it('when a meeting is edited with an old version, then nothing is lost: both versions are shown with status 409', async () => {
    const id = await aMeeting(t.db, committeeId, '2026-04-22');
    const { session } = await loggedIn(t, 'director');
    const first = await session.post(
      `/sammantraden/${id}/redigera`,
      {
        committeeId: String(committeeId),
        heldOn: '2026-04-23',
        title: 'Första',
        ownReference: '',
        place: '',
        note: '',
        version: '1',
      },
      `/sammantraden/${id}/redigera`,
    );
    expect(first.status).to.equal(303);
    const second = await session.post(
      `/sammantraden/${id}/redigera`,
      {
        committeeId: String(committeeId),
        heldOn: '2026-04-24',
        title: 'Andra',
        ownReference: '',
        place: '',
        note: '',
        version: '1',
      },
      `/sammantraden/${id}/redigera`,
    );
    expect(second.status).to.equal(409);
    expect(textOf(second.text)).to.contain('Sparat nu');
    expect(textOf(second.text)).to.contain('23 april 2026');
    expect(second.text).to.contain('value="Andra"');
    const stored = await t.db.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.held_on).to.equal('2026-04-23');
  });

  it('when a meeting is cancelled, then it stays in the list marked Inställt and its report cannot be issued', async () => {
    const id = await aMeeting(t.db, committeeId, '2026-04-22');
    const { session } = await loggedIn(t, 'secretary');
    const res = await session.post(
      `/sammantraden/${id}/stall-in`,
      { reason: 'Flyttat till maj', version: '1' },
      `/sammantraden/${id}/stall-in`,
    );
    expect(res.status).to.equal(303);
    const page = textOf((await session.get(`/sammantraden/${id}`)).text);
    expect(page).to.contain('Inställt');
    expect(page).to.contain('Flyttat till maj');
    expect(page).not.to.contain('Utfärda återrapporteringen');
    expect(textOf((await session.get('/sammantraden')).text)).to.contain('Inställt');
    const issue = await session.post(
      `/sammantraden/${id}/utfarda`,
      { issuedVersionsSeen: '0', reason: '' },
      `/sammantraden/${id}`,
    );
    expect(issue.status).to.equal(422);
    expect(await t.db.selectFrom('reports').selectAll().execute()).to.have.length(0);
  });

  it('when a reader or a unit manager tries to add a meeting, then it is refused', async () => {
    for (const role of ['reader', 'manager', 'admin'] as const) {
      const { session } = await loggedIn(t, role);
      expect((await session.get('/sammantraden/ny')).status).to.equal(403);
      expect((await session.get('/sammantraden')).status).to.equal(200);
      const res = await session.post(
        '/sammantraden/ny',
        { committeeId: String(committeeId), heldOn: '2026-04-22' },
        '/sammantraden',
      );
      expect(res.status).to.equal(403);
    }
    expect(await t.db.selectFrom('meetings').selectAll().execute()).to.have.length(0);
  });

  it('when there are more than a hundred nämnder, then the Nämnd filter of the sammanträden is a search on the name, and a bookmarked ?namnd= still applies', async () => {
    for (let i = 0; i < 100; i++) await aCommittee(t.db, `Utskott ${i} i Exempelkommun`);
    const elder = await aCommittee(t.db, 'Äldrenämnden i Exempelkommun');
    await aMeeting(t.db, committeeId, '2026-04-22');
    await aMeeting(t.db, elder, '2026-04-23');
    const { session } = await loggedIn(t, 'reader');

    const all = await session.get('/sammantraden');
    expect(all.text)
      .to.contain('name="namnd_namn"')
      .and.not.contain('<select id="f-namnd"')
      .and.not.contain('Utskott 42 i Exempelkommun');
    const found = textOf((await session.get(`/sammantraden?namnd_namn=${encodeURIComponent('ÄLDRE')}`)).text);
    expect(found).to.contain('23 april 2026').and.not.contain('22 april 2026');
    const none = textOf((await session.get('/sammantraden?namnd_namn=Ingen+s%C3%A5dan')).text);
    expect(none)
      .to.contain('Inga sammanträden är planerade för nämnder vars namn innehåller ”Ingen sådan”.')
      .and.not.contain('april 2026');
    const bookmarked = await session.get(`/sammantraden?namnd=${committeeId}`);
    expect(bookmarked.text).to.contain('name="namnd_namn" value="Socialnämnden"');
    expect(textOf(bookmarked.text)).to.contain('22 april 2026').and.not.contain('23 april 2026');
  });

  it('when the list is filtered by nämnd, then only that nämnd is shown', async () => {
    const other = await aCommittee(t.db, 'Arbetsmarknadsnämnden');
    await aMeeting(t.db, committeeId, '2026-04-22');
    await aMeeting(t.db, other, '2026-04-23');
    const { session } = await loggedIn(t, 'reader');
    const page = textOf((await session.get(`/sammantraden?namnd=${other}`)).text);
    expect(page).to.contain('23 april 2026');
    expect(page).not.to.contain('22 april 2026');
  });
});
