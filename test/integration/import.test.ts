import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { csrfFrom, loggedIn, testApp, textOf, type Session, type TestApp } from '../helpers/app.ts';
import { download } from '../helpers/download.ts';
import { fixedClock } from '../../src/clock.ts';
import { findDraft, keepDraft } from '../../src/transfer/plan-import.service.ts';
import { aCommittee, aFinding, aMatter, anAction } from '../helpers/tracker.ts';

const HEADER = ['Ärende', 'Brist', 'Kräver redovisning', 'Åtgärd', 'Ansvarig (e-post)', 'Slutdatum', 'Status'];
type Row = (string | Date | null)[];

async function xlsxOf(rows: Row[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Åtgärdsplan');
  sheet.addRow(HEADER);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function csvOf(rows: Row[], separator = ';', bom = true): Buffer {
  const cell = (v: Row[number]) => {
    const s = v instanceof Date ? v.toISOString().slice(0, 10) : (v ?? '');
    return /[;,"\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const text = [HEADER, ...rows].map((r) => r.map(cell).join(separator)).join('\r\n') + '\r\n';
  return Buffer.from((bom ? '\uFEFF' : '') + text, 'utf8');
}

async function upload(s: Session, file: Buffer, name: string, fields: Record<string, string> = {}) {
  const page = await s.get('/atgardsplan/importera');
  let req = s.agent.post('/atgardsplan/importera').field('_csrf', csrfFrom(page.text));
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  return req.attach('fil', file, name);
}

async function confirm(s: Session, preview: string) {
  const token = /name="token" value="([^"]+)"/.exec(preview)?.[1] ?? '';
  const digest = /name="digest" value="([^"]+)"/.exec(preview)?.[1] ?? '';
  return s.agent
    .post('/atgardsplan/importera/bekrafta')
    .type('form')
    .send({ _csrf: csrfFrom(preview), token, digest });
}

describe('import of an action plan from Excel or CSV', () => {
  let t: TestApp;
  let director: Session;
  let managerEmail: string;
  let matterId: number;
  let otherMatter: number;
  let existingFinding: number;

  async function counts() {
    const n = async (table: 'findings' | 'actions' | 'action_findings' | 'audit_log') =>
      Number(
        (
          await t.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      findings: await n('findings'),
      actions: await n('actions'),
      links: await n('action_findings'),
      audit: await n('audit_log'),
    };
  }

  beforeEach(async () => {
    t = await testApp(); // today is 2026-03-16
    director = (await loggedIn(t, 'director', 'Frida Förvaltningschef')).session;
    managerEmail = (await loggedIn(t, 'manager', 'Cecilia Enhetschef')).user.email;
    const committee = await aCommittee(t, 'Socialnämnden');
    matterId = await aMatter(t, 1, {
      committeeId: committee,
      title: 'Tillsyn av handläggning',
      ownReference: 'SN 2026/123',
      ivoReference: '8.5-12345/2026',
    });
    otherMatter = await aMatter(t, 1, {
      committeeId: committee,
      title: 'Lex Sarah om dokumentation',
      ownReference: 'SN 2026/200',
      ivoReference: '',
    });
    existingFinding = await aFinding(t, matterId, 'Brister i utredningstider');
  });

  function plan(badOwner = false): Row[] {
    return [
      [
        'SN 2026/123',
        'Brister i utredningstider',
        'Ja',
        'Veckovis genomgång av anmälningar',
        managerEmail,
        new Date(Date.UTC(2026, 5, 30)),
        'Ej påbörjad',
      ],
      [
        '8.5-12345/2026',
        'Dokumentationen är ofullständig',
        'Nej',
        'Utbildning i dokumentation',
        badOwner ? 'okand@exempelkommun.se' : managerEmail,
        '2026-09-30',
        'Pågår',
      ],
      ['Lex Sarah om dokumentation', 'Rutin saknas', '', 'Skriva rutin', managerEmail, '2026-05-15', 'Klar'],
      ['SN 2026/123', 'Dokumentationen är ofullständig', 'Nej', '', '', '', ''],
    ];
  }

  it('when a förvaltningschef downloads the template, then it has the plan’s columns and an example row, in Excel and CSV', async () => {
    const xlsx = await download(director, '/atgardsplan/mall.xlsx');
    expect(xlsx.status).to.equal(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    expect((sheet.getRow(1).values as unknown[]).slice(1)).to.deep.equal(HEADER);
    expect(sheet.getRow(2).getCell(5).value).to.equal('anna.berg@exempelkommun.se');
    expect(sheet.getRow(2).getCell(6).value).to.be.instanceOf(Date);
    const csv = await download(director, '/atgardsplan/mall.csv');
    expect(csv.body.toString('utf8')).to.match(
      /^\uFEFFÄrende;Brist;Kräver redovisning;Åtgärd;Ansvarig \(e-post\);Slutdatum;Status\r\n/,
    );
  });

  it('when one row of the file is bad, then nothing is saved and the preview names the row and why, in Swedish', async () => {
    const before = await counts();
    const res = await upload(director, await xlsxOf(plan(true)), 'plan.xlsx');
    expect(res.status).to.equal(422);
    const page = textOf(res.text);
    expect(page).to.contain('1 rad av 4 har fel. Inget har sparats.');
    expect(page).to.contain('Rad 3: Ansvarig (e-post): ingen användare har e-postadressen okand@exempelkommun.se.');
    expect(res.text).not.to.contain('name="token"');
    expect(await counts()).to.deep.equal(before);
  });

  it('when the same file is fixed, then confirming imports exactly its rows, with audit rows, and the matter page shows them', async () => {
    await upload(director, await xlsxOf(plan(true)), 'plan.xlsx');
    const before = await counts();
    const preview = await upload(director, await xlsxOf(plan()), 'plan.xlsx');
    expect(preview.status).to.equal(200);
    expect(textOf(preview.text)).to.contain(
      'Alla 4 rader är riktiga. Importen lägger till 3 åtgärder och 2 nya brister',
    );
    expect(await counts()).to.deep.equal(before); // the preview saves nothing

    const done = await confirm(director, preview.text);
    expect(done.status).to.equal(303);
    expect(done.headers.location).to.equal('/atgarder?status=alla');
    const list = textOf((await director.get(done.headers.location)).text);
    expect(list).to.contain('Åtgärdsplanen är importerad: 3 åtgärder och 2 nya brister.');
    expect(list).to.contain('Skriva rutin');
    const after = await counts();
    expect(after.findings - before.findings).to.equal(2);
    expect(after.actions - before.actions).to.equal(3);
    expect(after.links - before.links).to.equal(3);
    expect(after.audit).to.be.greaterThan(before.audit);

    const actions = await t.db
      .selectFrom('actions')
      .innerJoin('action_findings', 'action_findings.action_id', 'actions.id')
      .innerJoin('findings', 'findings.id', 'action_findings.finding_id')
      .select(['actions.title', 'actions.due_on', 'actions.status', 'findings.title as finding', 'findings.matter_id'])
      .orderBy('actions.id')
      .execute();
    expect(actions).to.deep.equal([
      {
        title: 'Veckovis genomgång av anmälningar',
        due_on: '2026-06-30',
        status: 'not_started',
        finding: 'Brister i utredningstider',
        matter_id: matterId,
      },
      {
        title: 'Utbildning i dokumentation',
        due_on: '2026-09-30',
        status: 'in_progress',
        finding: 'Dokumentationen är ofullständig',
        matter_id: matterId,
      },
      { title: 'Skriva rutin', due_on: '2026-05-15', status: 'done', finding: 'Rutin saknas', matter_id: otherMatter },
    ]);
    const findings = await t.db
      .selectFrom('findings')
      .select(['title', 'response_required'])
      .where('matter_id', '=', matterId)
      .orderBy('id')
      .execute();
    expect(findings).to.deep.equal([
      { title: 'Brister i utredningstider', response_required: 1 },
      { title: 'Dokumentationen är ofullständig', response_required: 0 },
    ]);
    const logged = await t.db.selectFrom('audit_log').select('entity').where('id', '>', before.audit).execute();
    expect(logged.filter((l) => l.entity === 'actions')).to.have.length.greaterThanOrEqual(3);
    expect(logged.filter((l) => l.entity === 'findings')).to.have.length(2);

    const matterPage = textOf((await director.get(`/arenden/${matterId}`)).text);
    expect(matterPage).to.contain('Veckovis genomgång av anmälningar');
    expect(matterPage).to.contain('Utbildning i dokumentation');
    expect(matterPage).to.contain('Dokumentationen är ofullständig');

    // Sent again, the confirmation finds nothing to import: the plan was used up.
    expect((await confirm(director, preview.text)).status).to.equal(422);
    expect((await counts()).actions).to.equal(after.actions);
    // And the same file again is refused row by row, never imported twice.
    const again = await upload(director, await xlsxOf(plan()), 'plan.xlsx');
    expect(again.status).to.equal(422);
    expect(textOf(again.text)).to.contain('ärendet har redan en åtgärd med samma namn');
  });

  it('when a CSV with commas and no BOM, or semicolons and a BOM, is imported from the matter page, then an empty Ärende means that matter', async () => {
    const rows: Row[] = [['', 'Ny brist från CSV', 'ja', 'Åtgärd från CSV', managerEmail, '2026-04-30', 'pågår']];
    const commas = await upload(director, csvOf(rows, ',', false), 'plan.csv', { arende: String(matterId) });
    expect(commas.status).to.equal(200);
    expect(textOf(commas.text)).to.contain('Alla 1 rader är riktiga');
    const done = await confirm(director, commas.text);
    expect(done.headers.location).to.equal(`/arenden/${matterId}`);
    const semis = await upload(director, csvOf([['SN 2026/200', 'Brist två', 'Nej', '', '', '', '']]), 'plan.csv');
    expect(semis.status).to.equal(200);
    // "CSV (semikolonavgränsad)" from older Swedish Excel is Windows-1252, not UTF-8.
    const latin = Buffer.from(
      csvOf([['SN 2026/200', 'Brist på äldre vis', 'Nej', '', '', '', '']], ';', false).toString(),
      'latin1',
    );
    const old = await upload(director, latin, 'plan.csv');
    expect(old.status).to.equal(200);
    expect(textOf(old.text)).to.contain('Brist på äldre vis');
    const created = await t.db.selectFrom('actions').select(['title', 'status']).execute();
    expect(created).to.deep.equal([{ title: 'Åtgärd från CSV', status: 'in_progress' }]);
  });

  it('when rows have a bad date, an unknown status, a personnummer or an unknown matter, then each row’s errors are listed', async () => {
    const res = await upload(
      director,
      csvOf([
        ['SN 2026/123', 'Brist A', 'Ja', 'Åtgärd A', managerEmail, '30/06/2026', 'Ej påbörjad'],
        ['SN 2026/123', 'Brist B', 'Ja', 'Åtgärd B', managerEmail, '2026-06-30', 'Försenad'],
        ['SN 2026/123', 'Gäller 19121212-1212', 'Ja', 'Åtgärd C', managerEmail, '2026-06-30', ''],
        ['SN 1999/1', 'Brist D', 'Ja', 'Åtgärd D', managerEmail, '2026-06-30', ''],
        ['', 'Brist E', 'Kanske', 'Åtgärd E', managerEmail, '2026-06-30', 'Klart?'],
      ]),
      'plan.csv',
    );
    expect(res.status).to.equal(422);
    const page = textOf(res.text);
    expect(page).to.contain('Rad 2: Slutdatum: Slutdatum måste vara ett riktigt datum som ÅÅÅÅ-MM-DD');
    expect(page).to.contain('Rad 3: Status: Försenad räknas fram av slutdatum');
    expect(page).to.contain('Rad 4: Brist: Texten innehåller ett personnummer');
    expect(page).to.contain('Rad 5: Ärende: inget ärende har diarienummer eller rubrik ”SN 1999/1”.');
    expect(page).to.contain('Rad 6: Ärende: fyll i ärendets diarienummer eller rubrik.');
    expect(page).to.contain('Kräver redovisning: skriv Ja eller Nej.');
    expect(page).to.contain('Status: skriv Ej påbörjad, Pågår, Klar, Avbruten.');
    expect(page).to.contain('5 rader av 5 har fel.');
    expect((await counts()).findings).to.equal(1);
  });

  it('when rows name the same åtgärd for two brister, then one action addresses both', async () => {
    const res = await upload(
      director,
      await xlsxOf([
        ['SN 2026/123', 'Brister i utredningstider', '', 'Gemensam checklista', managerEmail, '2026-06-30', ''],
        ['SN 2026/123', 'Ny brist i samma ärende', 'Ja', 'Gemensam checklista', managerEmail, '2026-06-30', ''],
      ]),
      'plan.xlsx',
    );
    expect(textOf(res.text)).to.contain('Importen lägger till 1 åtgärd och 1 ny brist');
    await confirm(director, res.text);
    const links = await t.db.selectFrom('action_findings').select('finding_id').orderBy('finding_id').execute();
    expect(links).to.have.length(2);
    expect(links[0].finding_id).to.equal(existingFinding);
  });

  it('when the file is not Excel or CSV, then a Swedish message stands next to the file field and nothing is saved', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const res = await upload(director, pdf, 'plan.xlsx');
    expect(res.status).to.equal(422);
    expect(res.text).to.match(
      /id="e-fil"[^>]*>.*Filen är en PDF-fil\. Importera en Excel-fil \(\.xlsx\) eller en CSV-fil\./,
    );
    expect(res.text).to.contain('aria-describedby="h-fil e-fil"');
    const empty = await upload(director, Buffer.from(''), 'plan.csv');
    expect(textOf(empty.text)).to.contain('Välj en fil att importera');
    const noHeader = await upload(director, Buffer.from('a;b\r\n1;2\r\n'), 'plan.csv');
    expect(textOf(noHeader.text)).to.contain('Filen saknar kolumnen Ärende och Brist');
    expect((await counts()).findings).to.equal(1);
  });

  it('when the data changes between preview and confirmation, then nothing is saved and the new preview is shown', async () => {
    const preview = await upload(director, await xlsxOf(plan()), 'plan.xlsx');
    await anAction(t, 1, { findingIds: [existingFinding], ownerId: 2, title: 'Skriva rutin' }); // another matter's title
    await anAction(t, 1, { findingIds: [existingFinding], ownerId: 2, title: 'Utbildning i dokumentation' });
    const before = await counts();
    const res = await confirm(director, preview.text);
    expect(res.status).to.equal(422);
    expect(textOf(res.text)).to.contain('Uppgifterna har ändrats sedan förhandsgranskningen');
    expect(textOf(res.text)).to.contain('Rad 3: Åtgärd: ärendet har redan en åtgärd med samma namn');
    expect(await counts()).to.deep.equal(before);
  });

  it('when a chef, a nämndsekreterare or a reader tries to import, then they are refused', async () => {
    for (const role of ['manager', 'secretary', 'reader'] as const) {
      const s = (await loggedIn(t, role)).session;
      expect((await s.get('/atgardsplan/importera')).status).to.equal(403);
      expect((await s.get('/atgardsplan/mall.xlsx')).status).to.equal(403);
      const page = await s.get('/arenden');
      const res = await s.agent
        .post('/atgardsplan/importera')
        .field('_csrf', csrfFrom(page.text))
        .attach('fil', csvOf(plan()), 'plan.csv');
      expect(res.status).to.equal(403);
    }
    expect((await counts()).actions).to.equal(0);
  });

  it('when a preview waits more than 30 minutes, then it can no longer be confirmed, by its user or anyone', async () => {
    const file = csvOf([['SN 2026/200', 'Brist', 'Nej', '', '', '', '']]);
    const { user } = await loggedIn(t, 'director', 'Greta Förvaltningschef');
    const token = await keepDraft(t.db, fixedClock('2026-03-16T10:00:00'), user.id, file);
    const at = (time: string) => findDraft(t.db, fixedClock(`2026-03-16T${time}`), token, user.id);
    expect((await at('10:29:59'))?.file.equals(file)).to.equal(true);
    expect(await findDraft(t.db, fixedClock('2026-03-16T10:05:00'), token, user.id + 1)).to.equal(undefined);
    expect(await at('10:30:01')).to.equal(undefined);
  });
});
