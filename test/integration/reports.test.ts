import { expect } from 'chai';
import { DateTime } from 'luxon';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { ZONE, type Clock } from '../../src/clock.ts';
import { freshDb, loggedIn, testApp, textOf, type TestApp } from '../helpers/app.ts';
import { aCommittee, aFinding, aMatter, aMeeting, anAction, aPerson, aStatusUpdate } from '../helpers/builders.ts';
import { DEFAULT_PDF_HEAP_MB, limitPdfHeap, pdfProcessId, renderPdf, type PdfJob } from '../../src/pdf/render.ts';
import { pdfFonts, pdfInfo, pdfText, preflightAvailable, validatePdfA1b } from '../pdf/tools.ts';
import { download } from '../helpers/download.ts';

/** A nämnd with one IVO matter under vite, two findings and three actions (fictional data). */
async function aNamndWithActions(t: TestApp) {
  const committeeId = await aCommittee(t.db, 'Socialnämnden', 'Socialförvaltningen');
  const owner = await aPerson(t.db, 'Åsa Öberg');
  const matterId = await aMatter(t.db, {
    committeeId,
    title: 'Handläggning och dokumentation av utredningar',
    ivoReference: '8.5-12345/2025',
    respondBy: '2026-04-04',
    fineAmount: 600000,
    fineStatus: 'ordered',
  });
  const f1 = await aFinding(t.db, matterId, 'Brister i utredningstider');
  const f2 = await aFinding(t.db, matterId, 'Brister i dokumentation');
  const a1 = await anAction(t.db, {
    committeeId,
    ownerId: owner,
    findingIds: [f1],
    title: 'Öka samverkan med regionen vid samsjuklighet',
    dueOn: '2026-03-01',
    status: 'not_started',
  });
  const a2 = await anAction(t.db, {
    committeeId,
    ownerId: owner,
    findingIds: [f2],
    title: 'Kompetensutveckling i dokumentation för nyanställda',
    dueOn: '2026-05-31',
  });
  await aStatusUpdate(
    t.db,
    a2,
    owner,
    'in_progress',
    '2026-02-01T09:00:00.000Z',
    'Utbildningen är bokad för hösten – lärare från högskolan',
  );
  const a3 = await anAction(t.db, {
    committeeId,
    ownerId: owner,
    findingIds: [f1, f2],
    title: 'Säkerställa att relevanta bedömningar dokumenteras',
    dueOn: '2026-02-15',
  });
  await aStatusUpdate(t.db, a3, owner, 'done', '2026-02-14T09:00:00.000Z', 'Checklista införd');
  const meetingId = await aMeeting(t.db, committeeId, '2026-03-25', { ownReference: 'SN 2026/12' });
  return { committeeId, owner, matterId, findings: [f1, f2], actions: [a1, a2, a3], meetingId };
}

describe('the återrapportering: preview, draft PDF, issue and freeze', function () {
  this.timeout(60000);
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp();
  });

  it('when a reader previews the draft, then the page shows the heading, summary, matter facts and the actions table', async () => {
    const n = await aNamndWithActions(t);
    const { session } = await loggedIn(t, 'reader', 'Lars Läsare');
    const res = await session.get(`/sammantraden/${n.meetingId}/rapport`);
    expect(res.status).to.equal(200);
    const page = textOf(res.text);
    expect(page).to.contain('UTKAST');
    expect(page).to.contain('Återrapportering av åtgärdsplan');
    expect(page).to.contain('Eget diarienummer SN 2026/12');
    expect(page).to.contain('Upprättad av Lars Läsare');
    expect(page).to.contain('Åtgärder per status (totalt 3): Ej påbörjad 1, Pågår 1, Klar 1, Avbruten 0.');
    expect(page).to.contain('Försenade åtgärder: 1.');
    expect(page).to.contain('Vite som riskeras: Föreläggande med vite 600 000 kr (1 ärende).');
    expect(page).to.contain('IVO:s diarienummer 8.5-12345/2025');
    expect(page).to.contain('Utbildningen är bokad för hösten – lärare från högskolan');
    expect(page).to.match(/Åtgärd Ansvarig Slutdatum Status Senaste kommentar/);
  });

  it('when drawing one PDF fails in the PDF process, then that request gets an error and the next PDF is still drawn', async () => {
    const broken = {
      kind: 'report',
      report: {},
      meta: { documentId: null, madeAt: '2026-03-16T09:00:00.000Z' },
    } as unknown as PdfJob;
    let failure: unknown = null;
    await renderPdf(broken).catch((e) => (failure = e));
    expect(String(failure)).to.contain('the PDF could not be drawn');
    const n = await aNamndWithActions(t);
    const { session } = await loggedIn(t, 'reader');
    const pdf = await download(session, `/sammantraden/${n.meetingId}/rapport.pdf`);
    expect(pdf.status).to.equal(200);
    expect(pdfText(pdf.body)).to.contain('Återrapportering av åtgärdsplan');
  });

  it('when the PDF process dies in the middle of a job, then that request fails and the next PDF is drawn by a new process', async () => {
    const n = await aNamndWithActions(t);
    const { session } = await loggedIn(t, 'reader');
    expect((await download(session, `/sammantraden/${n.meetingId}/rapport.pdf`)).status).to.equal(200);
    const first = pdfProcessId();
    expect(first).to.be.a('number');
    const job = {
      kind: 'submission',
      submission: {},
      meta: { documentId: null, madeAt: '2026-03-16T09:00:00.000Z', sentOn: null },
    } as unknown as PdfJob;
    const failing = renderPdf(job).then(
      () => 'drawn',
      (e: Error) => e.message,
    );
    process.kill(first!, 'SIGKILL');
    expect(await failing).to.contain('the PDF process ended (SIGKILL)');
    const pdf = await download(session, `/sammantraden/${n.meetingId}/rapport.pdf`);
    expect(pdf.status).to.equal(200);
    expect(pdfText(pdf.body)).to.contain('Återrapportering av åtgärdsplan');
    expect(pdfProcessId()).to.be.a('number').and.not.equal(first);
  });

  it('when a report needs more memory than the PDF process may use, then the user gets a Swedish error page, nothing is issued, the server keeps serving and the next PDF is drawn', async () => {
    const n = await aNamndWithActions(t);
    const { session } = await loggedIn(t, 'secretary');
    // Too little for any report: the process reaches its limit as the report comes in, as a runaway one would.
    limitPdfHeap(16);
    try {
      const draft = await session.get(`/sammantraden/${n.meetingId}/rapport.pdf`);
      expect(draft.status).to.equal(503);
      expect(textOf(draft.text))
        .to.contain('Dokumentet är för stort för att kunna skapas')
        .and.contain('Inget har sparats');
      const issue = await session.post(
        `/sammantraden/${n.meetingId}/utfarda`,
        { issuedVersionsSeen: '0', reason: '' },
        `/sammantraden/${n.meetingId}`,
      );
      expect(issue.status).to.equal(503);
      expect(textOf(issue.text)).to.contain('Dokumentet är för stort för att kunna skapas');
      expect(await t.db.selectFrom('reports').selectAll().execute()).to.deep.equal([]);
      expect((await session.get(`/sammantraden/${n.meetingId}`)).status).to.equal(200);
    } finally {
      limitPdfHeap(DEFAULT_PDF_HEAP_MB);
    }
    const pdf = await download(session, `/sammantraden/${n.meetingId}/rapport.pdf`);
    expect(pdf.status).to.equal(200);
    expect(pdfText(pdf.body)).to.contain('Återrapportering av åtgärdsplan');
  });

  it('when the draft PDF is downloaded, then its text has what the data says, Swedish characters, amounts and dates, and UTKAST on every page', async () => {
    const n = await aNamndWithActions(t);
    const { session } = await loggedIn(t, 'reader', 'Lars Läsare');
    const pdf = await download(session, `/sammantraden/${n.meetingId}/rapport.pdf`);
    expect(pdf.status).to.equal(200);
    expect(pdf.type).to.equal('application/pdf');
    const text = pdfText(pdf.body);
    for (const expected of [
      'Återrapportering av åtgärdsplan',
      'Socialnämnden',
      'Sammanträde: 25 mars 2026',
      'Eget diarienummer: SN 2026/12',
      'Upprättad av: Lars Läsare',
      'Vite som riskeras: Föreläggande med vite 600 000 kr (1 ärende).',
      // 4 April 2026 is a Saturday: the next vardag beside it, as on the matter page (lag 1930:173).
      'Svarsdatum: lördag 4 april 2026 – får göras tisdag 7 april 2026',
      'Öka samverkan med regionen vid samsjuklighet',
      'Åsa Öberg',
      '2026-03-01',
      'Försenad',
      'Senaste kommentar',
      'Förändringar sedan föregående återrapportering',
    ]) {
      expect(text).to.contain(expected);
    }
    const pages = text.split('\f').filter((p) => p.trim() !== '');
    pages.forEach((p, i) => {
      expect(p).to.contain('UTKAST');
      expect(p).to.contain(`Sida ${i + 1} av ${pages.length}`);
    });
  });

  it('when a PDF is made, then its fonts are embedded and it has title, author and language metadata and is tagged', async () => {
    const n = await aNamndWithActions(t);
    const { session } = await loggedIn(t, 'secretary', 'Stina Sekreterare');
    const pdf = await download(session, `/sammantraden/${n.meetingId}/rapport.pdf`);
    const fonts = pdfFonts(pdf.body);
    expect(fonts.length).to.be.greaterThan(0);
    expect(
      fonts.every((f) => f.embedded),
      JSON.stringify(fonts),
    ).to.equal(true);
    const info = pdfInfo(pdf.body);
    // The document is the tjänsteskrivelse (its Ärende is the title); the report is its Bilaga 1.
    expect(info.Title).to.contain('Återrapportering av åtgärder efter tillsyn och lex Sarah, sammanträdet');
    expect(info.Author).to.equal('Stina Sekreterare');
    expect(info.Tagged).to.equal('yes');
    expect(info['Page size']).to.contain('A4');
    expect(pdf.body.toString('latin1')).to.contain('/Lang (sv-SE)');
  });

  it('when the draft PDF is validated with PDFBox Preflight, then it is valid PDF/A-1b', async function () {
    if (!preflightAvailable()) throw new Error('PDFBox Preflight is missing: run npm run test:setup');
    const n = await aNamndWithActions(t);
    const { session } = await loggedIn(t, 'secretary');
    const pdf = await download(session, `/sammantraden/${n.meetingId}/rapport.pdf`);
    const result = validatePdfA1b(pdf.body);
    expect(result.valid, result.output).to.equal(true);
  });

  it('when a secretary issues the report, then snapshot, PDF, SHA-256, issuer and time are stored, and later downloads are byte-identical even after actions change', async () => {
    const n = await aNamndWithActions(t);
    const { user, session } = await loggedIn(t, 'secretary', 'Stina Sekreterare');
    const res = await session.post(
      `/sammantraden/${n.meetingId}/utfarda`,
      { issuedVersionsSeen: '0', reason: '' },
      `/sammantraden/${n.meetingId}`,
    );
    expect(res.status).to.equal(303);
    const stored = await t.db.selectFrom('reports').selectAll().executeTakeFirstOrThrow();
    expect(stored).to.include({
      meeting_id: n.meetingId,
      version_no: 1,
      issued_by: user.id,
      issued_at: '2026-03-16T09:00:00.000Z',
      document_id: `AR-20260325-${n.meetingId}-v1`,
    });
    const snapshot = JSON.parse(stored.snapshot);
    expect(snapshot.report.summary.totalActions).to.equal(3);
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(stored.pdf).digest('hex')).to.equal(stored.sha256);

    const page = textOf((await session.get(`/sammantraden/${n.meetingId}`)).text);
    expect(page).to.contain('Återrapporteringen är utfärdad');
    expect(page).to.contain(stored.document_id);
    expect(page).not.to.contain('Utfärda återrapporteringen');

    const first = await download(session, `/rapporter/${stored.id}.pdf`);
    expect(Buffer.compare(first.body, stored.pdf)).to.equal(0);
    const text = pdfText(first.body);
    expect(text).to.contain(`Dokument-id ${stored.document_id}`);
    expect(text).not.to.contain('UTKAST');

    await aStatusUpdate(t.db, n.actions[0], n.owner, 'done', '2026-03-16T09:30:00.000Z', 'Klart nu');
    await t.db.updateTable('actions').set({ title: 'Nytt namn på åtgärden' }).where('id', '=', n.actions[1]).execute();
    const { session: reader } = await loggedIn(t, 'reader');
    const later = await download(reader, `/rapporter/${stored.id}.pdf`);
    expect(later.status).to.equal(200);
    expect(Buffer.compare(later.body, first.body)).to.equal(0);
    expect(pdfText(later.body)).not.to.contain('Nytt namn på åtgärden');
  });

  it('when an issued report is validated, then it too is PDF/A-1b', async () => {
    if (!preflightAvailable()) throw new Error('PDFBox Preflight is missing: run npm run test:setup');
    const n = await aNamndWithActions(t);
    const { session } = await loggedIn(t, 'director');
    await session.post(
      `/sammantraden/${n.meetingId}/utfarda`,
      { issuedVersionsSeen: '0', reason: '' },
      `/sammantraden/${n.meetingId}`,
    );
    const stored = await t.db.selectFrom('reports').select(['pdf']).executeTakeFirstOrThrow();
    const result = validatePdfA1b(stored.pdf);
    expect(result.valid, result.output).to.equal(true);
  });

  it('when Utfärda is pressed twice from the same page, then the report is issued once and the second press says so', async () => {
    const n = await aNamndWithActions(t);
    const { session } = await loggedIn(t, 'secretary');
    await session.post(
      `/sammantraden/${n.meetingId}/utfarda`,
      { issuedVersionsSeen: '0', reason: '' },
      `/sammantraden/${n.meetingId}`,
    );
    const again = await session.post(
      `/sammantraden/${n.meetingId}/utfarda`,
      { issuedVersionsSeen: '0', reason: '' },
      `/sammantraden/${n.meetingId}`,
    );
    expect(again.status).to.equal(409);
    expect(textOf(again.text)).to.contain('utfärdades redan');
    expect(await t.db.selectFrom('reports').selectAll().execute()).to.have.length(1);
  });

  it('when a new version is issued, then a reason is required, and both versions are kept and downloadable', async () => {
    const n = await aNamndWithActions(t);
    const { session } = await loggedIn(t, 'secretary');
    await session.post(
      `/sammantraden/${n.meetingId}/utfarda`,
      { issuedVersionsSeen: '0', reason: '' },
      `/sammantraden/${n.meetingId}`,
    );
    const noReason = await session.post(
      `/sammantraden/${n.meetingId}/utfarda`,
      { issuedVersionsSeen: '1', reason: '' },
      `/sammantraden/${n.meetingId}`,
    );
    expect(noReason.status).to.equal(422);
    expect(textOf(noReason.text)).to.contain('Ange varför en ny version utfärdas');
    await aStatusUpdate(t.db, n.actions[0], n.owner, 'in_progress', '2026-03-16T09:30:00.000Z', 'Rättad status');
    const ok = await session.post(
      `/sammantraden/${n.meetingId}/utfarda`,
      { issuedVersionsSeen: '1', reason: 'Fel status för en åtgärd i version 1' },
      `/sammantraden/${n.meetingId}`,
    );
    expect(ok.status).to.equal(303);
    const rows = await t.db.selectFrom('reports').selectAll().orderBy('version_no').execute();
    expect(rows.map((r) => [r.version_no, r.reason])).to.deep.equal([
      [1, ''],
      [2, 'Fel status för en åtgärd i version 1'],
    ]);
    const page = textOf((await session.get(`/sammantraden/${n.meetingId}`)).text);
    expect(page).to.contain('Fel status för en åtgärd i version 1');
    expect(page).to.contain('AR-20260325');
    for (const r of rows)
      expect(Buffer.compare((await download(session, `/rapporter/${r.id}.pdf`)).body, r.pdf)).to.equal(0);
  });

  it('when the report would contain a personnummer (text stored before the guard), then it is not issued and the page says where', async () => {
    const n = await aNamndWithActions(t);
    // Written straight to the database, as legacy data would be; the forms refuse it.
    await aStatusUpdate(
      t.db,
      n.actions[0],
      n.owner,
      'in_progress',
      '2026-03-01T09:00:00.000Z',
      'Samtal med 19121212-1212 om placeringen',
    );
    const { session } = await loggedIn(t, 'secretary');
    const res = await session.post(
      `/sammantraden/${n.meetingId}/utfarda`,
      { issuedVersionsSeen: '0', reason: '' },
      `/sammantraden/${n.meetingId}`,
    );
    expect(res.status).to.equal(422);
    const text = textOf(res.text);
    expect(text).to.contain(
      'Återrapporteringen kan inte utfärdas: den innehåller ett personnummer eller samordningsnummer.',
    );
    expect(text).to.contain('åtgärden "Öka samverkan med regionen vid samsjuklighet" (senaste kommentaren)');
    expect(await t.db.selectFrom('reports').selectAll().execute()).to.have.length(0);
  });

  it('when someone tries to change or delete an issued report in the database, then the database refuses', async () => {
    const n = await aNamndWithActions(t);
    const { session } = await loggedIn(t, 'secretary');
    await session.post(
      `/sammantraden/${n.meetingId}/utfarda`,
      { issuedVersionsSeen: '0', reason: '' },
      `/sammantraden/${n.meetingId}`,
    );
    let updateFailed = false;
    let deleteFailed = false;
    await t.db
      .updateTable('reports')
      .set({ reason: 'ändrad' })
      .execute()
      .catch(() => (updateFailed = true));
    await t.db
      .deleteFrom('reports')
      .execute()
      .catch(() => (deleteFailed = true));
    expect([updateFailed, deleteFailed]).to.deep.equal([true, true]);
  });

  it('when a reader, a unit manager or an administrator tries to issue, then it is refused; all of them may download issued reports', async () => {
    const n = await aNamndWithActions(t);
    for (const role of ['reader', 'manager', 'admin'] as const) {
      const { session } = await loggedIn(t, role);
      const page = textOf((await session.get(`/sammantraden/${n.meetingId}`)).text);
      expect(page).not.to.contain('Utfärda återrapporteringen');
      const res = await session.post(
        `/sammantraden/${n.meetingId}/utfarda`,
        { issuedVersionsSeen: '0', reason: '' },
        `/sammantraden/${n.meetingId}`,
      );
      expect(res.status).to.equal(403);
    }
    expect(await t.db.selectFrom('reports').selectAll().execute()).to.have.length(0);
    const { session: director } = await loggedIn(t, 'director');
    expect(
      (
        await director.post(
          `/sammantraden/${n.meetingId}/utfarda`,
          { issuedVersionsSeen: '0', reason: '' },
          `/sammantraden/${n.meetingId}`,
        )
      ).status,
    ).to.equal(303);
    const id = (await t.db.selectFrom('reports').select('id').executeTakeFirstOrThrow()).id;
    for (const role of ['reader', 'manager', 'admin', 'secretary'] as const) {
      const { session } = await loggedIn(t, role);
      const pdf = await download(session, `/rapporter/${id}.pdf`);
      expect(pdf.status).to.equal(200);
      expect(pdf.type).to.equal('application/pdf');
    }
  });

  it('when not logged in, then an issued report cannot be downloaded', async () => {
    const { default: request } = await import('supertest');
    const res = await request(t.app).get('/rapporter/1.pdf');
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.contain('/logga-in');
  });
});

describe('changes between two issued reports of the same nämnd', function () {
  this.timeout(60000);

  it('when a second meeting is issued, then it lists the transitions, new and closed actions and closed matters since the first', async () => {
    let now = DateTime.fromISO('2026-02-20T11:00:00', { zone: ZONE });
    const clock: Clock = { now: () => now };
    const db = await freshDb();
    const app = createApp({
      db,
      config: loadConfig({ DATABASE_PATH: ':memory:', LOG_LEVEL: 'silent' }),
      clock,
      sessionSecret: 'test-secret',
    });
    const t: TestApp = { app, db, clock };
    const n = await aNamndWithActions(t);
    const closing = await aMatter(db, {
      committeeId: n.committeeId,
      title: 'Lex Sarah-utredning om boendet',
      kind: 'lex_sarah_investigation',
      respondBy: null,
    });
    const first = await aMeeting(db, n.committeeId, '2026-02-25');
    const { session: earlier } = await loggedIn(t, 'secretary');
    expect(
      (
        await earlier.post(
          `/sammantraden/${first}/utfarda`,
          { issuedVersionsSeen: '0', reason: '' },
          `/sammantraden/${first}`,
        )
      ).status,
    ).to.equal(303);

    await aStatusUpdate(
      db,
      n.actions[0],
      n.owner,
      'in_progress',
      '2026-03-01T09:00:00.000Z',
      'Möte med regionen bokat',
    );
    await aStatusUpdate(db, n.actions[1], n.owner, 'done', '2026-03-05T09:00:00.000Z', 'Alla nyanställda utbildade');
    await anAction(db, {
      committeeId: n.committeeId,
      ownerId: n.owner,
      findingIds: [n.findings[0]],
      title: 'Ny rutin för uppföljning',
      createdAt: '2026-03-06T09:00:00.000Z',
    });
    await db
      .updateTable('matters')
      .set({ closed_on: '2026-03-10', closed_note: 'IVO avslutade ärendet' })
      .where('id', '=', closing)
      .execute();

    now = DateTime.fromISO('2026-03-16T11:00:00', { zone: ZONE });
    const { session } = await loggedIn(t, 'secretary'); // the first login has expired by now
    const res = await session.get(`/sammantraden/${n.meetingId}/rapport`);
    const page = textOf(res.text);
    expect(page).to.contain(`Jämfört med återrapporteringen AR-20260225-${first}-v1`);
    expect(page).to.contain('Öka samverkan med regionen vid samsjuklighet Ej påbörjad Pågår');
    expect(page).to.contain('Kompetensutveckling i dokumentation för nyanställda Pågår Klar');
    expect(page).to.contain('Ny rutin för uppföljning – Åsa Öberg');
    expect(page).to.match(/Avslutade åtgärder Kompetensutveckling i dokumentation för nyanställda – klar/);
    expect(page).to.contain('Avslutat 10 mars 2026: Lex Sarah-utredning om boendet – IVO avslutade ärendet');
    expect(page).not.to.contain('Säkerställa att relevanta bedömningar dokumenteras Pågår Klar');

    expect(
      (
        await session.post(
          `/sammantraden/${n.meetingId}/utfarda`,
          { issuedVersionsSeen: '0', reason: '' },
          `/sammantraden/${n.meetingId}`,
        )
      ).status,
    ).to.equal(303);
    const second = await db
      .selectFrom('reports')
      .selectAll()
      .where('meeting_id', '=', n.meetingId)
      .executeTakeFirstOrThrow();
    const text = pdfText(second.pdf);
    expect(text).to.contain('Ny rutin för uppföljning');
    expect(text).to.contain('Alla nyanställda utbildade');
    expect(text).to.contain('IVO avslutade ärendet');
  });

  it("when IVO's closing letter arrives after a report was issued and the matter is closed with an earlier Avslutat date, then the next report still tells the nämnd, saying it was registered late", async () => {
    let now = DateTime.fromISO('2026-02-20T11:00:00', { zone: ZONE });
    const clock: Clock = { now: () => now };
    const db = await freshDb();
    const app = createApp({
      db,
      config: loadConfig({ DATABASE_PATH: ':memory:', LOG_LEVEL: 'silent' }),
      clock,
      sessionSecret: 'test-secret',
    });
    const t: TestApp = { app, db, clock };
    const n = await aNamndWithActions(t);
    const tillsyn = await aMatter(db, {
      committeeId: n.committeeId,
      title: 'IVO-tillsyn av hemtjänsten',
      respondBy: null,
    });
    const first = await aMeeting(db, n.committeeId, '2026-02-25');
    const { session: secretary } = await loggedIn(t, 'secretary');
    const issued = await secretary.post(
      `/sammantraden/${first}/utfarda`,
      { issuedVersionsSeen: '0', reason: '' },
      `/sammantraden/${first}`,
    );
    expect(issued.status).to.equal(303);

    // IVO closed the matter on 10 February; its letter is registered on 2 March.
    now = DateTime.fromISO('2026-03-02T10:15:00', { zone: ZONE });
    const { session: director } = await loggedIn(t, 'director');
    const closed = await director.post(
      `/arenden/${tillsyn}/avsluta`,
      { closedOn: '2026-02-10', closedNote: 'IVO:s beslut att avsluta tillsynen', version: '1' },
      `/arenden/${tillsyn}/avsluta`,
    );
    expect(closed.status).to.equal(303);

    now = DateTime.fromISO('2026-03-16T11:00:00', { zone: ZONE });
    const { session } = await loggedIn(t, 'secretary');
    const page = textOf((await session.get(`/sammantraden/${n.meetingId}/rapport`)).text);
    expect(page).not.to.contain('Inga nya eller avslutade ärenden');
    expect(page).to.contain(
      'Avslutat 10 februari 2026 (registrerat 2 mars 2026 kl. 10:15, efter föregående återrapportering): IVO-tillsyn av hemtjänsten – IVO:s beslut att avsluta tillsynen',
    );
    // It is shown among the matters too, as closed since the previous report.
    expect(page).to.match(/IVO-tillsyn av hemtjänsten[\s\S]*Avslutat/);

    const pdf = await download(session, `/sammantraden/${n.meetingId}/rapport.pdf`);
    const text = pdfText(pdf.body).replace(/\s+/g, ' ');
    expect(text).to.contain('Avslutat 10 februari 2026 (registrerat 2 mars 2026 kl. 10:15, efter föregående');
  });
});
