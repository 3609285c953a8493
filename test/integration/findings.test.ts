import { expect } from 'chai';
import { loggedIn, testApp, textOf, type TestApp } from '../helpers/app.ts';
import { aMatter } from '../helpers/tracker.ts';

describe('findings (brister)', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp();
  });

  it('when a förvaltningschef adds findings with and without Kräver redovisning, then the matter page shows both kinds', async () => {
    const d = await loggedIn(t, 'director');
    const matterId = await aMatter(t, d.user.id);
    const a = await d.session.post(
      `/arenden/${matterId}/brister`,
      { title: 'Brister i utredningstider', description: '', responseRequired: 'ja' },
      `/arenden/${matterId}/brister/ny`,
    );
    const b = await d.session.post(
      `/arenden/${matterId}/brister`,
      { title: 'Synpunkt om introduktion', description: '', responseRequired: 'nej' },
      `/arenden/${matterId}/brister/ny`,
    );
    expect(a.status).to.equal(303);
    expect(b.status).to.equal(303);
    const text = textOf((await d.session.get(`/arenden/${matterId}`)).text);
    expect(text).to.contain('Brist 1: Brister i utredningstider Kräver redovisning');
    expect(text).to.contain('Brist 2: Synpunkt om introduktion Kräver inte redovisning (IVO skickar med)');
    const rows = await t.db.selectFrom('findings').select(['title', 'response_required']).orderBy('id').execute();
    expect(rows.map((r) => r.response_required)).to.deep.equal([1, 0]);
  });

  it('when Kräver redovisning is not chosen, then the form asks for it and keeps the text', async () => {
    const d = await loggedIn(t, 'director');
    const matterId = await aMatter(t, d.user.id);
    const res = await d.session.post(
      `/arenden/${matterId}/brister`,
      { title: 'Brist utan val', description: '' },
      `/arenden/${matterId}/brister/ny`,
    );
    expect(res.status).to.equal(422);
    expect(textOf(res.text)).to.contain('Välj ja eller nej för kräver redovisning.');
    expect(res.text).to.contain('Brist utan val</textarea>');
  });

  it('when two people edit one finding, then the second gets a conflict and the first is kept', async () => {
    const d = await loggedIn(t, 'director');
    const other = await loggedIn(t, 'director');
    const matterId = await aMatter(t, d.user.id);
    await d.session.post(
      `/arenden/${matterId}/brister`,
      { title: 'Ursprung', description: '', responseRequired: 'ja' },
      `/arenden/${matterId}/brister/ny`,
    );
    const { id } = await t.db.selectFrom('findings').select('id').executeTakeFirstOrThrow();
    expect(
      (
        await d.session.post(
          `/brister/${id}`,
          { title: 'Först', description: '', responseRequired: 'ja', version: '1' },
          `/brister/${id}/redigera`,
        )
      ).status,
    ).to.equal(303);
    const second = await other.session.post(
      `/brister/${id}`,
      { title: 'Sist', description: '', responseRequired: 'nej', version: '1' },
      `/brister/${id}/redigera`,
    );
    expect(second.status).to.equal(409);
    expect(textOf(second.text)).to.contain('Först');
    expect((await t.db.selectFrom('findings').select('title').executeTakeFirstOrThrow()).title).to.equal('Först');
  });

  it('when a chef tries to add a finding, then it is forbidden', async () => {
    const d = await loggedIn(t, 'director');
    const m = await loggedIn(t, 'manager');
    const matterId = await aMatter(t, d.user.id);
    expect(
      (await m.session.post(`/arenden/${matterId}/brister`, { title: 'X', responseRequired: 'ja' }, '/')).status,
    ).to.equal(403);
    expect(await t.db.selectFrom('findings').selectAll().execute()).to.have.length(0);
  });
});
