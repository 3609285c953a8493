import { expect } from 'chai';
import { loggedIn, loginAs, makeUser, PASSWORD, testApp, textOf, type Session, type TestApp } from '../helpers/app.ts';
import { findUserById, findUserWithHashByEmail } from '../../src/users/users.repository.ts';
import { findCommittee, listCommittees } from '../../src/committees/committees.repository.ts';
import { createCommittee } from '../../src/committees/committees.service.ts';
import { updateUser } from '../../src/users/users.service.ts';
import { InvalidInputError } from '../../src/shared/errors.ts';
import type { Role } from '../../src/users/roles.ts';

async function canLogIn(t: TestApp, email: string, password = PASSWORD): Promise<boolean> {
  try {
    await loginAs(t, email, password);
    return true;
  } catch {
    return false;
  }
}

describe('administration of users', () => {
  let t: TestApp;
  let admin: Session;
  let adminId: number;
  beforeEach(async () => {
    t = await testApp();
    const a = await loggedIn(t, 'admin', 'Alva Admin');
    admin = a.session;
    adminId = a.user.id;
  });

  const newUser = (fields: Record<string, string>) => admin.post('/admin/anvandare/ny', fields, '/admin/anvandare/ny');
  const editUser = (id: number, fields: Record<string, string>) =>
    admin.post(`/admin/anvandare/${id}`, fields, `/admin/anvandare/${id}`);

  it('when the admin lists users, then each shows name, e-mail, Swedish role and whether active, with a sub-navigation', async () => {
    const reader = await makeUser(t, 'reader', 'Rut Läsare');
    await t.db.updateTable('users').set({ active: 0 }).where('id', '=', reader.id).execute();
    const res = await admin.get('/admin/anvandare');
    expect(res.status).to.equal(200);
    const text = textOf(res.text);
    expect(text).to.contain('Rut Läsare');
    expect(text).to.contain(reader.email);
    expect(text).to.contain('Läsare Nej');
    expect(text).to.contain('Administratör Ja');
    expect(text).to.contain('Ny användare');
    expect(res.text).to.contain(`href="/admin/anvandare/${reader.id}"`);
    expect(res.text).to.match(/<a href="\/admin\/anvandare" aria-current="page">/);
    expect(res.text).to.contain('href="/admin/namnder"');
  });

  it('when the admin creates a user, then that user can log in with the initial password', async () => {
    const res = await newUser({
      name: 'Ebba Enhetschef',
      email: 'Ebba.Enhetschef@Exempelkommun.se',
      role: 'manager',
      password: 'ett-forsta-losenord',
    });
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal('/admin/anvandare');
    const list = await admin.get('/admin/anvandare');
    expect(textOf(list.text)).to.contain('Användaren Ebba Enhetschef är skapad');
    expect(textOf(list.text)).to.contain('Ebba Enhetschef ebba.enhetschef@exempelkommun.se Chef Ja');
    const stored = await findUserWithHashByEmail(t.db, 'ebba.enhetschef@exempelkommun.se');
    expect(stored?.user).to.include({ name: 'Ebba Enhetschef', role: 'manager', active: true });
    expect(await canLogIn(t, 'ebba.enhetschef@exempelkommun.se', 'ett-forsta-losenord')).to.equal(true);
  });

  it('when the e-mail address is already used, then 422 with the message beside the field and nothing stored', async () => {
    const existing = await makeUser(t, 'reader');
    const before = await t.db.selectFrom('users').select('id').execute();
    const res = await newUser({
      name: 'Dubbel Person',
      email: existing.email.toUpperCase(),
      role: 'reader',
      password: 'ett-forsta-losenord',
    });
    expect(res.status).to.equal(422);
    expect(textOf(res.text)).to.contain('Det finns redan en användare med den e-postadressen.');
    expect(res.text).to.match(/id="e-email"[^>]*>.*Det finns redan en användare/);
    expect(res.text).to.contain('value="Dubbel Person"');
    expect(res.text).not.to.contain('ett-forsta-losenord');
    expect(await t.db.selectFrom('users').select('id').execute()).to.have.length(before.length);
  });

  it('when fields are invalid, then 422 with messages and the typed values kept, but never the password', async () => {
    const res = await newUser({ name: 'Kim Kort', email: 'inte-en-adress', role: 'director', password: 'kort' });
    expect(res.status).to.equal(422);
    const text = textOf(res.text);
    expect(text).to.contain('Ange en giltig e-postadress');
    expect(text).to.contain('Lösenord måste ha minst 10 tecken.');
    expect(res.text).to.contain('value="Kim Kort"');
    expect(res.text).to.contain('value="inte-en-adress"');
    expect(res.text).to.match(/<option value="director" selected>Förvaltningschef<\/option>/);
    expect(res.text).not.to.contain('value="kort"');
    expect(await findUserWithHashByEmail(t.db, 'inte-en-adress')).to.equal(undefined);
  });

  it('when a name contains a personnummer, then it is refused with the reason', async () => {
    const res = await newUser({
      name: 'Test 811218-9876',
      email: 'pnr@exempelkommun.se',
      role: 'reader',
      password: 'ett-forsta-losenord',
    });
    expect(res.status).to.equal(422);
    expect(textOf(res.text)).to.contain('personnummer');
  });

  it('when the admin changes a role, then it is stored and shown in Swedish', async () => {
    const u = await makeUser(t, 'reader', 'Rolf Roll');
    const form = await admin.get(`/admin/anvandare/${u.id}`);
    expect(form.status).to.equal(200);
    expect(form.text).to.contain('name="version" value="1"');
    expect(form.text).to.match(/<option value="reader" selected>Läsare<\/option>/);
    const res = await editUser(u.id, {
      name: 'Rolf Roll',
      email: u.email,
      role: 'secretary',
      active: 'ja',
      password: '',
      version: '1',
    });
    expect(res.status).to.equal(303);
    expect(await findUserById(t.db, u.id)).to.include({ role: 'secretary', active: true, version: 2 });
    expect(textOf((await admin.get('/admin/anvandare')).text)).to.contain(
      'Rolf Roll ' + u.email + ' Nämndsekreterare Ja',
    );
    expect(await canLogIn(t, u.email)).to.equal(true);
  });

  it('when a new password is given, then only the new one works; an empty one keeps the old', async () => {
    const u = await makeUser(t, 'reader');
    await editUser(u.id, {
      name: 'Namn Ett',
      email: u.email,
      role: 'reader',
      active: 'ja',
      password: '',
      version: '1',
    });
    expect(await canLogIn(t, u.email)).to.equal(true);
    const res = await editUser(u.id, {
      name: 'Namn Ett',
      email: u.email,
      role: 'reader',
      active: 'ja',
      password: 'ett-helt-nytt-losenord',
      version: '2',
    });
    expect(res.status).to.equal(303);
    expect(await canLogIn(t, u.email)).to.equal(false);
    expect(await canLogIn(t, u.email, 'ett-helt-nytt-losenord')).to.equal(true);
  });

  it('when a user is deactivated, then they stay in the list, cannot log in and their open session stops working', async () => {
    const u = await makeUser(t, 'director', 'Dora Direktör');
    const theirs = await loginAs(t, u.email);
    expect((await theirs.get('/admin/anvandare')).status).to.equal(403);
    const res = await editUser(u.id, { name: 'Dora Direktör', email: u.email, role: 'director', version: '1' });
    expect(res.status).to.equal(303);
    expect(await findUserById(t.db, u.id)).to.include({ active: false });
    const after = await theirs.get('/arenden');
    expect(after.status).to.equal(303);
    expect(after.headers.location).to.match(/^\/logga-in/);
    expect(await canLogIn(t, u.email)).to.equal(false);
    expect(textOf((await admin.get('/admin/anvandare')).text)).to.contain(
      'Dora Direktör ' + u.email + ' Förvaltningschef Nej',
    );
  });

  it('when two admins edit the same version, then the second gets 409 with both versions and the first is kept', async () => {
    const u = await makeUser(t, 'reader', 'Ursprungligt Namn');
    const other = (await loggedIn(t, 'admin', 'Otto Admin')).session;
    const first = await other.post(
      `/admin/anvandare/${u.id}`,
      { name: 'Första Ändringen', email: u.email, role: 'manager', active: 'ja', password: '', version: '1' },
      `/admin/anvandare/${u.id}`,
    );
    expect(first.status).to.equal(303);
    const second = await editUser(u.id, {
      name: 'Andra Ändringen',
      email: u.email,
      role: 'reader',
      active: 'ja',
      password: 'hemligt-losenord-2',
      version: '1',
    });
    expect(second.status).to.equal(409);
    const text = textOf(second.text);
    expect(text).to.contain('Någon annan har sparat ändringar');
    expect(text).to.contain('Sparad version (den andras) Din version (i formuläret)');
    expect(text).to.contain('Namn Första Ändringen Andra Ändringen');
    expect(text).to.contain('Roll Chef Läsare');
    expect(text).to.contain('Om du skrev ett nytt lösenord behöver du skriva det igen');
    expect(second.text).to.contain('value="Andra Ändringen"');
    expect(second.text).to.contain('name="version" value="2"');
    expect(second.text).not.to.contain('hemligt-losenord-2');
    expect(await findUserById(t.db, u.id)).to.include({ name: 'Första Ändringen', role: 'manager', version: 2 });
    expect(await canLogIn(t, u.email, 'hemligt-losenord-2')).to.equal(false);
  });

  it('when the admin tries to deactivate themself or drop their own admin role, then it is refused beside the fields', async () => {
    const me = await findUserById(t.db, adminId);
    const res = await editUser(adminId, {
      name: me!.name,
      email: me!.email,
      role: 'reader',
      password: '',
      version: '1',
    });
    expect(res.status).to.equal(422);
    expect(res.text).to.match(/id="e-active"[^>]*>.*Du kan inte inaktivera ditt eget konto/);
    expect(res.text).to.match(/id="e-role"[^>]*>.*Du kan inte ta bort din egen administratörsroll/);
    expect(await findUserById(t.db, adminId)).to.include({ role: 'admin', active: true, version: 1 });
    expect((await admin.get('/admin/anvandare')).status).to.equal(200);
  });

  it('when an edit would leave no active administrator (two admins demoting each other at once), then it is refused', async () => {
    const me = (await findUserById(t.db, adminId))!;
    let refused: unknown;
    try {
      await updateUser(t.db, t.clock, adminId, 1, {
        name: me.name,
        email: me.email,
        role: 'reader',
        active: true,
        password: null,
      });
    } catch (err) {
      refused = err;
    }
    expect(refused).to.be.instanceOf(InvalidInputError);
    expect((refused as InvalidInputError).errors.role).to.contain('minst en aktiv administratör');
    expect(await findUserById(t.db, adminId)).to.include({ role: 'admin', active: true, version: 1 });
  });

  it('when the admin changes their own name, then that is allowed', async () => {
    const me = await findUserById(t.db, adminId);
    const res = await editUser(adminId, {
      name: 'Alva Nytt Namn',
      email: me!.email,
      role: 'admin',
      active: 'ja',
      password: '',
      version: '1',
    });
    expect(res.status).to.equal(303);
    expect(await findUserById(t.db, adminId)).to.include({ name: 'Alva Nytt Namn' });
  });

  it('when the admin opens their own account, then the password is changed under Byt lösenord, not here, and a typed one is refused', async () => {
    const me = (await findUserById(t.db, adminId))!;
    const page = await admin.get(`/admin/anvandare/${adminId}`);
    expect(page.text).not.to.contain('name="password"');
    expect(textOf(page.text)).to.contain('Ditt eget lösenord byter du under Byt lösenord');
    expect(page.text).to.contain('href="/konto/losenord"');
    const res = await editUser(adminId, {
      name: me.name,
      email: me.email,
      role: 'admin',
      active: 'ja',
      password: 'ett-helt-nytt-losenord',
      version: '1',
    });
    expect(res.status).to.equal(422);
    const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(res.text)?.[0] ?? '';
    expect(textOf(summary)).to.contain('Ditt eget lösenord byter du under Byt lösenord');
    expect(await canLogIn(t, me.email, 'ett-helt-nytt-losenord')).to.equal(false);
    expect((await admin.get('/admin/anvandare')).status).to.equal(200);
  });

  it('when the edit changes the e-mail to one already used, then 422 beside the field', async () => {
    const a = await makeUser(t, 'reader');
    const b = await makeUser(t, 'reader');
    const res = await editUser(b.id, {
      name: 'B',
      email: a.email,
      role: 'reader',
      active: 'ja',
      password: '',
      version: '1',
    });
    expect(res.status).to.equal(422);
    expect(res.text).to.match(/id="e-email"[^>]*>.*Det finns redan en användare/);
    expect(await findUserById(t.db, b.id)).to.include({ email: b.email, version: 1 });
  });

  it('when the user does not exist, then 404', async () => {
    expect((await admin.get('/admin/anvandare/9999')).status).to.equal(404);
    expect((await admin.get('/admin/anvandare/abc')).status).to.equal(404);
  });
});

describe('administration of nämnder', () => {
  let t: TestApp;
  let admin: Session;
  let adminId: number;
  beforeEach(async () => {
    t = await testApp();
    const a = await loggedIn(t, 'admin');
    admin = a.session;
    adminId = a.user.id;
  });

  const newCommittee = (fields: Record<string, string>) => admin.post('/admin/namnder/ny', fields, '/admin/namnder/ny');
  const editCommittee = (id: number, fields: Record<string, string>, s = admin) =>
    s.post(`/admin/namnder/${id}`, fields, `/admin/namnder/${id}`);

  it('when the admin creates a nämnd, then it is listed with its förvaltning and active', async () => {
    const res = await newCommittee({ name: 'Socialnämnden', administration: 'Socialförvaltningen' });
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal('/admin/namnder');
    const list = await admin.get('/admin/namnder');
    const text = textOf(list.text);
    expect(text).to.contain('Nämnden Socialnämnden är skapad.');
    expect(text).to.contain('Socialnämnden Socialförvaltningen Ja');
    expect(list.text).to.match(/<a href="\/admin\/namnder" aria-current="page">/);
    expect(await listCommittees(t.db)).to.deep.equal([
      { id: 1, name: 'Socialnämnden', administration: 'Socialförvaltningen', active: true, version: 1 },
    ]);
  });

  it('when the name is already used (in any letter case), then 422 beside the field and nothing stored', async () => {
    await createCommittee(t.db, t.clock, adminId, { name: 'Socialnämnden', administration: '' });
    const res = await newCommittee({ name: 'socialnämnden', administration: 'Ny förvaltning' });
    expect(res.status).to.equal(422);
    expect(res.text).to.match(/id="e-name"[^>]*>.*Det finns redan en nämnd som heter Socialnämnden/);
    expect(res.text).to.contain('value="Ny förvaltning"');
    expect(await listCommittees(t.db)).to.have.length(1);
  });

  it('when the name is missing, then 422 with the message and the typed förvaltning kept', async () => {
    const res = await newCommittee({ name: '  ', administration: 'Socialförvaltningen' });
    expect(res.status).to.equal(422);
    expect(textOf(res.text)).to.contain('Fyll i namn.');
    expect(res.text).to.contain('value="Socialförvaltningen"');
  });

  it('when the admin edits and deactivates a nämnd, then it is kept, inactive, and left out of active-only lists', async () => {
    const id = await createCommittee(t.db, t.clock, adminId, { name: 'Socialnämnden', administration: '' });
    await createCommittee(t.db, t.clock, adminId, { name: 'Arbetsmarknadsnämnden', administration: '' });
    const form = await admin.get(`/admin/namnder/${id}`);
    expect(form.status).to.equal(200);
    expect(form.text).to.match(/name="active" value="ja" checked/);
    const res = await editCommittee(id, {
      name: 'Arbetsmarknads- och socialnämnden',
      administration: 'Arbetsmarknads- och socialförvaltningen',
      version: '1',
    });
    expect(res.status).to.equal(303);
    expect(await findCommittee(t.db, id)).to.deep.equal({
      id,
      name: 'Arbetsmarknads- och socialnämnden',
      administration: 'Arbetsmarknads- och socialförvaltningen',
      active: false,
      version: 2,
    });
    expect((await listCommittees(t.db, { activeOnly: true })).map((c) => c.name)).to.deep.equal([
      'Arbetsmarknadsnämnden',
    ]);
    expect(textOf((await admin.get('/admin/namnder')).text)).to.contain(
      'Arbetsmarknads- och socialnämnden Arbetsmarknads- och socialförvaltningen Nej',
    );
  });

  it("when renamed to another nämnd's name, then 422 beside the field", async () => {
    await createCommittee(t.db, t.clock, adminId, { name: 'Socialnämnden', administration: '' });
    const id = await createCommittee(t.db, t.clock, adminId, { name: 'Äldrenämnden', administration: '' });
    const res = await editCommittee(id, { name: 'SOCIALNÄMNDEN', administration: '', active: 'ja', version: '1' });
    expect(res.status).to.equal(422);
    expect(res.text).to.match(/id="e-name"[^>]*>.*Det finns redan en nämnd/);
    expect(await findCommittee(t.db, id)).to.include({ name: 'Äldrenämnden', version: 1 });
  });

  it('when two admins edit the same version, then the second gets 409 with both versions and the first is kept', async () => {
    const id = await createCommittee(t.db, t.clock, adminId, {
      name: 'Socialnämnden',
      administration: 'Socialförvaltningen',
    });
    const other = (await loggedIn(t, 'admin')).session;
    const first = await editCommittee(
      id,
      { name: 'Socialnämnden', administration: 'Första förvaltningen', active: 'ja', version: '1' },
      other,
    );
    expect(first.status).to.equal(303);
    const second = await editCommittee(id, {
      name: 'Socialnämnden',
      administration: 'Andra förvaltningen',
      active: 'ja',
      version: '1',
    });
    expect(second.status).to.equal(409);
    const text = textOf(second.text);
    expect(text).to.contain('Någon annan har sparat ändringar');
    expect(text).to.contain('Förvaltning Första förvaltningen Andra förvaltningen');
    expect(second.text).to.contain('value="Andra förvaltningen"');
    expect(second.text).to.contain('name="version" value="2"');
    expect(await findCommittee(t.db, id)).to.include({ administration: 'Första förvaltningen', version: 2 });
  });

  it('when listed for select boxes, then names are in Swedish order', async () => {
    for (const name of ['Äldrenämnden', 'Socialnämnden', 'Barn- och utbildningsnämnden']) {
      await createCommittee(t.db, t.clock, adminId, { name, administration: '' });
    }
    expect((await listCommittees(t.db)).map((c) => c.name)).to.deep.equal([
      'Barn- och utbildningsnämnden',
      'Socialnämnden',
      'Äldrenämnden',
    ]);
  });
});

describe('administration is for administrators only', () => {
  for (const role of ['director', 'secretary', 'manager', 'reader'] as Role[]) {
    it(`when a ${role} opens or posts to the admin pages, then 403 and nothing changes`, async () => {
      const t = await testApp();
      const target = await makeUser(t, 'reader', 'Orörd Person');
      const committeeId = await createCommittee(t.db, t.clock, target.id, {
        name: 'Socialnämnden',
        administration: 'Socialförvaltningen',
      });
      const { session } = await loggedIn(t, role);
      for (const url of [
        '/admin/anvandare',
        '/admin/anvandare/ny',
        `/admin/anvandare/${target.id}`,
        '/admin/namnder',
        '/admin/namnder/ny',
        `/admin/namnder/${committeeId}`,
      ]) {
        const res = await session.get(url);
        expect(res.status, url).to.equal(403);
        expect(textOf(res.text)).to.contain('Ingen behörighet');
        expect(res.text).not.to.contain('Orörd Person');
      }
      const posts: [string, Record<string, string>][] = [
        [
          '/admin/anvandare/ny',
          { name: 'Inkräktare', email: 'in@exempelkommun.se', role: 'admin', password: 'ett-forsta-losenord' },
        ],
        [
          `/admin/anvandare/${target.id}`,
          { name: 'Ändrad', email: 'andrad@exempelkommun.se', role: 'admin', active: 'ja', password: '', version: '1' },
        ],
        ['/admin/namnder/ny', { name: 'Ny nämnd', administration: '' }],
        [`/admin/namnder/${committeeId}`, { name: 'Ändrad nämnd', administration: '', version: '1' }],
      ];
      for (const [url, fields] of posts) {
        const res = await session.post(url, fields, '/admin/anvandare');
        expect(res.status, url).to.equal(403);
      }
      expect(await findUserWithHashByEmail(t.db, 'in@exempelkommun.se')).to.equal(undefined);
      expect(await findUserById(t.db, target.id)).to.include({ name: 'Orörd Person', role: 'reader', version: 1 });
      expect(await listCommittees(t.db)).to.deep.equal([
        { id: committeeId, name: 'Socialnämnden', administration: 'Socialförvaltningen', active: true, version: 1 },
      ]);
    });
  }
});
