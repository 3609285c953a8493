import { expect } from 'chai';
import request from 'supertest';
import { sql } from 'kysely';
import { loggedIn, testApp, type TestApp } from '../helpers/app.ts';
import { migrations } from '../../db/migrations/index.ts';
import { queueReminders } from '../../src/reminders/reminders.service.ts';

describe('health check (/halsa), for monitoring', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp();
  });

  it('when the database can be read and written, then 200 and JSON saying so, and the write is a real one', async () => {
    const res = await request(t.app).get('/halsa');
    expect(res.status).to.equal(200);
    expect(res.type).to.equal('application/json');
    expect(res.body).to.deep.equal({ status: 'ok', database: { read: 'ok', write: 'ok' } });
    const probe = await t.db.selectFrom('settings').select('value').where('key', '=', 'health_checked_at').execute();
    expect(probe).to.have.length(1);
    // A monitor asking every few seconds leaves no sessions behind.
    expect(res.headers['set-cookie']).to.equal(undefined);
    expect(await t.db.selectFrom('sessions').selectAll().execute()).to.have.length(0);
    expect(res.headers['cache-control']).to.equal('no-store');
  });

  it('when the database refuses writes (a read-only disk), then 503 saying the write failed and the read did not', async () => {
    await sql`PRAGMA query_only = ON`.execute(t.db);
    const res = await request(t.app).get('/halsa');
    expect(res.status).to.equal(503);
    expect(res.body.status).to.equal('fel');
    expect(res.body.database.read).to.equal('ok');
    expect(res.body.database.write).to.match(/readonly/i);
  });

  it('when the database cannot be reached at all, then 503 saying the read failed', async () => {
    await t.db.destroy();
    const res = await request(t.app).get('/halsa');
    expect(res.status).to.equal(503);
    expect(res.body.database.read).not.to.equal('ok');
    expect(res.body.database.write).to.contain('inte prövad');
  });

  it('when an administrator asks for details, then the version, the migrations, the database size and the last reminders run are shown; nobody else gets them', async () => {
    expect((await request(t.app).get('/halsa?detaljer')).status).to.equal(403);
    expect((await (await loggedIn(t, 'director')).session.get('/halsa?detaljer')).status).to.equal(403);
    const admin = (await loggedIn(t, 'admin')).session;
    const before = (await admin.get('/halsa?detaljer')).body;
    expect(before.version).to.equal('0.1.0');
    expect(before.migrations).to.deep.equal({
      applied: Object.keys(migrations).length,
      latest: Object.keys(migrations).at(-1),
      pending: [],
    });
    expect(before.databaseBytes).to.be.greaterThan(100_000);
    expect(before.lastRemindersRun).to.equal(null);
    expect(before.lastBackup).to.equal(null);

    await queueReminders(t.db, t.clock, {
      warningDays: 14,
      staleDays: 30,
      publicUrl: 'https://atgardsplan.exempelkommun.se',
    });
    const after = (await admin.get('/halsa?detaljer')).body;
    expect(after.lastRemindersRun).to.equal(t.clock.now().toUTC().toISO());
  });
});
