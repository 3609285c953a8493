import { expect } from 'chai';
import request from 'supertest';
import { csrfFrom, loginAs, makeUser, PASSWORD, type TestApp } from '../helpers/app.ts';
import { securityTestApp, sessionCookie, type SecurityTestApp } from '../helpers/security.ts';

/** The session id inside a signed cookie value "s:<id>.<signature>". */
function sidOf(cookie: string): string {
  return /^s:([^.]+)\./.exec(decodeURIComponent(cookie.split('=')[1]))![1];
}

async function sessionRows(t: TestApp) {
  return t.db.selectFrom('sessions').selectAll().execute();
}

describe('security: sessions', () => {
  let t: SecurityTestApp;
  beforeEach(async () => {
    t = await securityTestApp();
  });

  it('when a user logs in, then the session gets a new id and the id from before login no longer exists', async () => {
    const u = await makeUser(t, 'reader');
    const agent = request.agent(t.app);
    const page = await agent.get('/logga-in');
    const before = sessionCookie(page);
    expect(before, 'the login form starts a session for its CSRF token').to.be.a('string');
    const res = await agent
      .post('/logga-in')
      .type('form')
      .send({ email: u.email, password: PASSWORD, _csrf: csrfFrom(page.text) });
    expect(res.status).to.equal(303);
    const after = sessionCookie(res);
    expect(after).to.be.a('string').and.not.equal(before);
    const sids = (await sessionRows(t)).map((r) => r.sid);
    expect(sids).not.to.include(sidOf(before!));
    expect(sids).to.include(sidOf(after!));
    // A planted id is worthless: the old cookie is not logged in.
    const planted = await request(t.app).get('/').set('Cookie', before!);
    expect(planted.status).to.equal(303);
    expect(planted.headers.location).to.match(/^\/logga-in/);
  });

  it('when a user logs out, then the session row is deleted and the old cookie no longer lets anyone in', async () => {
    const u = await makeUser(t, 'director');
    const agent = request.agent(t.app);
    const page = await agent.get('/logga-in');
    const login = await agent
      .post('/logga-in')
      .type('form')
      .send({ email: u.email, password: PASSWORD, _csrf: csrfFrom(page.text) });
    const cookie = sessionCookie(login)!;
    expect((await request(t.app).get('/').set('Cookie', cookie)).status).to.equal(200);
    const home = await agent.get('/');
    const out = await agent
      .post('/logga-ut')
      .type('form')
      .send({ _csrf: csrfFrom(home.text) });
    expect(out.status).to.equal(303);
    expect(String(out.headers['set-cookie'])).to.match(/atgardsplan\.sid=;/);
    expect((await sessionRows(t)).map((r) => r.sid)).not.to.include(sidOf(cookie));
    const replay = await request(t.app).get('/').set('Cookie', cookie);
    expect(replay.status).to.equal(303);
    expect(replay.headers.location).to.equal('/logga-in?nasta=%2F');
  });

  it('when a user logs in, then the session cookie is httpOnly, SameSite=Lax and ends with the browser, and later pages do not set it again', async () => {
    const u = await makeUser(t, 'reader');
    const agent = request.agent(t.app);
    const page = await agent.get('/logga-in');
    const res = await agent
      .post('/logga-in')
      .type('form')
      .send({ email: u.email, password: PASSWORD, _csrf: csrfFrom(page.text) });
    const header = String(res.headers['set-cookie']);
    expect(header)
      .to.match(/atgardsplan\.sid=s%3A/)
      .and.match(/HttpOnly/)
      .and.match(/SameSite=Lax/);
    expect(header, 'no Max-Age or Expires: the idle and absolute limits are kept on the server').not.to.match(
      /Max-Age|Expires/i,
    );
    const next = await agent.get('/');
    expect(next.status).to.equal(200);
    expect(next.headers['set-cookie']).to.equal(undefined);
  });

  it('when a session is idle for more than two hours, then the next request asks the user to log in', async () => {
    const u = await makeUser(t, 'reader');
    const s = await loginAs(t, u.email);
    t.advance({ hours: 1, minutes: 55 });
    expect((await s.get('/')).status, 'activity within two hours keeps the session').to.equal(200);
    t.advance({ hours: 1, minutes: 55 });
    expect((await s.get('/arenden')).status).to.equal(200);
    t.advance({ hours: 2, minutes: 1 });
    const res = await s.get('/arenden');
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal('/logga-in?nasta=%2Farenden');
  });

  it('when a busy session is older than twelve hours, then it ends even though it was never idle', async () => {
    const u = await makeUser(t, 'reader');
    const s = await loginAs(t, u.email);
    for (let i = 0; i < 6; i += 1) {
      t.advance({ hours: 1, minutes: 50 });
      expect((await s.get('/')).status, `after ${(i + 1) * 110} minutes`).to.equal(200);
    }
    t.advance({ hours: 1, minutes: 5 }); // 12 h 5 min after login
    const res = await s.get('/');
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.match(/^\/logga-in/);
    expect((await sessionRows(t)).filter((r) => r.data.includes(`"userId":${u.id}`))).to.have.length(0);
  });

  it('when served over plain HTTP, then the cookie is httpOnly and SameSite=Lax but not Secure', async () => {
    const cookie = String((await request(t.app).get('/logga-in')).headers['set-cookie']);
    expect(cookie).to.match(/HttpOnly/);
    expect(cookie).to.match(/SameSite=Lax/);
    expect(cookie).not.to.match(/Secure/);
  });

  it('when SECURE_COOKIES=1 behind a trusted TLS proxy, then the cookie is Secure and HSTS is sent', async () => {
    const proxied = await securityTestApp({ env: { SECURE_COOKIES: '1', TRUST_PROXY: '1' } });
    const res = await request(proxied.app).get('/logga-in').set('X-Forwarded-Proto', 'https');
    expect(String(res.headers['set-cookie'])).to.match(/; Secure/);
    expect(String(res.headers['set-cookie'])).to.match(/HttpOnly/);
    expect(res.headers['strict-transport-security']).to.match(/max-age=\d+/);
  });

  it('when TRUST_PROXY=1 and the proxy says the request came over TLS, then the cookie is Secure without further settings', async () => {
    const proxied = await securityTestApp({ env: { TRUST_PROXY: '1' } });
    const res = await request(proxied.app).get('/logga-in').set('X-Forwarded-Proto', 'https');
    expect(String(res.headers['set-cookie'])).to.match(/; Secure/);
  });

  it('when the proxy is not trusted, then a client claiming X-Forwarded-Proto https changes nothing', async () => {
    const res = await request(t.app).get('/logga-in').set('X-Forwarded-Proto', 'https');
    expect(String(res.headers['set-cookie'])).not.to.match(/Secure/);
  });

  it('when an administrator deactivates a logged-in user, then that user is out at the next request and their sessions are deleted', async () => {
    const victim = await makeUser(t, 'manager');
    const s = await loginAs(t, victim.email);
    const admin = await loginAs(t, (await makeUser(t, 'admin')).email);
    const res = await admin.post(
      `/admin/anvandare/${victim.id}`,
      { name: victim.name, email: victim.email, role: 'manager', password: '', version: '1' },
      `/admin/anvandare/${victim.id}`,
    );
    expect(res.status).to.equal(303);
    const rows = await t.db.selectFrom('sessions').select('data').execute();
    expect(rows.filter((r) => r.data.includes(`"userId":${victim.id},`))).to.have.length(0);
    const after = await s.get('/');
    expect(after.status).to.equal(303);
    expect(after.headers.location).to.match(/^\/logga-in/);
  });
});
