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

  it('when a database made before 009 is migrated, then each svarsdatum counts from the day it was last moved, else from the beslutsdatum, and the backfill adds nothing to the log', async () => {
    const db = openDatabase(':memory:');
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo('008_matter_kind_revision')).error).to.equal(undefined);
    const at = '2026-01-05T09:00:00.000Z';
    await sql`INSERT INTO committees (name, created_at) VALUES ('Socialnämnden', ${at})`.execute(db);
    for (const [title, decided] of [
      ['Flyttat svarsdatum', '2026-01-02'],
      ['Svarsdatum från beslutet', '2026-01-03'],
      ['Utan beslutsdatum', null],
    ] as const) {
      await sql`INSERT INTO matters (committee_id, kind, title, decided_on, respond_by, created_at, updated_at)
                VALUES (1, 'ivo_supervision', ${title}, ${decided}, '2026-03-01', ${at}, ${at})`.execute(db);
    }
    // IVO asked for a komplettering: the first matter's svarsdatum was moved on 10 February.
    await sql`UPDATE audit_actor SET at = '2026-02-10T08:30:00.000Z' WHERE only = 1`.execute(db);
    await sql`UPDATE matters SET respond_by = '2026-04-15' WHERE id = 1`.execute(db);
    await sql`UPDATE audit_actor SET at = NULL WHERE only = 1`.execute(db);
    const logged = async () =>
      Number((await sql<{ n: number }>`SELECT count(*) AS n FROM audit_log`.execute(db)).rows[0].n);
    const entriesBefore = await logged();

    await migrateToLatest(db);

    const since = await db.selectFrom('matters').select(['title', 'respond_by_since']).orderBy('id').execute();
    expect(since.map((m) => m.respond_by_since)).to.deep.equal(['2026-02-10', '2026-01-03', '2026-01-05']);
    expect(await logged()).to.equal(entriesBefore);
    await sql`UPDATE matters SET respond_by = '2026-05-01', respond_by_since = '2026-03-20' WHERE id = 2`.execute(db);
    const last = await db
      .selectFrom('audit_log')
      .select(['before_json', 'after_json'])
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(last.before_json!).respond_by_since).to.equal('2026-01-03');
    expect(JSON.parse(last.after_json!).respond_by_since).to.equal('2026-03-20');
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
