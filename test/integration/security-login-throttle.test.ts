import { expect } from 'chai';
import request from 'supertest';
import { csrfFrom, makeUser, PASSWORD, textOf } from '../helpers/app.ts';
import { securityTestApp, type SecurityTestApp } from '../helpers/security.ts';
import { DEFAULT_LOGIN_THROTTLE } from '../../src/security/login-throttle.ts';

const WRONG = 'fel-losenord-123';
const LOCKED = 'För många misslyckade inloggningsförsök. Försök igen om 15 minuter.';

describe('security: login throttling', () => {
  let t: SecurityTestApp;
  beforeEach(async () => {
    t = await securityTestApp();
  });

  /** One login attempt from a fresh browser; `from` sets the client address (the app trusts the proxy in those tests). */
  async function attempt(email: string, password: string, from?: string, app = t.app) {
    const agent = request.agent(app);
    const page = await agent.get('/logga-in');
    const req = agent.post('/logga-in').type('form');
    if (from) req.set('X-Forwarded-For', from);
    return req.send({ email, password, _csrf: csrfFrom(page.text) });
  }

  it('when an account has five failed logins within 15 minutes, then it is locked with a clear message, even for the right password', async () => {
    const u = await makeUser(t, 'reader');
    for (let i = 1; i <= 4; i += 1) {
      const res = await attempt(u.email, WRONG);
      expect(res.status, `attempt ${i}`).to.equal(401);
      expect(textOf(res.text)).to.contain('Fel e-postadress eller lösenord.');
    }
    const fifth = await attempt(u.email, WRONG);
    expect(fifth.status).to.equal(429);
    expect(textOf(fifth.text)).to.contain(LOCKED);
    expect(fifth.headers['retry-after']).to.equal('900');
    const right = await attempt(u.email, PASSWORD);
    expect(right.status).to.equal(429);
    expect(textOf(right.text)).to.contain(LOCKED);
    expect(right.text).to.contain(`value="${u.email}"`);
  });

  it('when the e-mail address does not exist, then the failures and the lock look exactly the same', async () => {
    const u = await makeUser(t, 'reader');
    const statuses = async (email: string) => {
      const out: [number, string][] = [];
      for (let i = 0; i < 6; i += 1) {
        const res = await attempt(email, WRONG);
        out.push([
          res.status,
          (/<div class="error-summary"[\s\S]*?<\/div>/.exec(res.text) ?? [''])[0].replaceAll(email, 'X'),
        ]);
      }
      return out;
    };
    const known = await statuses(u.email);
    const unknown = await statuses('finns-inte@exempelkommun.se');
    expect(unknown).to.deep.equal(known);
    expect(known.map(([s]) => s)).to.deep.equal([401, 401, 401, 401, 429, 429]);
  });

  it('when the lock has run its 15 minutes, then the right password works again, and the minutes left are counted down', async () => {
    const u = await makeUser(t, 'reader');
    for (let i = 0; i < 5; i += 1) await attempt(u.email, WRONG);
    t.advance({ minutes: 10, seconds: 30 });
    const stillLocked = await attempt(u.email, PASSWORD);
    expect(stillLocked.status).to.equal(429);
    expect(textOf(stillLocked.text)).to.contain('Försök igen om 5 minuter.');
    t.advance({ minutes: 4 });
    expect(textOf((await attempt(u.email, PASSWORD)).text)).to.contain('Försök igen om 1 minut.');
    t.advance({ minutes: 1 });
    expect((await attempt(u.email, PASSWORD)).status).to.equal(303);
  });

  it('when failures are spread over more than 15 minutes, then they do not add up to a lock', async () => {
    const u = await makeUser(t, 'reader');
    for (let i = 0; i < 8; i += 1) {
      expect((await attempt(u.email, WRONG)).status).to.equal(401);
      t.advance({ minutes: 4 });
    }
  });

  it('when the user logs in successfully, then the count of failures starts afresh', async () => {
    const u = await makeUser(t, 'reader');
    for (let i = 0; i < 4; i += 1) await attempt(u.email, WRONG);
    expect((await attempt(u.email, PASSWORD)).status).to.equal(303);
    for (let i = 0; i < 4; i += 1) expect((await attempt(u.email, WRONG)).status).to.equal(401);
    const rows = await t.db.selectFrom('login_failures').selectAll().execute();
    expect(rows).to.have.length(4);
  });

  it('when one source address fails twenty times across many accounts, then that address is locked, and others are not', async () => {
    // Behind a trusted proxy, the client address is the one the proxy reports (plain HTTP here, hence no Secure cookie).
    const proxied = await securityTestApp({ env: { TRUST_PROXY: '1', SECURE_COOKIES: '0' } });
    const u = await makeUser(proxied, 'reader');
    const attacker = '203.0.113.7';
    for (let i = 1; i <= 19; i += 1) {
      expect(
        (await attempt(`gissning${i}@exempelkommun.se`, WRONG, attacker, proxied.app)).status,
        `attempt ${i}`,
      ).to.equal(401);
    }
    const twentieth = await attempt('gissning20@exempelkommun.se', WRONG, attacker, proxied.app);
    expect(twentieth.status).to.equal(429);
    expect(textOf(twentieth.text)).to.contain(LOCKED);
    expect(
      (await attempt(u.email, PASSWORD, attacker, proxied.app)).status,
      'the source is locked for every account',
    ).to.equal(429);
    expect(
      (await attempt(u.email, PASSWORD, '198.51.100.20', proxied.app)).status,
      'the account itself is not locked',
    ).to.equal(303);
  });

  it('when someone guesses a colleague’s password five times from one address, then that address is locked for her account, and she still logs in from her own', async () => {
    const proxied = await securityTestApp({ env: { TRUST_PROXY: '1', SECURE_COOKIES: '0' } });
    const chef = await makeUser(proxied, 'director');
    const guesser = '203.0.113.7';
    for (let i = 1; i <= 4; i += 1)
      expect((await attempt(chef.email, WRONG, guesser, proxied.app)).status, `guess ${i}`).to.equal(401);
    expect((await attempt(chef.email, WRONG, guesser, proxied.app)).status).to.equal(429);
    expect((await attempt(chef.email, PASSWORD, guesser, proxied.app)).status, 'even the right password').to.equal(429);
    // The day before a svarsdatum the förvaltningschef is not locked out by it.
    expect((await attempt(chef.email, PASSWORD, '198.51.100.20', proxied.app)).status).to.equal(303);
    // Her login does not free the guesser's address either.
    expect((await attempt(chef.email, PASSWORD, guesser, proxied.app)).status).to.equal(429);
  });

  it('when an account fails a hundred times within 15 minutes from many addresses, then it is locked for every address', async () => {
    const proxied = await securityTestApp({ env: { TRUST_PROXY: '1', SECURE_COOKIES: '0' } });
    const chef = await makeUser(proxied, 'director');
    const statuses: number[] = [];
    for (let i = 0; i < 100; i += 1)
      statuses.push((await attempt(chef.email, WRONG, `192.0.2.${Math.floor(i / 4) + 1}`, proxied.app)).status);
    expect(statuses.slice(0, 99).every((s) => s === 401)).to.equal(true);
    expect(statuses[99]).to.equal(429);
    const fresh = await attempt(chef.email, PASSWORD, '198.51.100.20', proxied.app);
    expect(fresh.status).to.equal(429);
    expect(textOf(fresh.text)).to.contain(LOCKED);
  });

  it('when failures repeat, then each attempt waits longer before the password is checked', async () => {
    const u = await makeUser(t, 'reader');
    for (let i = 0; i < 5; i += 1) await attempt(u.email, WRONG);
    expect(t.delays).to.deep.equal([250, 500, 1000]);
    expect(DEFAULT_LOGIN_THROTTLE.delayMs(0)).to.equal(0);
    expect(DEFAULT_LOGIN_THROTTLE.delayMs(1)).to.equal(0);
    expect(DEFAULT_LOGIN_THROTTLE.delayMs(10)).to.equal(2000);
  });

  it('when a user is deactivated, then even the right password gives the same answer as a wrong one', async () => {
    const u = await makeUser(t, 'manager');
    await t.db.updateTable('users').set({ active: 0 }).where('id', '=', u.id).execute();
    const res = await attempt(u.email, PASSWORD);
    expect(res.status).to.equal(401);
    expect(textOf(res.text)).to.contain('Fel e-postadress eller lösenord.');
  });
});
