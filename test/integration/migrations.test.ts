import { expect } from 'chai';
import { Migrator, sql } from 'kysely';
import { openDatabase } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { migrations } from '../../db/migrations/index.ts';
import { loggedIn, testApp, textOf } from '../helpers/app.ts';

describe('migrations of data already stored', () => {
  it('when a database made before 008 holds a Revision matter, then after migrating it is a revision, still labelled Revision, and the log keeps the change', async () => {
    const db = openDatabase(':memory:');
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    const before = await migrator.migrateTo('007_open_actions');
    expect(before.error).to.equal(undefined);
    const at = '2026-01-05T09:00:00.000Z';
    await sql`INSERT INTO committees (name, created_at) VALUES ('Socialnämnden', ${at})`.execute(db);
    await sql`INSERT INTO users (email, name, role, password_hash, created_at, updated_at)
              VALUES ('chef@exempelkommun.se', 'Eva Exempel', 'director', 'x', ${at}, ${at})`.execute(db);
    await sql`INSERT INTO matters (committee_id, kind, title, created_by, created_at, updated_by, updated_at)
              VALUES (1, 'audit', 'Revision av ekonomiskt bistånd', 1, ${at}, 1, ${at})`.execute(db);

    await migrateToLatest(db);

    const row = await db.selectFrom('matters').select('kind').executeTakeFirstOrThrow();
    expect(row.kind).to.equal('revision');
    const logged = await db
      .selectFrom('audit_log')
      .select(['operation', 'before_json', 'after_json'])
      .where('entity', '=', 'matters')
      .where('operation', '=', 'update')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(logged.before_json!).kind).to.equal('audit');
    expect(JSON.parse(logged.after_json!).kind).to.equal('revision');
    await db.destroy();
  });

  it('when a matter of kind Revision is registered today, then its page and the list say Revision', async () => {
    const t = await testApp();
    const { session } = await loggedIn(t, 'director');
    const committee = await t.db
      .insertInto('committees')
      .values({ name: 'Socialnämnden', created_at: '2026-01-05T09:00:00.000Z' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const res = await session.post('/arenden', {
      kind: 'revision',
      committeeId: String(committee.id),
      title: 'Granskning av ekonomiskt bistånd',
      unit: '',
      ivoReference: '',
      ownReference: '',
      decidedOn: '',
      respondBy: '',
      followUpOn: '',
      fineStatus: 'none',
      fineAmount: '',
      finalOn: '',
      legalBasis: '',
      description: '',
    });
    expect(res.status).to.equal(303);
    const page = textOf((await session.get(res.headers.location)).text);
    expect(page).to.match(/Ärendetyp\s*Revision/);
    const list = textOf((await session.get('/arenden')).text);
    expect(list).to.match(/Granskning av ekonomiskt bistånd.*Revision|Revision.*Granskning av ekonomiskt bistånd/s);
    const stored = await t.db.selectFrom('matters').select('kind').executeTakeFirstOrThrow();
    expect(stored.kind).to.equal('revision');
  });
});
