import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { loggedIn, testApp, type Session, type TestApp } from '../helpers/app.ts';
import { download } from '../helpers/download.ts';
import { aCommittee, aFinding, aMatter, anAction } from '../helpers/tracker.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function workbookOf(body: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb.worksheets[0];
}

/** A sheet's rows as arrays of cell values (1-based columns dropped). */
function rowsOf(sheet: ExcelJS.Worksheet): ExcelJS.CellValue[][] {
  const rows: ExcelJS.CellValue[][] = [];
  sheet.eachRow((row) => rows.push((row.values as ExcelJS.CellValue[]).slice(1)));
  return rows;
}

function csvRecords(body: Buffer): string[] {
  return body.toString('utf8').slice(1).split('\r\n');
}

describe('export to Excel and CSV (ärenden, åtgärder, ändringslogg)', () => {
  let t: TestApp;
  let director: Session;
  let reader: Session;
  let directorId: number;
  let managerId: number;
  let social: number;

  beforeEach(async () => {
    t = await testApp(); // today is 2026-03-16
    const d = await loggedIn(t, 'director', 'Frida Förvaltningschef');
    director = d.session;
    directorId = d.user.id;
    reader = (await loggedIn(t, 'reader', 'Lars Läsare')).session;
    managerId = (await loggedIn(t, 'manager', 'Cecilia Enhetschef')).user.id;
    social = await aCommittee(t, 'Socialnämnden');
    const other = await aCommittee(t, 'Arbetsmarknadsnämnden');
    const matter = await aMatter(t, directorId, {
      committeeId: social,
      title: 'Tillsyn av utredningar',
      fineAmount: 600000,
      fineStatus: 'ordered',
    });
    const finding = await aFinding(t, matter, 'Brister i utredningstider');
    await anAction(t, directorId, {
      findingIds: [finding],
      ownerId: managerId,
      title: '=HYPERLINK("http://x","y")',
      dueOn: '2026-03-01',
    });
    await anAction(t, directorId, {
      findingIds: [finding],
      ownerId: managerId,
      title: 'Införa checklista',
      dueOn: '2026-05-29',
      status: 'in_progress',
    });
    const elsewhere = await aMatter(t, directorId, { committeeId: other, title: 'Lex Sarah i arbetsmarknad' });
    await anAction(t, directorId, {
      findingIds: [await aFinding(t, elsewhere, 'Rutin saknas')],
      ownerId: managerId,
      title: 'Skriva rutin för arbetsmarknad',
    });
  });

  it('when a reader exports the filtered action list as Excel, then the sheet has a bold, filtered, frozen header and typed dates of the filtered rows only', async () => {
    const res = await download(reader, `/atgarder.xlsx?namnd=${social}&status=alla`);
    expect(res.status).to.equal(200);
    expect(res.type).to.equal(XLSX);
    const sheet = await workbookOf(res.body);
    expect(sheet.name).to.equal('Åtgärder');
    const [header, ...rows] = rowsOf(sheet);
    expect(header.slice(0, 11)).to.deep.equal([
      'Ärende',
      'Diarienummer',
      'Nämnd',
      'Brister',
      'Åtgärd',
      'Beskrivning',
      'Ansvarig',
      'Ansvarig (e-post)',
      'Slutdatum',
      'Status',
      'Försenad',
    ]);
    expect(sheet.getRow(1).getCell(1).font?.bold).to.equal(true);
    expect(sheet.autoFilter).to.equal('A1:M1');
    expect(sheet.views[0]).to.deep.include({ state: 'frozen', ySplit: 1 });
    expect(rows.map((r) => r[4])).to.deep.equal([`'=HYPERLINK("http://x","y")`, 'Införa checklista']);
    expect(rows.every((r) => r[2] === 'Socialnämnden')).to.equal(true);
    const due = sheet.getRow(2).getCell(9);
    expect(due.value).to.be.instanceOf(Date);
    expect((due.value as Date).toISOString()).to.equal('2026-03-01T00:00:00.000Z');
    expect(due.numFmt).to.equal('yyyy-mm-dd');
    expect(rows[0].slice(9, 11)).to.deep.equal(['Ej påbörjad', 'Ja']);
    expect(rows[1].slice(9, 12)).to.deep.equal(['Pågår', 'Nej', 'Satt till in_progress']);
    expect(rows[0].slice(0, 4)).to.deep.equal([
      'Tillsyn av utredningar',
      'SN 2026/123',
      'Socialnämnden',
      'Brister i utredningstider',
    ]);
    expect(sheet.getRow(3).getCell(13).value).to.be.instanceOf(Date);
  });

  it('when the action list is exported as CSV, then it has a BOM, semicolons, CRLF, ISO dates, a neutralised formula and only the filtered rows', async () => {
    const res = await download(reader, `/atgarder.csv?namnd=${social}&status=alla`);
    expect(res.status).to.equal(200);
    expect(res.type).to.equal('text/csv; charset=utf-8');
    expect([...res.body.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    const records = csvRecords(res.body);
    expect(records[0]).to.match(/^Ärende;Diarienummer;Nämnd;Brister;Åtgärd;/);
    expect(records).to.have.length(4); // header, two rows, and the empty string after the last CRLF
    expect(records[3]).to.equal('');
    expect(records[1]).to.contain(`;"'=HYPERLINK(""http://x"",""y"")";`);
    expect(records[1]).to.contain(';2026-03-01;Ej påbörjad;Ja;');
    expect(records.join('\n')).not.to.contain('Skriva rutin för arbetsmarknad');
    expect(records[2]).to.match(/;2026-03-16 10:00$/); // Senast uppdaterad, Swedish time
  });

  it('when an export is downloaded, then it is named in Swedish with the date and never cached', async () => {
    const res = await reader.get('/atgarder.xlsx');
    expect(res.headers['cache-control']).to.equal('no-store');
    expect(res.headers['content-disposition']).to.contain(`filename*=UTF-8''%C3%A5tg%C3%A4rder-2026-03-16.xlsx`);
    const csv = await reader.get('/arenden.csv');
    expect(csv.headers['content-disposition']).to.contain(`%C3%A4renden-2026-03-16.csv`);
  });

  it('when the matter list is exported, then vitesbelopp is a number in kronor format and the filter holds', async () => {
    const res = await download(reader, `/arenden.xlsx?namnd=${social}`);
    const sheet = await workbookOf(res.body);
    expect(sheet.name).to.equal('Ärenden');
    const rows = rowsOf(sheet);
    expect(rows).to.have.length(2);
    expect(rows[1][0]).to.equal('Tillsyn av utredningar');
    const fine = sheet.getRow(2).getCell(10);
    expect(fine.value).to.equal(600000);
    expect(fine.numFmt).to.equal('#,##0 "kr"');
    expect(sheet.getRow(2).getCell(8).value).to.be.instanceOf(Date);
    const csv = csvRecords((await download(reader, `/arenden.csv?namnd=${social}`)).body);
    expect(csv[1]).to.contain(';2026-02-02;2026-04-04;1;600000;Föreläggande med vite;');
  });

  it('when the ändringslogg is exported, then it is Excel or semicolon CSV for administrators and the förvaltningschef only', async () => {
    const sheet = await workbookOf((await download(director, '/logg.xlsx?typ=actions')).body);
    expect(sheet.name).to.equal('Ändringslogg');
    const rows = rowsOf(sheet);
    expect(rows[0]).to.deep.equal(['Tidpunkt', 'Användare', 'Typ', 'Id', 'Händelse', 'Fält', 'Före', 'Efter']);
    expect(rows.some((r) => r[7] === `'=HYPERLINK("http://x","y")`)).to.equal(true);
    expect(sheet.getRow(2).getCell(1).value).to.be.instanceOf(Date);
    const csv = csvRecords((await download(director, '/logg.csv?typ=actions')).body);
    expect(csv[0]).to.equal('Tidpunkt;Användare;Typ;Id;Händelse;Fält;Före;Efter');
    expect(csv[1]).to.match(/^2026-03-16 10:00;Frida Förvaltningschef;Åtgärd;\d+;/);
    expect((await reader.get('/logg.xlsx')).status).to.equal(403);
    expect((await reader.get('/logg.csv')).status).to.equal(403);
  });

  it('when the list pages are shown, then their export links carry the current filters', async () => {
    const page = (await reader.get(`/atgarder?namnd=${social}&status=open`)).text;
    expect(page).to.contain(`href="/atgarder.xlsx?status=open&amp;namnd=${social}"`);
    expect(page).to.contain('Exportera till Excel');
    expect(page).to.contain(`href="/atgarder.csv?status=open&amp;namnd=${social}"`);
    expect(page).not.to.contain('Importera åtgärdsplan');
    expect((await director.get('/atgarder')).text).to.contain('Importera åtgärdsplan');
    expect((await reader.get(`/arenden?typ=ivo_supervision`)).text).to.contain(
      'href="/arenden.xlsx?typ=ivo_supervision&amp;status=oppna"',
    );
  });
});
