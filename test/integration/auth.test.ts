import { expect } from 'chai';
import request from 'supertest';
import { csrfFrom, loginAs, makeUser, testApp, textOf, type TestApp } from '../helpers/app.ts';

describe('logging in and out', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp();
  });

  it('when anonymous, then pages redirect to the login form', async () => {
    const res = await request(t.app).get('/arenden');
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal('/logga-in?nasta=%2Farenden');
  });

  it('when the password is wrong, then the form says so without telling whether the e-mail exists', async () => {
    const u = await makeUser(t, 'reader');
    const agent = request.agent(t.app);
    const page = await agent.get('/logga-in');
    const wrong = await agent
      .post('/logga-in')
      .type('form')
      .send({ email: u.email, password: 'fel-losenord-123', _csrf: csrfFrom(page.text) });
    const unknown = await agent
      .post('/logga-in')
      .type('form')
      .send({ email: 'ingen@exempelkommun.se', password: 'fel-losenord-123', _csrf: csrfFrom(page.text) });
    expect(wrong.status).to.equal(401);
    expect(textOf(wrong.text)).to.contain('Fel e-postadress eller lösenord.');
    expect(textOf(unknown.text)).to.contain('Fel e-postadress eller lösenord.');
    expect(wrong.text).to.contain(`value="${u.email}"`);
  });

  it('when the form has no CSRF token, then nothing happens and a 403 page explains it', async () => {
    const u = await makeUser(t, 'reader');
    const res = await request(t.app).post('/logga-in').type('form').send({ email: u.email, password: 'x' });
    expect(res.status).to.equal(403);
    expect(textOf(res.text)).to.contain('Formuläret har gått ut');
  });

  it('when logged in, then the start page greets the user; after logging out the session is gone', async () => {
    const u = await makeUser(t, 'director', 'Greta Exempelsson');
    const s = await loginAs(t, u.email);
    const home = await s.get('/');
    expect(home.status).to.equal(200);
    expect(textOf(home.text)).to.contain('Greta Exempelsson');
    const out = await s.post('/logga-ut', {});
    expect(out.status).to.equal(303);
    const after = await s.get('/');
    expect(after.status).to.equal(303);
    const sessions = await t.db.selectFrom('sessions').selectAll().execute();
    expect(sessions.filter((r) => r.data.includes(`"userId":${u.id}`))).to.have.length(0);
  });

  it('when the cookie is set, then it is httpOnly and SameSite', async () => {
    const res = await request(t.app).get('/logga-in');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).to.match(/HttpOnly/);
    expect(cookie).to.match(/SameSite=Lax/);
  });

  it('when a user is deactivated, then they cannot log in', async () => {
    const u = await makeUser(t, 'reader');
    await t.db.updateTable('users').set({ active: 0 }).where('id', '=', u.id).execute();
    let failed = false;
    try {
      await loginAs(t, u.email);
    } catch {
      failed = true;
    }
    expect(failed).to.equal(true);
  });

  it('when the login page is asked to redirect elsewhere, then it stays on this site', async () => {
    const u = await makeUser(t, 'reader');
    const agent = request.agent(t.app);
    const page = await agent.get('/logga-in?nasta=//evil.example/');
    const res = await agent
      .post('/logga-in')
      .type('form')
      .send({ email: u.email, password: 'korrekt-hast-batteri', nasta: '//evil.example/', _csrf: csrfFrom(page.text) });
    expect(res.headers.location).to.equal('/');
  });
});
