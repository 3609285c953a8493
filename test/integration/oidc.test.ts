import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import request from 'supertest';
import Provider, { type Configuration } from 'oidc-provider';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { fixedClock } from '../../src/clock.ts';
import { createUser } from '../../src/users/users.service.ts';
import { authenticate, createResetLink, findUserByEmail } from '../../src/users/users.service.ts';
import { csrfFrom, freshDb, loginAs, PASSWORD, textOf, TODAY, type TestApp } from '../helpers/app.ts';

/** Fictional Exempelkommun staff as the kommun's identity provider knows them. */
interface Person {
  email: string;
  name: string;
  groups: string[];
  emailVerified?: boolean;
}
const PEOPLE: Record<string, Person> = {
  'eva-lind': {
    email: 'Eva.Lind@Exempelkommun.se',
    name: 'Eva Lind',
    groups: ['sg-atgardsplan-chef', 'alla-anstallda'],
  },
  'olle-berg': { email: 'olle.berg@exempelkommun.se', name: 'Olle Berg', groups: ['alla-anstallda'] },
  'karin-ek': { email: 'karin.ek@exempelkommun.se', name: 'Karin Ek', groups: ['sg-atgardsplan-las'] },
  'ej-verifierad': {
    email: 'okand.adress@exempelkommun.se',
    name: 'Okänd Adress',
    groups: ['sg-atgardsplan-chef'],
    emailVerified: false,
  },
};

const PUBLIC_URL = 'http://atgardsplan.test';
const CLIENT_ID = 'atgardsplan';
const CLIENT_SECRET = 'exempelkommun-hemlighet-2026';

/**
 * A real OpenID provider (oidc-provider) on a free port. Its login interaction is completed by the
 * small handler below for whichever person the test names, as a person typing at the provider would.
 */
async function startProvider() {
  let provider!: Provider;
  const who = { next: 'eva-lind' };
  const server = http.createServer(async (req, res) => {
    if (!req.url?.startsWith('/interaction/')) return provider.callback()(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === 'login') {
        return await provider.interactionFinished(
          req,
          res,
          { login: { accountId: who.next } },
          { mergeWithLastSubmission: false },
        );
      }
      const grant = new provider.Grant({ accountId: details.session!.accountId, clientId: CLIENT_ID });
      grant.addOIDCScope('openid email profile');
      await provider.interactionFinished(
        req,
        res,
        { consent: { grantId: await grant.save() } },
        { mergeWithLastSubmission: true },
      );
    } catch (e) {
      res.statusCode = 500;
      res.end(String(e));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const configuration: Configuration = {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [`${PUBLIC_URL}/logga-in/oidc/callback`],
        post_logout_redirect_uris: [`${PUBLIC_URL}/logga-in`],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [{ ...(privateKey.export({ format: 'jwk' }) as object), kid: 'test', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: ['exempelkommun-kaka-2026'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    async findAccount(_ctx, id) {
      const person = PEOPLE[id];
      if (!person) return undefined;
      return {
        accountId: id,
        async claims() {
          return {
            sub: id,
            email: person.email,
            email_verified: person.emailVerified ?? true,
            name: person.name,
            groups: person.groups,
          };
        },
      };
    },
  };
  provider = new Provider(issuer, configuration);
  return { issuer, who, close: () => new Promise((resolve) => server.close(resolve)) };
}

type Agent = ReturnType<typeof request.agent>;

describe('single sign-on through the kommun’s OpenID provider', function () {
  this.timeout(30000);
  let idp: Awaited<ReturnType<typeof startProvider>>;

  before(async () => {
    idp = await startProvider();
  });
  after(async () => {
    await idp.close();
  });

  async function ssoApp(env: Record<string, string> = {}): Promise<TestApp> {
    const db = await freshDb();
    const clock = fixedClock(`${TODAY}T10:00:00`);
    const config = loadConfig({
      DATABASE_PATH: ':memory:',
      PUBLIC_URL,
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      ...env,
    });
    return {
      app: createApp({ db, config, clock, sessionSecret: 'test-secret', logger: createLogger('silent') }),
      db,
      clock,
    };
  }

  /** Follows the redirects a browser would, at the provider, until it sends the browser back to the app. */
  async function throughProvider(start: string): Promise<URL> {
    const jar = new Map<string, string>();
    let url = start;
    for (let hops = 0; url.startsWith(idp.issuer); hops++) {
      if (hops > 10) throw new Error('the provider kept redirecting');
      const res = await fetch(url, {
        redirect: 'manual',
        headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const eq = pair.indexOf('=');
        const [name, value] = [pair.slice(0, eq), pair.slice(eq + 1)];
        if (!value || /expires=Thu, 01 Jan 1970/i.test(c)) jar.delete(name);
        else jar.set(name, value);
      }
      const location = res.headers.get('location');
      if (!location) throw new Error(`the provider answered ${res.status} at ${url}: ${await res.text()}`);
      url = new URL(location, url).href;
    }
    return new URL(url);
  }

  /** Clicks "Logga in med kommunens konto", logs in at the provider as `person`, and comes back. */
  async function signIn(t: TestApp, person: string, agent: Agent = request.agent(t.app)) {
    idp.who.next = person;
    const start = await agent.get('/logga-in/oidc');
    expect(start.status, start.text).to.equal(303);
    const back = await throughProvider(String(start.headers.location));
    expect(back.origin + back.pathname).to.equal(`${PUBLIC_URL}/logga-in/oidc/callback`);
    const res = await agent.get(back.pathname + back.search);
    return { agent, res, callback: back };
  }

  async function mapGroup(t: TestApp, adminEmail: string, claimValue: string, role: string) {
    const admin = await loginAs(t, adminEmail);
    const res = await admin.post('/admin/inloggning', { claimValue, role }, '/admin/inloggning');
    expect(res.status, res.text).to.equal(303);
  }

  async function anAdmin(t: TestApp, email = 'systemforvaltare@exempelkommun.se') {
    await createUser(t.db, t.clock, { email, name: 'Sara Systemförvaltare', role: 'admin', password: PASSWORD });
    return email;
  }

  it('when OIDC is configured, then the login page offers "Logga in med kommunens konto"', async () => {
    const t = await ssoApp();
    const page = await request(t.app).get('/logga-in');
    expect(textOf(page.text)).to.contain('Logga in med kommunens konto');
    expect(page.text).to.contain('href="/logga-in/oidc"');
    const start = await request(t.app).get('/logga-in/oidc');
    const to = new URL(String(start.headers.location));
    expect(to.origin).to.equal(idp.issuer);
    expect(to.searchParams.get('redirect_uri')).to.equal(`${PUBLIC_URL}/logga-in/oidc/callback`);
    expect(to.searchParams.get('code_challenge_method')).to.equal('S256');
    expect(to.searchParams.get('state')).to.have.length.above(20);
    expect(to.searchParams.get('nonce')).to.have.length.above(20);
  });

  it('when OIDC is not configured, then the login page has no such button and its routes are not found', async () => {
    const db = await freshDb();
    const app = createApp({
      db,
      config: loadConfig({ DATABASE_PATH: ':memory:' }),
      clock: fixedClock(`${TODAY}T10:00:00`),
      sessionSecret: 'test-secret',
    });
    expect(textOf((await request(app).get('/logga-in')).text)).not.to.contain('kommunens konto');
    expect((await request(app).get('/logga-in/oidc')).status).to.equal(404);
    expect((await request(app).get('/logga-in/oidc/callback?code=x&state=y')).status).to.equal(404);
  });

  it('when an unknown person whose group maps to Chef logs in first (auto-create on), then her account is made with that role and she is logged in', async () => {
    const t = await ssoApp({ OIDC_AUTO_CREATE: 'true' });
    await mapGroup(t, await anAdmin(t), 'sg-atgardsplan-chef', 'manager');
    const { agent, res } = await signIn(t, 'eva-lind');
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal('/');
    const user = await findUserByEmail(t.db, 'eva.lind@exempelkommun.se');
    expect(user).to.include({ email: 'eva.lind@exempelkommun.se', name: 'Eva Lind', role: 'manager', active: true });
    const home = await agent.get('/');
    expect(home.status).to.equal(200);
    expect(textOf(home.text)).to.contain('Eva Lind');
    const created = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'users')
      .where('entity_id', '=', user!.id)
      .execute();
    expect(created.map((a) => a.operation)).to.deep.equal(['insert']);
  });

  it('when an unknown person logs in with auto-create off, then a Swedish page refuses her and no account or session is made', async () => {
    const t = await ssoApp();
    const { agent, res } = await signIn(t, 'eva-lind');
    expect(res.status).to.equal(403);
    expect(textOf(res.text)).to.contain('Det finns inget konto i Åtgärdsplan för eva.lind@exempelkommun.se');
    expect(await findUserByEmail(t.db, 'eva.lind@exempelkommun.se')).to.equal(undefined);
    expect((await agent.get('/')).headers.location).to.match(/^\/logga-in/);
  });

  it('when an unknown person’s groups map to no role (auto-create on), then she is refused and no account is made', async () => {
    const t = await ssoApp({ OIDC_AUTO_CREATE: 'true' });
    await mapGroup(t, await anAdmin(t), 'sg-atgardsplan-chef', 'manager');
    const { res } = await signIn(t, 'olle-berg');
    expect(res.status).to.equal(403);
    expect(textOf(res.text)).to.contain('ingår inte i någon grupp som ger en roll');
    expect(await findUserByEmail(t.db, 'olle.berg@exempelkommun.se')).to.equal(undefined);
  });

  it('when the provider says the e-mail is not verified, then nobody is matched or made from it', async () => {
    const t = await ssoApp({ OIDC_AUTO_CREATE: 'true' });
    await mapGroup(t, await anAdmin(t), 'sg-atgardsplan-chef', 'manager');
    const { res } = await signIn(t, 'ej-verifierad');
    expect(res.status).to.equal(403);
    expect(textOf(res.text)).to.contain('ingen bekräftad e-postadress');
    expect(await findUserByEmail(t.db, 'okand.adress@exempelkommun.se')).to.equal(undefined);
  });

  it('when an existing user logs in, then she is matched by e-mail whatever its case, and a deactivated one is refused', async () => {
    const t = await ssoApp();
    const id = await createUser(t.db, t.clock, {
      email: 'eva.lind@exempelkommun.se',
      name: 'Eva Lind',
      role: 'director',
      password: null,
    });
    const first = await signIn(t, 'eva-lind');
    expect(first.res.status).to.equal(303);
    // No group is mapped: roles are set in the app and the login keeps hers.
    expect((await findUserByEmail(t.db, 'eva.lind@exempelkommun.se'))!.role).to.equal('director');
    await t.db.updateTable('users').set({ active: 0 }).where('id', '=', id).execute();
    const second = await signIn(t, 'eva-lind');
    expect(second.res.status).to.equal(403);
    expect(textOf(second.res.text)).to.contain('Ditt konto i Åtgärdsplan är inaktiverat');
    expect((await second.agent.get('/')).headers.location).to.match(/^\/logga-in/);
  });

  it('when the administrator maps the user’s group to another role, then her role follows it at the next login, recorded in the ändringslogg', async () => {
    const t = await ssoApp();
    const admin = await anAdmin(t);
    await createUser(t.db, t.clock, {
      email: 'karin.ek@exempelkommun.se',
      name: 'Karin Ek',
      role: 'manager',
      password: null,
    });
    await mapGroup(t, admin, 'sg-atgardsplan-las', 'reader');
    expect((await signIn(t, 'karin-ek')).res.status).to.equal(303);
    expect((await findUserByEmail(t.db, 'karin.ek@exempelkommun.se'))!.role).to.equal('reader');

    const session = await loginAs(t, admin);
    const page = await session.get('/admin/inloggning');
    const id = /action="\/admin\/inloggning\/(\d+)\/ta-bort"/.exec(page.text)![1];
    expect((await session.post(`/admin/inloggning/${id}/ta-bort`, {}, '/admin/inloggning')).status).to.equal(303);
    await mapGroup(t, admin, 'SG-Atgardsplan-Las', 'secretary');
    const again = await signIn(t, 'karin-ek');
    expect(again.res.status).to.equal(303);
    expect((await findUserByEmail(t.db, 'karin.ek@exempelkommun.se'))!.role).to.equal('secretary');
    const mappingLog = await t.db
      .selectFrom('audit_log')
      .select(['operation'])
      .where('entity', '=', 'sso_role_mappings')
      .orderBy('id')
      .execute();
    expect(mappingLog.map((a) => a.operation)).to.deep.equal(['insert', 'delete', 'insert']);
    const log = await session.get('/logg');
    expect(textOf(log.text)).to.contain('Rollkoppling (inloggning)');
  });

  it('when groups are mapped and an existing user’s groups map to none, then she is refused (out of the groups, out of the app)', async () => {
    const t = await ssoApp();
    await mapGroup(t, await anAdmin(t), 'sg-atgardsplan-chef', 'manager');
    await createUser(t.db, t.clock, {
      email: 'olle.berg@exempelkommun.se',
      name: 'Olle Berg',
      role: 'director',
      password: null,
    });
    const { res } = await signIn(t, 'olle-berg');
    expect(res.status).to.equal(403);
    expect((await findUserByEmail(t.db, 'olle.berg@exempelkommun.se'))!.role).to.equal('director');
  });

  it('when a group is mapped twice or the form is empty, then the administrator sees why beside the field and nothing is saved', async () => {
    const t = await ssoApp();
    const admin = await anAdmin(t);
    await mapGroup(t, admin, 'sg-atgardsplan-chef', 'manager');
    const session = await loginAs(t, admin);
    const twice = await session.post(
      '/admin/inloggning',
      { claimValue: 'SG-ATGARDSPLAN-CHEF', role: 'director' },
      '/admin/inloggning',
    );
    expect(twice.status).to.equal(422);
    expect(textOf(twice.text)).to.contain('Gruppen har redan en roll');
    expect(twice.text).to.contain('value="SG-ATGARDSPLAN-CHEF"');
    const empty = await session.post('/admin/inloggning', { claimValue: '', role: '' }, '/admin/inloggning');
    expect(empty.status).to.equal(422);
    expect(textOf(empty.text)).to.contain('Välj roll');
    expect(await t.db.selectFrom('sso_role_mappings').selectAll().execute()).to.have.length(1);
  });

  it('when LOCAL_LOGIN=false, then a password login is refused as a wrong password would be, but the break-glass administrator logs in', async () => {
    const t = await ssoApp({ LOCAL_LOGIN: 'false', BREAK_GLASS_EMAIL: 'systemforvaltare@exempelkommun.se' });
    await anAdmin(t);
    await createUser(t.db, t.clock, {
      email: 'karin.ek@exempelkommun.se',
      name: 'Karin Ek',
      role: 'manager',
      password: PASSWORD,
    });
    const agent = request.agent(t.app);
    const page = await agent.get('/logga-in');
    expect(textOf(page.text)).to.contain('Reservinloggning för systemförvaltaren');
    expect(page.text).to.match(/<details>[\s\S]*name="password"[\s\S]*<\/details>/);
    const refused = await agent
      .post('/logga-in')
      .type('form')
      .send({ email: 'karin.ek@exempelkommun.se', password: PASSWORD, _csrf: csrfFrom(page.text) });
    const wrong = await agent
      .post('/logga-in')
      .type('form')
      .send({ email: 'ingen.alls@exempelkommun.se', password: 'fel-losenord-123', _csrf: csrfFrom(page.text) });
    expect(refused.status).to.equal(401);
    expect(textOf(refused.text)).to.contain('Fel e-postadress eller lösenord.');
    expect(textOf(refused.text).replace(/karin\.ek/g, 'X')).to.equal(textOf(wrong.text).replace(/ingen\.alls/g, 'X'));
    expect((await agent.get('/')).headers.location).to.match(/^\/logga-in/);

    const admin = await loginAs(t, 'systemforvaltare@exempelkommun.se');
    expect((await admin.get('/admin/anvandare')).status).to.equal(200);
    // She still logs in with the kommun's account.
    expect((await signIn(t, 'karin-ek')).res.status).to.equal(303);
  });

  it('when LOCAL_LOGIN=false, then only the break-glass administrator is offered a password: no "Byt lösenord", no reset link, an old link dead', async () => {
    const t = await ssoApp({ LOCAL_LOGIN: 'false', BREAK_GLASS_EMAIL: 'systemforvaltare@exempelkommun.se' });
    await anAdmin(t);
    // Karin had a password and a reset link from before the kommun turned passwords off.
    const karin = { email: 'karin.ek@exempelkommun.se', id: 0 };
    karin.id = await createUser(t.db, t.clock, { ...karin, name: 'Karin Ek', role: 'manager', password: PASSWORD });
    const oldLink = await createResetLink(t.db, t.clock, karin.id);

    const { agent } = await signIn(t, 'karin-ek');
    expect(textOf((await agent.get('/')).text)).not.to.contain('Byt lösenord');
    const page = await agent.get('/konto/losenord');
    expect(page.status).to.equal(200);
    expect(textOf(page.text)).to.contain('Inloggning med lösenord är avstängd');
    expect(page.text).not.to.contain('name="password"');
    const change = await agent
      .post('/konto/losenord')
      .type('form')
      .send({
        current: PASSWORD,
        password: 'ett-helt-nytt-losenord',
        repeat: 'ett-helt-nytt-losenord',
        _csrf: csrfFrom(page.text),
      });
    expect(change.status).to.equal(403);
    expect(await authenticate(t.db, karin.email, 'ett-helt-nytt-losenord')).to.equal(null);
    expect((await request(t.app).get(`/aterstall/${oldLink}`)).status).to.equal(404);

    const admin = await loginAs(t, 'systemforvaltare@exempelkommun.se');
    expect(textOf((await admin.get('/')).text)).to.contain('Byt lösenord');
    const karinsPage = textOf((await admin.get(`/admin/anvandare/${karin.id}`)).text);
    expect(karinsPage).to.contain('användaren loggar in med kommunens konto');
    expect(karinsPage).not.to.contain('Skapa återställningslänk');
    const refused = await admin.post(
      `/admin/anvandare/${karin.id}/aterstallningslank`,
      {},
      `/admin/anvandare/${karin.id}`,
    );
    expect(refused.status).to.equal(422);
    expect(textOf(refused.text)).to.contain('behöver ingen återställningslänk');
  });

  it('when LOCAL_LOGIN=false is set without single sign-on, then the configuration is refused', () => {
    expect(() => loadConfig({ LOCAL_LOGIN: 'false' })).to.throw(/LOCAL_LOGIN=false kräver/);
    expect(() => loadConfig({ OIDC_ISSUER: 'https://login.exempelkommun.se' })).to.throw(/alla tre eller inte alls/);
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        PUBLIC_URL,
        OIDC_ISSUER: 'http://login.exempelkommun.se',
        OIDC_CLIENT_ID: 'a',
        OIDC_CLIENT_SECRET: 'b',
      }),
    ).to.throw(/https/);
  });

  it('when a user who came through the provider logs out, then the app session ends and she is sent to its end_session with id_token_hint', async () => {
    const t = await ssoApp();
    await createUser(t.db, t.clock, {
      email: 'karin.ek@exempelkommun.se',
      name: 'Karin Ek',
      role: 'reader',
      password: null,
    });
    const { agent } = await signIn(t, 'karin-ek');
    const home = await agent.get('/');
    expect(home.status).to.equal(200);
    const out = await agent
      .post('/logga-ut')
      .type('form')
      .send({ _csrf: csrfFrom(home.text) });
    expect(out.status).to.equal(303);
    const to = new URL(String(out.headers.location));
    expect(to.origin + to.pathname).to.equal(`${idp.issuer}/session/end`);
    expect(to.searchParams.get('id_token_hint')).to.match(/^ey/);
    expect(to.searchParams.get('post_logout_redirect_uri')).to.equal(`${PUBLIC_URL}/logga-in`);
    // The provider accepts it (a valid hint, a registered return address): it asks to confirm the logout.
    const atProvider = await fetch(to, { redirect: 'manual' });
    expect(atProvider.status, await atProvider.text()).to.equal(200);
    expect((await agent.get('/')).headers.location).to.match(/^\/logga-in/);
    const sessions = await t.db.selectFrom('sessions').select('user_id').execute();
    expect(sessions.filter((s) => s.user_id !== null)).to.deep.equal([]);
  });

  it('when a password user logs out, then she goes to the login page as before', async () => {
    const t = await ssoApp();
    const admin = await loginAs(t, await anAdmin(t));
    const home = await admin.get('/');
    const out = await admin.agent
      .post('/logga-ut')
      .type('form')
      .send({ _csrf: csrfFrom(home.text) });
    expect(out.headers.location).to.equal('/logga-in');
  });

  it('when the answer’s state is tampered with, then a Swedish page refuses it and no session is made', async () => {
    const t = await ssoApp();
    await createUser(t.db, t.clock, {
      email: 'karin.ek@exempelkommun.se',
      name: 'Karin Ek',
      role: 'reader',
      password: null,
    });
    idp.who.next = 'karin-ek';
    const agent = request.agent(t.app);
    const start = await agent.get('/logga-in/oidc');
    const back = await throughProvider(String(start.headers.location));
    back.searchParams.set('state', 'en-annan-state-' + back.searchParams.get('state'));
    const res = await agent.get(back.pathname + back.search);
    expect(res.status).to.equal(400);
    expect(textOf(res.text)).to.contain('Inloggningen kunde inte slutföras');
    expect((await agent.get('/')).headers.location).to.match(/^\/logga-in/);
    // The pending login was used up: the genuine answer afterwards is refused too.
    back.searchParams.set('state', back.searchParams.get('state')!.replace('en-annan-state-', ''));
    expect((await agent.get(back.pathname + back.search)).status).to.equal(400);
    const users = await t.db.selectFrom('sessions').select('user_id').execute();
    expect(users.filter((s) => s.user_id !== null)).to.deep.equal([]);
  });

  it('when the answer comes to a browser that never began the login, then it is refused', async () => {
    const t = await ssoApp();
    await createUser(t.db, t.clock, {
      email: 'karin.ek@exempelkommun.se',
      name: 'Karin Ek',
      role: 'reader',
      password: null,
    });
    idp.who.next = 'karin-ek';
    const start = await request.agent(t.app).get('/logga-in/oidc');
    const back = await throughProvider(String(start.headers.location));
    const other = request.agent(t.app);
    const res = await other.get(back.pathname + back.search);
    expect(res.status).to.equal(400);
    expect((await other.get('/')).headers.location).to.match(/^\/logga-in/);
  });

  it('when a login through the provider succeeds, then the session id is new and the login throttle is untouched', async () => {
    const t = await ssoApp();
    await createUser(t.db, t.clock, {
      email: 'karin.ek@exempelkommun.se',
      name: 'Karin Ek',
      role: 'reader',
      password: null,
    });
    idp.who.next = 'karin-ek';
    const agent = request.agent(t.app);
    const start = await agent.get('/logga-in/oidc');
    const before = /atgardsplan\.sid=([^;]+)/.exec(String(start.headers['set-cookie']))![1];
    const back = await throughProvider(String(start.headers.location));
    const res = await agent.get(back.pathname + back.search);
    const after = /atgardsplan\.sid=([^;]+)/.exec(String(res.headers['set-cookie']))![1];
    expect(after).not.to.equal(before);
    expect(await t.db.selectFrom('login_failures').selectAll().execute()).to.deep.equal([]);
    expect(await t.db.selectFrom('login_throttle').selectAll().execute()).to.deep.equal([]);
  });

  it('when a login through the provider is asked for with a page to return to, then the user lands there', async () => {
    const t = await ssoApp();
    await createUser(t.db, t.clock, {
      email: 'karin.ek@exempelkommun.se',
      name: 'Karin Ek',
      role: 'reader',
      password: null,
    });
    idp.who.next = 'karin-ek';
    const agent = request.agent(t.app);
    const login = await agent.get('/logga-in?nasta=%2Farenden');
    expect(login.text).to.contain('href="/logga-in/oidc?nasta=%2Farenden"');
    const start = await agent.get('/logga-in/oidc?nasta=%2Farenden');
    const back = await throughProvider(String(start.headers.location));
    expect((await agent.get(back.pathname + back.search)).headers.location).to.equal('/arenden');
  });
});
