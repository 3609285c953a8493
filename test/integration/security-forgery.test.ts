import { expect } from 'chai';
import { loggedIn, textOf, type Session } from '../helpers/app.ts';
import { securityTestApp, type SecurityTestApp } from '../helpers/security.ts';
import { aCommittee, aFinding, aMatter, anAction } from '../helpers/tracker.ts';

/**
 * A chef (enhetschef) who writes requests by hand: another action's id, changed hidden fields,
 * fields the form does not have. The server decides from what is stored, never from the form.
 */
describe('security: forged requests from a chef', () => {
  let t: SecurityTestApp;
  let chef: Session;
  let chefId: number;
  let otherChefId: number;
  let directorId: number;
  let own: number;
  let others: number;

  beforeEach(async () => {
    t = await securityTestApp();
    const d = await loggedIn(t, 'director', 'Frida Förvaltningschef');
    directorId = d.user.id;
    const c = await loggedIn(t, 'manager', 'Cecilia Enhetschef');
    chef = c.session;
    chefId = c.user.id;
    otherChefId = (await loggedIn(t, 'manager', 'Olle Enhetschef')).user.id;
    const matter = await aMatter(t, directorId, { committeeId: await aCommittee(t, 'Socialnämnden') });
    const finding = await aFinding(t, matter);
    own = await anAction(t, directorId, { findingIds: [finding], ownerId: chefId, title: 'Cecilias åtgärd' });
    others = await anAction(t, directorId, { findingIds: [finding], ownerId: otherChefId, title: 'Olles åtgärd' });
  });

  const stored = (id: number) => t.db.selectFrom('actions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const history = (id: number) => t.db.selectFrom('action_updates').selectAll().where('action_id', '=', id).execute();

  it('when a chef posts a status update to another chef’s action id, then it is forbidden and nothing is stored', async () => {
    const before = await stored(others);
    const res = await chef.post(
      `/atgarder/${others}/statusuppdateringar`,
      { status: 'done', comment: 'Klart!', version: String(before.version) },
      `/atgarder/${own}`,
    );
    expect(res.status).to.equal(403);
    expect(textOf(res.text)).to.contain('Du kan bara uppdatera status på åtgärder där du är ansvarig.');
    expect(await stored(others)).to.deep.equal(before);
    expect(await history(others)).to.have.length(1);
  });

  it('when a chef opens another chef’s action, then the page has no status form to use', async () => {
    const page = await chef.get(`/atgarder/${others}`);
    expect(page.status).to.equal(200);
    expect(page.text).not.to.contain(`action="/atgarder/${others}/statusuppdateringar"`);
    expect((await chef.get(`/atgarder/${own}`)).text).to.contain(`action="/atgarder/${own}/statusuppdateringar"`);
  });

  it('when a chef adds owner, title or due date to the status form, then only status and comment change', async () => {
    const before = await stored(own);
    const res = await chef.post(
      `/atgarder/${own}/statusuppdateringar`,
      {
        status: 'in_progress',
        comment: 'Påbörjad',
        version: String(before.version),
        ownerId: String(otherChefId),
        owner_id: String(otherChefId),
        title: 'Kapad',
        dueOn: '2030-01-01',
        committee_id: '999',
      },
      `/atgarder/${own}`,
    );
    expect(res.status).to.equal(303);
    const after = await stored(own);
    expect(after).to.include({
      owner_id: chefId,
      title: 'Cecilias åtgärd',
      due_on: before.due_on,
      committee_id: before.committee_id,
      status: 'in_progress',
    });
    const last = (await history(own)).at(-1)!;
    expect(last).to.include({ user_id: chefId, to_status: 'in_progress', comment: 'Påbörjad' });
  });

  it('when a chef changes the hidden version to an old one, then the update is refused as a conflict and nothing is stored', async () => {
    const first = await chef.post(
      `/atgarder/${own}/statusuppdateringar`,
      { status: 'in_progress', comment: 'Ett', version: '1' },
      `/atgarder/${own}`,
    );
    expect(first.status).to.equal(303);
    const before = await stored(own);
    const stale = await chef.post(
      `/atgarder/${own}/statusuppdateringar`,
      { status: 'done', comment: 'Två', version: '1' },
      `/atgarder/${own}`,
    );
    expect(stale.status).to.equal(409);
    expect(await stored(own)).to.deep.equal(before);
  });

  it('when a chef sends a made-up version, status or id, then the answer is 422 or 404 and nothing is stored', async () => {
    const before = await stored(own);
    const cases: [string, Record<string, string>, number][] = [
      [`/atgarder/${own}/statusuppdateringar`, { status: 'done', comment: '', version: '-1' }, 422],
      [`/atgarder/${own}/statusuppdateringar`, { status: 'done', comment: '', version: "1' OR '1'='1" }, 422],
      [
        `/atgarder/${own}/statusuppdateringar`,
        { status: 'overdue', comment: 'Försenad är härledd och lagras aldrig', version: '1' },
        422,
      ],
      [`/atgarder/${own}/statusuppdateringar`, { status: 'klar', comment: '', version: '1' }, 422],
      ['/atgarder/99999/statusuppdateringar', { status: 'done', comment: '', version: '1' }, 404],
      [`/atgarder/${own}%20OR%201=1/statusuppdateringar`, { status: 'done', comment: '', version: '1' }, 404],
    ];
    for (const [url, fields, status] of cases) {
      const res = await chef.post(url, fields, `/atgarder/${own}`);
      expect(res.status, `${url} ${JSON.stringify(fields)}`).to.equal(status);
    }
    expect(await stored(own)).to.deep.equal(before);
    expect(await history(own)).to.have.length(1);
  });

  it('when a chef posts the full edit form of their own action to become someone else’s or move the date, then it is forbidden', async () => {
    const before = await stored(own);
    const res = await chef.post(
      `/atgarder/${own}`,
      {
        title: 'Ny titel',
        description: '',
        ownerId: String(chefId),
        dueOn: '2030-12-31',
        findingIds: [],
        version: String(before.version),
      },
      `/atgarder/${own}`,
    );
    expect(res.status).to.equal(403);
    expect((await chef.get(`/atgarder/${own}/redigera`)).status).to.equal(403);
    expect(await stored(own)).to.deep.equal(before);
  });

  it('when a chef lists “Mina åtgärder” with another owner in the query, then only their own actions show', async () => {
    const res = await chef.get(`/atgarder/mina?ansvarig=${otherChefId}`);
    expect(res.status).to.equal(200);
    expect(textOf(res.text)).to.contain('Cecilias åtgärd');
    expect(textOf(res.text)).not.to.contain('Olles åtgärd');
  });

  it('when a reader, a secretary or an administrator posts a status update by hand, then it is forbidden', async () => {
    for (const role of ['reader', 'secretary', 'admin'] as const) {
      const s = (await loggedIn(t, role)).session;
      const res = await s.post(`/atgarder/${own}/statusuppdateringar`, {
        status: 'done',
        comment: 'Klart',
        version: '1',
      });
      expect(res.status, role).to.equal(403);
    }
    expect(await history(own)).to.have.length(1);
  });
});
