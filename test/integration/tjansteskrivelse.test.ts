import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { PNG } from 'pngjs';
import { csrfFrom, loggedIn, testApp, textOf, type TestApp } from '../helpers/app.ts';
import { aCommittee, aFinding, aMatter, aMeeting, anAction, aPerson } from '../helpers/builders.ts';
import { pdfText, preflightAvailable, validatePdfA1b } from '../pdf/tools.ts';
import { renderReportPdf } from '../../src/reports/report-pdf.ts';
import { renderReportDocx } from '../../src/reports/report-docx.ts';
import type { Report } from '../../src/reports/report-model.ts';
import type { PrintedFrame } from '../../src/reports/frame.ts';
import { acceptLogo } from '../../src/committees/organisation.ts';
import { download } from '../helpers/download.ts';

/** A logo as a designer delivers it: a PNG with a transparent background. */
function aLogo(): Buffer {
  const png = new PNG({ width: 120, height: 40 });
  for (let y = 0; y < 40; y++)
    for (let x = 0; x < 120; x++) {
      const i = (y * 120 + x) * 4;
      const inside = x > 10 && x < 110 && y > 8 && y < 32;
      png.data[i] = 29;
      png.data[i + 1] = 79;
      png.data[i + 2] = 145;
      png.data[i + 3] = inside ? 255 : 0;
    }
  return PNG.sync.write(png);
}

/** The PDF's outline (bookmarks) as pdftohtml reads it: titles, in order. */
function outlineOf(pdf: Buffer): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atgardsplan-outline-'));
  try {
    fs.writeFileSync(path.join(dir, 'doc.pdf'), pdf);
    const xml = execFileSync('pdftohtml', ['-xml', '-i', '-q', '-stdout', path.join(dir, 'doc.pdf')]).toString('utf8');
    const outline = /<outline>[\s\S]*<\/outline>/.exec(xml)?.[0] ?? '';
    return [...outline.matchAll(/<item[^>]*>([^<]*)<\/item>/g)].map((m) => m[1].replace(/&amp;/g, '&'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function docxParts(docx: Buffer): Record<string, string> {
  const files = unzipSync(docx);
  return Object.fromEntries(
    Object.entries(files).map(([name, data]) => [
      name,
      name.endsWith('.png') ? `(${data.length} bytes)` : strFromU8(data),
    ]),
  );
}

/** The text of a Word document's paragraphs, in order. */
function docxText(documentXml: string): string {
  return [...documentXml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(' ');
}

const FRAME = {
  addressee: 'Socialnämnden',
  datedOn: '2026-03-16',
  reference: 'SN 2026/77',
  officer: 'Stina Sekreterare',
  subject: 'Återrapportering av åtgärdsplaner efter IVO:s tillsyn, mars 2026',
  proposal: 'Nämnden godkänner återrapporteringen och lägger den till handlingarna.',
  summary: '',
  background: 'IVO beslutade i november 2025 om brister i handläggningen av utredningar.',
  assessment: 'Förvaltningen bedömer att arbetet går enligt plan, men utbildningen är försenad.',
  consequences: 'Barnrättsperspektiv: snabbare utredningar gynnar barnen.',
  signatoryName: 'Frida Förvaltningschef',
  signatoryTitle: 'Förvaltningschef',
  attachments: 'IVO:s beslut 2025-11-04\nProtokollsutdrag',
};

describe('the återrapportering as the nämnd’s document: tjänsteskrivelse, logo, Word', function () {
  this.timeout(60_000);
  let t: TestApp;
  let meetingId: number;

  beforeEach(async () => {
    t = await testApp(); // today: 16 March 2026
    const committeeId = await aCommittee(t.db, 'Socialnämnden', 'Socialförvaltningen');
    const owner = await aPerson(t.db, 'Åsa Öberg');
    const matterId = await aMatter(t.db, { committeeId, title: 'Handläggning och dokumentation av utredningar' });
    const finding = await aFinding(t.db, matterId, 'Brister i utredningstider');
    await anAction(t.db, {
      committeeId,
      ownerId: owner,
      findingIds: [finding],
      title: 'Införa checklista för utredningstider',
      dueOn: '2026-05-29',
    });
    meetingId = await aMeeting(t.db, committeeId, '2026-03-25', { ownReference: 'SN 2026/70' });
  });

  it('when the nämndsekreterare writes the tjänsteskrivelse and issues the report, then the PDF and the Word file carry the frame in order, the dnr on every page, Word heading styles, table headers and Swedish', async () => {
    const { session } = await loggedIn(t, 'secretary', 'Stina Sekreterare');
    const form = (await session.get(`/sammantraden/${meetingId}/tjansteskrivelse`)).text;
    // Before anything is written: the defaults (the sammanträde's dnr, the generated summary).
    expect(form).to.contain('value="SN 2026/70"');
    expect(form).to.contain('Förvaltningen återrapporterar läget i 1 öppet ärende med 1 åtgärd.');

    const empty = await session.post(
      `/sammantraden/${meetingId}/tjansteskrivelse`,
      { ...FRAME, proposal: '', assessment: 'Se bilaga för 19121212-1212.', version: '' },
      `/sammantraden/${meetingId}/tjansteskrivelse`,
    );
    expect(empty.status).to.equal(422);
    const refused = textOf(empty.text);
    expect(refused).to.contain('Fyll i förslag till beslut.');
    expect(refused).to.contain('personnummer');
    expect(refused).to.contain(FRAME.background); // what was typed is kept
    expect(await t.db.selectFrom('report_frames').selectAll().execute()).to.have.length(0);

    const saved = await session.post(
      `/sammantraden/${meetingId}/tjansteskrivelse`,
      { ...FRAME, version: '' },
      `/sammantraden/${meetingId}/tjansteskrivelse`,
    );
    expect(saved.status).to.equal(303);
    const preview = textOf((await session.get(`/sammantraden/${meetingId}/rapport`)).text);
    expect(preview).to.contain(`Förvaltningens bedömning ${FRAME.assessment}`);
    expect(preview).to.contain('Förvaltningen återrapporterar läget'); // the summary left empty is generated

    const issued = await session.post(
      `/sammantraden/${meetingId}/utfarda`,
      { issuedVersionsSeen: '0', reason: '' },
      `/sammantraden/${meetingId}`,
    );
    expect(issued.status).to.equal(303);
    const report = await t.db.selectFrom('reports').select(['id', 'pdf', 'docx']).executeTakeFirstOrThrow();

    const text = pdfText(report.pdf).replace(/\s+/g, ' ');
    const order = [
      'Tjänsteskrivelse',
      'Till: Socialnämnden',
      'Datum: 16 mars 2026',
      'Diarienummer: SN 2026/77',
      'Handläggare: Stina Sekreterare',
      FRAME.subject,
      `Förslag till beslut ${FRAME.proposal}`,
      'Sammanfattning Förvaltningen återrapporterar läget i 1 öppet ärende med 1 åtgärd.',
      `Bakgrund ${FRAME.background}`,
      `Förvaltningens bedömning ${FRAME.assessment}`,
      `Konsekvenser ${FRAME.consequences}`,
      'Frida Förvaltningschef Förvaltningschef',
      'Bilagor',
      'Bilaga 1: Återrapportering av åtgärder, Socialnämnden, sammanträdet 25 mars 2026',
      'Bilaga 2: IVO:s beslut 2025-11-04',
      'Bilaga 3: Protokollsutdrag',
      'Bilaga 1: Återrapportering av åtgärdsplan',
      'Införa checklista för utredningstider',
    ];
    let at = 0;
    for (const part of order) {
      const found = text.indexOf(part, at);
      expect(found, `"${part}" after position ${at}`).to.be.greaterThan(-1);
      at = found + part.length;
    }
    const pages = pdfText(report.pdf)
      .split('\f')
      .filter((p) => p.trim() !== '');
    expect(pages.length).to.be.greaterThan(1);
    for (const page of pages)
      expect(page.trim().split('\n')[0]).to.equal('Socialnämnden · Sammanträde 25 mars 2026 · Dnr SN 2026/77');
    expect(outlineOf(report.pdf)).to.include.members([
      'Tjänsteskrivelse',
      'Sammanfattning',
      'Ärenden och åtgärder',
      'Handläggning och dokumentation av utredningar',
    ]);

    const docx = await download(session, `/rapporter/${report.id}.docx`);
    expect(docx.status).to.equal(200);
    expect(docx.type).to.contain('wordprocessingml');
    expect(docx.body.equals(report.docx!)).to.equal(true);
    const parts = docxParts(docx.body);
    const body = parts['word/document.xml'];
    expect(body).to.contain('<w:pStyle w:val="Heading1"/>');
    expect(body).to.contain('<w:pStyle w:val="Heading2"/>');
    expect(body).to.contain('<w:tblHeader/>');
    expect(parts['word/styles.xml']).to.match(/<w:lang w:val="sv-SE"/);
    const words = docxText(body);
    let wat = 0;
    for (const part of [
      'Tjänsteskrivelse',
      FRAME.subject,
      'Förslag till beslut',
      FRAME.assessment,
      'Bilagor',
      'Införa checklista',
    ]) {
      const found = words.indexOf(part, wat);
      expect(found, `Word: "${part}"`).to.be.greaterThan(-1);
      wat = found;
    }
    expect(
      docxText(parts['word/header1.xml'] ?? Object.entries(parts).find(([n]) => /header\d*\.xml$/.test(n))![1]),
    ).to.contain('Dnr SN 2026/77');

    // Issued is frozen: a later change of the tjänsteskrivelse reaches the draft, not the issued files.
    const frameVersion = String(
      (await t.db.selectFrom('report_frames').select('version').executeTakeFirstOrThrow()).version,
    );
    const changed = await session.post(
      `/sammantraden/${meetingId}/tjansteskrivelse`,
      { ...FRAME, assessment: 'En ny bedömning efter sammanträdet.', version: frameVersion },
      `/sammantraden/${meetingId}/tjansteskrivelse`,
    );
    expect(changed.status).to.equal(303);
    expect((await download(session, `/rapporter/${report.id}.pdf`)).body.equals(report.pdf)).to.equal(true);
    expect((await download(session, `/rapporter/${report.id}.docx`)).body.equals(report.docx!)).to.equal(true);
    expect(textOf((await session.get(`/sammantraden/${meetingId}/rapport`)).text)).to.contain(
      'En ny bedömning efter sammanträdet.',
    );

    // The meeting page leads with the issued documents, for a läsare too, without draft buttons.
    const reader = (await loggedIn(t, 'reader')).session;
    const page = textOf((await reader.get(`/sammantraden/${meetingId}`)).text);
    expect(page.indexOf('Ladda ned återrapporteringen (PDF)')).to.be.lessThan(page.indexOf('Nämnd'));
    expect(page).to.contain('Ladda ned som Word');
    expect(page).not.to.contain('Förhandsgranska utkast');
  });

  it('when an administrator uploads the kommun’s logo, then it heads the PDF (still PDF/A-1b) and the Word file; a file that is not a PNG is refused and changes nothing', async () => {
    const { session } = await loggedIn(t, 'admin');
    const page = await session.get('/admin/kommun');
    for (const [file, refusal] of [
      [Buffer.from('Exempelkommun – logotyp'), 'Logotypen måste vara en PNG- eller SVG-bild'],
      [
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>'),
        'SVG-bilden hänvisar till bilder, typsnitt eller skript utanför filen',
      ],
    ] as const) {
      const refused = await session.agent
        .post('/admin/kommun')
        .field('_csrf', csrfFrom(page.text))
        .field('municipality', 'Exempelkommun')
        .field('version', '')
        .attach('logo', file, 'logo.png');
      expect(refused.status).to.equal(422);
      expect(textOf(refused.text)).to.contain(refusal);
      expect(refused.text).to.contain('value="Exempelkommun"'); // what was typed is kept
    }
    expect(await t.db.selectFrom('organisation').selectAll().execute()).to.have.length(0);

    const saved = await session.agent
      .post('/admin/kommun')
      .field('_csrf', csrfFrom(page.text))
      .field('municipality', 'Exempelkommun')
      .field('version', '')
      .attach('logo', aLogo(), 'logo.png');
    expect(saved.status).to.equal(303);

    const secretary = (await loggedIn(t, 'secretary')).session;
    await secretary.post(
      `/sammantraden/${meetingId}/utfarda`,
      { issuedVersionsSeen: '0', reason: '' },
      `/sammantraden/${meetingId}`,
    );
    const report = await t.db.selectFrom('reports').select(['pdf', 'docx']).executeTakeFirstOrThrow();
    expect(pdfText(report.pdf)).to.contain('Exempelkommun');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atgardsplan-images-'));
    fs.writeFileSync(path.join(dir, 'doc.pdf'), report.pdf);
    const images = execFileSync('pdfimages', ['-list', path.join(dir, 'doc.pdf')]).toString('utf8');
    fs.rmSync(dir, { recursive: true, force: true });
    expect(images).to.match(/\n\s+1\s+\d+\s+image\s+120\s+40\s+rgb/);
    expect(images).not.to.contain('smask');
    if (preflightAvailable()) {
      const result = validatePdfA1b(report.pdf);
      expect(result.valid, result.output.slice(0, 2000)).to.equal(true);
    }
    expect(Object.keys(docxParts(report.docx!)).some((n) => /^word\/media\/.*\.png$/.test(n))).to.equal(true);
  });

  it('when the same content is drawn twice, seconds apart, then the PDF and the Word file are the same bytes', async () => {
    const { session } = await loggedIn(t, 'secretary');
    await session.post(
      `/sammantraden/${meetingId}/utfarda`,
      { issuedVersionsSeen: '0', reason: '' },
      `/sammantraden/${meetingId}`,
    );
    const row = await t.db
      .selectFrom('reports')
      .select(['snapshot', 'pdf', 'docx', 'issued_at', 'document_id'])
      .executeTakeFirstOrThrow();
    const snapshot = JSON.parse(row.snapshot) as { report: Report; frame: PrintedFrame };
    const job = {
      report: snapshot.report,
      frame: snapshot.frame,
      sender: { municipality: '', logo: null },
      meta: { documentId: row.document_id, madeAt: row.issued_at },
    };
    const [pdf1, docx1] = [await renderReportPdf(job), await renderReportDocx(job)];
    await new Promise((r) => setTimeout(r, 1100));
    const [pdf2, docx2] = [await renderReportPdf(job), await renderReportDocx(job)];
    expect(pdf1.equals(pdf2)).to.equal(true);
    expect(docx1.equals(docx2)).to.equal(true);
    // With a logo too (an image has ids of its own in both formats).
    const logo = await acceptLogo(aLogo());
    if (!('png' in logo)) throw new Error(logo.problem);
    const withLogo = { ...job, sender: { municipality: 'Exempelkommun', logo: logo.png } };
    expect((await renderReportPdf(withLogo)).equals(await renderReportPdf(withLogo))).to.equal(true);
    expect((await renderReportDocx(withLogo)).equals(await renderReportDocx(withLogo))).to.equal(true);
    // And what was issued is that content: the frozen snapshot draws the stored bytes again.
    expect(pdf1.equals(row.pdf)).to.equal(true);
    expect(docx1.equals(row.docx!)).to.equal(true);
  });
});
