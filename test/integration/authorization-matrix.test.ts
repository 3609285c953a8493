import { expect } from 'chai';
import request from 'supertest';
import type { Express } from 'express';
import { csrfFrom, loginAs, makeUser, testApp, type TestApp } from '../helpers/app.ts';
import { aCommittee, aFinding, aMatter, anAction } from '../helpers/tracker.ts';
import { aMeeting } from '../helpers/builders.ts';
import { findUserById } from '../../src/users/users.repository.ts';
import { createResetLink } from '../../src/users/users.service.ts';
import { issueReport } from '../../src/reports/reports.service.ts';
import { registerSubmission } from '../../src/submissions/submissions.service.ts';
import { ROLES, type Role } from '../../src/users/roles.ts';
import { insertMail } from '../../src/mail/mail.service.ts';
import { uploadAttachment } from '../../src/attachments/attachments.service.ts';
import { createApiToken } from '../../src/api/api-tokens.service.ts';
import { addRoleMapping, listRoleMappings } from '../../src/sso/sso.service.ts';

/**
 * Every route the app registers, and what each role (and a visitor who is not logged in) gets.
 *
 *   ok         the request reached the handler: 2xx, 3xx other than to the login page, or a
 *              409/422 for a form sent empty (so nothing is changed by this test)
 *   login      GET: 303 to /logga-in?nasta=…; POST: 401
 *   forbidden  403 "Ingen behörighet"
 *   notfound   404
 *
 * A route added to the app without a line here fails the first test below: decide who may
 * use it, guard it with allow(may.…) in its router, and add the line.
 */
type Outcome = 'ok' | 'login' | 'forbidden' | 'notfound';
type Who = 'anonymous' | Role;
const WHO: Who[] = ['anonymous', ...ROLES];

interface Arranged {
  matterId: number;
  findingId: number;
  actionId: number;
  committeeId: number;
  userId: number;
  meetingId: number;
  reportId: number;
  submissionId: number;
  mailId: number;
  resetToken: string;
  attachmentId: number;
  apiTokenId: number;
  mappingId: number;
}

interface Rule {
  who: Record<Who, Outcome>;
  /** Form fields beyond the CSRF token, where an empty form would not reach the authorization check. */
  body?: (a: Arranged) => Record<string, string>;
  /** The request ends the session, so it gets a session of its own. */
  fresh?: boolean;
}

const everyone = (outcome: Outcome = 'ok'): Rule => ({
  who: Object.fromEntries(WHO.map((w) => [w, outcome])) as Record<Who, Outcome>,
});
const loggedIn: Rule = { who: { ...everyone().who, anonymous: 'login' } };
const only = (...roles: Role[]): Rule => ({
  who: Object.fromEntries(
    WHO.map((w) => [w, w === 'anonymous' ? 'login' : roles.includes(w) ? 'ok' : 'forbidden']),
  ) as Record<Who, Outcome>,
});

const EXPECTED: Record<string, Rule> = {
  'GET /tillganglighet': everyone(),
  'GET /halsa': everyone(),
  'GET /logga-in': everyone(),
  'POST /logga-in': everyone(),
  'POST /logga-ut': { ...everyone(), fresh: true },
  // Single sign-on is not configured here, so both are not found for anyone (test/integration/oidc.test.ts).
  'GET /logga-in/oidc': everyone('notfound'),
  'GET /logga-in/oidc/callback': everyone('notfound'),
  // The set-up link only ever works while there are no users; these tests always have some.
  'GET /installera/:token': everyone('notfound'),
  'POST /installera/:token': everyone(),
  'GET /aterstall/:token': everyone(),
  'POST /aterstall/:token': everyone(),

  'GET /konto/losenord': loggedIn,
  'POST /konto/losenord': loggedIn,
  'GET /konto/kalender': loggedIn,
  'GET /konto/ersattare': only('director', 'manager'),
  'POST /konto/ersattare': only('director', 'manager'),
  'POST /konto/ersattare/:id/avsluta': only('director', 'manager'),
  'GET /konto/paminnelser': loggedIn,
  'POST /konto/paminnelser': loggedIn,
  'GET /admin/utkorg': only('admin'),
  'GET /admin/utkorg/:id': only('admin'),
  'POST /konto/kalender': loggedIn,
  // Reached by its secret address alone; an unknown one is not found for anyone.
  'GET /kalender/:token.ics': everyone('notfound'),
  'GET /': loggedIn,

  'GET /arenden': loggedIn,
  'GET /arenden.xlsx': loggedIn,
  'GET /arenden.csv': loggedIn,
  'GET /arenden/ny': only('director'),
  'POST /arenden': only('director'),
  'GET /arenden/:id': loggedIn,
  'GET /arenden/:id/historik': loggedIn,
  'GET /arenden/:id/redigera': only('director'),
  'POST /arenden/:id': only('director'),
  'GET /arenden/:id/avsluta': only('director'),
  'POST /arenden/:id/avsluta': only('director'),
  'POST /arenden/:id/ateroppna': only('director'),

  'GET /arenden/:id/brister/ny': only('director'),
  'POST /arenden/:id/brister': only('director'),
  'GET /brister/:id/redigera': only('director'),
  'POST /brister/:id': only('director'),
  'GET /brister/:id/effekt': only('director'),
  'POST /brister/:id/effekt': only('director'),

  'GET /atgarder': loggedIn,
  'GET /atgarder.xlsx': loggedIn,
  'GET /atgarder.csv': loggedIn,
  'GET /atgardsplan/mall.xlsx': only('director'),
  'GET /atgardsplan/mall.csv': only('director'),
  'GET /atgardsplan/importera': only('director'),
  'POST /atgardsplan/importera': only('director'),
  'POST /atgardsplan/importera/bekrafta': only('director'),
  'GET /atgarder/mina': only('director', 'manager'),
  'GET /atgarder/ny': only('director'),
  'POST /atgarder': { ...only('director'), body: (a) => ({ arende: String(a.matterId) }) },
  'GET /atgarder/:id': loggedIn,
  // The arranged action belongs to the logged-in chef; another chef's is refused (security-forgery.test.ts).
  'POST /atgarder/:id/statusuppdateringar': only('director', 'manager'),
  // Like a status update: the arranged action belongs to the logged-in chef.
  'POST /atgarder/:id/slutdatum/begaran': only('director', 'manager'),
  'POST /atgarder/:id/slutdatum/begaran/godkann': only('director'),
  'POST /atgarder/:id/slutdatum/begaran/avsla': only('director'),
  'GET /atgarder/:id/redigera': only('director'),
  'POST /atgarder/:id': only('director'),

  'GET /admin/anvandare': only('admin'),
  'GET /admin/anvandare/ny': only('admin'),
  'POST /admin/anvandare/ny': only('admin'),
  'GET /admin/anvandare/:id': only('admin'),
  'POST /admin/anvandare/:id': only('admin'),
  'POST /admin/anvandare/:id/aterstallningslank': only('admin'),
  'GET /admin/namnder': only('admin'),
  'GET /admin/namnder/ny': only('admin'),
  'POST /admin/namnder/ny': only('admin'),
  'GET /admin/namnder/:id': only('admin'),
  'POST /admin/namnder/:id': only('admin'),
  'GET /admin/kommun': only('admin'),
  'POST /admin/kommun': only('admin'),
  'GET /admin/inloggning': only('admin'),
  'POST /admin/inloggning': only('admin'),
  'POST /admin/inloggning/:id/ta-bort': only('admin'),

  'GET /admin/api-nycklar': only('admin'),
  'GET /admin/api-nycklar/ny': only('admin'),
  'POST /admin/api-nycklar': only('admin'),
  'GET /admin/api-nycklar/:id': only('admin'),
  'POST /admin/api-nycklar/:id/aterkalla': only('admin'),
  // The JSON API takes a token, never a session: every session, whatever its role, gets 401. What each
  // role's token gets is test/integration/api.test.ts; its contract is public.
  'GET /api/v1/openapi.json': everyone(),
  'GET /api/v1/arenden': everyone('login'),
  'GET /api/v1/arenden/:id': everyone('login'),
  'GET /api/v1/atgarder': everyone('login'),
  'GET /api/v1/sammantraden': everyone('login'),

  'GET /logg': only('admin', 'director'),
  'GET /logg.csv': only('admin', 'director'),
  'GET /logg.xlsx': only('admin', 'director'),

  'GET /sammantraden': loggedIn,
  'GET /sok': loggedIn,
  'GET /sammantraden/ny': only('director', 'secretary'),
  'POST /sammantraden/ny': only('director', 'secretary'),
  'GET /sammantraden/planera': only('director', 'secretary'),
  'POST /sammantraden/planera': only('director', 'secretary'),
  'GET /sammantraden/:id': loggedIn,
  'GET /sammantraden/:id/redigera': only('director', 'secretary'),
  'POST /sammantraden/:id/redigera': only('director', 'secretary'),
  'GET /sammantraden/:id/stall-in': only('director', 'secretary'),
  'POST /sammantraden/:id/stall-in': only('director', 'secretary'),
  'GET /sammantraden/:id/rapport': loggedIn,
  'GET /sammantraden/:id/rapport.pdf': loggedIn,
  'POST /sammantraden/:id/utfarda': only('director', 'secretary'),
  'GET /rapporter/:id.pdf': loggedIn,
  'GET /rapporter/:id.docx': loggedIn,
  'GET /redovisningar/:id.docx': loggedIn,
  'POST /arenden/:id/redovisningar/utkast.pdf': only('director', 'secretary'),
  'GET /sammantraden/:id/tjansteskrivelse': only('director', 'secretary'),
  'POST /sammantraden/:id/tjansteskrivelse': only('director', 'secretary'),

  'GET /arenden/:id/redovisningar': loggedIn,
  'GET /arenden/:id/redovisningar/utkast.pdf': loggedIn,
  'POST /arenden/:id/redovisningar': only('director', 'secretary'),
  'GET /redovisningar/:id.pdf': loggedIn,

  // Bilagor: read by everyone who reads the item; attached by who may change it (the arranged
  // action belongs to the logged-in chef); marked felaktigt uppladdad by the förvaltningschef.
  'GET /arenden/:id/bilagor': loggedIn,
  'POST /arenden/:id/bilagor': only('director'),
  'GET /brister/:id/bilagor': loggedIn,
  'POST /brister/:id/bilagor': only('director'),
  'GET /atgarder/:id/bilagor': loggedIn,
  'POST /atgarder/:id/bilagor': only('director', 'manager'),
  'GET /redovisningar/:id/bilagor': loggedIn,
  'POST /redovisningar/:id/bilagor': only('director', 'secretary'),
  'GET /bilagor/:id': loggedIn,
  'GET /bilagor/:id/felaktig': only('director'),
  'POST /bilagor/:id/felaktig': only('director'),
};

/** "METHOD /path" for every route in the app, nested routers included. */
function registeredRoutes(app: Express): string[] {
  const found: string[] = [];
  const walk = (layers: any[]) => {
    for (const layer of layers) {
      if (layer.route) {
        if (typeof layer.route.path !== 'string')
          throw new Error(
            `A route with a non-string path (${String(layer.route.path)}): teach registeredRoutes() about it.`,
          );
        for (const method of Object.keys(layer.route.methods))
          found.push(`${method === '_all' ? 'ALL' : method.toUpperCase()} ${layer.route.path}`);
      } else if (Array.isArray(layer.handle?.stack)) {
        // Routers are mounted at the root; a sub-path mount would need its prefix added here.
        if (!layer.slash)
          throw new Error(`A router is mounted on a sub-path: teach registeredRoutes() to add its mount path.`);
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as any).router.stack);
  return found;
}

/** The route's path with its parameters filled in with rows the test arranged. */
function urlFor(path: string, a: Arranged): string {
  const idFor: [RegExp, number | string][] = [
    [/^\/installera\/:token/, 'ingen-sadan-lank'],
    [/^\/kalender\/:token/, 'ingen-sadan-kalender-ingen-sadan-kal'],
    [/^\/aterstall\/:token/, a.resetToken],
    [/^\/admin\/anvandare\/:id/, a.userId],
    [/^\/admin\/namnder\/:id/, a.committeeId],
    [/^\/admin\/utkorg\/:id/, a.mailId],
    [/^\/admin\/api-nycklar\/:id/, a.apiTokenId],
    [/^\/api\/v1\/arenden\/:id/, a.matterId],
    [/^\/admin\/inloggning\/:id/, a.mappingId],
    [/^\/konto\/ersattare\/:id/, 999999],
    [/^\/arenden\/:id/, a.matterId],
    [/^\/brister\/:id/, a.findingId],
    [/^\/atgarder\/:id/, a.actionId],
    [/^\/sammantraden\/:id/, a.meetingId],
    [/^\/rapporter\/:id/, a.reportId],
    [/^\/redovisningar\/:id/, a.submissionId],
    [/^\/bilagor\/:id/, a.attachmentId],
  ];
  if (!path.includes(':')) return path;
  const match = idFor.find(([pattern]) => pattern.test(path));
  if (!match)
    throw new Error(
      `No arranged row for the parameter in ${path}: add one to urlFor() in the authorization matrix test.`,
    );
  return path.replace(/:(id|token)\b/, String(match[1]));
}

type Agent = ReturnType<typeof request.agent>;

function classify(res: request.Response): Outcome | string {
  if (res.status === 401) return 'login';
  if (res.status === 303 && String(res.headers.location).startsWith('/logga-in?nasta=')) return 'login';
  if (res.status === 403)
    return /Formuläret har gått ut/.test(res.text)
      ? '403 from the CSRF check (the test sent no valid token)'
      : 'forbidden';
  if (res.status === 404) return 'notfound';
  if (res.status >= 500) return `${res.status} error`;
  return 'ok';
}

describe('authorization matrix: every route, every role', function () {
  this.timeout(60000);
  let t: TestApp;
  let arranged: Arranged;
  const sessions = new Map<Who, { agent: Agent; csrf: string }>();
  const emails = new Map<Role, string>();

  async function anonymousSession(): Promise<{ agent: Agent; csrf: string }> {
    const agent = request.agent(t.app);
    return { agent, csrf: csrfFrom((await agent.get('/logga-in')).text) };
  }

  async function sessionOf(who: Who, fresh = false): Promise<{ agent: Agent; csrf: string }> {
    if (!fresh && sessions.has(who)) return sessions.get(who)!;
    const s =
      who === 'anonymous'
        ? await anonymousSession()
        : await (async () => {
            const logged = await loginAs(t, emails.get(who)!);
            return { agent: logged.agent, csrf: csrfFrom((await logged.get('/konto/losenord')).text) };
          })();
    if (!fresh) sessions.set(who, s);
    return s;
  }

  before(async () => {
    t = await testApp();
    const ids = new Map<Role, number>();
    for (const role of ROLES) {
      const u = await makeUser(t, role);
      ids.set(role, u.id);
      emails.set(role, u.email);
    }
    const directorId = ids.get('director')!;
    const director = (await findUserById(t.db, directorId))!;
    const committeeId = await aCommittee(t, 'Socialnämnden');
    const matterId = await aMatter(t, directorId, { committeeId });
    const findingId = await aFinding(t, matterId);
    const actionId = await anAction(t, directorId, { findingIds: [findingId], ownerId: ids.get('manager')! });
    const meetingId = await aMeeting(t.db, committeeId, '2026-04-20');
    const deps = { db: t.db, clock: t.clock, config: { warningDays: 14, followUpDays: 90 } };
    const report = await issueReport(deps, meetingId, director, { issuedVersionsSeen: 0, reason: '' });
    const submissionId = await registerSubmission(deps, matterId, director, {
      sentOn: '2026-03-10',
      findingIds: [findingId],
      note: '',
      roundsSeen: 0,
    });
    const target = await makeUser(t, 'reader', 'Användare att administrera');
    const resetFor = await makeUser(t, 'reader', 'Användare med återställningslänk');
    arranged = {
      matterId,
      findingId,
      actionId,
      committeeId,
      userId: target.id,
      meetingId,
      reportId: report.id,
      submissionId,
      mailId: await insertMail(
        t.db,
        { userId: null, to: 'utkorg@exempelkommun.se', subject: 'Ett brev', text: 'Text', html: '<p>Text</p>' },
        '2026-03-16T09:00:00.000Z',
      ),
      resetToken: await createResetLink(t.db, t.clock, resetFor.id),
      attachmentId: await uploadAttachment({ ...deps, config: { maxUploadMb: 25 } }, director, 'matter', matterId, {
        kind: 'decision',
        description: '',
        file: { content: Buffer.from('IVO:s beslut (exempel)\n'), originalName: 'beslut.txt' },
        tooLarge: false,
      }),
      apiTokenId: (
        await createApiToken(t.db, t.clock, (await findUserById(t.db, ids.get('admin')!))!, {
          userId: ids.get('reader')!,
          name: 'Power BI',
          expiresOn: '2026-06-30',
        })
      ).id,
      // Removed by the first admin who asks; later askers meet the same guard before the 404.
      mappingId: await (async () => {
        await addRoleMapping(t.db, t.clock, ids.get('admin')!, { claimValue: 'sg-atgardsplan-las', role: 'reader' });
        return (await listRoleMappings(t.db))[0].id;
      })(),
    };
    for (const who of WHO) await sessionOf(who);
  });

  it('when the app lists its routes, then each has a rule in this test, and each rule a route', () => {
    const registered = registeredRoutes(t.app);
    const unruled = registered.filter((r) => !(r in EXPECTED));
    const stale = Object.keys(EXPECTED).filter((r) => !registered.includes(r));
    expect(
      unruled,
      `Routes without a rule in test/integration/authorization-matrix.test.ts: ${unruled.join(', ')}. ` +
        'Decide who may use each, guard it with allow(may.…) in its router, and add a line to EXPECTED.',
    ).to.deep.equal([]);
    expect(
      stale,
      `Rules for routes the app no longer has: ${stale.join(', ')}. Remove them from EXPECTED.`,
    ).to.deep.equal([]);
  });

  for (const [route, rule] of Object.entries(EXPECTED)) {
    const [method, path] = route.split(' ');
    const summary = WHO.map((w) => `${w} ${rule.who[w]}`).join(', ');
    it(`when each role asks for ${route}, then: ${summary}`, async () => {
      const url = urlFor(path, arranged);
      const wrong: string[] = [];
      for (const who of WHO) {
        const { agent, csrf } = await sessionOf(who, rule.fresh);
        const res =
          method === 'GET'
            ? await agent.get(url)
            : await agent
                .post(url)
                .type('form')
                .send({ ...rule.body?.(arranged), _csrf: csrf });
        const got = classify(res);
        // Nothing a logged-in user sees stays in a browser's or a proxy's cache.
        if (who !== 'anonymous' && /^text\/(html|csv)/.test(res.type) && !/no-store/.test(res.headers['cache-control']))
          wrong.push(`${who}: no Cache-Control: no-store (got ${res.headers['cache-control']})`);
        if (got !== rule.who[who])
          wrong.push(
            `${who}: expected ${rule.who[who]}, got ${got} (HTTP ${res.status}${res.headers.location ? ` → ${res.headers.location}` : ''})`,
          );
      }
      expect(wrong, `${method} ${url}`).to.deep.equal([]);
    });
  }
});
