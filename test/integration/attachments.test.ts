import { expect } from 'chai';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { fixedClock } from '../../src/clock.ts';
import request from 'supertest';
import { csrfFrom, freshDb, loggedIn, testApp, textOf, type Session, type TestApp } from '../helpers/app.ts';
import { aCommittee, aFinding, aMatter, aMeeting, anAction } from '../helpers/builders.ts';
import { download } from '../helpers/download.ts';
import { aPdf, aPng, anExe, anXlsx } from '../helpers/files.ts';
import { pdfText } from '../pdf/tools.ts';

/** A nämnd with one IVO matter, a brist, an action owned by a chef, and a sammanträde (fictional data). */
async function aMatterWithAction(t: TestApp) {
  const committeeId = await aCommittee(t.db, 'Socialnämnden', 'Socialförvaltningen');
  const director = await loggedIn(t, 'director', 'Fia Förvaltningschef');
  const owner = await loggedIn(t, 'manager', 'Åsa Öberg');
  const matterId = await aMatter(t.db, {
    committeeId,
    title: 'Handläggning och dokumentation av utredningar',
    ivoReference: '8.5-12345/2025',
    respondBy: '2026-04-04',
  });
  const findingId = await aFinding(t.db, matterId, 'Brister i utredningstider');
  const actionId = await anAction(t.db, {
    committeeId,
    ownerId: owner.user.id,
    findingIds: [findingId],
    title: 'Införa checklista för utredningstider',
    dueOn: '2026-06-30',
  });
  const meetingId = await aMeeting(t.db, committeeId, '2026-03-25', { ownReference: 'SN 2026/12' });
  return { committeeId, director, owner, matterId, findingId, actionId, meetingId };
}

/** Sends the bilagor form of `url` as the user would: the typed fields first, the file last. */
async function upload(
  session: Session,
  url: string,
  file: { content: Buffer; name: string } | null,
  fields: Record<string, string> = {},
) {
  const page = await session.get(url);
  let req = session.agent.post(url).field('_csrf', csrfFrom(page.text));
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  if (file) req = req.attach('file', file.content, file.name);
  return req;
}

async function storedCount(t: TestApp): Promise<{ rows: number; contents: number }> {
  const rows = await t.db
    .selectFrom('attachments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  const contents = await t.db
    .selectFrom('attachment_contents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return { rows: Number(rows?.n), contents: Number(contents?.n) };
}

describe('Bilagor', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp();
  });

  it('when a förvaltningschef attaches IVO:s beslut as a PDF, then it is listed on the matter and downloads byte-identical with safe headers', async () => {
    const n = await aMatterWithAction(t);
    const pdf = await aPdf();
    const res = await upload(
      n.director.session,
      `/arenden/${n.matterId}/bilagor`,
      { content: pdf, name: 'IVO beslut 2026.pdf' },
      { kind: 'decision', description: 'Beslut efter tillsyn' },
    );
    expect(res.status).to.equal(303);

    const page = textOf((await n.director.session.get(`/arenden/${n.matterId}`)).text);
    expect(page).to.contain('IVO beslut 2026.pdf');
    expect(page).to.contain('IVO:s beslut');
    expect(page).to.contain('Beslut efter tillsyn');

    const stored = await t.db.selectFrom('attachments').selectAll().executeTakeFirstOrThrow();
    const reader = await loggedIn(t, 'reader');
    const file = await download(reader.session, `/bilagor/${stored.id}`);
    expect(file.status).to.equal(200);
    expect(file.body.equals(pdf)).to.equal(true);
    expect(file.type).to.equal('application/pdf');
    const headers = (await reader.session.get(`/bilagor/${stored.id}`)).headers;
    expect(headers['content-disposition']).to.equal(
      `attachment; filename="IVO beslut 2026.pdf"; filename*=UTF-8''IVO%20beslut%202026.pdf`,
    );
    expect(headers['x-content-type-options']).to.equal('nosniff');
    expect(headers['cache-control']).to.equal('private, no-store');
  });

  it('when a bilaga is added from the matter’s or the action’s own page, then the user is back on that page; from a Bilagor page, on the Bilagor page', async () => {
    const n = await aMatterWithAction(t);
    const txt = (name: string) => ({ content: Buffer.from(`Protokoll ${name}\n`), name });
    expect((await n.director.session.get(`/arenden/${n.matterId}`)).text).to.contain('name="tillbaka" value="sidan"');
    const fromMatter = await upload(n.director.session, `/arenden/${n.matterId}/bilagor`, txt('a.txt'), {
      kind: 'minutes',
      tillbaka: 'sidan',
    });
    expect(fromMatter.headers.location).to.equal(`/arenden/${n.matterId}#attachments-h`);
    const fromAction = await upload(n.owner.session, `/atgarder/${n.actionId}/bilagor`, txt('b.txt'), {
      kind: 'evidence',
      tillbaka: 'sidan',
    });
    expect(fromAction.headers.location).to.equal(`/atgarder/${n.actionId}#attachments-h`);
    const fromList = await upload(n.director.session, `/arenden/${n.matterId}/bilagor`, txt('c.txt'), {
      kind: 'other',
    });
    expect(fromList.headers.location).to.equal(`/arenden/${n.matterId}/bilagor`);
    expect(textOf((await n.director.session.get(`/arenden/${n.matterId}`)).text)).to.contain('a.txt');

    // Refused from the action's page (no file chosen): the message is on the Bilagor page's form, which
    // still sends the user back to the action once the file is there.
    const refused = await upload(n.owner.session, `/atgarder/${n.actionId}/bilagor`, null, {
      kind: 'evidence',
      description: 'Signerad rutin',
      tillbaka: 'sidan',
    });
    expect(refused.status).to.equal(422);
    expect(refused.text).to.contain('name="tillbaka" value="sidan"').and.contain('Signerad rutin');
    const fromBilagor = await upload(n.owner.session, `/atgarder/${n.actionId}/bilagor`, txt('d.txt'), {
      kind: 'evidence',
      tillbaka: 'sidan',
    });
    expect(fromBilagor.headers.location).to.equal(`/atgarder/${n.actionId}#attachments-h`);
  });

  it('when a file name has a folder, control characters and Swedish letters, then it is kept without them and sent as RFC 5987', async () => {
    const n = await aMatterWithAction(t);
    await upload(n.director.session, `/brister/${n.findingId}/bilagor`, {
      content: Buffer.from('Rutin för utredningstider\n'),
      // A browser escapes CR and LF in the name as %0D%0A, which multer turns back into the characters.
      name: 'C:\\Users\\fia\\Protokoll%0D%0A åtgärd.txt',
    });
    const stored = await t.db.selectFrom('attachments').selectAll().executeTakeFirstOrThrow();
    expect(stored.file_name).to.equal('Protokoll åtgärd.txt');
    expect(stored.content_type).to.equal('text/plain; charset=utf-8');
    const res = await n.director.session.get(`/bilagor/${stored.id}`);
    expect(res.headers['content-disposition']).to.equal(
      `attachment; filename="Protokoll atgard.txt"; filename*=UTF-8''Protokoll%20%C3%A5tg%C3%A4rd.txt`,
    );
  });

  it('when a renamed .exe is uploaded as beslut.pdf, then it is refused with a Swedish message, the description is kept and nothing is stored', async () => {
    const n = await aMatterWithAction(t);
    const res = await upload(
      n.director.session,
      `/arenden/${n.matterId}/bilagor`,
      { content: anExe(), name: 'beslut.pdf' },
      { kind: 'decision', description: 'IVO:s beslut i mars' },
    );
    expect(res.status).to.equal(422);
    expect(textOf(res.text)).to.contain('Filen är inte av en tillåten typ');
    expect(res.text).to.contain('value="IVO:s beslut i mars"');
    expect(res.text).to.contain('aria-describedby="h-file e-file"');
    expect(await storedCount(t)).to.deep.equal({ rows: 0, contents: 0 });
  });

  it('when a PNG, an .xlsx and plain text are uploaded, then each is kept with the type read from its content', async () => {
    const n = await aMatterWithAction(t);
    const url = `/atgarder/${n.actionId}/bilagor`;
    for (const file of [
      { content: aPng(), name: 'skarmbild.jpg' },
      { content: await anXlsx(), name: 'utbildningslista.xlsx' },
      { content: Buffer.from('Närvarolista\tJa\r\n'), name: 'lista' },
    ])
      expect((await upload(n.owner.session, url, file)).status).to.equal(303);
    const types = await t.db
      .selectFrom('attachments')
      .select(['content_type', 'document_kind'])
      .orderBy('id')
      .execute();
    expect(types.map((r) => r.content_type)).to.deep.equal([
      'image/png',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'text/plain; charset=utf-8',
    ]);
    expect(types.every((r) => r.document_kind === 'evidence')).to.equal(true);
    expect(textOf((await n.owner.session.get(`/atgarder/${n.actionId}`)).text)).to.contain('utbildningslista.xlsx');
  });

  it('when text with a NUL byte or invalid UTF-8 is uploaded, then it is refused', async () => {
    const n = await aMatterWithAction(t);
    for (const content of [Buffer.from('text\u0000mer'), Buffer.from([0x48, 0xe5, 0x6c, 0x6c])]) {
      const res = await upload(n.director.session, `/arenden/${n.matterId}/bilagor`, { content, name: 'a.txt' });
      expect(res.status).to.equal(422);
    }
    expect((await storedCount(t)).rows).to.equal(0);
  });

  it('when a file name holds a personnummer, then it is refused (it would be listed in public records)', async () => {
    const n = await aMatterWithAction(t);
    const res = await upload(n.director.session, `/arenden/${n.matterId}/bilagor`, {
      content: await aPdf(),
      name: 'utredning 19121212-1212.pdf',
    });
    expect(res.status).to.equal(422);
    expect(textOf(res.text)).to.contain('Filnamnet innehåller ett personnummer');
    expect((await storedCount(t)).rows).to.equal(0);
  });

  it('when the description holds a personnummer, then it is refused beside the field and nothing is stored', async () => {
    const n = await aMatterWithAction(t);
    const res = await upload(
      n.director.session,
      `/arenden/${n.matterId}/bilagor`,
      { content: await aPdf(), name: 'beslut.pdf' },
      { description: 'Gäller 19121212-1212' },
    );
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('id="e-description"');
    expect(textOf(res.text)).to.contain('personnummer eller samordningsnummer');
    expect((await storedCount(t)).rows).to.equal(0);
  });

  it('when no file is chosen, then the form asks for one', async () => {
    const n = await aMatterWithAction(t);
    const res = await upload(n.director.session, `/arenden/${n.matterId}/bilagor`, null, { description: 'x' });
    expect(res.status).to.equal(422);
    expect(textOf(res.text)).to.contain('Välj en fil att bifoga.');
  });

  it('when a file is larger than MAX_UPLOAD_MB, then the form is shown again with a message beside the file and the description kept, and nothing is stored', async () => {
    const db = await freshDb();
    const clock = fixedClock('2026-03-16T10:00:00');
    const config = loadConfig({ DATABASE_PATH: ':memory:', MAX_UPLOAD_MB: '1', LOG_LEVEL: 'silent' });
    const small: TestApp = { db, clock, app: createApp({ db, config, clock, sessionSecret: 'test-secret' }) };
    const n = await aMatterWithAction(small);
    const big = Buffer.concat([await aPdf(), Buffer.alloc(1024 * 1024 + 10, 0x20)]);
    const res = await upload(
      n.director.session,
      `/arenden/${n.matterId}/bilagor`,
      { content: big, name: 'protokoll.pdf' },
      { kind: 'minutes', description: 'Protokollsutdrag § 45' },
    );
    expect(res.status).to.equal(413);
    const text = textOf(res.text);
    expect(text).to.contain('Filen är för stor. En bilaga får vara högst 1 MB.');
    expect(res.text).to.contain('id="e-file"');
    expect(res.text).to.contain('value="Protokollsutdrag § 45"');
    expect(res.text).to.match(/<option value="minutes" selected>/);
    expect(await storedCount(small)).to.deep.equal({ rows: 0, contents: 0 });

    // The kommun's logo keeps its own small limit, and its form its own page.
    const admin = await loggedIn(small, 'admin');
    const logoPage = await admin.session.get('/admin/kommun');
    const logo = await admin.session.agent
      .post('/admin/kommun')
      .field('_csrf', csrfFrom(logoPage.text))
      .field('municipality', 'Exempelkommun')
      .attach('logo', Buffer.alloc(6 * 1024 * 1024), 'logo.png');
    expect(logo.status).to.equal(413);
  });

  it('when a bilaga is stored, then its audit row says its size and checksum, never its bytes', async () => {
    const n = await aMatterWithAction(t);
    const pdf = await aPdf();
    await upload(n.director.session, `/arenden/${n.matterId}/bilagor`, { content: pdf, name: 'beslut.pdf' });
    const rows = await t.db.selectFrom('audit_log').selectAll().where('entity', '=', 'attachments').execute();
    expect(rows).to.have.length(1);
    const after = JSON.parse(rows[0].after_json!);
    expect(after.size_bytes).to.equal(pdf.length);
    expect(after).not.to.have.property('content');
    expect(rows[0].matter_id).to.equal(n.matterId);
    const largest = await t.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.max<number>(eb.fn('length', ['after_json'])).as('n'))
      .executeTakeFirst();
    expect(Number(largest?.n)).to.be.below(2000);
  });

  it('when a reader, or a secretary on a matter, tries to upload, then it is forbidden and nothing is stored', async () => {
    const n = await aMatterWithAction(t);
    const reader = await loggedIn(t, 'reader');
    const secretary = await loggedIn(t, 'secretary');
    const pdf = { content: await aPdf(), name: 'beslut.pdf' };
    expect((await upload(reader.session, `/arenden/${n.matterId}/bilagor`, pdf)).status).to.equal(403);
    expect((await upload(reader.session, `/atgarder/${n.actionId}/bilagor`, pdf)).status).to.equal(403);
    expect((await upload(secretary.session, `/brister/${n.findingId}/bilagor`, pdf)).status).to.equal(403);
    const page = await reader.session.get(`/arenden/${n.matterId}/bilagor`);
    expect(page.status).to.equal(200);
    expect(page.text).not.to.contain('Lägg till bilaga');
    expect((await storedCount(t)).rows).to.equal(0);
  });

  it('when a chef attaches evidence, then she may to her own action and her ersättare may too, but not to another chef’s', async () => {
    const n = await aMatterWithAction(t);
    const other = await loggedIn(t, 'manager', 'Olle Annan');
    const pdf = { content: await aPdf(), name: 'rutin.pdf' };
    expect((await upload(n.owner.session, `/atgarder/${n.actionId}/bilagor`, pdf)).status).to.equal(303);
    const refused = await upload(other.session, `/atgarder/${n.actionId}/bilagor`, pdf);
    expect(refused.status).to.equal(403);
    expect(textOf(refused.text)).to.contain('Du kan bara lägga till bilagor till åtgärder där du är ansvarig');

    await t.db
      .insertInto('substitutes')
      .values({
        user_id: n.owner.user.id,
        substitute_id: other.user.id,
        from_on: '2026-03-01',
        to_on: '2026-03-31',
        created_by: n.owner.user.id,
        created_at: '2026-03-01T08:00:00.000Z',
        updated_at: '2026-03-01T08:00:00.000Z',
      })
      .execute();
    expect((await upload(other.session, `/atgarder/${n.actionId}/bilagor`, pdf)).status).to.equal(303);
    expect((await storedCount(t)).rows).to.equal(2);
  });

  it('when a secretary attaches to a redovisning, then it is listed on the redovisning’s bilagor', async () => {
    const n = await aMatterWithAction(t);
    const secretary = await loggedIn(t, 'secretary');
    const form = await secretary.session.get(`/arenden/${n.matterId}/redovisningar`);
    const registered = await secretary.session.agent
      .post(`/arenden/${n.matterId}/redovisningar`)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), sentOn: '2026-03-16', findingIds: String(n.findingId), roundsSeen: '0' });
    expect(registered.status).to.equal(303);
    const submission = await t.db.selectFrom('submissions').select('id').executeTakeFirstOrThrow();
    const res = await upload(secretary.session, `/redovisningar/${submission.id}/bilagor`, {
      content: await aPdf(),
      name: 'kvittens.pdf',
    });
    expect(res.status).to.equal(303);
    expect(textOf((await secretary.session.get(`/redovisningar/${submission.id}/bilagor`)).text)).to.contain(
      'kvittens.pdf',
    );
  });

  it('when the förvaltningschef marks a bilaga felaktigt uppladdad, then it is hidden from the pages and the draft report, kept in the database, and the mark is in the log', async () => {
    const n = await aMatterWithAction(t);
    const pdf = await aPdf();
    await upload(n.director.session, `/arenden/${n.matterId}/bilagor`, { content: pdf, name: 'fel-beslut.pdf' });
    const { id } = await t.db.selectFrom('attachments').select('id').executeTakeFirstOrThrow();

    const manager = await loggedIn(t, 'manager');
    expect((await manager.session.post(`/bilagor/${id}/felaktig`, { reason: 'Fel fil' })).status).to.equal(403);
    const empty = await n.director.session.post(`/bilagor/${id}/felaktig`, { reason: '' }, `/bilagor/${id}/felaktig`);
    expect(empty.status).to.equal(422);
    expect(textOf(empty.text)).to.contain('Fyll i skäl.');

    const marked = await n.director.session.post(
      `/bilagor/${id}/felaktig`,
      { reason: 'Beslutet hör till ett annat ärende' },
      `/bilagor/${id}/felaktig`,
    );
    expect(marked.status).to.equal(303);

    const reader = await loggedIn(t, 'reader');
    // The matter's Bilagor section; its Ändringshistorik further down rightly still names the file.
    const matterPage = (await reader.session.get(`/arenden/${n.matterId}`)).text;
    const section = matterPage.slice(matterPage.indexOf('id="attachments-h"'), matterPage.indexOf('id="findings-h"'));
    expect(section).to.contain('Bilagor (0)');
    expect(section).not.to.contain('fel-beslut.pdf');
    expect(textOf((await reader.session.get(`/arenden/${n.matterId}/bilagor`)).text)).not.to.contain('fel-beslut.pdf');
    expect((await download(reader.session, `/bilagor/${id}`)).status).to.equal(404);
    const kept = await download(n.director.session, `/bilagor/${id}`);
    expect(kept.body.equals(pdf)).to.equal(true);

    const row = await t.db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.wrongly_uploaded_reason).to.equal('Beslutet hör till ett annat ärende');
    expect(await storedCount(t)).to.deep.equal({ rows: 1, contents: 1 });

    const log = textOf((await n.director.session.get('/logg')).text);
    expect(log).to.contain('Bilaga');
    expect(log).to.contain('Skäl till att bilagan är felaktigt uppladdad');
    expect(log).to.contain('Beslutet hör till ett annat ärende');

    const secretary = await loggedIn(t, 'secretary');
    const draft = await download(secretary.session, `/sammantraden/${n.meetingId}/rapport.pdf`);
    expect(pdfText(draft.body)).not.to.contain('fel-beslut.pdf');
  });

  it('when a bilaga is deleted or changed in the database, then the database refuses', async () => {
    const n = await aMatterWithAction(t);
    await upload(n.director.session, `/arenden/${n.matterId}/bilagor`, { content: await aPdf(), name: 'b.pdf' });
    const { id } = await t.db.selectFrom('attachments').select('id').executeTakeFirstOrThrow();
    let error: unknown = null;
    await t.db
      .deleteFrom('attachments')
      .where('id', '=', id)
      .execute()
      .catch((e) => (error = e));
    expect(String(error)).to.contain('never deleted');
    error = null;
    await t.db
      .updateTable('attachment_contents')
      .set({ content: Buffer.from('x') })
      .execute()
      .catch((e) => (error = e));
    expect(String(error)).to.contain('never change');
  });

  it('when the återrapportering is issued, then its PDF lists the bilagor of the matter, the brist and the action, and stays as issued after a bilaga is marked', async () => {
    const n = await aMatterWithAction(t);
    await upload(
      n.director.session,
      `/arenden/${n.matterId}/bilagor`,
      { content: await aPdf(), name: 'ivo-beslut.pdf' },
      { kind: 'decision' },
    );
    await upload(n.owner.session, `/atgarder/${n.actionId}/bilagor`, { content: aPng(), name: 'checklista.png' });
    const secretary = await loggedIn(t, 'secretary');
    const issued = await secretary.session.post(
      `/sammantraden/${n.meetingId}/utfarda`,
      { issuedVersionsSeen: '0', reason: '' },
      `/sammantraden/${n.meetingId}`,
    );
    expect(issued.status).to.equal(303);
    const report = await t.db.selectFrom('reports').select(['id', 'pdf']).executeTakeFirstOrThrow();
    const text = pdfText(report.pdf).replace(/\s+/g, ' ');
    expect(text).to.contain('Bilagor till ärendet:');
    expect(text).to.contain('ivo-beslut.pdf – IVO:s beslut, 16 mars 2026');
    expect(text).to.contain(
      'Bilaga till ”Införa checklista för utredningstider”: checklista.png – Underlag, 16 mars 2026',
    );

    const { id } = await t.db
      .selectFrom('attachments')
      .select('id')
      .where('file_name', '=', 'ivo-beslut.pdf')
      .executeTakeFirstOrThrow();
    await n.director.session.post(`/bilagor/${id}/felaktig`, { reason: 'Fel ärende' }, `/bilagor/${id}/felaktig`);
    const again = await download(secretary.session, `/rapporter/${report.id}.pdf`);
    expect(again.body.equals(report.pdf)).to.equal(true);
    const snapshot = JSON.parse(
      (await t.db.selectFrom('reports').select('snapshot').executeTakeFirstOrThrow()).snapshot,
    );
    expect(snapshot.report.matters[0].attachments[0].fileName).to.equal('ivo-beslut.pdf');
  });

  it('when a redovisning is drafted, then it lists the bilagor of the brister it covers and of their actions', async () => {
    const n = await aMatterWithAction(t);
    await upload(n.owner.session, `/atgarder/${n.actionId}/bilagor`, { content: aPng(), name: 'utbildning.png' });
    await upload(
      n.director.session,
      `/arenden/${n.matterId}/bilagor`,
      { content: await aPdf(), name: 'protokollsutdrag.pdf' },
      { kind: 'minutes' },
    );
    const secretary = await loggedIn(t, 'secretary');
    const draft = await download(secretary.session, `/arenden/${n.matterId}/redovisningar/utkast.pdf`);
    const text = pdfText(draft.body).replace(/\s+/g, ' ');
    expect(text).to.contain('protokollsutdrag.pdf (Protokollsutdrag, 16 mars 2026) – till ärendet');
    expect(text).to.contain(
      'utbildning.png (Underlag, 16 mars 2026) – till åtgärden ”Införa checklista för utredningstider”',
    );
  });

  it('when someone not logged in asks for a bilaga, then they are sent to log in', async () => {
    const n = await aMatterWithAction(t);
    await upload(n.director.session, `/arenden/${n.matterId}/bilagor`, { content: await aPdf(), name: 'b.pdf' });
    const { id } = await t.db.selectFrom('attachments').select('id').executeTakeFirstOrThrow();
    const anonymous = await request(t.app).get(`/bilagor/${id}`);
    expect(anonymous.status).to.equal(303);
    expect(anonymous.headers.location).to.match(/^\/logga-in/);
  });
});
