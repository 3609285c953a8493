import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { expect } from 'chai';
import { sql } from 'kysely';
import { openDatabase, type Db } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

// Rows are read from SQLite as arrays and turned into objects in JavaScript (connection.ts);
// what the rest of the code sees must be exactly what better-sqlite3's own objects would be.
const committee = (name: string) => ({ name, created_at: '2026-11-23T09:00:00.000Z' });

describe('rows read from the database', () => {
  let db: Db;
  beforeEach(async () => {
    db = openDatabase(':memory:');
    await migrateToLatest(db);
    await db.insertInto('committees').values(committee('Socialnämnden i Exempelkommun')).execute();
  });
  afterEach(() => db.destroy());

  it('when a query aliases columns and runs again, then every row has the aliased names and its own values', async () => {
    await db.insertInto('committees').values(committee('Äldrenämnden')).execute();
    for (let round = 0; round < 2; round++) {
      const rows = await db.selectFrom('committees').select(['id as nämnd_id', 'name']).orderBy('id').execute();
      expect(rows).to.deep.equal([
        { nämnd_id: 1, name: 'Socialnämnden i Exempelkommun' },
        { nämnd_id: 2, name: 'Äldrenämnden' },
      ]);
    }
  });

  it('when two columns share a name, then the later one is kept, as better-sqlite3 does', async () => {
    const row = await sql<{ x: string }>`select 'första' as x, 'andra' as x`.execute(db);
    expect(row.rows).to.deep.equal([{ x: 'andra' }]);
  });

  it('when an insert returns columns, then they come back as an object; when a statement writes, the count of changed rows is right', async () => {
    const inserted = await db
      .insertInto('committees')
      .values(committee('Nämnd "med" citat'))
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow();
    expect(inserted).to.deep.equal({ id: 2, name: 'Nämnd "med" citat' });
    const updated = await db
      .updateTable('committees')
      .set({ administration: 'Socialförvaltningen' })
      .where('id', '<=', 2)
      .executeTakeFirstOrThrow();
    expect(Number(updated.numUpdatedRows)).to.equal(2);
  });

  it('when the schema changes after a query was kept (a migration), then its rows name the new columns', async () => {
    await sql`create table t (a integer, b integer, c integer)`.execute(db);
    await sql`insert into t values (1, 2, 3)`.execute(db);
    const all = () => sql<Record<string, number>>`select * from t`.execute(db).then((r) => r.rows);
    expect(await all()).to.deep.equal([{ a: 1, b: 2, c: 3 }]);
    await sql`alter table t drop column b`.execute(db);
    expect(await all()).to.deep.equal([{ a: 1, c: 3 }]);
    await sql`alter table t rename column c to d`.execute(db);
    expect(await all()).to.deep.equal([{ a: 1, d: 3 }]);
    await sql`/* a migration's comment */ alter table t add column e integer`.execute(db);
    expect(await all()).to.deep.equal([{ a: 1, d: 3, e: null }]);
  });

  it('when another process changes the schema after a query was kept, then from the next turn on its rows name the new columns', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atgardsplan-schema-'));
    const file = path.join(dir, 'db.sqlite');
    const ours = openDatabase(file);
    const theirs = new SQLite(file);
    try {
      theirs.exec('create table t (a integer, b integer, c integer); insert into t values (1, 2, 3);');
      const all = () => sql<Record<string, number>>`select * from t`.execute(ours).then((r) => r.rows);
      expect(await all()).to.deep.equal([{ a: 1, b: 2, c: 3 }]);
      theirs.exec('alter table t drop column b; alter table t rename column c to d;');
      await new Promise((resolve) => setImmediate(resolve));
      expect(await all()).to.deep.equal([{ a: 1, d: 3 }]);
    } finally {
      theirs.close();
      await ours.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when rows are streamed, then each is an object too', async () => {
    const names: string[] = [];
    for await (const row of db.selectFrom('committees').select('name').stream()) names.push(row.name);
    expect(names).to.deep.equal(['Socialnämnden i Exempelkommun']);
  });
});

describe('a transaction that reads before it writes, beside another process', () => {
  let dir: string;
  let db: Db;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atgardsplan-write-'));
    db = openDatabase(path.join(dir, 'data.sqlite'));
    await migrateToLatest(db);
  });
  afterEach(async () => {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when another process writes between its read and its write, then that process waits its turn and the transaction still commits', async () => {
    // The other process (the server) with no patience, so that waiting shows as an error here.
    const other = new SQLite(path.join(dir, 'data.sqlite'), { timeout: 0 });
    let otherWrote: string | null = null;
    await db.transaction().execute(async (tx) => {
      await tx.selectFrom('committees').selectAll().execute();
      try {
        other.prepare('INSERT INTO committees (name, created_at) VALUES (?, ?)').run('Äldrenämnden', '2026-11-23');
        otherWrote = 'yes';
      } catch (e) {
        otherWrote = (e as { code?: string }).code ?? String(e);
      }
      await tx.insertInto('committees').values(committee('Socialnämnden')).execute();
    });
    other.close();
    expect(otherWrote).to.equal('SQLITE_BUSY');
    expect((await db.selectFrom('committees').select('name').execute()).map((c) => c.name)).to.deep.equal([
      'Socialnämnden',
    ]);
  });
});
