import { expect } from 'chai';
import { loggedIn, loginAs, makeUser, testApp, textOf, type Session, type TestApp } from '../helpers/app.ts';
import { securityTestApp } from '../helpers/security.ts';
import { aCommittee, aFinding, aMatter, anAction } from '../helpers/tracker.ts';
import * as build from '../helpers/builders.ts';

describe('actions (åtgärder)', () => {
  let t: TestApp;
  let director: Session;
  let directorId: number;
  let manager: { id: number; name: string };
  let managerSession: Session;
  let committeeId: number;
  let matterId: number;
  let findingA: number;
  let findingB: number;

  beforeEach(async () => {
    t = await testApp(); // today is 2026-03-16
    const d = await loggedIn(t, 'director', 'Frida Förvaltningschef');
    director = d.session;
    directorId = d.user.id;
    const m = await loggedIn(t, 'manager', 'Cecilia Enhetschef');
    manager = m.user;
    managerSession = m.session;
    committeeId = await aCommittee(t, 'Socialnämnden');
    matterId = await aMatter(t, directorId, { committeeId });
    findingA = await aFinding(t, matterId, 'Brister i utredningstider');
    findingB = await aFinding(t, matterId, 'Brister i dokumentation');
  });

  it('when a förvaltningschef creates an action for two findings, then it is listed under both with its owner, and the history records the creation', async () => {
    const res = await director.post(
      '/atgarder',
      {
        arende: String(matterId),
        title: 'Införa checklista för utredningstider',
        description: '',
        ownerId: String(manager.id),
        dueOn: '2026-05-29',
        findingIds: [String(findingA), String(findingB)],
      },
      `/atgarder/ny?arende=${matterId}`,
    );
    expect(res.status).to.equal(303);
    const matterPage = await director.get(`/arenden/${matterId}`);
    const occurrences = matterPage.text.split('Införa checklista för utredningstider').length - 1;
    expect(occurrences).to.equal(2);
    expect(textOf(matterPage.text)).to.contain('Cecilia Enhetschef');
    const actionPage = textOf((await director.get(res.headers.location)).text);
    expect(actionPage).to.contain('Skapad (Ej påbörjad)');
    expect(actionPage).to.contain('Frida Förvaltningschef');
    expect(actionPage).to.contain('29 maj 2026');
  });

  it('when the action form misses findings, owner and a real date, then the errors are shown and nothing is stored', async () => {
    const res = await director.post(
      '/atgarder',
      { arende: String(matterId), title: 'Något', ownerId: '', dueOn: '2026-02-31' },
      `/atgarder/ny?arende=${matterId}`,
    );
    expect(res.status).to.equal(422);
    const text = textOf(res.text);
    expect(text).to.contain('Välj minst en brist.');
    expect(text).to.contain('Välj ansvarig.');
    expect(text).to.contain('Slutdatum måste vara ett riktigt datum');
    expect(res.text).to.contain('value="Något"');
    expect(await t.db.selectFrom('actions').selectAll().execute()).to.have.length(0);
  });

  it('when an action would address findings of two nämnder, then it is refused', async () => {
    const otherMatter = await aMatter(t, directorId, { committeeId: await aCommittee(t, 'Äldrenämnden') });
    const foreign = await aFinding(t, otherMatter, 'Annan nämnds brist');
    const res = await director.post(
      '/atgarder',
      {
        arende: String(matterId),
        title: 'Gemensam åtgärd',
        ownerId: String(manager.id),
        dueOn: '2026-05-29',
        findingIds: [String(findingA), String(foreign)],
      },
      `/atgarder/ny?arende=${matterId}`,
    );
    expect(res.status).to.equal(422);
    expect(textOf(res.text)).to.contain('En åtgärd kan bara avse brister inom samma nämnd.');
    expect(await t.db.selectFrom('actions').selectAll().execute()).to.have.length(0);
  });

  it('when a chef updates the status of their own action with a comment, then the history shows who, when and from → to', async () => {
    const id = await anAction(t, directorId, { findingIds: [findingA], ownerId: manager.id });
    const res = await managerSession.post(
      `/atgarder/${id}/statusuppdateringar`,
      { status: 'in_progress', comment: 'Checklistan är utskickad till alla handläggare.', version: '1' },
      `/atgarder/${id}`,
    );
    expect(res.status).to.equal(303);
    const page = textOf((await managerSession.get(`/atgarder/${id}`)).text);
    expect(page).to.contain('Ej påbörjad → Pågår');
    expect(page).to.contain('Cecilia Enhetschef, 16 mars 2026 kl. 10:00');
    expect(page).to.contain('Checklistan är utskickad till alla handläggare.');
    const updates = await t.db
      .selectFrom('action_updates')
      .selectAll()
      .where('action_id', '=', id)
      .orderBy('id')
      .execute();
    expect(updates.map((u) => [u.from_status, u.to_status])).to.deep.equal([
      [null, 'not_started'],
      ['not_started', 'in_progress'],
    ]);
  });

  it('when a chef opens Mina åtgärder, then only their own open actions are listed, with a way to update each; Status Alla shows their finished ones too', async () => {
    const otherManager = await loggedIn(t, 'manager', 'Olle Annanchef');
    await anAction(t, directorId, { findingIds: [findingA], ownerId: manager.id, title: 'Min åtgärd' });
    await anAction(t, directorId, {
      findingIds: [findingA],
      ownerId: otherManager.user.id,
      title: 'Någon annans åtgärd',
    });
    await anAction(t, directorId, {
      findingIds: [findingA],
      ownerId: manager.id,
      title: 'Min klara åtgärd',
      status: 'done',
    });
    const text = textOf((await managerSession.get('/atgarder/mina')).text);
    expect(text).to.contain('Min åtgärd');
    expect(text).to.contain('Uppdatera status');
    expect(text).not.to.contain('Någon annans åtgärd');
    expect(text).not.to.contain('Min klara åtgärd');
    const all = (await managerSession.get('/atgarder/mina?status=alla')).text;
    expect(textOf(all)).to.contain('Min klara åtgärd');
    expect(textOf(all)).to.contain('Min åtgärd');
    expect(textOf(all)).not.to.contain('Någon annans åtgärd');
    expect(all).to.match(/<option value="alla" selected>Alla<\/option>/);
  });

  it("when a chef posts a status update for someone else's action (a forged id), then it is refused with 403 and nothing is stored", async () => {
    const otherManager = await loggedIn(t, 'manager');
    const foreign = await anAction(t, directorId, { findingIds: [findingA], ownerId: otherManager.user.id });
    const page = await managerSession.get(`/atgarder/${foreign}`);
    expect(textOf(page.text)).not.to.contain('Uppdatera status');
    const res = await managerSession.post(
      `/atgarder/${foreign}/statusuppdateringar`,
      { status: 'done', comment: 'Fejk', version: '1' },
      '/atgarder/mina',
    );
    expect(res.status).to.equal(403);
    const action = await t.db
      .selectFrom('actions')
      .select('status')
      .where('id', '=', foreign)
      .executeTakeFirstOrThrow();
    expect(action.status).to.equal('not_started');
    expect(
      await t.db.selectFrom('action_updates').selectAll().where('action_id', '=', foreign).execute(),
    ).to.have.length(1);
  });

  for (const role of ['reader', 'secretary'] as const) {
    it(`when a ${role} views an action, then there is no status form and posting one is forbidden`, async () => {
      const s = (await loggedIn(t, role)).session;
      const id = await anAction(t, directorId, { findingIds: [findingA], ownerId: manager.id });
      expect(textOf((await s.get(`/atgarder/${id}`)).text)).not.to.contain('Spara statusuppdatering');
      expect(
        (await s.post(`/atgarder/${id}/statusuppdateringar`, { status: 'done', comment: '', version: '1' }, '/'))
          .status,
      ).to.equal(403);
      expect((await s.get(`/atgarder/${id}/redigera`)).status).to.equal(403);
      expect((await s.get('/atgarder/mina')).status).to.equal(403);
    });
  }

  it('when two people update the same action, then the second sees a conflict, keeps the comment, and only the first is stored', async () => {
    const id = await anAction(t, directorId, { findingIds: [findingA], ownerId: manager.id });
    const first = await director.post(
      `/atgarder/${id}/statusuppdateringar`,
      { status: 'in_progress', comment: 'Påbörjad av förvaltningschefen', version: '1' },
      `/atgarder/${id}`,
    );
    expect(first.status).to.equal(303);
    const second = await managerSession.post(
      `/atgarder/${id}/statusuppdateringar`,
      { status: 'done', comment: 'Min viktiga kommentar', version: '1' },
      `/atgarder/${id}`,
    );
    expect(second.status).to.equal(409);
    const text = textOf(second.text);
    expect(text).to.contain('Någon annan uppdaterade åtgärden');
    expect(text).to.contain('Påbörjad av förvaltningschefen');
    expect(second.text).to.contain('Min viktiga kommentar</textarea>');
    const rows = await t.db.selectFrom('action_updates').select('to_status').where('action_id', '=', id).execute();
    expect(rows.map((r) => r.to_status)).to.deep.equal(['not_started', 'in_progress']);
  });

  it('when a förvaltningschef enters a plan with "Skapa och lägg till nästa", then each action is saved and the form opens again for the same ärende, its brister first and the other ärenden of the nämnd folded', async () => {
    const fields = (title: string) => ({
      arende: String(matterId),
      title,
      description: '',
      ownerId: String(manager.id),
      dueOn: '2026-05-29',
      findingIds: [String(findingA)],
      nasta: 'ja',
    });
    const first = await director.post('/atgarder', fields('Införa checklista'), `/atgarder/ny?arende=${matterId}`);
    expect(first.status).to.equal(303);
    expect(first.headers.location).to.equal(`/atgarder/ny?arende=${matterId}`);
    const other = await aMatter(t, directorId, { committeeId, title: 'Lex Sarah-utredning om boendet' });
    await aFinding(t, other, 'Brister i bemanningen');
    const form = await director.get(first.headers.location);
    expect(textOf(form.text)).to.contain('Åtgärden ”Införa checklista” är skapad. Lägg till nästa åtgärd i ärendet.');
    // This ärende's brister first; the nämnd's other ärenden folded below them.
    const own = form.text.indexOf('Brister i dokumentation');
    const folded = form.text.indexOf('<summary>Brister i nämndens andra ärenden (1)</summary>');
    expect(own).to.be.greaterThan(0);
    expect(folded).to.be.greaterThan(own);
    expect(form.text.indexOf('Brister i bemanningen')).to.be.greaterThan(folded);
    const second = await director.post('/atgarder', fields('Veckovis uppföljning'), `/atgarder/ny?arende=${matterId}`);
    expect(second.headers.location).to.equal(`/atgarder/ny?arende=${matterId}`);
    const titles = (await t.db.selectFrom('actions').select('title').orderBy('id').execute()).map((a) => a.title);
    expect(titles).to.deep.equal(['Införa checklista', 'Veckovis uppföljning']);
  });

  it('when an action is edited by two people, then the second save shows both versions', async () => {
    const id = await anAction(t, directorId, { findingIds: [findingA], ownerId: manager.id, title: 'Ursprung' });
    const other = (await loggedIn(t, 'director')).session;
    const fields = (title: string) => ({
      title,
      description: '',
      ownerId: String(manager.id),
      dueOn: '2026-06-30',
      findingIds: [String(findingA)],
      version: '1',
    });
    expect((await director.post(`/atgarder/${id}`, fields('Första'), `/atgarder/${id}/redigera`)).status).to.equal(303);
    const second = await other.post(`/atgarder/${id}`, fields('Andra'), `/atgarder/${id}/redigera`);
    expect(second.status).to.equal(409);
    expect(textOf(second.text)).to.contain('Första');
    expect(second.text).to.contain('value="Andra"');
    expect(
      (await t.db.selectFrom('actions').select('title').where('id', '=', id).executeTakeFirstOrThrow()).title,
    ).to.equal('Första');
  });

  it('when a slutdatum is moved, then a reason is required; the first date is kept, the move shows in the history, on the Översikt and under Ändrade slutdatum in the next återrapportering', async () => {
    const id = await anAction(t, directorId, {
      findingIds: [findingA],
      ownerId: manager.id,
      title: 'Införa checklista för utredningstider',
      dueOn: '2026-11-26',
    });
    const fields = (over: Record<string, string>) => ({
      title: 'Införa checklista för utredningstider',
      description: '',
      ownerId: String(manager.id),
      dueOn: '2027-01-29',
      findingIds: [String(findingA)],
      dueDateReason: '',
      version: '1',
      ...over,
    });

    const refused = await director.post(`/atgarder/${id}`, fields({}), `/atgarder/${id}/redigera`);
    expect(refused.status).to.equal(422);
    expect(textOf(refused.text)).to.contain('Ange skäl till nytt slutdatum');
    expect(refused.text).to.contain('value="2027-01-29"'); // what was typed is kept
    const unchanged = await t.db.selectFrom('actions').select('due_on').where('id', '=', id).executeTakeFirstOrThrow();
    expect(unchanged.due_on).to.equal('2026-11-26');

    const reason = 'Leverantören av journalsystemet har skjutit upp införandet till januari.';
    const saved = await director.post(`/atgarder/${id}`, fields({ dueDateReason: reason }), `/atgarder/${id}/redigera`);
    expect(saved.status).to.equal(303);

    const page = textOf((await director.get(`/atgarder/${id}`)).text);
    expect(page).to.contain('29 januari 2027');
    expect(page).to.contain('Flyttat 1 gång; först 26 november 2026');
    expect(page).to.contain('Slutdatum ändrat från 26 november 2026 till 29 januari 2027');
    expect(page).to.contain(reason);

    // A title edit without a new date needs no reason and records no move.
    const retitled = await director.post(
      `/atgarder/${id}`,
      fields({ title: 'Införa checklista', version: '2' }),
      `/atgarder/${id}/redigera`,
    );
    expect(retitled.status).to.equal(303);
    expect(textOf((await director.get(`/atgarder/${id}`)).text)).to.contain('Flyttat 1 gång');

    expect(textOf((await director.get('/')).text)).to.contain('1 slutdatum flyttat de senaste 30 dagarna');

    const meeting = await build.aMeeting(t.db, committeeId, '2026-03-25');
    const earlier = await build.aMeeting(t.db, committeeId, '2026-02-25');
    await t.db
      .insertInto('reports')
      .values({
        meeting_id: earlier,
        committee_id: committeeId,
        version_no: 1,
        document_id: `AR-20260225-${earlier}-v1`,
        reason: '',
        snapshot: '{}',
        pdf: Buffer.from('%PDF-1.4 stand-in'),
        sha256: '0'.repeat(64),
        issued_by: directorId,
        issued_at: '2026-02-20T10:00:00.000Z',
      })
      .execute();
    const report = textOf((await director.get(`/sammantraden/${meeting}/rapport`)).text);
    expect(report).to.contain('Ändrade slutdatum');
    expect(report).to.contain(`Införa checklista 2026-11-26 2027-01-29 ${reason}`);
  });

  it('when a chef asks for a new slutdatum, then the old date counts until the förvaltningschef answers; a decline needs a reason, an approval moves the date', async () => {
    const id = await anAction(t, directorId, {
      findingIds: [findingA],
      ownerId: manager.id,
      title: 'Införa checklista för utredningstider',
      dueOn: '2026-05-29',
    });
    const request = (dueOn: string) =>
      managerSession.post(
        `/atgarder/${id}/slutdatum/begaran`,
        { requestedDueOn: dueOn, reason: 'Två handläggare är föräldralediga under maj.' },
        `/atgarder/${id}`,
      );
    const dueOn = async () =>
      (await t.db.selectFrom('actions').select('due_on').where('id', '=', id).executeTakeFirstOrThrow()).due_on;

    const NOTE = 'Checklistan är utkastad och prövas i en grupp.';
    const noted = await managerSession.post(
      `/atgarder/${id}/statusuppdateringar`,
      { status: 'in_progress', comment: NOTE, version: '1' },
      `/atgarder/${id}`,
    );
    expect(noted.status).to.equal(303);
    const version = async () =>
      String(
        (await t.db.selectFrom('actions').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version,
      );

    // A date already passed (today is 16 March) is refused beside the date, with what was typed kept.
    const passed = await request('2026-03-13');
    expect(passed.status).to.equal(422);
    expect(textOf(passed.text)).to.contain('Begär ett slutdatum från och med i dag; det datumet har redan passerat.');
    expect(passed.text).to.contain('Två handläggare är föräldralediga under maj.');
    expect(await dueOn()).to.equal('2026-05-29');

    expect((await request('2026-06-30')).status).to.equal(303);
    expect(await dueOn()).to.equal('2026-05-29');
    let page = textOf((await director.get(`/atgarder/${id}`)).text);
    expect(page).to.contain('begär att slutdatum flyttas från 29 maj 2026 till 30 juni 2026');
    expect(textOf((await director.get('/')).text)).to.contain('1 begäran om nytt slutdatum väntar på svar');
    expect((await request('2026-07-15')).status).to.equal(422); // one request at a time

    const noReason = await director.post(
      `/atgarder/${id}/slutdatum/begaran/avsla`,
      { reason: '', version: await version() },
      `/atgarder/${id}`,
    );
    expect(noReason.status).to.equal(422);
    expect(textOf(noReason.text)).to.contain('Ange varför begäran avslås');
    const declined = await director.post(
      `/atgarder/${id}/slutdatum/begaran/avsla`,
      { reason: 'Nämnden har begärt att checklistan finns före sommaren.', version: await version() },
      `/atgarder/${id}`,
    );
    expect(declined.status).to.equal(303);
    expect(await dueOn()).to.equal('2026-05-29');
    page = textOf((await managerSession.get(`/atgarder/${id}`)).text);
    expect(page).to.contain('Begäran om slutdatum 30 juni 2026 avslogs');
    expect(page).to.contain('Nämnden har begärt att checklistan finns före sommaren.');
    expect(page).not.to.contain('Flyttat');

    expect((await request('2026-06-12')).status).to.equal(303);
    const approved = await director.post(
      `/atgarder/${id}/slutdatum/begaran/godkann`,
      { version: await version() },
      `/atgarder/${id}`,
    );
    expect(approved.status).to.equal(303);
    expect(await dueOn()).to.equal('2026-06-12');
    page = textOf((await managerSession.get(`/atgarder/${id}`)).text);
    expect(page).to.contain('Slutdatum ändrat från 29 maj 2026 till 12 juni 2026 (begäran godkänd)');
    expect(page).to.contain('Flyttat 1 gång; först 29 maj 2026');
    const overview = textOf((await director.get('/')).text);
    expect(overview).to.contain('0 begäranden om nytt slutdatum väntar på svar');
    expect(overview).to.contain('1 slutdatum flyttat de senaste 30 dagarna');
    // The reasons belong to the dates; the action's latest news is still the chef's own note.
    const row = textOf((await director.get(`/arenden/${matterId}`)).text);
    expect(row).to.contain(`${manager.name} 2026-06-12 Pågår ○ I tid ${NOTE}`);

    const stranger = (await loggedIn(t, 'manager')).session;
    expect(
      (
        await stranger.post(
          `/atgarder/${id}/slutdatum/begaran`,
          { requestedDueOn: '2026-08-01', reason: 'x' },
          `/atgarder/${id}`,
        )
      ).status,
    ).to.equal(403);
  });

  it('when the list is filtered by Försenad, ansvarig, nämnd, ärende and slutdatum, then only matching actions show', async () => {
    const other = await loggedIn(t, 'manager', 'Olle Annanchef');
    await anAction(t, directorId, {
      findingIds: [findingA],
      ownerId: manager.id,
      title: 'Försenad åtgärd',
      dueOn: '2026-03-01',
    });
    await anAction(t, directorId, {
      findingIds: [findingA],
      ownerId: manager.id,
      title: 'Klar men gammal',
      dueOn: '2026-03-01',
      status: 'done',
    });
    await anAction(t, directorId, {
      findingIds: [findingB],
      ownerId: other.user.id,
      title: 'Framtida åtgärd',
      dueOn: '2026-09-01',
    });
    await anAction(t, directorId, {
      findingIds: [findingB],
      ownerId: other.user.id,
      title: 'Avbruten åtgärd',
      dueOn: '2026-02-01',
      status: 'cancelled',
    });
    const otherMatter = await aMatter(t, directorId, {
      committeeId: await aCommittee(t, 'Äldrenämnden'),
      title: 'Annat ärende',
    });
    const otherFinding = await aFinding(t, otherMatter);
    await anAction(t, directorId, {
      findingIds: [otherFinding],
      ownerId: other.user.id,
      title: 'Äldreåtgärd',
      dueOn: '2026-04-01',
    });

    const overdue = textOf((await director.get('/atgarder?status=overdue')).text);
    expect(overdue)
      .to.contain('Försenad åtgärd')
      .and.not.contain('Klar men gammal')
      .and.not.contain('Avbruten åtgärd')
      .and.not.contain('Framtida åtgärd');
    const byOwner = textOf((await director.get(`/atgarder?ansvarig=${other.user.id}`)).text);
    expect(byOwner)
      .to.contain('Framtida åtgärd')
      .and.contain('Äldreåtgärd')
      .and.contain('Avbruten åtgärd')
      .and.not.contain('Försenad åtgärd');
    const byCommittee = textOf((await director.get(`/atgarder?namnd=${committeeId}`)).text);
    expect(byCommittee).to.contain('Framtida åtgärd').and.not.contain('Äldreåtgärd');
    // Combined, as the förvaltningschef and a unit manager use them (partial indexes of open actions).
    const overdueInCommittee = textOf((await director.get(`/atgarder?status=overdue&namnd=${committeeId}`)).text);
    expect(overdueInCommittee)
      .to.contain('Försenad åtgärd')
      .and.not.contain('Äldreåtgärd')
      .and.not.contain('Klar men gammal')
      .and.not.contain('Avbruten åtgärd')
      .and.not.contain('Framtida åtgärd');
    const openOfOwner = textOf((await director.get(`/atgarder?status=open&ansvarig=${other.user.id}`)).text);
    expect(openOfOwner)
      .to.contain('Framtida åtgärd')
      .and.contain('Äldreåtgärd')
      .and.not.contain('Försenad åtgärd')
      .and.not.contain('Avbruten åtgärd');
    const byMatter = textOf((await director.get(`/atgarder?arende=${otherMatter}`)).text);
    expect(byMatter).to.contain('Äldreåtgärd').and.not.contain('Framtida åtgärd');
    const before = textOf((await director.get('/atgarder?fore=2026-04-01')).text);
    expect(before).to.contain('Äldreåtgärd').and.contain('Försenad åtgärd').and.not.contain('Framtida åtgärd');
    const badDate = await director.get('/atgarder?fore=2026-13-01');
    expect(badDate.status).to.equal(200);
    expect(textOf(badDate.text)).to.contain('Ange datum som ÅÅÅÅ-MM-DD');
  });

  it('when the list is shown, then the Ansvarig filter offers the people who own actions, and no one else, also right after someone gets a first action', async () => {
    const idle = await loggedIn(t, 'manager', 'Ingrid Utanåtgärd');
    await loggedIn(t, 'reader', 'Lars Läsare');
    await anAction(t, directorId, { findingIds: [findingA], ownerId: manager.id, title: 'Cecilias åtgärd' });
    await anAction(t, directorId, { findingIds: [findingB], ownerId: directorId, title: 'Fridas åtgärd' });
    const page = await director.get('/atgarder');
    const select = /<select[^>]*name="ansvarig"[\s\S]*?<\/select>/.exec(page.text)![0];
    const offered = [...select.matchAll(/<option value="(\d+)"[^>]*>([^<]*)</g)].map((m) => m[2]);
    expect(offered).to.deep.equal(['Cecilia Enhetschef', 'Frida Förvaltningschef']);
    await anAction(t, directorId, { findingIds: [findingB], ownerId: idle.user.id, title: 'Ingrids första åtgärd' });
    const after = /<select[^>]*name="ansvarig"[\s\S]*?<\/select>/.exec((await director.get('/atgarder')).text)![0];
    expect([...after.matchAll(/<option value="(\d+)"[^>]*>([^<]*)</g)].map((m) => m[2])).to.deep.equal([
      'Cecilia Enhetschef',
      'Frida Förvaltningschef',
      'Ingrid Utanåtgärd',
    ]);
  });

  it('when more than a hundred people own actions, then Ansvarig is a search on the name, Swedish letters in any case, kept when paging', async () => {
    const db = t.db;
    const committee = await build.aCommittee(db, 'Omsorgsnämnden');
    const finding = await build.aFinding(db, await build.aMatter(db, { committeeId: committee }));
    for (let i = 0; i < 100; i++)
      await build.anAction(db, {
        committeeId: committee,
        ownerId: await build.aPerson(db, `Chef Nummer ${i}`),
        findingIds: [finding],
        title: `Åtgärd av chef ${i}`,
        dueOn: '2026-06-01',
      });
    const asa = await build.aPerson(db, 'Åsa Öberg');
    for (let i = 0; i < 55; i++)
      await build.anAction(db, {
        committeeId: committee,
        ownerId: asa,
        findingIds: [finding],
        title: `Åsas åtgärd ${String(i).padStart(2, '0')}`,
        dueOn: '2026-07-01',
      });

    const page = await director.get('/atgarder');
    expect(page.text).to.contain('name="ansvarig_namn"').and.not.contain('<select id="f-ansvarig"');
    const found = await director.get(`/atgarder?ansvarig_namn=${encodeURIComponent('åsa ö')}`);
    const text = textOf(found.text);
    expect(text).to.contain('Åsas åtgärd 00').and.not.contain('Åtgärd av chef');
    expect(text).to.contain('Visar 1–50 av 55');
    expect(found.text).to.contain('sida=2').and.contain('ansvarig_namn=%C3%A5sa+%C3%B6');
    expect(textOf((await director.get('/atgarder?ansvarig_namn=Ingen+s%C3%A5dan')).text)).to.contain('Inga åtgärder');
    const bookmarked = await director.get(`/atgarder?ansvarig=${asa}`);
    expect(bookmarked.text).to.contain('name="ansvarig_namn" value="Åsa Öberg"');
    expect(textOf(bookmarked.text)).to.contain('Visar 1–50 av 55');
  });

  it('when the list is shown, then each row has the action, the first of its ärenden, nämnd, ansvarig, slutdatum, status and latest comment, soonest due first', async () => {
    const secondMatter = await aMatter(t, directorId, { committeeId, title: 'Tillsyn av boendestöd' });
    const secondFinding = await aFinding(t, secondMatter, 'Brister i genomförandeplaner');
    const late = await anAction(t, directorId, {
      findingIds: [secondFinding, findingA],
      ownerId: manager.id,
      title: 'Ny rutin för genomförandeplaner',
      dueOn: '2026-08-31',
    });
    await anAction(t, directorId, {
      findingIds: [secondFinding],
      ownerId: directorId,
      title: 'Utbilda personalen',
      dueOn: '2026-04-15',
    });
    const post = (status: string, comment: string, version: string) =>
      managerSession.post(`/atgarder/${late}/statusuppdateringar`, { status, comment, version }, `/atgarder/${late}`);
    expect((await post('in_progress', 'Utkast skickat till enheterna.', '1')).status).to.equal(303);
    expect((await post('done', '', '2')).status).to.equal(303);

    const body = (await director.get('/atgarder')).text;
    const rows = [
      ...body
        .split('<tbody>')[1]
        .split('</tbody>')[0]
        .matchAll(/<tr>([\s\S]*?)<\/tr>/g),
    ].map((m) => textOf(m[1]));
    expect(rows).to.have.length(2);
    expect(rows[0]).to.match(
      /^Utbilda personalen Tillsyn av boendestöd \(Socialnämnden\) Frida Förvaltningschef 2026-04-15 Ej påbörjad .*I tid –$/,
    );
    // Listed under its first ärende (the oldest), with the newest comment that is not empty.
    expect(rows[1]).to.match(
      /^Ny rutin för genomförandeplaner .+ \(Socialnämnden\) Cecilia Enhetschef 2026-08-31 Klar Utkast skickat till enheterna\.$/,
    );
    expect(rows[1]).to.contain(
      (await t.db.selectFrom('matters').select('title').where('id', '=', matterId).executeTakeFirstOrThrow()).title,
    );
    expect(body).to.contain(`href="/arenden/${matterId}"`);
  });

  it('when there are more than a hundred nämnder, then Nämnd is a search on the name, kept when paging, and a bookmarked ?namnd= still applies', async () => {
    const db = t.db;
    for (let i = 0; i < 100; i++) await build.aCommittee(db, `Socialnämnden i Exempelkommun ${i}`);
    const elder = await build.aCommittee(db, 'Äldrenämnden i Exempelkommun');
    const finding = await build.aFinding(db, await build.aMatter(db, { committeeId: elder }));
    for (let i = 0; i < 55; i++)
      await build.anAction(db, {
        committeeId: elder,
        ownerId: manager.id,
        findingIds: [finding],
        title: `Äldreåtgärd ${String(i).padStart(2, '0')}`,
        dueOn: '2026-07-01',
      });
    await build.anAction(db, {
      committeeId,
      ownerId: manager.id,
      findingIds: [findingA],
      title: 'Socialåtgärd',
      dueOn: '2026-06-01',
    });

    const page = await director.get('/atgarder');
    expect(page.text).to.contain('name="namnd_namn"').and.not.contain('<select id="f-namnd"');
    expect(page.text).not.to.contain('Socialnämnden i Exempelkommun 42');
    const found = await director.get(`/atgarder?namnd_namn=${encodeURIComponent('ÄLDRE')}`);
    const text = textOf(found.text);
    expect(text).to.contain('Äldreåtgärd 00').and.not.contain('Socialåtgärd');
    expect(text).to.contain('Visar 1–50 av 55');
    expect(found.text).to.contain('sida=2').and.contain('namnd_namn=%C3%84LDRE');
    expect(textOf((await director.get('/atgarder?namnd_namn=Ingen+s%C3%A5dan')).text)).to.contain('Inga åtgärder');
    const bookmarked = await director.get(`/atgarder?namnd=${elder}`);
    expect(bookmarked.text).to.contain('name="namnd_namn" value="Äldrenämnden i Exempelkommun"');
    expect(textOf(bookmarked.text)).to.contain('Visar 1–50 av 55');
  });

  it('when there are more actions than fit on a page, then the list is paginated', async () => {
    for (let i = 0; i < 55; i++) {
      await anAction(t, directorId, {
        findingIds: [findingA],
        ownerId: manager.id,
        title: `Åtgärd nummer ${String(i).padStart(2, '0')}`,
        dueOn: `2026-06-${String((i % 28) + 1).padStart(2, '0')}`,
      });
    }
    const first = textOf((await director.get('/atgarder')).text);
    expect(first).to.contain('Visar 1–50 av 55');
    const second = await director.get('/atgarder?sida=2');
    expect(textOf(second.text)).to.contain('Visar 51–55 av 55');
    expect((second.text.match(/href="\/atgarder\/\d+"/g) ?? []).length).to.equal(5);
  });

  it('when every page is read, then each action is listed exactly once in slutdatum order, also on the pages read from the end', async () => {
    const titles: string[] = [];
    for (let i = 0; i < 180; i++) {
      // Three actions share each date, so the order within a date (by id) is checked too.
      const title = `Åtgärd ${String(i).padStart(3, '0')}`;
      titles.push(title);
      await build.anAction(t.db, {
        committeeId,
        ownerId: manager.id,
        findingIds: [findingA],
        title,
        dueOn: `2026-${String(5 + Math.floor(i / 60)).padStart(2, '0')}-${String(1 + Math.floor((i % 60) / 3)).padStart(2, '0')}`,
      });
    }
    const listed: string[] = [];
    for (let page = 1; page <= 4; page++) {
      const body = (await director.get(`/atgarder?sida=${page}`)).text;
      listed.push(...[...body.matchAll(/<a href="\/atgarder\/\d+">(Åtgärd \d{3})<\/a>/g)].map((m) => m[1]));
    }
    expect(listed).to.deep.equal(titles);
  });

  it('when an action that sorts first is added after a page read from the end was shown, then that page shows its rows moved one place on', async () => {
    for (let i = 0; i < 180; i++) {
      await build.anAction(t.db, {
        committeeId,
        ownerId: manager.id,
        findingIds: [findingA],
        title: `Åtgärd ${String(i).padStart(3, '0')}`,
        dueOn: `2026-05-${String(1 + Math.floor(i / 6)).padStart(2, '0')}`,
      });
    }
    const titlesOf = async () =>
      [...(await director.get('/atgarder?sida=4')).text.matchAll(/<a href="\/atgarder\/\d+">(Åtgärd \d{3})<\/a>/g)].map(
        (m) => m[1],
      );
    const before = await titlesOf();
    expect(before[0]).to.equal('Åtgärd 150');
    await anAction(t, directorId, {
      findingIds: [findingA],
      ownerId: manager.id,
      title: 'Tidigaste åtgärden',
      dueOn: '2026-04-01',
    });
    const after = await titlesOf();
    expect(after[0]).to.equal('Åtgärd 149');
    expect(after)
      .to.have.length(31)
      .and.to.deep.equal(['Åtgärd 149', ...before]);
  });

  it('when an action is added after the list was shown, then the list counts it at once', async () => {
    await anAction(t, directorId, { findingIds: [findingA], ownerId: manager.id, title: 'Första åtgärden' });
    expect(textOf((await director.get('/atgarder')).text)).to.contain('Åtgärder (1)');
    expect(textOf((await director.get('/atgarder?status=overdue')).text)).to.contain('Inga åtgärder');
    await build.anAction(t.db, {
      committeeId,
      ownerId: manager.id,
      findingIds: [findingA],
      title: 'Sen åtgärd',
      dueOn: '2026-03-02',
    });
    expect(textOf((await director.get('/atgarder')).text)).to.contain('Åtgärder (2)');
    expect(textOf((await director.get('/atgarder?status=overdue')).text))
      .to.contain('Sen åtgärd')
      .and.contain('Åtgärder (1)');
  });

  describe('a page of the list, remembered between views, is kept up to date', () => {
    const rowOf = (html: string, title: string) =>
      textOf(new RegExp(`<tr>(?:(?!</tr>)[\\s\\S])*${title}[\\s\\S]*?</tr>`).exec(html)?.[0] ?? '');

    it('when a chef reports progress after the list was shown, then the next view shows the new status and comment, to everyone', async () => {
      const id = await anAction(t, directorId, {
        findingIds: [findingA],
        ownerId: manager.id,
        title: 'Revidera rutinen',
        dueOn: '2026-06-01',
      });
      expect(rowOf((await director.get('/atgarder')).text, 'Revidera rutinen'))
        .to.contain('Ej påbörjad')
        .and.not.contain('Halva rutinen klar');
      expect(rowOf((await managerSession.get('/atgarder')).text, 'Revidera rutinen')).to.contain('Ej påbörjad');
      const res = await managerSession.post(
        `/atgarder/${id}/statusuppdateringar`,
        { status: 'in_progress', comment: 'Halva rutinen klar.', version: '1' },
        `/atgarder/${id}`,
      );
      expect(res.status).to.equal(303);
      for (const who of [director, managerSession])
        expect(rowOf((await who.get('/atgarder')).text, 'Revidera rutinen'))
          .to.contain('Pågår')
          .and.contain('Halva rutinen klar.');
    });

    it('when an ansvarig is renamed outside the app (a direct database update), then the next view shows the new name', async () => {
      await anAction(t, directorId, { findingIds: [findingA], ownerId: manager.id, title: 'Revidera rutinen' });
      expect(rowOf((await director.get('/atgarder')).text, 'Revidera rutinen')).to.contain('Cecilia Enhetschef');
      await t.db.updateTable('users').set({ name: 'Cecilia Nynamn' }).where('id', '=', manager.id).execute();
      expect(rowOf((await director.get('/atgarder')).text, 'Revidera rutinen'))
        .to.contain('Cecilia Nynamn')
        .and.not.contain('Enhetschef');
    });

    it('when an ansvarig gets a first action, loses her last one or is renamed, or a nämnd is added, then the next view of the list offers it in the filters', async () => {
      const offered = async (param: string) => {
        const select = new RegExp(`<select id="f-${param}"[\\s\\S]*?</select>`).exec(
          (await director.get('/atgarder')).text,
        );
        return [...(select?.[0] ?? '').matchAll(/<option value="\d+"[^>]*>([^<]*)</g)].map((m) => m[1]);
      };
      const first = await anAction(t, directorId, {
        findingIds: [findingA],
        ownerId: manager.id,
        title: 'Revidera rutinen',
      });
      expect(await offered('ansvarig')).to.deep.equal(['Cecilia Enhetschef']);
      expect(await offered('namnd')).to.deep.equal(['Socialnämnden']);

      // A status update changes no choice; the next one through the app adds an ansvarig who owned nothing.
      await managerSession.post(
        `/atgarder/${first}/statusuppdateringar`,
        { status: 'in_progress', comment: 'Påbörjad.', version: '1' },
        `/atgarder/${first}`,
      );
      const other = await makeUser(t, 'manager', 'Ali Enhetschef');
      await anAction(t, directorId, { findingIds: [findingB], ownerId: other.id, title: 'Ny checklista' });
      expect(await offered('ansvarig')).to.deep.equal(['Ali Enhetschef', 'Cecilia Enhetschef']);

      // Outside the app (a direct database update): her only action moves to Ali, and he is renamed.
      await t.db.updateTable('actions').set({ owner_id: other.id }).where('id', '=', first).execute();
      expect(await offered('ansvarig')).to.deep.equal(['Ali Enhetschef']);
      await t.db.updateTable('users').set({ name: 'Ali Nynamn' }).where('id', '=', other.id).execute();
      expect(await offered('ansvarig')).to.deep.equal(['Ali Nynamn']);

      await aCommittee(t, 'Arbetsmarknadsnämnden');
      expect(await offered('namnd')).to.deep.equal(['Arbetsmarknadsnämnden', 'Socialnämnden']);

      // Listed in Swedish order: Å, Ä, Ö after Z, in that order.
      for (const name of ['Örjan Enhetschef', 'Ärla Enhetschef', 'Åsa Enhetschef', 'Zelda Enhetschef']) {
        const chef = await makeUser(t, 'manager', name);
        await anAction(t, directorId, { findingIds: [findingA], ownerId: chef.id, title: `Åtgärd för ${name}` });
      }
      expect(await offered('ansvarig')).to.deep.equal([
        'Ali Nynamn',
        'Zelda Enhetschef',
        'Åsa Enhetschef',
        'Ärla Enhetschef',
        'Örjan Enhetschef',
      ]);
    });

    it('when the date moves on with no change to the data, then an action due yesterday shows as Försenad', async () => {
      const moving = await securityTestApp(); // today is 2026-03-16, and the clock can move
      const d = await loggedIn(moving, 'director');
      const finding = await aFinding(
        moving,
        await aMatter(moving, d.user.id, { committeeId: await aCommittee(moving, 'Socialnämnden') }),
      );
      await anAction(moving, d.user.id, {
        findingIds: [finding],
        ownerId: d.user.id,
        title: 'Revidera rutinen',
        dueOn: '2026-03-17',
      });
      expect(rowOf((await d.session.get('/atgarder')).text, 'Revidera rutinen'))
        .to.contain('Snart')
        .and.not.contain('Försenad');
      moving.advance({ days: 2 }); // the session has ended by then: the förvaltningschef logs in again
      const again = await loginAs(moving, d.user.email);
      expect(rowOf((await again.get('/atgarder')).text, 'Revidera rutinen')).to.contain('Försenad');
      expect(textOf((await again.get('/atgarder?status=overdue')).text)).to.contain('Revidera rutinen');
    });
  });

  it('when a bookmarked page lies past the last page, then the list opens at its last page with the filters kept', async () => {
    for (let i = 0; i < 55; i++)
      await anAction(t, directorId, { findingIds: [findingA], ownerId: manager.id, title: `Åtgärd ${i}` });
    const beyond = await director.get(`/atgarder?ansvarig=${manager.id}&sida=9`);
    expect(beyond.status).to.equal(303);
    expect(beyond.headers.location).to.equal(`/atgarder?ansvarig=${manager.id}&sida=2`);
    expect(textOf((await director.get(beyond.headers.location)).text)).to.contain('Visar 51–55 av 55');
    const none = await director.get('/atgarder?status=cancelled&sida=3');
    expect(none.headers.location).to.equal('/atgarder?status=cancelled&sida=1');
  });

  it('when someone tries to remove history, then the database refuses it', async () => {
    const id = await anAction(t, directorId, { findingIds: [findingA], ownerId: manager.id });
    let refused = false;
    try {
      await t.db.deleteFrom('action_updates').where('action_id', '=', id).execute();
    } catch {
      refused = true;
    }
    expect(refused).to.equal(true);
    expect(await t.db.selectFrom('action_updates').selectAll().where('action_id', '=', id).execute()).to.have.length(1);
  });

  it('when the status is unchanged and the comment is empty or only invisible characters, then the update is refused as empty', async () => {
    const id = await anAction(t, directorId, { findingIds: [findingA], ownerId: manager.id });
    for (const comment of ['', '\u200B\u200B', ' \u2060\u2800\u3164 ']) {
      const res = await managerSession.post(
        `/atgarder/${id}/statusuppdateringar`,
        { status: 'not_started', comment, version: '1' },
        `/atgarder/${id}`,
      );
      expect(res.status).to.equal(422);
      expect(textOf(res.text)).to.contain('Skriv en kommentar när statusen inte ändras.');
    }
    expect(await t.db.selectFrom('action_updates').selectAll().where('action_id', '=', id).execute()).to.have.length(1);
  });

  it('when an action is due on a helgdag, then its page shows the next vardag beside the date', async () => {
    const id = await anAction(t, directorId, { findingIds: [findingA], ownerId: manager.id, dueOn: '2026-06-19' });
    const text = textOf((await director.get(`/atgarder/${id}`)).text);
    expect(text).to.contain('19 juni 2026 (midsommarafton – får göras måndag 22 juni 2026)');
    const list = textOf((await director.get('/atgarder')).text);
    expect(list).to.contain('2026-06-19 (midsommarafton – får göras 2026-06-22)');
    const matter = textOf((await director.get(`/arenden/${matterId}`)).text);
    expect(matter).to.contain('2026-06-19 (midsommarafton – får göras 2026-06-22)');
  });
});
