import { expect } from 'chai';
import ical, { type VEvent } from 'node-ical';
import request from 'supertest';
import { loggedIn, testApp, textOf, type TestApp } from '../helpers/app.ts';
import { aCommittee, aFinding, aMatter, aMeeting, anAction, aPerson, aStatusUpdate } from '../helpers/builders.ts';

/** The feed's events by UID, as a calendar app reads them. */
function eventsOf(ics: string): Map<string, VEvent> {
  const parsed = ical.sync.parseICS(ics);
  return new Map(
    Object.values(parsed)
      .filter((c): c is VEvent => c?.type === 'VEVENT')
      .map((e) => [e.uid, e]),
  );
}

/** An all-day event's day, as the calendar shows it. */
function dayOf(e: VEvent): string {
  const d = e.start as Date;
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

describe('a calendar feed of one’s own deadlines', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await testApp(); // today: Monday 16 March 2026
  });

  it('when a chef subscribes to her calendar address, then it holds her open actions’ slutdatum (on the next vardag where the law moves it), the svarsdatum owed to IVO and the sammanträden; changes raise SEQUENCE, finished items leave, and a renewed address ends the old one', async () => {
    const { user: chef, session } = await loggedIn(t, 'manager', 'Karin Exempelsson');
    const other = await aPerson(t.db, 'Olle Annan');
    const committeeId = await aCommittee(t.db, 'Socialnämnden');
    const matterId = await aMatter(t.db, { committeeId, title: 'Tillsyn av hemtjänsten', respondBy: '2026-04-20' });
    const closed = await aMatter(t.db, {
      committeeId,
      title: 'Avslutad tillsyn',
      respondBy: '2026-04-21',
      closedOn: '2026-03-01',
    });
    const finding = await aFinding(t.db, matterId, 'Genomförandeplaner saknas', true);
    await aFinding(t.db, closed, 'Gammal brist', true);
    // Långfredagen 2026: the slutdatum may be met on tisdag 7 april (annandag påsk is a helgdag too).
    const onGoodFriday = await anAction(t.db, {
      committeeId,
      ownerId: chef.id,
      findingIds: [finding],
      title: 'Upprätta genomförandeplaner',
      dueOn: '2026-04-03',
    });
    const finishing = await anAction(t.db, {
      committeeId,
      ownerId: chef.id,
      findingIds: [finding],
      title: 'Rutin för avvikelser',
      dueOn: '2026-05-29',
    });
    await anAction(t.db, { committeeId, ownerId: other, findingIds: [finding], title: 'Någon annans åtgärd' });
    const meetingId = await aMeeting(t.db, committeeId, '2026-04-22');
    await aMeeting(t.db, committeeId, '2026-04-29', { cancelled: true });

    expect(textOf((await session.get('/konto/kalender')).text)).to.contain('Du har ingen kalenderadress ännu.');
    const made = await session.post('/konto/kalender', {}, '/konto/kalender');
    const address = /value="(http[^"]+\/kalender\/[A-Za-z0-9_-]+\.ics)"/.exec(made.text)![1];
    const path = new URL(address).pathname;

    // A calendar app has no session: the address alone opens it.
    const feed = await request(t.app).get(path);
    expect(feed.status).to.equal(200);
    expect(feed.headers['content-type']).to.match(/^text\/calendar; charset=utf-8/);
    let events = eventsOf(feed.text);
    expect([...events.keys()].sort()).to.deep.equal(
      [
        `atgard-${onGoodFriday}@atgardsplan`,
        `atgard-${finishing}@atgardsplan`,
        `svarsdatum-${matterId}@atgardsplan`,
        `sammantrade-${meetingId}@atgardsplan`,
      ].sort(),
    );
    const friday = events.get(`atgard-${onGoodFriday}@atgardsplan`)!;
    expect(dayOf(friday)).to.equal('2026-04-07');
    expect((friday.start as Date & { dateOnly?: boolean }).dateOnly).to.equal(true);
    expect(friday.description).to.equal('Slutdatum fredag 3 april 2026 – får göras tisdag 7 april 2026');
    expect(friday.summary).to.equal('Slutdatum: Upprätta genomförandeplaner');
    expect(dayOf(events.get(`svarsdatum-${matterId}@atgardsplan`)!)).to.equal('2026-04-20');
    const sequenceBefore = Number(events.get(`atgard-${finishing}@atgardsplan`)!.sequence);

    await aStatusUpdate(t.db, onGoodFriday, chef.id, 'done', '2026-03-16T10:00:00.000Z', 'Klara');
    await aStatusUpdate(t.db, finishing, chef.id, 'in_progress', '2026-03-16T10:00:00.000Z', 'Påbörjad');
    events = eventsOf((await request(t.app).get(path)).text);
    expect(events.has(`atgard-${onGoodFriday}@atgardsplan`), 'a finished action leaves').to.equal(false);
    expect(Number(events.get(`atgard-${finishing}@atgardsplan`)!.sequence)).to.be.greaterThan(sequenceBefore);

    const renewed = await session.post('/konto/kalender', {}, '/konto/kalender');
    const newPath = new URL(/value="(http[^"]+\.ics)"/.exec(renewed.text)![1]).pathname;
    expect(newPath).not.to.equal(path);
    expect((await request(t.app).get(path)).status, 'the old address').to.equal(404);
    expect((await request(t.app).get(newPath)).status).to.equal(200);
    expect((await request(t.app).get('/kalender/finns-inte-alls-finns-inte-alls-1234.ics')).status).to.equal(404);
  });
});
