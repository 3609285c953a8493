import { expect } from 'chai';
import { loggedIn, testApp, textOf, type TestApp } from '../helpers/app.ts';
import { aCommittee, aFinding, aMatter, anAction, aPerson, aStatusUpdate } from '../helpers/builders.ts';

describe('actions nobody has updated for a long time', () => {
  let t: TestApp;
  const ids: Record<string, number> = {};

  beforeEach(async () => {
    t = await testApp(); // today: Monday 16 March 2026; 30 days before began 14 February 00:00 in Sweden
    const committeeId = await aCommittee(t.db);
    const owner = await aPerson(t.db, 'Åsa Öberg');
    const finding = await aFinding(t.db, await aMatter(t.db, { committeeId }));
    const action = (title: string, createdAt: string) =>
      anAction(t.db, { committeeId, ownerId: owner, findingIds: [finding], title, createdAt, dueOn: '2026-06-30' });
    ids.forgotten = await action('Bortglömd åtgärd', '2026-01-10T09:00:00.000Z');
    ids.fresh = await action('Aktuell åtgärd', '2026-01-10T09:00:00.000Z');
    await aStatusUpdate(t.db, ids.fresh, owner, 'in_progress', '2026-03-01T09:00:00.000Z', 'På gång');
    ids.finished = await action('Avslutad åtgärd', '2026-01-05T09:00:00.000Z');
    await aStatusUpdate(t.db, ids.finished, owner, 'done', '2026-01-06T09:00:00.000Z', 'Klar');
    // 23:59 on 13 February in Sweden: 31 days ago, stale. 00:30 on 14 February: not yet.
    ids.lastNight = await action('Uppdaterad sent en kväll', '2026-01-10T09:00:00.000Z');
    await aStatusUpdate(t.db, ids.lastNight, owner, 'in_progress', '2026-02-13T22:59:00.000Z', 'Sent');
    ids.justAfter = await action('Uppdaterad strax efter midnatt', '2026-01-10T09:00:00.000Z');
    await aStatusUpdate(t.db, ids.justAfter, owner, 'in_progress', '2026-02-13T23:30:00.000Z', 'Tidigt');
  });

  it('when an open action has had no statusuppdatering for 30 days, then the list, its page and the Översikt say so, the filter finds exactly those, and a new comment clears it', async () => {
    const { session } = await loggedIn(t, 'director');
    const list = textOf((await session.get('/atgarder')).text);
    expect(list).to.contain('Bortglömd åtgärd');
    expect(list).to.match(/Bortglömd åtgärd .*? Ej uppdaterad på 65 dagar/);
    const stale = textOf((await session.get('/atgarder?status=stale')).text);
    const listed = [
      'Bortglömd åtgärd',
      'Aktuell åtgärd',
      'Avslutad åtgärd',
      'Uppdaterad sent en kväll',
      'Uppdaterad strax efter midnatt',
    ].filter((title) => stale.includes(title));
    expect(listed).to.deep.equal(['Bortglömd åtgärd', 'Uppdaterad sent en kväll']);
    expect(stale).to.contain('Ej uppdaterad på 31 dagar');
    expect(textOf((await session.get(`/atgarder/${ids.forgotten}`)).text)).to.contain('Ej uppdaterad på 65 dagar');
    expect(textOf((await session.get(`/atgarder/${ids.justAfter}`)).text)).not.to.contain('Ej uppdaterad');
    expect(textOf((await session.get('/')).text)).to.contain('2 åtgärder utan statusuppdatering på 30 dagar');

    const noted = await session.post(
      `/atgarder/${ids.forgotten}/statusuppdateringar`,
      { status: 'not_started', comment: 'Väntar på nytt underlag från regionen.', version: '1' },
      `/atgarder/${ids.forgotten}`,
    );
    expect(noted.status).to.equal(303);
    expect(textOf((await session.get('/atgarder?status=stale')).text)).not.to.contain('Bortglömd åtgärd');
    expect(textOf((await session.get('/')).text)).to.contain('1 åtgärd utan statusuppdatering på 30 dagar');
  });
});
