import { expect } from 'chai';
import request from 'supertest';
import { csrfFrom, loginAs, makeUser, PASSWORD, textOf, type Session } from '../helpers/app.ts';
import { securityTestApp, type SecurityTestApp } from '../helpers/security.ts';
import { findUserWithHashByEmail } from '../../src/users/users.repository.ts';
import { isCommonPassword } from '../../src/security/password-rules.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';

const NEW_PASSWORD = 'tre-blaa-cyklar-i-regn';

async function canLogIn(t: SecurityTestApp, email: string, password: string): Promise<boolean> {
  try {
    await loginAs(t, email, password);
    return true;
  } catch {
    return false;
  }
}

describe('security: password rules', () => {
  let t: SecurityTestApp;
  let admin: Session;
  beforeEach(async () => {
    t = await securityTestApp();
    admin = await loginAs(t, (await makeUser(t, 'admin')).email);
  });

  const newUser = (password: string, email = 'ebba.enhetschef@exempelkommun.se') =>
    admin.post(
      '/admin/anvandare/ny',
      { name: 'Ebba Enhetschef', email, role: 'manager', password },
      '/admin/anvandare/ny',
    );

  for (const [password, message] of [
    ['kort-ord', 'Lösenord måste ha minst 10 tecken.'],
    ['password123', 'Lösenordet är för vanligt'],
    ['Sommar2026!', 'Lösenordet är för vanligt'],
    ['qwertyuiop', 'Lösenordet är för vanligt'],
    ['ebba.enhetschef-2026', 'Lösenordet får inte vara eller innehålla e-postadressen.'],
    ['EBBA.ENHETSCHEF@exempelkommun.se', 'Lösenordet får inte vara eller innehålla e-postadressen.'],
  ]) {
    it(`when an administrator gives a new user the password "${password}", then it is refused with "${message}" and nothing is stored`, async () => {
      const res = await newUser(password);
      expect(res.status).to.equal(422);
      expect(textOf(res.text)).to.contain(message);
      expect(res.text).not.to.contain(password);
      expect(await findUserWithHashByEmail(t.db, 'ebba.enhetschef@exempelkommun.se')).to.equal(undefined);
    });
  }

  it('when the common-password list is asked, then it knows well over a thousand passwords and Swedish favourites', () => {
    for (const p of ['123456', 'iloveyou', 'dragon', 'lösenord', 'Losenord123', 'Hejsan2026', 'basketball'])
      expect(isCommonPassword(p), p).to.equal(true);
    for (const p of [PASSWORD, 'demo-losenord-2026', NEW_PASSWORD]) expect(isCommonPassword(p), p).to.equal(false);
  });
});

describe('security: changing one’s own password', () => {
  let t: SecurityTestApp;
  let me: { id: number; email: string };
  let s: Session;
  beforeEach(async () => {
    t = await securityTestApp();
    me = await makeUser(t, 'manager', 'Mona Enhetschef');
    s = await loginAs(t, me.email);
  });

  const change = (fields: Record<string, string>) => s.post('/konto/losenord', fields, '/konto/losenord');

  it('when logged in, then the header links to Byt lösenord and the form asks for the current and the new password twice', async () => {
    const home = await s.get('/');
    expect(home.text).to.contain('href="/konto/losenord"');
    expect(textOf(home.text)).to.contain('Byt lösenord');
    const page = await s.get('/konto/losenord');
    expect(page.status).to.equal(200);
    const text = textOf(page.text);
    for (const label of ['Nuvarande lösenord', 'Nytt lösenord', 'Upprepa nytt lösenord'])
      expect(text).to.contain(label);
    expect(page.text).to.contain('autocomplete="current-password"');
    expect(page.text).to.contain('autocomplete="new-password"');
  });

  it('when the password is changed, then only the new one works, other sessions end and this one goes on', async () => {
    const other = await loginAs(t, me.email);
    const res = await change({ current: PASSWORD, password: NEW_PASSWORD, repeat: NEW_PASSWORD });
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal('/');
    const home = await s.get('/');
    expect(home.status).to.equal(200);
    expect(textOf(home.text)).to.contain('Ditt lösenord är bytt.');
    expect((await other.get('/')).status, 'the other browser is logged out').to.equal(303);
    expect(await canLogIn(t, me.email, PASSWORD)).to.equal(false);
    expect(await canLogIn(t, me.email, NEW_PASSWORD)).to.equal(true);
  });

  it('when the current password is wrong, then nothing changes and the field says so', async () => {
    const res = await change({ current: 'inte-mitt-losenord', password: NEW_PASSWORD, repeat: NEW_PASSWORD });
    expect(res.status).to.equal(422);
    expect(res.text).to.match(/id="e-current"[^>]*>.*Det nuvarande lösenordet stämmer inte\./);
    expect(await canLogIn(t, me.email, PASSWORD)).to.equal(true);
  });

  it('when the current password is guessed again and again, then the form locks like the login page', async () => {
    for (let i = 0; i < 4; i += 1)
      expect(
        (await change({ current: `gissning-nummer-${i}`, password: NEW_PASSWORD, repeat: NEW_PASSWORD })).status,
      ).to.equal(422);
    const fifth = await change({ current: 'gissning-nummer-5', password: NEW_PASSWORD, repeat: NEW_PASSWORD });
    expect(fifth.status).to.equal(429);
    expect(textOf(fifth.text)).to.contain('För många misslyckade inloggningsförsök. Försök igen om 15 minuter.');
    const right = await change({ current: PASSWORD, password: NEW_PASSWORD, repeat: NEW_PASSWORD });
    expect(right.status).to.equal(429);
    expect(await canLogIn(t, me.email, NEW_PASSWORD)).to.equal(false);
  });

  it('when the new password breaks a rule or is not repeated the same, then 422 with the message beside the field and no password sent back', async () => {
    const cases: [Record<string, string>, string, string][] = [
      [
        { current: PASSWORD, password: NEW_PASSWORD, repeat: 'tre-blaa-cyklar-i-sol' },
        'repeat',
        'Lösenorden är inte likadana.',
      ],
      [
        { current: PASSWORD, password: 'password1234', repeat: 'password1234' },
        'password',
        'Lösenordet är för vanligt',
      ],
      [
        {
          current: PASSWORD,
          password: `${me.email.split('@')[0]}-hemligt`,
          repeat: `${me.email.split('@')[0]}-hemligt`,
        },
        'password',
        'får inte vara eller innehålla e-postadressen',
      ],
      [
        { current: PASSWORD, password: PASSWORD, repeat: PASSWORD },
        'password',
        'Det nya lösenordet måste skilja sig från det nuvarande.',
      ],
      [{ current: '', password: NEW_PASSWORD, repeat: NEW_PASSWORD }, 'current', 'Fyll i ditt nuvarande lösenord.'],
    ];
    for (const [fields, field, message] of cases) {
      const res = await change(fields);
      expect(res.status, message).to.equal(422);
      expect(res.text, message).to.match(
        new RegExp(`id="e-${field}"[^>]*>.*${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
      );
      expect(res.text).not.to.contain(`value="${fields.password}"`);
    }
    expect(await canLogIn(t, me.email, PASSWORD)).to.equal(true);
  });

  it('when nobody is logged in, then the form is not shown and a post is refused', async () => {
    const res = await request(t.app).get('/konto/losenord');
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal('/logga-in?nasta=%2Fkonto%2Flosenord');
  });
});

describe('security: links are not built from the Host header', () => {
  it('when PUBLIC_URL is set and a request names another host, then the reset link starts with PUBLIC_URL; production refuses to start without it', async () => {
    const t = await securityTestApp({ env: { PUBLIC_URL: 'https://atgardsplan.exempelkommun.se/' } });
    const admin = await loginAs(t, (await makeUser(t, 'admin')).email);
    const user = await makeUser(t, 'secretary', 'Siv Sekreterare');
    const page = await admin.get(`/admin/anvandare/${user.id}`);
    await admin.agent
      .post(`/admin/anvandare/${user.id}/aterstallningslank`)
      .set('Host', 'evil.example')
      .type('form')
      .send({ _csrf: csrfFrom(page.text) });
    const shown = (await admin.get(`/admin/anvandare/${user.id}`)).text;
    expect(shown).to.match(/https:\/\/atgardsplan\.exempelkommun\.se\/aterstall\/[A-Za-z0-9_-]+/);
    expect(shown).not.to.contain('evil.example');
    expect(() => loadConfig({ NODE_ENV: 'production' })).to.throw(ConfigError, /PUBLIC_URL krävs/);
    expect(
      loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://atgardsplan.exempelkommun.se' }).production,
    ).to.equal(true);
  });
});

describe('security: password reset by one-time link', () => {
  let t: SecurityTestApp;
  let admin: Session;
  let user: { id: number; email: string; name: string };
  beforeEach(async () => {
    t = await securityTestApp();
    admin = await loginAs(t, (await makeUser(t, 'admin')).email);
    user = await makeUser(t, 'secretary', 'Siv Sekreterare');
  });

  async function createLink(id = user.id): Promise<string> {
    const res = await admin.post(`/admin/anvandare/${id}/aterstallningslank`, {}, `/admin/anvandare/${id}`);
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal(`/admin/anvandare/${id}`);
    const page = await admin.get(res.headers.location);
    const m = /https?:\/\/[^<\s]+\/aterstall\/([A-Za-z0-9_-]+)/.exec(page.text);
    expect(m, 'the link is shown on the user page').to.not.equal(null);
    return `/aterstall/${m![1]}`;
  }

  async function useLink(path: string, password = NEW_PASSWORD, repeat = password) {
    const agent = request.agent(t.app);
    const form = await agent.get(path);
    // A dead link shows no form; take a CSRF token elsewhere to see that posting is refused too.
    const token = form.status === 200 ? csrfFrom(form.text) : csrfFrom((await agent.get('/logga-in')).text);
    const res = await agent.post(path).type('form').send({ password, repeat, _csrf: token });
    return { form, res, agent };
  }

  it('when an administrator creates a link, then it is shown once with instructions and only its hash is stored', async () => {
    const edit = await admin.get(`/admin/anvandare/${user.id}`);
    expect(textOf(edit.text)).to.contain('Skapa återställningslänk');
    const path = await createLink();
    const again = await admin.get(`/admin/anvandare/${user.id}`);
    expect(again.text).not.to.contain(path);
    const token = path.split('/').pop()!;
    const rows = await t.db.selectFrom('one_time_tokens').selectAll().where('purpose', '=', 'reset').execute();
    expect(rows).to.have.length(1);
    expect(rows[0].user_id).to.equal(user.id);
    expect(rows[0].token_hash).not.to.contain(token);
    expect(rows[0].expires_at).to.equal('2026-03-17T09:00:00.000Z'); // 24 h after 10:00 Stockholm time
  });

  it('when the user follows the link, then they choose a new password once, every session of theirs ends, and they log in with it', async () => {
    const theirSession = await loginAs(t, user.email);
    const path = await createLink();
    const { form, res, agent } = await useLink(path);
    expect(form.status).to.equal(200);
    expect(textOf(form.text)).to.contain(user.email);
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal('/logga-in');
    expect(textOf((await agent.get('/logga-in')).text)).to.contain(
      'Ditt lösenord är bytt. Logga in med det nya lösenordet.',
    );
    expect((await theirSession.get('/')).status).to.equal(303);
    expect(await canLogIn(t, user.email, PASSWORD)).to.equal(false);
    expect(await canLogIn(t, user.email, NEW_PASSWORD)).to.equal(true);
    const second = await useLink(path, 'ett-tredje-losenord-nu');
    expect(second.form.status).to.equal(404);
    expect(textOf(second.form.text)).to.contain('Länken gäller inte längre');
    expect(second.res.status).to.equal(404);
    expect(await canLogIn(t, user.email, 'ett-tredje-losenord-nu')).to.equal(false);
  });

  it('when the new password breaks a rule, then the link still works for another try', async () => {
    const path = await createLink();
    const { res } = await useLink(path, 'password123');
    expect(res.status).to.equal(422);
    expect(textOf(res.text)).to.contain('Lösenordet är för vanligt');
    const mismatch = await useLink(path, NEW_PASSWORD, 'något-annat-losenord');
    expect(mismatch.res.status).to.equal(422);
    expect(textOf(mismatch.res.text)).to.contain('Lösenorden är inte likadana.');
    expect((await useLink(path)).res.status).to.equal(303);
  });

  it('when 24 hours have passed, or a newer link was made, then the link no longer works', async () => {
    const old = await createLink();
    const newer = await createLink();
    expect((await useLink(old)).res.status).to.equal(404);
    t.advance({ hours: 24, minutes: 1 });
    expect((await useLink(newer)).res.status).to.equal(404);
    expect(await canLogIn(t, user.email, PASSWORD)).to.equal(true);
  });

  it('when the user is deactivated, then no link can be made and an earlier link stops working', async () => {
    const path = await createLink();
    await t.db.updateTable('users').set({ active: 0 }).where('id', '=', user.id).execute();
    expect((await useLink(path)).res.status).to.equal(404);
    const res = await admin.post(`/admin/anvandare/${user.id}/aterstallningslank`, {}, `/admin/anvandare/${user.id}`);
    expect(res.status).to.equal(422);
    expect(textOf(res.text)).to.contain('Användaren är inaktiv');
  });

  it('when the account was locked by someone guessing, then a reset lifts the lock', async () => {
    const agent = request.agent(t.app);
    for (let i = 0; i < 5; i += 1) {
      const page = await agent.get('/logga-in');
      await agent
        .post('/logga-in')
        .type('form')
        .send({ email: user.email, password: `gissning-${i}-abc`, _csrf: csrfFrom(page.text) });
    }
    expect(await canLogIn(t, user.email, PASSWORD)).to.equal(false);
    await useLink(await createLink());
    expect(await canLogIn(t, user.email, NEW_PASSWORD)).to.equal(true);
  });

  it('when someone who is not an administrator asks for a link, then it is forbidden and none is made', async () => {
    const director = await loginAs(t, (await makeUser(t, 'director')).email);
    const res = await director.post(`/admin/anvandare/${user.id}/aterstallningslank`, {});
    expect(res.status).to.equal(403);
    expect(await t.db.selectFrom('one_time_tokens').selectAll().execute()).to.have.length(0);
  });

  it('when the link is made up, then the page says it does not work', async () => {
    const res = await request(t.app).get('/aterstall/finns-inte-alls');
    expect(res.status).to.equal(404);
    expect(textOf(res.text)).to.contain('Be en administratör om en ny länk');
  });
});
