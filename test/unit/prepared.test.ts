import { expect } from 'chai';
import { sql } from 'kysely';
import { openDatabase, type Db } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { preparedQuery } from '../../src/db/prepared.ts';

const at = '2026-11-23T09:00:00.000Z';

describe('a prepared query (built once, run with new values)', () => {
  let db: Db;
  beforeEach(async () => {
    db = openDatabase(':memory:');
    await migrateToLatest(db);
    await db
      .insertInto('committees')
      .values([
        { name: 'Socialnämnden i Exempelkommun', created_at: at, active: 1 },
        { name: 'Äldrenämnden', created_at: at, active: 0 },
        { name: 'Barn- och utbildningsnämnden', created_at: at, active: 1 },
      ])
      .execute();
  });
  afterEach(() => db.destroy());

  const committeesFrom = preparedQuery((db: Db, fromId: number, active: 0 | 1) =>
    db
      .selectFrom('committees')
      .select(['id', 'name'])
      .where('id', '>=', fromId)
      .where('active', '=', active)
      .where('name', '!=', '')
      .orderBy('id'),
  );

  it('when run with different values, then each run answers for its own values, as the built query would', async () => {
    expect(await committeesFrom.all(db, 1, 1)).to.deep.equal([
      { id: 1, name: 'Socialnämnden i Exempelkommun' },
      { id: 3, name: 'Barn- och utbildningsnämnden' },
    ]);
    expect(await committeesFrom.all(db, 2, 0)).to.deep.equal([{ id: 2, name: 'Äldrenämnden' }]);
    expect(await committeesFrom.first(db, 3, 1)).to.deep.equal({ id: 3, name: 'Barn- och utbildningsnämnden' });
    expect(await committeesFrom.first(db, 4, 1)).to.equal(undefined);
    const built = await db
      .selectFrom('committees')
      .select(['id', 'name'])
      .where('id', '>=', 2)
      .where('active', '=', 1)
      .where('name', '!=', '')
      .orderBy('id')
      .execute();
    expect(await committeesFrom.all(db, 2, 1)).to.deep.equal(built);
  });

  it('when one value is used twice, then both places get it', async () => {
    const named = preparedQuery((db: Db, name: string) =>
      db
        .selectFrom('committees')
        .select('id')
        .where((eb) => eb.or([eb('name', '=', name), eb('name', '=', sql<string>`upper(${name})`)])),
    );
    expect(await named.all(db, 'Äldrenämnden')).to.deep.equal([{ id: 2 }]);
    expect(await named.all(db, 'Socialnämnden i Exempelkommun')).to.deep.equal([{ id: 1 }]);
  });

  it('when run in a transaction, then it sees what the transaction wrote and nothing remains after a rollback', async () => {
    const byName = preparedQuery((db: Db, name: string) =>
      db.selectFrom('committees').select('id').where('name', '=', name),
    );
    await db
      .transaction()
      .execute(async (tx) => {
        await tx.insertInto('committees').values({ name: 'Kultur- och fritidsnämnden', created_at: at }).execute();
        expect(await byName.all(tx, 'Kultur- och fritidsnämnden')).to.deep.equal([{ id: 4 }]);
        throw new Error('rollback');
      })
      .catch(() => undefined);
    expect(await byName.all(db, 'Kultur- och fritidsnämnden')).to.deep.equal([]);
  });

  it('when another request reads while a transaction is open, then it waits for the transaction and never sees what was rolled back', async () => {
    const byName = preparedQuery((db: Db, name: string) =>
      db.selectFrom('committees').select('id').where('name', '=', name),
    );
    let outside: Promise<unknown> | undefined;
    await db
      .transaction()
      .execute(async (tx) => {
        await tx.insertInto('committees').values({ name: 'Kultur- och fritidsnämnden', created_at: at }).execute();
        outside = byName.all(db, 'Kultur- och fritidsnämnden');
        expect(
          await Promise.race([outside, new Promise((resolve) => setTimeout(() => resolve('still waiting'), 50))]),
        ).to.equal('still waiting');
        throw new Error('rollback');
      })
      .catch(() => undefined);
    expect(await outside).to.deep.equal([]);
  });

  it('when another request reads while a transaction is open, then after the commit it sees the committed rows', async () => {
    const byName = preparedQuery((db: Db, name: string) =>
      db.selectFrom('committees').select('id').where('name', '=', name),
    );
    let outside: Promise<unknown> | undefined;
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('committees').values({ name: 'Kultur- och fritidsnämnden', created_at: at }).execute();
      outside = byName.all(db, 'Kultur- och fritidsnämnden');
      expect(
        await Promise.race([outside, new Promise((resolve) => setTimeout(() => resolve('still waiting'), 50))]),
      ).to.equal('still waiting');
    });
    expect(await outside).to.deep.equal([{ id: 4 }]);
  });

  it('when a parameter decides the shape instead of being a value, then the first run refuses it', async () => {
    const shaped = preparedQuery((db: Db, onlyActive: boolean) =>
      onlyActive
        ? db.selectFrom('committees').select('id').where('active', '=', 1)
        : db.selectFrom('committees').select('id'),
    );
    let error: unknown;
    await shaped.all(db, true).catch((e: unknown) => (error = e));
    expect(String(error)).to.match(/parameter 1 is not a value of the query/);
  });
});
