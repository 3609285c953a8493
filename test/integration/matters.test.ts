import { expect } from 'chai';
import { loggedIn, loginAs, testApp, textOf, type TestApp, type Session } from '../helpers/app.ts';
import { securityTestApp } from '../helpers/security.ts';
import { aCommittee, aFinding, aMatter, anAction } from '../helpers/tracker.ts';

const matterFields = (committeeId: number, over: Record<string, string> = {}) => ({
  kind: 'ivo_supervision',
  committeeId: String(committeeId),
  title: 'Handläggning och dokumentation av utredningar',
  unit: 'Vuxen – myndighetsutövning',
  ivoReference: '8.5-12345/2026',
  ownReference: 'SN 2026/123',
  decidedOn: '2026-02-02',
  respondBy: '2026-04-04',
  followUpOn: '',
  fineStatus: 'ordered',
  fineAmount: '600 000 kr',
  finalOn: '2026-03-01',
  legalBasis: '2 kap. 1 § socialtjänstlagen (2025:400)',
  description: 'IVO:s tillsyn 2025–2026.',
  ...over,
});

describe('matters (ärenden)', () => {
  let t: TestApp;
  let director: Session;
  let directorId: number;
  let committeeId: number;

  beforeEach(async () => {
    t = await testApp();
    const d = await loggedIn(t, 'director');
    director = d.session;
    directorId = d.user.id;
    committeeId = await aCommittee(t, 'Socialnämnden');
  });

  it('when a förvaltningschef registers an IVO decision, then its page and the list show the facts the Swedish way, with the next vardag beside the svarsdatum', async () => {
    const res = await director.post('/arenden', matterFields(committeeId), '/arenden/ny');
    expect(res.status).to.equal(303);
    const page = await director.get(res.headers.location);
    const text = textOf(page.text);
    expect(text).to.contain('Handläggning och dokumentation av utredningar');
    expect(text).to.contain('Föreläggande med vite: 600 000 kr');
    expect(text).to.contain('2 februari 2026');
    expect(text).to.contain('8.5-12345/2026');
    expect(text).to.contain('Socialnämnden');
    // 2026-04-04 is a Saturday: the next vardag is shown beside it (lag 1930:173).
    expect(text).to.contain('4 april 2026 (lördag – får göras tisdag 7 april 2026)');
    const stored = await t.db.selectFrom('matters').selectAll().executeTakeFirstOrThrow();
    expect(stored.fine_amount).to.equal(600000);
    expect(stored.respond_by).to.equal('2026-04-04');
    // The first svarsdatum is IVO's, set in its decision: a redovisning counts from the beslutsdatum.
    expect(stored.respond_by_since).to.equal('2026-02-02');
    // The Ärenden list shows the next vardag beside the ISO date too.
    expect(textOf((await director.get('/arenden')).text)).to.contain('2026-04-04 (lördag – får göras 2026-04-07)');
  });

  it('when the amount is written "600000" or "600 000", then it is stored as whole kronor', async () => {
    await director.post('/arenden', matterFields(committeeId, { fineAmount: '600000' }), '/arenden/ny');
    await director.post('/arenden', matterFields(committeeId, { fineAmount: '600 000' }), '/arenden/ny');
    const rows = await t.db.selectFrom('matters').select('fine_amount').execute();
    expect(rows.map((r) => r.fine_amount)).to.deep.equal([600000, 600000]);
  });

  it('when fields are wrong, then each error is shown in Swedish beside its field, what was typed is kept, and nothing is stored', async () => {
    const res = await director.post(
      '/arenden',
      matterFields(committeeId, {
        title: '',
        decidedOn: '2025-02-30',
        fineAmount: '600 000,50',
        respondBy: '4/4/2026',
      }),
      '/arenden/ny',
    );
    expect(res.status).to.equal(422);
    const text = textOf(res.text);
    expect(text).to.contain('Fyll i rubrik.');
    expect(text).to.contain('Beslutsdatum måste vara ett riktigt datum som ÅÅÅÅ-MM-DD');
    expect(text).to.contain('Vitesbelopp anges i hela kronor');
    expect(text).to.contain('Svarsdatum måste vara ett riktigt datum');
    expect(res.text).to.contain('value="2025-02-30"');
    expect(res.text).to.contain('value="600 000,50"');
    expect(res.text).to.match(/id="f-decidedOn"[^>]*aria-invalid="true"/);
    expect(await t.db.selectFrom('matters').selectAll().execute()).to.have.length(0);
  });

  it('when a vitesbelopp is given without a vitesstatus, or laga kraft or uppföljning is before the beslut, then each is said beside its field, what was typed is kept and nothing is stored', async () => {
    const res = await director.post(
      '/arenden',
      matterFields(committeeId, {
        fineStatus: 'none',
        fineAmount: '100 000',
        finalOn: '2026-01-15',
        followUpOn: '2026-01-20',
      }),
      '/arenden/ny',
    );
    expect(res.status).to.equal(422);
    const text = textOf(res.text);
    expect(text).to.contain(
      'Välj vitesstatus för beloppet, eller lämna vitesbeloppet tomt när det inte finns något vite.',
    );
    expect(text).to.contain('Laga kraft kan inte vara före beslutsdatum.');
    expect(text).to.contain('Uppföljning kan inte vara före beslutsdatum.');
    expect(res.text).to.contain('value="100 000"');
    expect(res.text).to.contain('value="2026-01-15"');
    for (const field of ['fineAmount', 'finalOn', 'followUpOn'])
      expect(res.text).to.match(new RegExp(`id="f-${field}"[^>]*aria-invalid="true"`));
    expect(await t.db.selectFrom('matters').select('id').execute()).to.deep.equal([]);
  });

  it('when the nämnd chosen does not exist or has been made inactive, then the form says Välj nämnd beside it, keeps what was typed and stores nothing', async () => {
    const created = await director.post(
      '/arenden',
      matterFields(committeeId, { committeeId: '999999' }),
      '/arenden/ny',
    );
    expect(created.status).to.equal(422);
    expect(created.text).to.match(/id="f-committeeId"[^>]*aria-invalid="true"/);
    expect(textOf(created.text)).to.contain('Välj nämnd.');
    expect(created.text).to.contain('value="Handläggning och dokumentation av utredningar"');
    expect(await t.db.selectFrom('matters').selectAll().execute()).to.have.length(0);

    // An edit may keep a nämnd made inactive since, but not move the matter to another inactive one.
    const id = await aMatter(t, directorId, { committeeId, title: 'Ursprunglig rubrik' });
    const inactive = await aCommittee(t, 'Gamla nämnden');
    await t.db.updateTable('committees').set({ active: 0 }).where('id', 'in', [committeeId, inactive]).execute();
    const moved = await director.post(
      `/arenden/${id}`,
      matterFields(inactive, { title: 'Ny rubrik', version: '1' }),
      `/arenden/${id}/redigera`,
    );
    expect(moved.status).to.equal(422);
    expect(textOf(moved.text)).to.contain('Välj nämnd.');
    expect(moved.text).to.contain('value="Ny rubrik"');
    const kept = await director.post(
      `/arenden/${id}`,
      matterFields(committeeId, { title: 'Ny rubrik', version: '1' }),
      `/arenden/${id}/redigera`,
    );
    expect(kept.status).to.equal(303);
    expect((await t.db.selectFrom('matters').select('title').executeTakeFirstOrThrow()).title).to.equal('Ny rubrik');
  });

  it('when the rubrik is only invisible characters (zero-width space, word joiner, blank braille, Hangul filler), then it counts as empty', async () => {
    const res = await director.post(
      '/arenden',
      matterFields(committeeId, { title: '\u200B\u2060\u2800\u3164' }),
      '/arenden/ny',
    );
    expect(res.status).to.equal(422);
    expect(textOf(res.text)).to.contain('Fyll i rubrik.');
    expect(await t.db.selectFrom('matters').selectAll().execute()).to.have.length(0);
  });

  it('when a text contains a personnummer with a valid check digit, then it is refused with the reason', async () => {
    const res = await director.post(
      '/arenden',
      matterFields(committeeId, { description: 'Gäller 19121212-1212 på boendet' }),
      '/arenden/ny',
    );
    expect(res.status).to.equal(422);
    expect(textOf(res.text)).to.contain('Uppgifter om enskilda klienter får inte lagras');
    expect(await t.db.selectFrom('matters').selectAll().execute()).to.have.length(0);
  });

  it('when a number only looks like a personnummer (wrong check digit), then it is accepted', async () => {
    const res = await director.post(
      '/arenden',
      matterFields(committeeId, { description: 'Faktura 19121212-1213' }),
      '/arenden/ny',
    );
    expect(res.status).to.equal(303);
  });

  it('when an absurdly long title or hostile text is sent, then the answer is a 422 or an escaped page, never a 500', async () => {
    const long = await director.post('/arenden', matterFields(committeeId, { title: 'x'.repeat(5000) }), '/arenden/ny');
    expect(long.status).to.equal(422);
    expect(textOf(long.text)).to.contain('Rubrik får vara högst 200 tecken');
    const hostile = await director.post(
      '/arenden',
      matterFields(committeeId, {
        title: '<script>alert(1)</script>',
        committeeId: 'abc',
        kind: "'; DROP TABLE matters; --",
      }),
      '/arenden/ny',
    );
    expect(hostile.status).to.equal(422);
    expect(hostile.text).not.to.contain('<script>alert(1)</script>');
    expect(hostile.text).to.contain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('when the list is filtered by nämnd, ärendetyp, state and search text, then only matching matters show', async () => {
    const other = await aCommittee(t, 'Arbetsmarknadsnämnden');
    await aMatter(t, directorId, { committeeId, title: 'Tillsyn av boenden' });
    await aMatter(t, directorId, {
      committeeId: other,
      kind: 'lex_sarah_investigation',
      title: 'Utredning om samverkan',
    });
    const closed = await aMatter(t, directorId, { committeeId, title: 'Gammal revision', kind: 'revision' });
    await t.db.updateTable('matters').set({ closed_on: '2026-01-01' }).where('id', '=', closed).execute();

    const all = textOf((await director.get('/arenden')).text);
    expect(all)
      .to.contain('Tillsyn av boenden')
      .and.contain('Utredning om samverkan')
      .and.not.contain('Gammal revision');
    const byCommittee = textOf((await director.get(`/arenden?namnd=${other}`)).text);
    expect(byCommittee).to.contain('Utredning om samverkan').and.not.contain('Tillsyn av boenden');
    const byKind = textOf((await director.get('/arenden?typ=lex_sarah_investigation')).text);
    expect(byKind).to.contain('Utredning om samverkan').and.not.contain('Tillsyn av boenden');
    const closedOnes = textOf((await director.get('/arenden?status=avslutade')).text);
    expect(closedOnes).to.contain('Gammal revision').and.not.contain('Tillsyn av boenden');
    const search = textOf((await director.get('/arenden?q=boenden&status=alla')).text);
    expect(search).to.contain('Tillsyn av boenden').and.not.contain('Utredning om samverkan');
    // Swedish capitals: SQLite's LIKE folds a–z only, the search index folds Å, Ä and Ö too.
    await aMatter(t, directorId, { committeeId, title: 'Åtgärdsplan för Östra hemtjänsten' });
    for (const typed of ['åtgärdsplan', 'östra', 'ÅTGÄRDSPLAN ÖSTRA', 'hemtjänst'])
      expect(textOf((await director.get(`/arenden?q=${encodeURIComponent(typed)}`)).text), typed)
        .to.contain('Åtgärdsplan för Östra hemtjänsten')
        .and.not.contain('Tillsyn av boenden');
    const percent = await director.get('/arenden?q=%25');
    expect(percent.status).to.equal(200);
    expect(textOf(percent.text)).to.contain('Inga ärenden matchar filtret.');
  });

  it('when there are more than a hundred nämnder, then the Nämnd filter of the ärenden is a search on the name, kept when paging, and a bookmarked ?namnd= still applies', async () => {
    for (let i = 0; i < 100; i++) await aCommittee(t, `Socialnämnden i Exempelkommun ${i}`);
    const elder = await aCommittee(t, 'Äldrenämnden i Exempelkommun');
    for (let i = 0; i < 27; i++)
      await aMatter(t, directorId, { committeeId: elder, title: `Äldretillsyn ${String(i).padStart(2, '0')}` });
    await aMatter(t, directorId, { committeeId, title: 'Socialtillsyn' });

    const page = await director.get('/arenden');
    expect(page.text).to.contain('name="namnd_namn"').and.not.contain('<select id="f-namnd"');
    expect(page.text).not.to.contain('Socialnämnden i Exempelkommun 42');
    const found = await director.get(`/arenden?namnd_namn=${encodeURIComponent('äldre')}`);
    expect(textOf(found.text)).to.contain('Äldretillsyn').and.contain('Ärenden (27)').and.not.contain('Socialtillsyn');
    const next = /<a href="([^"]+)" rel="next">/.exec(found.text)?.[1].replaceAll('&amp;', '&');
    expect(next).to.contain('namnd_namn=%C3%A4ldre');
    const second = textOf((await director.get(next!)).text);
    expect(second).to.contain('Äldretillsyn').and.contain('Sida 2 av 2').and.not.contain('Socialtillsyn');
    expect(textOf((await director.get('/arenden?namnd_namn=Ingen+s%C3%A5dan')).text)).to.contain(
      'Inga ärenden matchar filtret.',
    );
    const bookmarked = await director.get(`/arenden?namnd=${elder}`);
    expect(bookmarked.text).to.contain('name="namnd_namn" value="Äldrenämnden i Exempelkommun"');
    expect(textOf(bookmarked.text)).to.contain('Ärenden (27)').and.not.contain('Socialtillsyn');
  });

  it('when a matter is closed with a date and a note and then reopened, then both facts are kept on the page', async () => {
    const id = await aMatter(t, directorId, { committeeId });
    const close = await director.post(
      `/arenden/${id}/avsluta`,
      { closedOn: '2026-03-10', closedNote: 'IVO avslutar ärendet.', version: '1' },
      `/arenden/${id}/avsluta`,
    );
    expect(close.status).to.equal(303);
    let text = textOf((await director.get(`/arenden/${id}`)).text);
    expect(text).to.contain('Avslutat 10 mars 2026');
    expect(text).to.contain('IVO avslutar ärendet.');
    const reopen = await director.post(`/arenden/${id}/ateroppna`, { version: '2' }, `/arenden/${id}`);
    expect(reopen.status).to.equal(303);
    text = textOf((await director.get(`/arenden/${id}`)).text);
    expect(text).to.contain('Återöppna'.slice(0, 0) + 'Tidigare avslutat 2026-03-10: IVO avslutar ärendet.');
    const row = await t.db.selectFrom('matters').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.closed_on).to.equal(null);
  });

  it('when closing without a date, then the form asks for it and the matter stays open', async () => {
    const id = await aMatter(t, directorId, { committeeId });
    const res = await director.post(
      `/arenden/${id}/avsluta`,
      { closedOn: '', closedNote: 'Klart', version: '1' },
      `/arenden/${id}/avsluta`,
    );
    expect(res.status).to.equal(422);
    expect(textOf(res.text)).to.contain('Fyll i avslutat');
    expect(res.text).to.contain('Klart');
  });

  it('when closing with a date in the future, then the form says so next to the date, keeps the note and the matter stays open', async () => {
    const id = await aMatter(t, directorId, { committeeId });
    const res = await director.post(
      `/arenden/${id}/avsluta`,
      { closedOn: '2026-05-01', closedNote: 'IVO avslutar ärendet i maj.', version: '1' },
      `/arenden/${id}/avsluta`,
    );
    expect(res.status).to.equal(422);
    expect(textOf(res.text)).to.contain('Avslutsdatum kan inte ligga i framtiden.');
    expect(res.text).to.contain('value="2026-05-01"');
    expect(res.text).to.contain('IVO avslutar ärendet i maj.');
    const row = await t.db.selectFrom('matters').select('closed_on').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.closed_on).to.equal(null);
    // Today (16 March) is not the future.
    const today = await director.post(
      `/arenden/${id}/avsluta`,
      { closedOn: '2026-03-16', closedNote: '', version: '1' },
      `/arenden/${id}/avsluta`,
    );
    expect(today.status).to.equal(303);
  });

  it('when two people edit the same matter, then the second save shows a conflict with both versions and overwrites nothing', async () => {
    const id = await aMatter(t, directorId, { committeeId, title: 'Ursprunglig rubrik' });
    const other = (await loggedIn(t, 'director')).session;
    const first = await director.post(
      `/arenden/${id}`,
      matterFields(committeeId, { title: 'Första personens rubrik', version: '1' }),
      `/arenden/${id}/redigera`,
    );
    expect(first.status).to.equal(303);
    const second = await other.post(
      `/arenden/${id}`,
      matterFields(committeeId, { title: 'Andra personens rubrik', version: '1' }),
      `/arenden/${id}/redigera`,
    );
    expect(second.status).to.equal(409);
    const text = textOf(second.text);
    expect(text).to.contain('Någon annan har sparat ändringar');
    expect(text).to.contain('Första personens rubrik');
    expect(second.text).to.contain('value="Andra personens rubrik"');
    expect(second.text).to.contain('name="version" value="2"');
    const row = await t.db.selectFrom('matters').select('title').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.title).to.equal('Första personens rubrik');
  });

  for (const role of ['reader', 'secretary', 'manager', 'admin'] as const) {
    it(`when a ${role} tries to register or edit a matter, then a 403 page says so and nothing changes`, async () => {
      const s = (await loggedIn(t, role)).session;
      const id = await aMatter(t, directorId, { committeeId, title: 'Orörd' });
      expect((await s.get('/arenden/ny')).status).to.equal(403);
      const create = await s.post('/arenden', matterFields(committeeId), '/arenden');
      expect(create.status).to.equal(403);
      expect(textOf(create.text)).to.contain('Ingen behörighet');
      const edit = await s.post(
        `/arenden/${id}`,
        matterFields(committeeId, { title: 'Ändrad', version: '1' }),
        '/arenden',
      );
      expect(edit.status).to.equal(403);
      expect(
        (await s.post(`/arenden/${id}/avsluta`, { closedOn: '2026-03-01', version: '1' }, '/arenden')).status,
      ).to.equal(403);
      const rows = await t.db.selectFrom('matters').select(['title', 'closed_on']).execute();
      expect(rows).to.deep.equal([{ title: 'Orörd', closed_on: null }]);
      expect((await s.get(`/arenden/${id}`)).status).to.equal(200);
    });
  }

  it('when a unit manager opens the Ärenden list, then instead of a button she is told who registers ärenden', async () => {
    const { session } = await loggedIn(t, 'manager');
    const text = textOf((await session.get('/arenden')).text);
    expect(text).not.to.contain('Nytt ärende');
    expect(text).to.contain('Ärenden, brister och åtgärder registreras av förvaltningschefen.');
  });

  it('when a matter does not exist or the id is not a number, then a 404 page is shown', async () => {
    expect((await director.get('/arenden/999')).status).to.equal(404);
    expect((await director.get('/arenden/abc')).status).to.equal(404);
  });

  it('when all open findings only "skickas med", then the svarsdatum shows no deadline light', async () => {
    const id = await aMatter(t, directorId, { committeeId, respondBy: '2026-03-01' });
    await aFinding(t, id, 'Synpunkt som IVO skickar med', false);
    const text = textOf((await director.get(`/arenden/${id}`)).text);
    expect(text).to.contain('inga brister kräver redovisning');
    expect(text).not.to.contain('Försenad');
  });

  it('when a finding requires a response and the svarsdatum has passed, then the page says Försenad with days', async () => {
    const id = await aMatter(t, directorId, { committeeId, respondBy: '2026-03-13' });
    await aFinding(t, id, 'Brister i dokumentation', true);
    const text = textOf((await director.get(`/arenden/${id}`)).text);
    expect(text).to.contain('Försenad 3 dagar sedan');
  });

  describe("a matter's page, remembered between views, is kept up to date", () => {
    it('when a chef reports progress on one of its actions after the page was shown, then the next view shows the new status and the change', async () => {
      const id = await aMatter(t, directorId, { committeeId, title: 'Tillsyn av hemtjänsten' });
      const finding = await aFinding(t, id, 'Brister i genomförandeplaner');
      const m = await loggedIn(t, 'manager', 'Cecilia Enhetschef');
      const action = await anAction(t, directorId, {
        findingIds: [finding],
        ownerId: m.user.id,
        title: 'Revidera genomförandeplaner',
      });
      expect(textOf((await director.get(`/arenden/${id}`)).text))
        .to.contain('Ej påbörjad')
        .and.not.contain('Pågår');
      const res = await m.session.post(
        `/atgarder/${action}/statusuppdateringar`,
        { status: 'in_progress', comment: 'Hälften reviderade.', version: '1' },
        `/atgarder/${action}`,
      );
      expect(res.status).to.equal(303);
      const after = textOf((await director.get(`/arenden/${id}`)).text);
      expect(after).to.contain('Pågår').and.contain('Hälften reviderade.');
      expect(textOf((await m.session.get(`/arenden/${id}`)).text)).to.contain('Pågår');
    });

    it('when a reader and a förvaltningschef open the same page in turn, then each sees the buttons of their own role, whoever came first', async () => {
      const id = await aMatter(t, directorId, { committeeId, title: 'Tillsyn av hemtjänsten' });
      const reader = (await loggedIn(t, 'reader')).session;
      for (const [first, second, firstEdits] of [
        [reader, director, false],
        [director, reader, true],
      ] as const) {
        const a = await first.get(`/arenden/${id}`);
        const b = await second.get(`/arenden/${id}`);
        expect(textOf(a.text).includes('Redigera ärendet')).to.equal(firstEdits);
        expect(textOf(b.text).includes('Redigera ärendet')).to.equal(!firstEdits);
        expect(textOf(a.text)).to.contain('Tillsyn av hemtjänsten');
      }
    });

    it('when a brist is added outside the app (a direct database insert), then the next view lists it', async () => {
      const id = await aMatter(t, directorId, { committeeId });
      expect(textOf((await director.get(`/arenden/${id}`)).text)).not.to.contain('Brister i delegationen');
      await t.db
        .insertInto('findings')
        .values({
          matter_id: id,
          title: 'Brister i delegationen',
          description: '',
          response_required: 1,
          created_at: '2026-03-16T09:00:00.000Z',
          updated_at: '2026-03-16T09:00:00.000Z',
        })
        .execute();
      expect(textOf((await director.get(`/arenden/${id}`)).text)).to.contain('Brister i delegationen');
    });

    it('when the date moves on with no change to the data, then the days left to the svarsdatum move with it', async () => {
      const moving = await securityTestApp(); // today is 2026-03-16, and the clock can move
      const d = await loggedIn(moving, 'director');
      const id = await aMatter(moving, d.user.id, {
        committeeId: await aCommittee(moving, 'Socialnämnden'),
        respondBy: '2026-03-26',
      });
      await aFinding(moving, id, 'Brister i dokumentation', true);
      expect(textOf((await d.session.get(`/arenden/${id}`)).text)).to.contain('10 dagar kvar');
      moving.advance({ days: 3 }); // the session has ended by then: the förvaltningschef logs in again
      expect(textOf((await (await loginAs(moving, d.user.email)).get(`/arenden/${id}`)).text)).to.contain(
        '7 dagar kvar',
      );
    });
  });
});
