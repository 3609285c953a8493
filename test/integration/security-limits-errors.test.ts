import { expect } from 'chai';
import request from 'supertest';
import { sql } from 'kysely';
import { loggedIn, testApp, textOf, type Session, type TestApp } from '../helpers/app.ts';
import { aCommittee, aFinding, aMatter, anAction } from '../helpers/tracker.ts';
import { collect, type LogLine } from '../helpers/log.ts';
import { createLogger } from '../../src/logger.ts';

describe('security: limits on what a request may carry', () => {
  let t: TestApp;
  let director: Session;
  let committeeId: number;
  beforeEach(async () => {
    t = await testApp();
    director = (await loggedIn(t, 'director')).session;
    committeeId = await aCommittee(t, 'Socialnämnden');
  });

  const matter = (over: Record<string, string | string[]>) =>
    director.post(
      '/arenden',
      { committeeId: String(committeeId), kind: 'ivo_supervision', title: 'Ett ärende', fineStatus: 'none', ...over },
      '/arenden/ny',
    );
  const stored = () => t.db.selectFrom('matters').selectAll().execute();

  it('when a form is larger than 1 MB, then 413 with a Swedish page and nothing stored', async () => {
    const res = await matter({ description: 'x'.repeat(1100 * 1024) });
    expect(res.status).to.equal(413);
    expect(textOf(res.text)).to.contain('För mycket text');
    expect(textOf(res.text)).to.contain('Korta texten och försök igen.');
    expect(await stored()).to.have.length(0);
  });

  it('when a form has thousands of fields, then 413 with a Swedish page and nothing stored', async () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < 2500; i += 1) many[`f${i}`] = '1';
    const res = await matter(many);
    expect(res.status).to.equal(413);
    expect(textOf(res.text)).to.contain('För många fält');
    expect(await stored()).to.have.length(0);
  });

  it('when a field is longer than its limit, then 422 with the limit and the length beside the field, and the text kept', async () => {
    const title = 'Å'.repeat(201);
    const res = await matter({ title, description: 'd'.repeat(10001) });
    expect(res.status).to.equal(422);
    const text = textOf(res.text);
    expect(text).to.contain('Rubrik får vara högst 200 tecken (nu 201).');
    expect(text).to.contain('Beskrivning får vara högst 10000 tecken (nu 10001).');
    expect(res.text).to.contain(`value="${title}"`);
    expect(await stored()).to.have.length(0);
  });

  it('when a status comment of 100 000 "å" is sent (600 kB as a form), then 422 with the limit beside it and the text kept in the field', async () => {
    const d = (await loggedIn(t, 'director')).user;
    const matterId = await aMatter(t, d.id, { committeeId });
    const actionId = await anAction(t, d.id, { findingIds: [await aFinding(t, matterId)], ownerId: d.id });
    const comment = 'å'.repeat(100_000);
    const res = await director.post(
      `/atgarder/${actionId}/statusuppdateringar`,
      { status: 'in_progress', comment, version: '1' },
      `/atgarder/${actionId}`,
    );
    expect(res.status).to.equal(422);
    expect(textOf(res.text)).to.contain('Kommentar får vara högst 4000 tecken (nu 100000).');
    expect(res.text).to.contain(`>${comment}</textarea>`);
    const updates = await t.db.selectFrom('action_updates').selectAll().where('action_id', '=', actionId).execute();
    expect(updates).to.have.length(1);
  });

  it('when a field is sent many times over, then only the first counts and the answer is never a 500', async () => {
    const res = await matter({ title: ['Första', 'Andra', 'Tredje'] });
    expect(res.status).to.equal(303);
    expect((await stored())[0].title).to.equal('Första');
  });

  it('when the body is in a charset the server does not read, then a 400 page in Swedish, not a 500', async () => {
    const page = await director.get('/arenden/ny');
    const res = await director.agent
      .post('/arenden')
      .set('Content-Type', 'application/x-www-form-urlencoded; charset=klingon')
      .send(`title=x&_csrf=${encodeURIComponent(/name="_csrf" value="([^"]+)"/.exec(page.text)![1])}`);
    expect(res.status).to.be.within(400, 499);
    expect(textOf(res.text)).to.contain('Begäran kunde inte tolkas.');
  });

  it('when a JSON body is sent instead of a form, then it is not read at all and the CSRF check refuses it', async () => {
    const res = await director.agent
      .post('/arenden')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ title: 'x', committeeId }));
    expect(res.status).to.equal(403);
    expect(await stored()).to.have.length(0);
  });
});

describe('security: unexpected errors', () => {
  let t: TestApp;
  let logged: LogLine[];
  beforeEach(async () => {
    logged = [];
    t = await testApp(undefined, { logger: createLogger('info', collect(logged)) });
  });

  function expectNothingRevealed(html: string) {
    const text = textOf(html);
    for (const leak of [
      'SqliteError',
      'no such table',
      'SELECT',
      'select "',
      'node_modules',
      '.ts:',
      'Error:',
      '    at ',
    ]) {
      expect(html, `the page must not show "${leak}"`).not.to.contain(leak);
    }
    expect(text).to.contain('Något gick fel');
  }

  it('when the database fails with an SQL error, then a 500 page shows a request id and no SQL, and the log has the same id with the error', async () => {
    const { session } = await loggedIn(t, 'director');
    // A table the action list reads is gone (its count, migration 016): the query fails inside SQLite.
    await sql`ALTER TABLE action_counts RENAME TO action_counts_moved_away`.execute(t.db);
    const res = await session.get('/atgarder');
    expect(res.status).to.equal(500);
    expectNothingRevealed(res.text);
    const id = /Felkod: <code>([0-9a-f]{8})<\/code>/.exec(res.text)?.[1];
    expect(id, 'the page shows the request id').to.be.a('string');
    expect(textOf(res.text)).to.contain(`Ange felkod ${id} om du kontaktar support.`);
    const line = logged.find((l) => l.requestId === id);
    expect(line, 'the log has a line with the request id').to.not.equal(undefined);
    expect(line).to.include({ level: 'error', method: 'GET', route: '/atgarder', status: 500 });
    expect(line!.err!.message).to.contain('no such table');
  });

  it('when the database cannot be reached at all, then even the session lookup failing gives the 500 page with a request id', async () => {
    const { session } = await loggedIn(t, 'reader');
    await t.db.destroy();
    const res = await session.get('/');
    expect(res.status).to.equal(500);
    expectNothingRevealed(res.text);
    const id = /Felkod: <code>([0-9a-f]{8})<\/code>/.exec(res.text)![1];
    expect(logged.some((l) => l.requestId === id && l.level === 'error')).to.equal(true);
  });

  it('when something is not found or forbidden, then no request id or error is logged: those are answers, not faults', async () => {
    const { session } = await loggedIn(t, 'reader');
    expect((await session.get('/arenden/99999')).status).to.equal(404);
    expect((await session.get('/arenden/ny')).status).to.equal(403);
    expect((await session.get('/finns-inte')).status).to.equal(404);
    expect((await request(t.app).post('/arenden')).status).to.equal(403);
    expect(logged.filter((l) => l.level !== 'info')).to.deep.equal([]);
  });
});
