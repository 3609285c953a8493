import { expect } from 'chai';
import { strFromU8, unzipSync } from 'fflate';
import { csrfFrom, loggedIn, testApp, textOf, type Session, type TestApp } from '../helpers/app.ts';
import { aCommittee, aFinding, aMatter, anAction, aPerson, aStatusUpdate } from '../helpers/builders.ts';
import { matterSubmissions } from '../../src/plan/plan.service.ts';
import { pdfText, preflightAvailable, validatePdfA1b } from '../pdf/tools.ts';
import { asBytes } from '../helpers/download.ts';

async function pdfOf(session: Session, url: string): Promise<{ status: number; body: Buffer }> {
  const res = await session.agent.get(url).buffer(true).parse(asBytes);
  return { status: res.status, body: res.body as Buffer };
}

async function aMatterWithFindings(t: TestApp) {
  const committeeId = await aCommittee(t.db);
  const owner = await aPerson(t.db, 'Åsa Öberg');
  const matterId = await aMatter(t.db, {
    committeeId,
    title: 'Tillsyn av handläggningen',
    ivoReference: '8.5-12345/2025',
  });
  const f1 = await aFinding(t.db, matterId, 'Brister i utredningstider', true);
  const f2 = await aFinding(t.db, matterId, 'Brister i dokumentation', true);
  const passed = await aFinding(t.db, matterId, 'IVO skickar med: lokalernas skick', false);
  const a1 = await anAction(t.db, {
    committeeId,
    ownerId: owner,
    findingIds: [f1],
    title: 'Veckovis uppföljning',
    dueOn: '2026-02-28',
  });
  await aStatusUpdate(t.db, a1, owner, 'done', '2026-02-20T09:00:00.000Z', 'Klar');
  await anAction(t.db, {
    committeeId,
    ownerId: owner,
    findingIds: [f2],
    title: 'Utbildning i dokumentation',
    dueOn: '2026-05-31',
  });
  return { matterId, findings: [f1, f2, passed] };
}

/** One brist requiring a response, and one action for it begun (Pågår) on 2 March; created 2 February. */
async function anActionBegunInMarch(t: TestApp, title: string, dueOn: string) {
  const committeeId = await aCommittee(t.db);
  const owner = await aPerson(t.db, 'Åsa Öberg');
  const matterId = await aMatter(t.db, { committeeId, title: 'Tillsyn av handläggningen' });
  const finding = await aFinding(t.db, matterId, 'Brister i utredningstider', true);
  const action = await anAction(t.db, {
    committeeId,
    ownerId: owner,
    findingIds: [finding],
    title,
    dueOn,
    createdAt: '2026-02-02T09:00:00.000Z',
  });
  await aStatusUpdate(t.db, action, owner, 'in_progress', '2026-03-02T09:00:00.000Z', 'Påbörjad');
  return { owner, matterId, finding, action };
}

/** Registers the matter's first redovisning, sent on `sentOn`, for one brist; its stored row and PDF text. */
async function registerFirstRound(t: TestApp, session: Session, matterId: number, finding: number, sentOn: string) {
  const res = await session.post(
    `/arenden/${matterId}/redovisningar`,
    { sentOn, findingIds: [String(finding)], note: '', roundsSeen: '0' },
    `/arenden/${matterId}/redovisningar`,
  );
  expect(res.status).to.equal(303);
  const stored = await t.db.selectFrom('submissions').select(['id', 'snapshot']).executeTakeFirstOrThrow();
  return { stored, text: pdfText((await pdfOf(session, `/redovisningar/${stored.id}.pdf`)).body) };
}

/** "Förhandsgranska som PDF" on the registration form, with `fields` typed. */
async function previewOf(session: Session, matterId: number, fields: Record<string, string | string[]>) {
  return session.agent
    .post(`/arenden/${matterId}/redovisningar/utkast.pdf`)
    .type('form')
    .buffer(true)
    .parse(asBytes)
    .send({ ...fields, _csrf: csrfFrom((await session.get(`/arenden/${matterId}/redovisningar`)).text) });
}

describe('redovisning till IVO', function () {
  this.timeout(60000);
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp();
  });

  it('when the draft is downloaded, then it lists each finding that requires a response with its actions, statuses and dates, and says UTKAST', async () => {
    const m = await aMatterWithFindings(t);
    const { session } = await loggedIn(t, 'reader');
    const pdf = await pdfOf(session, `/arenden/${m.matterId}/redovisningar/utkast.pdf`);
    expect(pdf.status).to.equal(200);
    const text = pdfText(pdf.body).replace(/\s+/g, ' ');
    expect(text).to.contain('Redovisning till IVO');
    expect(text).to.contain('IVO:s diarienummer: 8.5-12345/2025');
    // The kind as the glossary writes it ("IVO" stays in capitals).
    expect(text).to.contain('Ärende: Tillsyn av handläggningen (IVO-tillsyn, IVO:s beslut 4 november 2025)');
    expect(text).to.contain('Brist: Brister i utredningstider');
    expect(text).to.contain('Veckovis uppföljning');
    expect(text).to.contain('2026-02-20');
    expect(text).to.contain('Utbildning i dokumentation');
    expect(text).to.contain('UTKAST');
    expect(text).not.to.contain('lokalernas skick');
  });

  it('when an action was marked Klar after the day the redovisning was sent, then the registered redovisning shows it as it stood on its sent date', async () => {
    const { owner, matterId, finding, action } = await anActionBegunInMarch(t, 'Veckovis uppföljning', '2026-04-30');
    // Marked Klar on 16 March (today), the redovisning having gone to IVO on 13 March.
    await aStatusUpdate(t.db, action, owner, 'done', '2026-03-16T08:00:00.000Z', 'Genomförd');
    const { session } = await loggedIn(t, 'secretary');
    const { stored, text } = await registerFirstRound(t, session, matterId, finding, '2026-03-13');
    expect(text).to.contain('Veckovis uppföljning');
    expect(text).to.contain('○ Pågår');
    expect(text).not.to.contain('✓ Klar');
    expect(JSON.parse(stored.snapshot).submission.findings[0].actions[0]).to.include({ finishedOn: null });

    // The draft made today shows it as it stands today: Klar, on 16 March.
    const draft = pdfText((await pdfOf(session, `/arenden/${matterId}/redovisningar/utkast.pdf`)).body);
    expect(draft).to.contain('✓ Klar');
    expect(draft).to.contain('2026-03-16');

    // "Förhandsgranska som PDF" with the sent date typed shows what registering stores: as on 13 March.
    const preview = await previewOf(session, matterId, { sentOn: '2026-03-13', findingIds: [String(finding)] });
    expect(preview.status).to.equal(200);
    const previewText = pdfText(preview.body as Buffer);
    expect(previewText).to.contain('○ Pågår');
    expect(previewText).not.to.contain('✓ Klar');
    expect(previewText).to.contain('Datum: 13 mars 2026');
    expect(previewText).to.contain('UTKAST');
  });

  it('when a slutdatum was moved after the day the redovisning was sent, then the redovisning registered later shows the slutdatum IVO was told, overdue as it was then', async () => {
    const { owner, matterId, finding, action } = await anActionBegunInMarch(
      t,
      'Införa checklista för utredningstider',
      '2026-03-10',
    );
    // The redovisning went to IVO on 13 March; today (16 March) the förvaltningschef moves the slutdatum.
    const { session: director } = await loggedIn(t, 'director');
    const moved = await director.post(
      `/atgarder/${action}`,
      {
        title: 'Införa checklista för utredningstider',
        description: '',
        ownerId: String(owner),
        dueOn: '2026-04-30',
        findingIds: [String(finding)],
        dueDateReason: 'Leverantören av journalsystemet är försenad.',
        version: '2',
      },
      `/atgarder/${action}/redigera`,
    );
    expect(moved.status).to.equal(303);
    const { session } = await loggedIn(t, 'secretary');
    const { stored, text } = await registerFirstRound(t, session, matterId, finding, '2026-03-13');
    expect(text).to.contain('2026-03-10');
    expect(text.replace(/\s+/g, ' ')).to.contain('⚠ Pågår (försenad)');
    expect(text).not.to.contain('2026-04-30');
    expect(JSON.parse(stored.snapshot).submission.findings[0].actions[0]).to.include({ dueOn: '2026-03-10' });

    // The draft made today has the new slutdatum, and the action is no longer overdue.
    const draft = pdfText((await pdfOf(session, `/arenden/${matterId}/redovisningar/utkast.pdf`)).body);
    expect(draft).to.contain('2026-04-30');
    expect(draft).not.to.contain('(försenad)');
  });

  it('when a secretary registers two rounds, then both are kept with their findings and frozen PDFs, and listed for the matter', async () => {
    const m = await aMatterWithFindings(t);
    const { session } = await loggedIn(t, 'secretary', 'Stina Sekreterare');
    const first = await session.post(
      `/arenden/${m.matterId}/redovisningar`,
      { sentOn: '2026-03-02', findingIds: [String(m.findings[0])], note: 'Första omgången', roundsSeen: '0' },
      `/arenden/${m.matterId}/redovisningar`,
    );
    expect(first.status).to.equal(303);
    const second = await session.post(
      `/arenden/${m.matterId}/redovisningar`,
      { sentOn: '2026-03-16', findingIds: [String(m.findings[0]), String(m.findings[1])], note: '', roundsSeen: '1' },
      `/arenden/${m.matterId}/redovisningar`,
    );
    expect(second.status).to.equal(303);
    const rounds = await matterSubmissions(t.db, m.matterId);
    expect(rounds.map((r) => [r.roundNo, r.sentOn, r.findingTitles])).to.deep.equal([
      [1, '2026-03-02', ['Brister i utredningstider']],
      [2, '2026-03-16', ['Brister i utredningstider', 'Brister i dokumentation']],
    ]);
    const stored = await t.db.selectFrom('submissions').selectAll().orderBy('round_no').execute();
    const firstPdf = await pdfOf(session, `/redovisningar/${stored[0].id}.pdf`);
    expect(Buffer.compare(firstPdf.body, stored[0].pdf)).to.equal(0);
    const text = pdfText(firstPdf.body);
    expect(text).to.contain('Dokument-id RED-');
    expect(text).not.to.contain('UTKAST');
    expect(text).not.to.contain('Utbildning i dokumentation');
    const page = textOf((await session.get(`/arenden/${m.matterId}/redovisningar`)).text);
    expect(page).to.contain('2 mars 2026');
    expect(page).to.contain('Första omgången');
    if (preflightAvailable()) {
      const result = validatePdfA1b(stored[1].pdf);
      expect(result.valid, result.output).to.equal(true);
    }
  });

  it('when the sent date is before IVO’s beslut or before the previous round, then the form says so next to the date, keeps what was typed and registers nothing', async () => {
    const m = await aMatterWithFindings(t); // IVO's beslut 4 November 2025
    const { session } = await loggedIn(t, 'secretary');
    const url = `/arenden/${m.matterId}/redovisningar`;
    const early = await session.post(
      url,
      { sentOn: '2025-10-30', findingIds: [String(m.findings[0])], note: 'Tidigt skickad', roundsSeen: '0' },
      url,
    );
    expect(early.status).to.equal(422);
    expect(textOf(early.text)).to.contain('Redovisningen kan inte ha skickats före IVO:s beslut (4 november 2025).');
    expect(early.text).to.contain('value="2025-10-30"');
    expect(early.text).to.contain('Tidigt skickad');
    expect(await matterSubmissions(t.db, m.matterId)).to.deep.equal([]);

    const first = await session.post(
      url,
      { sentOn: '2026-03-02', findingIds: [String(m.findings[0])], note: '', roundsSeen: '0' },
      url,
    );
    expect(first.status).to.equal(303);
    const outOfOrder = await session.post(
      url,
      { sentOn: '2026-02-20', findingIds: [String(m.findings[1])], note: '', roundsSeen: '1' },
      url,
    );
    expect(outOfOrder.status).to.equal(422);
    expect(textOf(outOfOrder.text)).to.contain(
      'Omgång 1 skickades 2 mars 2026; en senare omgång kan inte ha skickats före den.',
    );
    // The same day as the previous round is a second round that day.
    const sameDay = await session.post(
      url,
      { sentOn: '2026-03-02', findingIds: [String(m.findings[1])], note: '', roundsSeen: '1' },
      url,
    );
    expect(sameDay.status).to.equal(303);
    expect((await matterSubmissions(t.db, m.matterId)).map((r) => [r.roundNo, r.sentOn])).to.deep.equal([
      [1, '2026-03-02'],
      [2, '2026-03-02'],
    ]);
  });

  it('when no finding is chosen, then the form says so and keeps the date typed', async () => {
    const m = await aMatterWithFindings(t);
    const { session } = await loggedIn(t, 'director');
    const res = await session.post(
      `/arenden/${m.matterId}/redovisningar`,
      { sentOn: '2026-03-02', note: '', roundsSeen: '0' },
      `/arenden/${m.matterId}/redovisningar`,
    );
    expect(res.status).to.equal(422);
    expect(textOf(res.text)).to.contain('Välj minst en brist');
    expect(res.text).to.contain('value="2026-03-02"');
    expect(await t.db.selectFrom('submissions').selectAll().execute()).to.have.length(0);
  });

  it('when a reader or unit manager tries to register, then it is refused', async () => {
    const m = await aMatterWithFindings(t);
    for (const role of ['reader', 'manager'] as const) {
      const { session } = await loggedIn(t, role);
      const res = await session.post(
        `/arenden/${m.matterId}/redovisningar`,
        { sentOn: '2026-03-02', findingIds: [String(m.findings[0])], roundsSeen: '0' },
        `/arenden/${m.matterId}/redovisningar`,
      );
      expect(res.status).to.equal(403);
    }
    expect(await t.db.selectFrom('submissions').selectAll().execute()).to.have.length(0);
  });

  it('when the secretary types the covering frame, then the preview, the registered PDF and its Word file say to IVO: both dnr, the nämnd’s decision, the covering text, each action’s comment as of the sent date, and the bilagor', async () => {
    const m = await aMatterWithFindings(t);
    const owner = await t.db
      .selectFrom('actions')
      .select(['id', 'owner_id'])
      .where('title', '=', 'Utbildning i dokumentation')
      .executeTakeFirstOrThrow();
    await aStatusUpdate(
      t.db,
      owner.id,
      owner.owner_id,
      'in_progress',
      '2026-03-03T09:00:00.000Z',
      'Utbildningen är bokad till april.',
    );
    await aStatusUpdate(
      t.db,
      owner.id,
      owner.owner_id,
      'in_progress',
      '2026-03-12T09:00:00.000Z',
      'Skrivet efter att redovisningen skickats.',
    );
    const { session } = await loggedIn(t, 'secretary', 'Stina Sekreterare');
    const frame = {
      addressee: 'Inspektionen för vård och omsorg (IVO), avdelning mitt',
      decision: '§ 45',
      decisionOn: '2026-03-04',
      coveringText: 'Socialnämnden i Exempelkommun redovisar här de åtgärder som IVO begärt.',
      attachments: 'Protokollsutdrag § 45\nRutin för utredningstider',
    };
    const chosen = [String(m.findings[0]), String(m.findings[1])];
    const preview = await previewOf(session, m.matterId, { ...frame, findingIds: chosen });
    expect(preview.status).to.equal(200);
    const previewText = pdfText(preview.body as Buffer).replace(/\s+/g, ' ');
    expect(previewText).to.contain('UTKAST');
    expect(previewText).to.contain(frame.coveringText);

    const registered = await session.post(
      `/arenden/${m.matterId}/redovisningar`,
      { ...frame, sentOn: '2026-03-05', findingIds: chosen, note: '', roundsSeen: '0' },
      `/arenden/${m.matterId}/redovisningar`,
    );
    expect(registered.status).to.equal(303);
    const stored = await t.db.selectFrom('submissions').selectAll().executeTakeFirstOrThrow();
    expect([stored.decision, stored.decision_on, stored.covering_text]).to.deep.equal([
      '§ 45',
      '2026-03-04',
      frame.coveringText,
    ]);
    const text = pdfText(stored.pdf).replace(/\s+/g, ' ');
    let at = 0;
    for (const part of [
      'Redovisning till IVO',
      `Till: ${frame.addressee}`,
      'IVO:s diarienummer: 8.5-12345/2025',
      'Nämndens beslut: § 45, 4 mars 2026',
      'Datum: 5 mars 2026',
      frame.coveringText,
      'Brist: Brister i dokumentation',
      'Utbildningen är bokad till april.',
      'Bilagor',
      'Bilaga 1: Protokollsutdrag § 45',
      'Bilaga 2: Rutin för utredningstider',
    ]) {
      const found = text.indexOf(part, at);
      expect(found, `"${part}" after ${at}`).to.be.greaterThan(-1);
      at = found;
    }
    expect(text).not.to.contain('Skrivet efter att redovisningen skickats.');
    if (preflightAvailable()) {
      const result = validatePdfA1b(stored.pdf);
      expect(result.valid, result.output.slice(0, 2000)).to.equal(true);
    }
    const page = (await session.get(`/arenden/${m.matterId}/redovisningar`)).text;
    expect(page).to.contain(`/redovisningar/${stored.id}.docx`);
    const word = await session.agent.get(`/redovisningar/${stored.id}.docx`).buffer(true).parse(asBytes);
    expect(word.status).to.equal(200);
    expect((word.body as Buffer).equals(stored.docx!)).to.equal(true);
    const xml = strFromU8(unzipSync(word.body as Buffer)['word/document.xml']);
    expect(xml).to.contain('Nämndens beslut: § 45, 4 mars 2026');
    expect(xml).to.contain('<w:tblHeader/>');
  });
});
