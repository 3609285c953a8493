import { expect } from 'chai';
import { createLogger } from '../../src/logger.ts';
import request from 'supertest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { loginAs, makeUser, testApp, TODAY, type TestApp } from '../helpers/app.ts';
import { aCommittee, aFinding, aMatter, anAction } from '../helpers/tracker.ts';
import { aMeeting } from '../helpers/builders.ts';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { fixedClock } from '../../src/clock.ts';
import { sha256 } from '../../src/shared/sha256.ts';
import { openApiDocument } from '../../src/api/openapi.ts';
import { createApiToken } from '../../src/api/api-tokens.service.ts';
import { findUserById } from '../../src/users/users.repository.ts';
import { updateUser } from '../../src/users/users.service.ts';
import { listMatters } from '../../src/matters/matters.service.ts';
import { actionList, filterChoices } from '../../src/actions/actions.service.ts';
import { actionListQuery } from '../../src/actions/action-list-query.ts';
import { meetingsByCommittee } from '../../src/meetings/meetings.service.ts';
import { latestAuditId } from '../../src/db/remembered.ts';

// ajv-formats is CommonJS; under ESM its default export is the module object or the function itself.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => void;

/** Every answer of the API is validated against the OpenAPI document's schema for its path and status. */
const DOC_ID = 'https://atgardsplan.invalid/openapi.json';
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ ...openApiDocument, $id: DOC_ID });
const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

function templateOf(path: string): string {
  const templates = Object.keys(openApiDocument.paths);
  const found = templates.find((t) => new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path));
  return found ?? '/api/v1/arenden'; // an unknown address answers as the API's paths do: checked by status below
}

function expectValidAnswer(res: request.Response, url: string) {
  const path = new URL(url, 'http://localhost').pathname;
  const template = templateOf(path);
  const responses = (openApiDocument.paths as Record<string, { get: { responses: Record<string, unknown> } }>)[template]
    .get.responses;
  const status = String(res.status);
  const documented = status in responses ? status : status === '404' ? null : undefined;
  expect(res.headers['set-cookie'], `${url}: an API answer sets no cookie`).to.equal(undefined);
  expect(res.headers['content-type'], url).to.match(/^application\/json/);
  if (documented === undefined) expect.fail(`${url}: status ${status} is not in the OpenAPI document for ${template}`);
  // A 404 for an address the API does not have is the shared Error schema.
  const schemaRef = documented
    ? `${DOC_ID}#/${pointer('paths', template, 'get', 'responses', status, 'content', 'application/json', 'schema')}`
    : `${DOC_ID}#/components/schemas/Error`;
  const validate = ajv.getSchema(schemaRef) ?? ajv.compile({ $ref: schemaRef });
  const ok = validate(res.body);
  expect(ok, `${url} (${status}) against the OpenAPI document: ${ajv.errorsText(validate.errors)}`).to.equal(true);
  if (res.status === 401) expect(res.headers['www-authenticate']).to.match(/^Bearer/);
}

async function api(app: TestApp['app'], token: string | null, url: string) {
  const req = request(app).get(url);
  const res = await (token ? req.set('Authorization', `Bearer ${token}`) : req);
  expectValidAnswer(res, url);
  return res;
}

/** Every item of a list, following `next` from the first page. */
async function walk(app: TestApp['app'], token: string, url: string): Promise<{ ids: number[]; pages: number }> {
  const ids: number[] = [];
  let next: string | null = url;
  let pages = 0;
  while (next) {
    const res = await api(app, token, next);
    expect(res.status, next).to.equal(200);
    ids.push(...res.body.data.map((d: { id: number }) => d.id));
    next = res.body.next;
    pages += 1;
    if (pages > 100) expect.fail('the pages never end');
  }
  return { ids, pages };
}

interface World {
  t: TestApp;
  adminId: number;
  directorId: number;
  managerId: number;
  committeeA: number;
  committeeB: number;
  matterA: number;
  matterB: number;
  closedMatter: number;
  tokens: Record<'director' | 'manager' | 'reader', string>;
}

async function tokenFor(t: TestApp, adminId: number, userId: number, expiresOn = '2026-06-30') {
  const admin = (await findUserById(t.db, adminId))!;
  return (await createApiToken(t.db, t.clock, admin, { userId, name: 'Power BI', expiresOn })).token;
}

async function world(t?: TestApp): Promise<World> {
  t ??= await testApp();
  const admin = await makeUser(t, 'admin');
  const director = await makeUser(t, 'director');
  const manager = await makeUser(t, 'manager', 'Anna Berg');
  const reader = await makeUser(t, 'reader');
  const committeeA = await aCommittee(t, 'Socialnämnden');
  const committeeB = await aCommittee(t, 'Arbetsmarknadsnämnden');
  const matterA = await aMatter(t, director.id, {
    committeeId: committeeA,
    fineAmount: 600000,
    fineStatus: 'ordered',
  });
  const matterB = await aMatter(t, director.id, { committeeId: committeeB, kind: 'lex_sarah_investigation' });
  const closedMatter = await aMatter(t, director.id, { committeeId: committeeA, title: 'Avslutad tillsyn' });
  await t.db.updateTable('matters').set({ closed_on: '2026-03-01' }).where('id', '=', closedMatter).execute();
  const fA = await aFinding(t, matterA);
  const fB = await aFinding(t, matterB, 'Brister i dokumentationen');
  for (const [i, dueOn] of ['2026-02-01', '2026-03-20', '2026-05-15', '2026-09-30'].entries())
    await anAction(t, director.id, { findingIds: [fA], ownerId: manager.id, dueOn, title: `Åtgärd A${i + 1}` });
  await anAction(t, director.id, { findingIds: [fA], ownerId: director.id, title: 'Klar åtgärd', status: 'done' });
  await anAction(t, director.id, { findingIds: [fB], ownerId: director.id, dueOn: '2026-01-15', title: 'Åtgärd B1' });
  await aMeeting(t.db, committeeA, '2026-04-20');
  await aMeeting(t.db, committeeA, '2026-02-10');
  await aMeeting(t.db, committeeB, '2026-05-04', { cancelled: true });
  return {
    t,
    adminId: admin.id,
    directorId: director.id,
    managerId: manager.id,
    committeeA,
    committeeB,
    matterA,
    matterB,
    closedMatter,
    tokens: {
      director: await tokenFor(t, admin.id, director.id),
      manager: await tokenFor(t, admin.id, manager.id),
      reader: await tokenFor(t, admin.id, reader.id),
    },
  };
}

const config = loadConfig({ DATABASE_PATH: ':memory:' });

describe('the read-only JSON API', () => {
  for (const role of ['director', 'manager', 'reader'] as const) {
    it(`when a ${role}'s token walks the ärenden, åtgärder and sammanträden, then it gets exactly what the pages' services give`, async () => {
      const w = await world();
      const { t } = w;
      const token = w.tokens[role];

      const matters = await walk(t.app, token, '/api/v1/arenden?status=alla&limit=2');
      const pageMatters = await listMatters(t.db, { state: 'all' }, { limit: 1000, offset: 0 });
      expect(matters.ids).to.deep.equal(pageMatters.items.map((m) => m.id).sort((a, b) => a - b));
      const open = await walk(t.app, token, '/api/v1/arenden');
      expect(open.ids).to.not.include(w.closedMatter);

      const actions = await walk(t.app, token, '/api/v1/atgarder?limit=4');
      const pageActions = await actionList(t.db, config)(t.clock, {}, { limit: 1000, offset: 0 });
      expect(actions.ids).to.deep.equal(pageActions.items.map((a) => a.id).sort((a, b) => a - b));

      const meetings = await walk(t.app, token, '/api/v1/sammantraden');
      const pageMeetings = [
        ...(await meetingsByCommittee(t.db, t.clock, { committeeId: w.committeeA })),
        ...(await meetingsByCommittee(t.db, t.clock, { committeeId: w.committeeB })),
      ].flatMap((g) => [...g.upcoming, ...g.past]);
      expect(meetings.ids).to.deep.equal(pageMeetings.map((m) => m.id).sort((a, b) => a - b));
    });
  }

  it('when a matter and an action are read, then fields use the glossary’s English names, ISO dates, kronor as numbers and status codes with Swedish labels', async () => {
    const w = await world();
    const res = await api(w.t.app, w.tokens.reader, `/api/v1/arenden/${w.matterA}`);
    expect(res.status).to.equal(200);
    expect(res.body).to.include({
      id: w.matterA,
      fineAmount: 600000,
      respondBy: '2026-04-04',
      decidedOn: '2026-02-02',
    });
    expect(res.body.fineStatus).to.deep.equal({ code: 'ordered', label: 'Föreläggande med vite' });
    expect(res.body.kind).to.deep.equal({ code: 'ivo_supervision', label: 'IVO-tillsyn' });
    expect(res.body.committee).to.deep.equal({ id: w.committeeA, name: 'Socialnämnden' });
    expect(res.body.owedFindingCount).to.equal(1);
    expect(res.body.respondByLight).to.deep.equal({ code: 'on_track', label: 'I tid' });

    const overdue = await api(w.t.app, w.tokens.reader, `/api/v1/atgarder?status=overdue&namnd=${w.committeeA}`);
    expect(overdue.body.data).to.have.length(1);
    const [a] = overdue.body.data;
    expect(a).to.deep.include({ title: 'Åtgärd A1', dueOn: '2026-02-01' });
    expect(a.status).to.deep.equal({ code: 'not_started', label: 'Ej påbörjad' });
    expect(a.light).to.deep.equal({ code: 'overdue', label: 'Försenad' });
    expect(a.owner).to.deep.equal({ id: w.managerId, name: 'Anna Berg' });
    expect(a.matter).to.deep.equal({ id: w.matterA, title: 'Handläggning och dokumentation av utredningar' });
  });

  it('when the action list is filtered as on the page, then the API gives the same actions as the page’s filter and service', async () => {
    const w = await world();
    const { t } = w;
    const choices = filterChoices(t.db);
    const list = actionList(t.db, config);
    for (const q of [
      'status=overdue',
      'status=open',
      'status=done',
      `ansvarig=${w.managerId}`,
      `namnd=${w.committeeB}`,
      `arende=${w.matterA}&fore=2026-05-31`,
      `status=open&ansvarig=${w.managerId}&fore=2026-03-31`,
    ]) {
      const params = new URLSearchParams(q);
      const { filter } = actionListQuery((name) => params.get(name) ?? '', await choices());
      const expected = (await list(t.clock, filter, { limit: 1000, offset: 0 })).items.map((a) => a.id);
      const got = await walk(t.app, w.tokens.manager, `/api/v1/atgarder?${q}`);
      expect(got.ids, q).to.deep.equal(expected.sort((a, b) => a - b));
      // And the page itself lists the same titles.
      const session = await loginAs(t, (await findUserById(t.db, w.managerId))!.email);
      const page = (await session.get(`/atgarder?${q}`)).text;
      const titles = (await api(t.app, w.tokens.manager, `/api/v1/atgarder?${q}`)).body.data.map(
        (d: { title: string }) => d.title,
      );
      for (const title of titles) expect(page, q).to.include(title);
    }
    const lexSarah = await walk(t.app, w.tokens.reader, '/api/v1/arenden?typ=lex_sarah_investigation');
    expect(lexSarah.ids).to.deep.equal([w.matterB]);
    const closed = await walk(t.app, w.tokens.reader, '/api/v1/arenden?status=avslutade');
    expect(closed.ids).to.deep.equal([w.closedMatter]);
    const meetingsB = await walk(t.app, w.tokens.reader, `/api/v1/sammantraden?namnd=${w.committeeB}`);
    expect(meetingsB.ids).to.have.length(1);
  });

  it('when a filter, cursor or limit is not understood, then the answer is 400 invalid_parameter naming it', async () => {
    const w = await world();
    for (const [url, name] of [
      ['/api/v1/atgarder?status=forsenad', 'status'],
      ['/api/v1/atgarder?fore=2026-13-01', 'fore'],
      ['/api/v1/atgarder?ansvarig=anna', 'ansvarig'],
      ['/api/v1/atgarder?cursor=inte-en-markor', 'cursor'],
      ['/api/v1/atgarder?limit=501', 'limit'],
      ['/api/v1/atgarder?limit=0', 'limit'],
      ['/api/v1/arenden?typ=okand', 'typ'],
      ['/api/v1/arenden?status=oppen', 'status'],
      ['/api/v1/arenden?sida=2', 'sida'],
      ['/api/v1/sammantraden?namnd=x', 'namnd'],
      ['/api/v1/atgarder?status=open&status=done', 'status'],
    ]) {
      const res = await api(w.t.app, w.tokens.reader, url);
      expect(res.status, url).to.equal(400);
      expect(res.body.error.code, url).to.equal('invalid_parameter');
      expect(res.body.error.message, url).to.include(name);
    }
    // A cursor of one list is not one of another.
    const first = await api(w.t.app, w.tokens.reader, '/api/v1/atgarder?limit=1');
    const res = await api(w.t.app, w.tokens.reader, `/api/v1/arenden?cursor=${first.body.nextCursor}`);
    expect(res.status).to.equal(400);
  });

  it('when actions are added while an integration walks the pages, then every action comes exactly once, the new ones last', async () => {
    const w = await world();
    const { t } = w;
    const seen: number[] = [];
    const first = await api(t.app, w.tokens.director, '/api/v1/atgarder?limit=4');
    seen.push(...first.body.data.map((d: { id: number }) => d.id));
    const fA = (
      await t.db.selectFrom('findings').select('id').where('matter_id', '=', w.matterA).executeTakeFirstOrThrow()
    ).id;
    // Due first, so the page's order (by slutdatum) would put it before everything already read.
    const added = await anAction(t, w.directorId, { findingIds: [fA], ownerId: w.managerId, dueOn: '2025-12-01' });
    let next: string | null = first.body.next;
    while (next) {
      const res = await api(t.app, w.tokens.director, next);
      seen.push(...res.body.data.map((d: { id: number }) => d.id));
      next = res.body.next;
    }
    const all = (await t.db.selectFrom('actions').select('id').orderBy('id').execute()).map((r) => r.id);
    expect(seen).to.deep.equal(all);
    expect(seen[seen.length - 1]).to.equal(added);
    expect(new Set(seen).size).to.equal(seen.length);
  });

  it('when a token is revoked, has expired, or its user is deactivated, then it gets 401 with WWW-Authenticate: Bearer', async () => {
    const w = await world();
    const { t } = w;
    const admin = await loginAs(t, (await findUserById(t.db, w.adminId))!.email);
    const tokenRow = await t.db
      .selectFrom('api_tokens')
      .select('id')
      .where('token_sha256', '=', sha256(Buffer.from(w.tokens.reader)))
      .executeTakeFirstOrThrow();
    expect((await api(t.app, w.tokens.reader, '/api/v1/arenden')).status).to.equal(200);
    const revoked = await admin.post(
      `/admin/api-nycklar/${tokenRow.id}/aterkalla`,
      {},
      `/admin/api-nycklar/${tokenRow.id}`,
    );
    expect(revoked.status).to.equal(303);
    const after = await api(t.app, w.tokens.reader, '/api/v1/arenden');
    expect(after.status).to.equal(401);
    expect(after.body.error).to.deep.equal({ code: 'unauthorized', message: 'API-nyckeln är återkallad.' });
    expect(after.headers['www-authenticate']).to.equal('Bearer realm="atgardsplan", error="invalid_token"');
    const logged = await t.db
      .selectFrom('audit_log')
      .select(['operation', 'user_id'])
      .where('entity', '=', 'api_tokens')
      .where('entity_id', '=', tokenRow.id)
      .orderBy('id')
      .execute();
    expect(logged).to.deep.equal([
      { operation: 'insert', user_id: w.adminId },
      { operation: 'update', user_id: w.adminId },
    ]);
    const log = await admin.get('/logg');
    expect(log.text).to.include('API-nyckel').and.include('Giltig till').and.include('Återkallad');

    // Valid through its last day, refused the day after (the same database, a day later).
    const lastDay = await tokenFor(t, w.adminId, w.managerId, TODAY);
    expect((await api(t.app, lastDay, '/api/v1/arenden')).status).to.equal(200);
    const tomorrow = createApp({ db: t.db, config, clock: fixedClock('2026-03-17T10:00:00'), sessionSecret: 's' });
    const expired = await api(tomorrow, lastDay, '/api/v1/arenden');
    expect(expired.status).to.equal(401);
    expect(expired.body.error.message).to.equal('API-nyckeln har gått ut.');

    const manager = (await findUserById(t.db, w.managerId))!;
    await updateUser(
      t.db,
      t.clock,
      manager.id,
      manager.version,
      { ...manager, active: false, password: null },
      w.adminId,
    );
    const inactive = await api(t.app, w.tokens.manager, '/api/v1/atgarder');
    expect(inactive.status).to.equal(401);
    expect(inactive.body.error.message).to.include('inaktiverad');

    for (const header of [null, 'atp_finns-inte', 'Basic dXNlcjpwYXNz']) {
      const req = request(t.app).get('/api/v1/arenden');
      const res = await (header === null
        ? req
        : req.set('Authorization', header.startsWith('atp') ? `Bearer ${header}` : header));
      expectValidAnswer(res, '/api/v1/arenden');
      expect(res.status).to.equal(401);
    }
  });

  it('when an administrator makes a token on the page, then it is shown once, works, and only its hash is stored', async () => {
    const w = await world();
    const { t } = w;
    const admin = await loginAs(t, (await findUserById(t.db, w.adminId))!.email);
    const made = await admin.post(
      '/admin/api-nycklar',
      { userId: String(w.managerId), name: 'Stratsys – åtgärder', expiresOn: '2026-12-31' },
      '/admin/api-nycklar/ny',
    );
    expect(made.status).to.equal(303);
    const shown = await admin.get(made.headers.location);
    const token = /atp_[A-Za-z0-9_-]{43}/.exec(shown.text)?.[0];
    expect(token, 'the new token on its page').to.be.a('string');
    expect((await admin.get(made.headers.location)).text, 'shown once').to.not.include(token!);

    const row = await t.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('name', '=', 'Stratsys – åtgärder')
      .executeTakeFirstOrThrow();
    expect(row.token_sha256).to.equal(sha256(Buffer.from(token!)));
    expect(JSON.stringify(row)).to.not.include(token!.slice(8));
    const audit = await t.db.selectFrom('audit_log').select(['before_json', 'after_json']).execute();
    expect(JSON.stringify(audit)).to.not.include(row.token_sha256);
    expect(JSON.stringify(audit)).to.not.include(token!);

    const res = await api(t.app, token!, '/api/v1/atgarder?status=open');
    expect(res.status).to.equal(200);
    const list = await admin.get('/admin/api-nycklar');
    expect(list.text).to.include('Stratsys – åtgärder').and.include(row.hint);
  });

  it('when a token is made with a missing name or a validity over a year, then the form says why in Swedish and nothing is stored', async () => {
    const w = await world();
    const admin = await loginAs(w.t, (await findUserById(w.t.db, w.adminId))!.email);
    const before = await w.t.db.selectFrom('api_tokens').select('id').execute();
    const tooLong = await admin.post(
      '/admin/api-nycklar',
      { userId: String(w.managerId), name: 'Power BI', expiresOn: '2027-06-01' },
      '/admin/api-nycklar/ny',
    );
    expect(tooLong.status).to.equal(422);
    expect(tooLong.text).to.include('En API-nyckel gäller högst ett år').and.include('value="Power BI"');
    const noName = await admin.post(
      '/admin/api-nycklar',
      { userId: String(w.managerId), name: '', expiresOn: '2026-05-01' },
      '/admin/api-nycklar/ny',
    );
    expect(noName.status).to.equal(422);
    expect(noName.text).to.include('Fyll i namn');
    expect(await w.t.db.selectFrom('api_tokens').select('id').execute()).to.deep.equal(before);
  });

  it('when a token is used, then each use is logged with its answer on the token’s page, and no remembered page is forgotten', async () => {
    const w = await world();
    const { t } = w;
    const auditBefore = await latestAuditId(t.db);
    await api(t.app, w.tokens.reader, '/api/v1/arenden');
    await api(t.app, w.tokens.reader, '/api/v1/atgarder?status=forsenad');
    await api(t.app, w.tokens.reader, `/api/v1/arenden/999999`);
    await new Promise((resolve) => setImmediate(resolve));
    const id = (
      await t.db
        .selectFrom('api_tokens')
        .select('id')
        .where('token_sha256', '=', sha256(Buffer.from(w.tokens.reader)))
        .executeTakeFirstOrThrow()
    ).id;
    const uses = await t.db
      .selectFrom('api_token_uses')
      .select(['method', 'path', 'status'])
      .where('token_id', '=', id)
      .orderBy('id')
      .execute();
    expect(uses).to.deep.equal([
      { method: 'GET', path: '/api/v1/arenden', status: 200 },
      { method: 'GET', path: '/api/v1/atgarder?status=forsenad', status: 400 },
      { method: 'GET', path: '/api/v1/arenden/999999', status: 404 },
    ]);
    expect(await latestAuditId(t.db), 'the uses are not in an audited table').to.equal(auditBefore);
    const admin = await loginAs(t, (await findUserById(t.db, w.adminId))!.email);
    const page = await admin.get(`/admin/api-nycklar/${id}`);
    expect(page.text).to.include('GET /api/v1/atgarder?status=forsenad').and.include('3 anrop');
    expect(page.text).to.not.include('Aldrig');
  });

  it('when a token makes more requests a minute than API_RATE_LIMIT, counted by every server process, then it gets 429 with Retry-After, and other tokens are not held up', async () => {
    const t = await testApp();
    // Two app instances on one database, as WORKERS runs them: the limit holds across both.
    const [limited, worker] = [1, 2].map(() =>
      createApp({
        db: t.db,
        config: loadConfig({ DATABASE_PATH: ':memory:', API_RATE_LIMIT: '3', LOG_LEVEL: 'silent' }),
        clock: t.clock,
        sessionSecret: 's',
        logger: createLogger('silent'),
      }),
    );
    const w = await world(t);
    for (const app of [limited, worker, limited])
      expect((await api(app, w.tokens.reader, '/api/v1/arenden')).status).to.equal(200);
    const refused = await api(worker, w.tokens.reader, '/api/v1/arenden');
    expect(refused.status).to.equal(429);
    expect(refused.body.error.code).to.equal('rate_limited');
    expect(Number(refused.headers['retry-after'])).to.be.greaterThan(0);
    expect((await api(limited, w.tokens.director, '/api/v1/arenden')).status).to.equal(200);
  });

  it('when someone logged in asks the API with the session cookie and no token, then it is refused with JSON and sets no cookie', async () => {
    const w = await world();
    const session = await loginAs(w.t, (await findUserById(w.t.db, w.directorId))!.email);
    const res = await session.get('/api/v1/atgarder');
    expectValidAnswer(res, '/api/v1/atgarder');
    expect(res.status).to.equal(401);
  });

  it('when an address or a matter does not exist, or the address cannot be read, then the answer is JSON (404, 400), never a page', async () => {
    const w = await world();
    for (const url of ['/api/v1/arenden/999999', '/api/v1/arenden/abc', '/api/v1/finns-inte', '/api/v2/arenden']) {
      const res = await api(w.t.app, w.tokens.reader, url);
      expect(res.status, url).to.equal(404);
      expect(res.body.error.code, url).to.equal('not_found');
    }
    const broken = await api(w.t.app, w.tokens.reader, '/api/v1/arenden/%E0%A4%A');
    expect(broken.status).to.equal(400);
    expect(broken.body.error.code).to.equal('invalid_parameter');
  });

  it('when the OpenAPI document is fetched without a token, then it is OpenAPI 3.1 with the bearer scheme and every schema compiles strictly', async () => {
    const t = await testApp();
    const res = await request(t.app).get('/api/v1/openapi.json');
    expect(res.status).to.equal(200);
    expect(res.headers['set-cookie']).to.equal(undefined);
    expect(res.body.openapi).to.equal('3.1.0');
    expect(res.body.components.securitySchemes.bearerAuth).to.include({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(res.body.paths)).to.include.members([
      '/api/v1/arenden',
      '/api/v1/atgarder',
      '/api/v1/sammantraden',
    ]);
    // Strict mode refuses unknown keywords and misspelt ones: the schemas, as a $defs document.
    const strict = new Ajv2020({ strict: true });
    addFormats(strict);
    const defs = JSON.parse(
      JSON.stringify(openApiDocument.components.schemas).replaceAll('#/components/schemas/', '#/$defs/'),
    );
    for (const name of Object.keys(defs))
      expect(() => strict.compile({ $defs: defs, $ref: `#/$defs/${name}` }), name).to.not.throw();
  });
});
