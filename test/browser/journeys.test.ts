import crypto from 'node:crypto';
import fs from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import type { Locator } from 'playwright-core';
import type { Page } from 'playwright-core';
import { addDays, nextWorkingDay } from '../../src/deadlines/calendar.ts';
import { todayOf } from '../../src/clock.ts';
import { browserClock } from './support/server.ts';
import { formatDate, formatMoney } from '../../src/shared/format.ts';
import { pdfText } from '../pdf/tools.ts';
import {
  DESKTOP,
  PHONE,
  PERSON,
  SECOND_CHEF,
  appInBrowser,
  horizontalOverflow,
  logIn,
  screenshotPath,
} from './support/browser.ts';

// The three users' jobs, end to end in Chromium against the app started as in production on the
// demo data. One story, in order: the förvaltningschef registers an IVO decision and assigns an
// action to a chef; the chef, on her phone, reports progress on it; the nämndsekreterare issues the
// återrapportering, which shows that progress, and downloads the PDF.

const today = todayOf(browserClock);
const decided = addDays(today, -10);
const respondBy = addDays(today, 45);
const finalOn = addDays(today, -3);
// A vardag, so the action's row shows the date alone (on a helgdag it adds the next vardag).
const dueOn = nextWorkingDay(addDays(today, 30));
const meetingOn = addDays(today, 21);
// The action's slutdatum moved a fortnight on, to a vardag as well.
const movedTo = nextWorkingDay(addDays(dueOn, 14));
const MOVE_REASON = 'Hemtjänstens planeringssystem byts i samma veckor; planerna skrivs i det nya.';
// The chef asks for one more week, and the förvaltningschef approves.
const requestedTo = nextWorkingDay(addDays(movedTo, 7));
const REQUEST_REASON = 'Två medarbetare i gruppen är föräldralediga i maj.';
// IVO's closing letter is dated two days before the first återrapportering, but arrives after it.
const closedOn = addDays(today, -2);
const CLOSING_NOTE = 'IVO avslutar tillsynen; beslutet kom med posten efter nämndens sammanträde.';
const EFFECT_COMMENT = 'Stickprov på tio akter: alla brukare har en aktuell genomförandeplan.';
const nextMeetingOn = addDays(meetingOn, 28);

const MATTER = 'Tillsyn av hemtjänstens dokumentation';
const FINDING_1 = 'Genomförandeplaner saknas för flera brukare i hemtjänsten';
const FINDING_2 = 'Rutinen för avvikelser bör ses över';
const ACTION = 'Upprätta genomförandeplaner för samtliga brukare';
const COMMENT = 'Hälften av planerna är upprättade; resten klara före månadsskiftet.';
const SUBSTITUTE_COMMENT = 'Anna är ledig; jag har stämt av läget med gruppen.';
const ASSESSMENT = 'Förvaltningen bedömer att planerna blir klara i tid; uppföljningen sker varje månad.';

/** Whitespace, no-break spaces included, as single spaces. */
const norm = (s: string) => s.replace(/\s+/g, ' ');

async function mainText(page: Page): Promise<string> {
  return norm(await page.locator('main').innerText());
}

/** The bytes of the file a click on `link` downloads. */
async function downloaded(page: Page, link: Locator): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return fs.readFileSync(await download.path());
}

/** Unfolds "Lägg till bilaga" (folded once the item has a bilaga). */
async function openUploadForm(page: Page): Promise<void> {
  const details = page.locator('details', { has: page.locator('summary', { hasText: 'Lägg till bilaga' }) });
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator('summary').click();
}

/** A real one-page PDF, as a scanned decision would arrive. */
function aPdf(text: string): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument();
    const parts: Buffer[] = [];
    doc.on('data', (b: Buffer) => parts.push(b));
    doc.on('end', () => resolve(Buffer.concat(parts)));
    doc.text(text);
    doc.end();
  });
}

async function flash(page: Page): Promise<string> {
  return page.getByRole('status').first().innerText();
}

describe('The users’ journeys, in a real browser', function () {
  this.timeout(120_000);

  const suite = appInBrowser('demo');
  const open = (viewport = DESKTOP, extra = {}) => suite.open(viewport, extra);

  it('when the förvaltningschef registers an IVO decision with findings, svarsdatum and vite, and creates and assigns an action, then she sees them on the matter and on the Översikt', async () => {
    const page = await open();
    await logIn(page, 'director');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).to.equal('Översikt');

    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Ärenden' }).click();
    await page.getByRole('link', { name: 'Nytt ärende' }).click();
    await page.getByLabel('Ärendetyp').selectOption({ label: 'IVO-tillsyn' });
    await page.getByLabel('Nämnd').selectOption({ label: 'Socialnämnden' });
    await page.getByLabel('Rubrik').fill(MATTER);
    await page.getByLabel('Verksamhet').fill('Äldreomsorg – hemtjänst');
    await page.getByLabel('IVO:s diarienummer').fill('8.5-99999/2026');
    await page.getByLabel('Eget diarienummer').fill('SN 2026/501');
    // Native date inputs: the browser sends ÅÅÅÅ-MM-DD whatever the user's locale shows.
    await page.getByLabel('Beslutsdatum').fill(decided);
    await page.getByLabel('Svarsdatum', { exact: true }).fill(respondBy);
    await page.getByLabel('Vitesstatus').selectOption({ label: 'Föreläggande med vite' });
    await page.getByLabel('Vitesbelopp').fill('750 000');
    await page.getByLabel('Laga kraft').fill(finalOn);
    await page.getByRole('button', { name: 'Registrera ärende' }).click();

    expect(await flash(page)).to.contain('Ärendet är registrerat');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).to.equal(MATTER);
    let text = await mainText(page);
    expect(text).to.contain(norm(`Föreläggande med vite: ${formatMoney(750000)}`));
    expect(text).to.contain(formatDate(respondBy));
    expect(text).to.contain(formatDate(finalOn));
    expect(text).to.contain('Inga brister är registrerade ännu.');

    for (const [title, required] of [
      [FINDING_1, 'Ja'],
      [FINDING_2, 'Nej'],
    ] as const) {
      await page.getByRole('link', { name: 'Ny brist' }).click();
      await page.getByLabel(/^Brist/).fill(title);
      await page.getByRole('radio', { name: required }).check();
      await page.getByRole('button', { name: 'Lägg till brist' }).click();
      expect(await page.getByRole('heading', { level: 1 }).innerText()).to.equal(MATTER);
    }
    text = await mainText(page);
    expect(text).to.contain(`Brist 1: ${FINDING_1}`);
    expect(text).to.contain(`Brist 2: ${FINDING_2}`);
    expect(text).to.contain('Kräver inte redovisning (IVO skickar med)');

    await page.getByRole('link', { name: 'Ny åtgärd' }).click();
    await page.getByLabel(/^Åtgärd/).fill(ACTION);
    await page.getByLabel('Ansvarig').selectOption({ label: `${PERSON.manager.name} (Chef)` });
    await page.getByLabel('Slutdatum').fill(dueOn);
    await page.getByRole('checkbox', { name: FINDING_1 }).check();
    await page.getByRole('button', { name: 'Skapa åtgärd' }).click();

    expect(await flash(page)).to.contain('Åtgärden är skapad');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).to.equal(ACTION);
    text = await mainText(page);
    expect(text).to.contain(`Ansvarig ${PERSON.manager.name}`);
    expect(text).to.contain('Status Ej påbörjad');
    expect(text).to.contain(FINDING_1);

    await page.getByRole('link', { name: FINDING_1 }).click();
    const actions = page.getByRole('table', { name: 'Åtgärder för brist 1' });
    expect(await actions.getByRole('row').nth(1).innerText()).to.match(
      new RegExp(`${ACTION}\\s+${PERSON.manager.name}\\s+${dueOn}\\s+Ej påbörjad`),
    );

    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Översikt' }).click();
    const responses = page.getByRole('table', { name: /Öppna ärenden med brister som kräver redovisning/ });
    expect(await responses.getByRole('row', { name: new RegExp(MATTER) }).innerText()).to.contain('45 dagar kvar');
    const timeline = page.getByRole('img', { name: /Tidslinje över svarsdatum/ });
    expect(await timeline.count()).to.equal(1);
  });

  it('when the förvaltningschef moves the slutdatum, she must say why, and the action keeps its first date; when a redovisning covering the brist is registered, the svarsdatum turns to Redovisad till IVO on the matter and leaves the Översikt', async () => {
    const page = await open();
    await logIn(page, 'director');
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Ärenden' }).click();
    await page.getByRole('link', { name: MATTER }).click();
    await page.getByRole('link', { name: ACTION }).first().click();
    await page.getByRole('link', { name: 'Redigera åtgärden' }).click();
    await page.getByLabel(/^Slutdatum/).fill(movedTo);
    await page.getByRole('button', { name: 'Spara åtgärd' }).click();
    expect(await mainText(page)).to.contain('Ange skäl till nytt slutdatum');
    expect(await page.getByLabel(/^Slutdatum/).inputValue()).to.equal(movedTo);
    await page.getByLabel('Skäl till nytt slutdatum').fill(MOVE_REASON);
    await page.getByRole('button', { name: 'Spara åtgärd' }).click();

    expect(await flash(page)).to.contain('Åtgärden är sparad');
    let text = await mainText(page);
    expect(text).to.contain(`Flyttat 1 gång; först ${formatDate(dueOn)}`);
    expect(text).to.contain(`Slutdatum ändrat från ${formatDate(dueOn)} till ${formatDate(movedTo)}`);
    expect(text).to.contain(MOVE_REASON);

    await page.getByRole('link', { name: FINDING_1 }).click();
    expect(await mainText(page)).to.match(/Svarsdatum .*45 dagar kvar/);
    await page.getByRole('link', { name: 'Registrera redovisning' }).click();
    await page.getByLabel('Skickad').fill(today);
    await page.getByRole('checkbox', { name: FINDING_1 }).check();
    await page.getByRole('button', { name: 'Registrera redovisningen' }).click();
    await page.goto(page.url().replace(/\/redovisningar.*$/, ''));
    text = await mainText(page);
    expect(text).to.contain(norm(`Redovisad till IVO ${formatDate(today)}`));

    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Översikt' }).click();
    const responses = page.getByRole('table', { name: /Öppna ärenden med brister som kräver redovisning/ });
    expect(await responses.getByRole('row', { name: new RegExp(MATTER) }).count()).to.equal(0);
  });

  it('when the chef logs in on her phone, then she finds the action in Mina åtgärder and updates its status with a comment', async () => {
    const page = await open(PHONE, { isMobile: true, hasTouch: true });
    await logIn(page, 'manager');

    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Mina åtgärder' }).tap();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).to.equal('Mina åtgärder');
    const owners = await page.locator('td[data-label="Ansvarig"]').allInnerTexts();
    expect(owners.length).to.be.greaterThan(1);
    expect(new Set(owners)).to.deep.equal(new Set([PERSON.manager.name]));
    expect((await horizontalOverflow(page)).overflow).to.equal(0);
    await page.screenshot({ path: screenshotPath('journey-chef-mina-atgarder-375'), fullPage: true });

    await page.getByRole('link', { name: `Uppdatera status för ${ACTION}` }).tap();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).to.equal(ACTION);
    await page.getByLabel('Ny status').selectOption({ label: 'Pågår' });
    await page.getByLabel('Kommentar', { exact: true }).fill(COMMENT);
    await page.getByRole('button', { name: 'Spara statusuppdatering' }).tap();

    expect(await flash(page)).to.contain('Statusuppdateringen är sparad');
    const text = await mainText(page);
    expect(text).to.contain('Status Pågår');
    const latest = page.getByRole('region', { name: 'Historik' }).getByRole('listitem').first();
    expect(await latest.innerText()).to.contain('Ej påbörjad → Pågår');
    expect(await latest.innerText()).to.contain(PERSON.manager.name);
    expect(await latest.innerText()).to.contain(COMMENT);
    expect((await horizontalOverflow(page)).overflow).to.equal(0);
    await page.screenshot({ path: screenshotPath('journey-chef-statusuppdatering-375'), fullPage: true });
  });

  it('when the chef asks for a new slutdatum, then the old date counts until the förvaltningschef approves it, and the action shows both in its history', async () => {
    const chef = await open(PHONE, { isMobile: true, hasTouch: true });
    await logIn(chef, 'manager');
    await chef.goto('/atgarder/mina');
    await chef.getByRole('link', { name: `Uppdatera status för ${ACTION}` }).tap();
    await chef.getByLabel('Begärt slutdatum').fill(requestedTo);
    await chef.getByRole('button', { name: 'Begär nytt slutdatum' }).tap();
    expect(await chef.getByRole('alert').filter({ hasText: 'Formuläret innehåller fel' }).innerText()).to.contain(
      'Ange skäl',
    );
    await chef.getByLabel(/^Skäl/).fill(REQUEST_REASON);
    await chef.getByRole('button', { name: 'Begär nytt slutdatum' }).tap();
    expect(await flash(chef)).to.contain('Begäran om nytt slutdatum är skickad');
    let text = await mainText(chef);
    expect(text).to.contain(`Slutdatum ${formatDate(movedTo)}`);
    expect(text).to.contain(`begär att slutdatum flyttas från ${formatDate(movedTo)} till ${formatDate(requestedTo)}`);
    expect((await horizontalOverflow(chef)).overflow).to.equal(0);

    const director = await open();
    await logIn(director, 'director');
    expect(await mainText(director)).to.match(/\b[1-9]\d* begär(an|anden) om nytt slutdatum väntar på svar/);
    await director.goto(chef.url());
    expect(await mainText(director)).to.contain(REQUEST_REASON);
    await director.getByRole('button', { name: 'Godkänn nytt slutdatum' }).click();
    expect(await flash(director)).to.contain('slutdatum');
    text = await mainText(director);
    expect(text).to.contain(`Flyttat 2 gånger; först ${formatDate(dueOn)}`);
    expect(text).to.contain(
      `Slutdatum ändrat från ${formatDate(movedTo)} till ${formatDate(requestedTo)} (begäran godkänd)`,
    );
    expect(text).to.contain(`Nytt slutdatum begärt: ${formatDate(requestedTo)} i stället för ${formatDate(movedTo)}`);
  });

  it('when the nämndsekreterare plans a meeting, previews and issues its återrapportering, then the downloaded PDF is the frozen report with the chef’s comment', async () => {
    const page = await open();
    await logIn(page, 'secretary');

    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Sammanträden' }).click();
    await page.getByRole('link', { name: 'Nytt sammanträde' }).click();
    await page.getByLabel('Nämnd').selectOption({ label: 'Socialnämnden' });
    await page.getByLabel('Datum').fill(meetingOn);
    await page.getByLabel('Eget diarienummer').fill('SN 2026/77');
    await page.getByLabel('Plats').fill('Stadshuset, sal 2');
    await page.getByRole('button', { name: 'Spara' }).click();
    expect(await flash(page)).to.contain('Sammanträdet har lagts till');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).to.equal(`Sammanträde ${formatDate(meetingOn)}`);
    expect(await mainText(page)).to.contain('Återrapportering Utkast');

    await page.getByRole('link', { name: 'Förhandsgranska utkast' }).click();
    let text = await mainText(page);
    expect(text).to.contain('UTKAST');
    expect(text).to.contain('Socialnämnden');
    expect(text).to.contain('Sammanfattning');
    expect(text).to.contain(MATTER);
    const table = page.getByRole('table', { name: `Åtgärder för bristen ${FINDING_1}` });
    const row = await table.getByRole('row', { name: new RegExp(ACTION) }).innerText();
    expect(row).to.contain('Pågår');
    expect(row).to.contain(COMMENT);
    expect(await page.getByRole('img', { name: /Stapeldiagram över åtgärder per status/ }).count()).to.equal(1);
    await page.screenshot({ path: screenshotPath('journey-sekreterare-forhandsgranskning-1280'), fullPage: true });

    await page.getByRole('link', { name: 'Tillbaka till sammanträdet' }).click();
    await page.getByRole('link', { name: 'Skriv tjänsteskrivelsen' }).click();
    expect(await page.getByLabel(/^Till/).inputValue()).to.equal('Socialnämnden');
    expect(await page.getByLabel('Diarienummer').inputValue()).to.equal('SN 2026/77');
    await page.getByLabel('Förvaltningens bedömning').fill(ASSESSMENT);
    await page.getByRole('button', { name: 'Spara tjänsteskrivelsen' }).click();
    expect(await flash(page)).to.contain('Tjänsteskrivelsen är sparad');
    await page.getByRole('link', { name: 'Förhandsgranska utkast' }).click();
    expect(await mainText(page)).to.contain(`Förvaltningens bedömning ${ASSESSMENT}`);
    await page.getByRole('link', { name: 'Tillbaka till sammanträdet' }).click();
    await page.getByRole('button', { name: 'Utfärda återrapporteringen' }).click();
    const issued = /Återrapporteringen är utfärdad \(([^)]+)\)/.exec(await flash(page));
    expect(issued, 'flash names the document id').to.not.equal(null);
    const documentId = issued![1];
    text = await mainText(page);
    expect(text).to.contain('Återrapportering Utfärdad');
    expect(text).to.contain(documentId);
    expect(text).to.contain(PERSON.secretary.name);

    const [response] = await Promise.all([
      page.waitForResponse((r) => /\/rapporter\/\d+\.pdf$/.test(r.url())),
      page.getByRole('link', { name: 'Ladda ned version 1 (PDF)' }).click(),
    ]);
    expect(response.status()).to.equal(200);
    expect(response.headers()['content-type']).to.equal('application/pdf');
    // Chromium shows the PDF in its viewer; the bytes are fetched again with the same session.
    const pdf = await (await page.request.get(response.url())).body();
    expect(pdf.subarray(0, 5).toString()).to.equal('%PDF-');
    const pdfContent = pdfText(pdf).replace(/\s+/g, ' ');
    expect(pdfContent).to.contain('Socialnämnden');
    expect(pdfContent).to.contain(MATTER);
    expect(pdfContent).to.contain(documentId);
    expect(pdfContent).to.contain(`Förvaltningens bedömning ${ASSESSMENT}`);
    // The redovisning registered earlier answered IVO: the PDF says so instead of a warning.
    expect(pdfContent).to.contain(`(redovisad till IVO ${formatDate(today)})`);

    // Frozen: the bytes are the ones the meeting page vouches for, and stay so after changes.
    await page.goBack();
    const sha = await page.locator('code').last().innerText();
    expect(crypto.createHash('sha256').update(pdf).digest('hex')).to.equal(sha);
    const again = await page.request.get(response.url());
    expect((await again.body()).equals(pdf)).to.equal(true);

    // The Word file of the same issue, for the nämnd's ärendehanteringssystem.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Ladda ned som Word' }).click(),
    ]);
    expect(download.suggestedFilename()).to.equal(`aterrapportering-${documentId}.docx`);
    const word = fs.readFileSync((await download.path())!);
    expect(word.subarray(0, 2).toString()).to.equal('PK');
    expect(strFromU8(unzipSync(word)['word/document.xml'])).to.contain(ASSESSMENT);

    // A läsare (a politician) meets the issued documents first.
    const reader = await open();
    await logIn(reader, 'reader');
    await reader.goto(page.url());
    const first = reader.getByRole('region', { name: 'Återrapportering till Socialnämnden' });
    expect(await first.getByRole('link', { name: 'Ladda ned återrapporteringen (PDF)' }).count()).to.equal(1);
    expect(await reader.getByRole('link', { name: 'Förhandsgranska utkast' }).count()).to.equal(0);
  });

  it('when the chef names an ersättare for her leave, then the ersättare finds her action in Mina åtgärder and updates it, and the history says for whom', async () => {
    const chef = await open();
    await logIn(chef, 'manager');
    await chef.getByRole('link', { name: 'Mina ersättare' }).click();
    await chef.getByLabel(/^Ersättare/).selectOption({ label: SECOND_CHEF.name });
    await chef.getByLabel(/^Från/).fill(today);
    await chef.getByLabel(/^Till och med/).fill(addDays(today, 14));
    await chef.getByRole('button', { name: 'Spara ersättaren' }).click();
    expect(await flash(chef)).to.contain('Ersättaren är sparad');
    expect(await mainText(chef)).to.contain(
      `${SECOND_CHEF.name} ${formatDate(today)} ${formatDate(addDays(today, 14))}`,
    );

    const substitute = await open(PHONE, { isMobile: true, hasTouch: true });
    await logIn(substitute, SECOND_CHEF);
    await substitute.goto('/atgarder/mina');
    await substitute.getByRole('link', { name: `Uppdatera status för ${ACTION}` }).tap();
    await substitute.getByLabel('Kommentar', { exact: true }).fill(SUBSTITUTE_COMMENT);
    await substitute.getByRole('button', { name: 'Spara statusuppdatering' }).tap();
    expect(await flash(substitute)).to.contain('Statusuppdateringen är sparad');
    const latest = substitute.getByRole('region', { name: 'Historik' }).getByRole('listitem').first();
    expect(norm(await latest.innerText())).to.contain(`${SECOND_CHEF.name} för ${PERSON.manager.name}`);
    expect(await latest.innerText()).to.contain(SUBSTITUTE_COMMENT);
  });

  it('when the förvaltningschef attaches IVO’s beslut to the matter and the chef her evidence to the action, then each downloads byte for byte; the Åtgärder list filtered to the chef exports to Excel with exactly its rows', async () => {
    const decision = await aPdf('IVO:s beslut i tillsynen av hemtjänstens dokumentation');
    const page = await open();
    await logIn(page, 'director');
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Ärenden' }).click();
    await page.getByRole('link', { name: MATTER }).first().click();
    await openUploadForm(page);
    await page.getByLabel('Vad är bilagan?').selectOption({ label: 'IVO:s beslut' });
    await page.getByLabel('Beskrivning').fill('Beslutet som kom med e-post');
    await page
      .getByLabel(/^Fil/)
      .setInputFiles({ name: 'ivo-beslut.pdf', mimeType: 'application/pdf', buffer: decision });
    await page.getByRole('button', { name: 'Lägg till bilaga' }).click();
    // Saved, she is back on the matter's page, the beslut listed under its Bilagor.
    expect(await flash(page)).to.contain('Bilagan är sparad');
    expect(new URL(page.url()).pathname).to.match(/^\/arenden\/\d+$/);
    const listed = page.getByRole('table', { name: 'Bilagor till ärendet', exact: true });
    expect(norm(await listed.innerText())).to.contain('ivo-beslut.pdf');
    expect(norm(await listed.innerText())).to.contain('IVO:s beslut');
    expect(await downloaded(page, listed.getByRole('link', { name: 'ivo-beslut.pdf', exact: true }))).to.deep.equal(
      decision,
    );

    const evidence = Buffer.from('Stickprov 2026-03-16: tio akter granskade, alla har en genomförandeplan.\n', 'utf8');
    const chef = await open();
    await logIn(chef, 'manager');
    await chef.goto('/atgarder/mina');
    await chef.getByRole('link', { name: ACTION, exact: true }).first().click();
    await openUploadForm(chef);
    await chef.getByLabel(/^Fil/).setInputFiles({ name: 'stickprov.txt', mimeType: 'text/plain', buffer: evidence });
    await chef.getByRole('button', { name: 'Lägg till bilaga' }).click();
    expect(await flash(chef)).to.contain('Bilagan är sparad');
    expect(new URL(chef.url()).pathname).to.match(/^\/atgarder\/\d+$/);
    const evidenceList = chef.getByRole('table', { name: 'Bilagor till åtgärden', exact: true });
    expect(
      await downloaded(chef, evidenceList.getByRole('link', { name: 'stickprov.txt', exact: true })),
    ).to.deep.equal(evidence);

    await page
      .getByRole('navigation', { name: 'Huvudmeny' })
      .getByRole('link', { name: 'Åtgärder', exact: true })
      .click();
    await page.getByLabel('Ansvarig').selectOption({ label: PERSON.manager.name });
    await page.getByLabel('Status').selectOption({ label: 'Alla' });
    await page.getByRole('button', { name: 'Filtrera' }).click();
    const rows = page.getByRole('table', { name: /^Åtgärder \(\d+\)/ }).locator('tbody tr');
    const shown = (await rows.locator('td:first-child > a:first-child').allInnerTexts()).map((t) => norm(t).trim());
    expect(shown).to.include(ACTION);
    const workbook = new ExcelJS.Workbook();
    const file = await downloaded(page, page.getByRole('link', { name: 'Exportera till Excel' }));
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    const titles: string[] = [];
    const owners = new Set<string>();
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      titles.push(String(row.getCell(header.indexOf('Åtgärd') + 1).value));
      owners.add(String(row.getCell(header.indexOf('Ansvarig') + 1).value));
    });
    expect([...owners]).to.deep.equal([PERSON.manager.name]);
    expect(titles.sort()).to.deep.equal([...shown].sort());
  });

  it('when JavaScript is turned off, then the pages still work: the chef logs in, is told what is wrong with a form and saves a status', async () => {
    const page = await open(DESKTOP, { javaScriptEnabled: false });
    await logIn(page, 'manager');
    await page.goto('/atgarder/mina');
    await page.getByRole('link', { name: `Uppdatera status för ${ACTION}` }).click();
    await page.getByRole('button', { name: 'Spara statusuppdatering' }).click();
    expect(await page.getByRole('alert').filter({ hasText: 'Formuläret innehåller fel' }).innerText()).to.contain(
      'Skriv en kommentar',
    );
    await page.getByLabel('Ny status').selectOption({ label: 'Klar' });
    await page.getByLabel('Kommentar', { exact: true }).fill('Alla planer är upprättade.');
    await page.getByRole('button', { name: 'Spara statusuppdatering' }).click();
    expect(await flash(page)).to.contain('Statusuppdateringen är sparad');
    expect(await mainText(page)).to.contain('Status Klar');
  });

  it('when the förvaltningschef follows up the effect and registers IVO’s closing letter that came late, then the next återrapportering shows both, the closure as registered after the previous report', async () => {
    const page = await open();
    await logIn(page, 'director');
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Ärenden' }).click();
    await page.getByRole('link', { name: MATTER }).click();
    await page.getByRole('link', { name: 'Registrera uppföljning av effekt för brist 1' }).click();
    await page.getByLabel('Bedömning').selectOption({ label: 'Effekt uppnådd' });
    await page.getByLabel('Datum för uppföljningen').fill(today);
    await page.getByLabel('Kommentar', { exact: true }).fill(EFFECT_COMMENT);
    await page.getByRole('button', { name: /Spara/ }).click();
    expect(await mainText(page)).to.contain(
      `Uppföljning av effekt: Effekt uppnådd, ${formatDate(today)} – ${EFFECT_COMMENT}`,
    );

    await page.getByRole('link', { name: 'Avsluta ärendet' }).click();
    await page.getByLabel(/^Avslutat/).fill(closedOn);
    await page.getByLabel('Anteckning').fill(CLOSING_NOTE);
    await page.getByRole('button', { name: 'Avsluta ärendet' }).click();
    expect(await mainText(page)).to.contain(`Avslutat ${formatDate(closedOn)} – ${CLOSING_NOTE}`);

    const secretary = await open();
    await logIn(secretary, 'secretary');
    await secretary.goto('/sammantraden/ny');
    await secretary.getByLabel('Nämnd').selectOption({ label: 'Socialnämnden' });
    await secretary.getByLabel('Datum').fill(nextMeetingOn);
    await secretary.getByRole('button', { name: 'Spara' }).click();
    await secretary.getByRole('link', { name: 'Förhandsgranska utkast' }).click();
    const text = await mainText(secretary);
    expect(text).to.match(
      new RegExp(
        `Avslutat ${formatDate(closedOn)} \\(registrerat [^)]+, efter föregående återrapportering\\): ${MATTER} – ${CLOSING_NOTE}`,
      ),
    );
    expect(text).to.contain(`Uppföljning av effekt: Effekt uppnådd, ${formatDate(today)} – ${EFFECT_COMMENT}`);
  });
});
