import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

type KyselyStatement = Pick<SQLite.Statement, 'reader' | 'all' | 'run' | 'iterate'>;

/**
 * better-sqlite3 builds each result row as an object property by property through V8's API,
 * which costs about 3× as much as reading the row as an array (measured: 50 action rows
 * 0.38 ms → 0.14 ms). So rows are read as arrays and turned into objects by a function made
 * once per statement from its column names: every row of a statement then shares one object
 * shape, with the same keys and values (a later duplicate column wins, as before).
 */
function withJsRows(statement: SQLite.Statement): KyselyStatement {
  if (!statement.reader) return statement;
  const names = statement.columns().map((c) => c.name);
  if (names.includes('__proto__')) return statement;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- keys come from the statement's own column names, quoted by JSON.stringify
  const toRow = new Function(
    'r',
    `return { ${names.map((name, i) => `${JSON.stringify(name)}: r[${i}]`).join(', ')} };`,
  ) as (r: unknown[]) => unknown;
  statement.raw(true);
  return {
    reader: true,
    all: (...params: unknown[]) => (statement.all(...params) as unknown[][]).map(toRow),
    run: (...params: unknown[]) => statement.run(...params),
    *iterate(...params: unknown[]) {
      for (const r of statement.iterate(...params) as IterableIterator<unknown[]>) yield toRow(r);
    },
  } as KyselyStatement;
}

// Statements that change the schema, also after leading comments.
const DDL = /^(?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*(create|alter|drop)\s/i;

/** A statement that changes the schema: once it has run, the kept statements are dropped. */
function changingSchema(statement: SQLite.Statement, dropKeptStatements: () => void): KyselyStatement {
  return {
    reader: false,
    all: (...params: unknown[]) => statement.all(...params),
    run: (...params: unknown[]) => {
      try {
        return statement.run(...params);
      } finally {
        dropKeptStatements();
      }
    },
    iterate: (...params: unknown[]) => statement.iterate(...params),
  } as KyselyStatement;
}

export interface DatabaseOptions {
  /** Called with the SQL of each statement as it is about to run (tests read its query plan). */
  trace?: (sql: string) => void;
}

export function openDatabase(file: string, options: DatabaseOptions = {}): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  // Kysely prepares every query anew; keeping prepared statements saves SQLite's parse and plan
  // on each request. Statements run synchronously, so one may serve many requests in turn.
  const statements = new Map<string, KyselyStatement>();
  // A schema change makes SQLite re-prepare a kept statement by itself, but its row function
  // would still name the old columns, so the kept statements are dropped: at once after this
  // connection runs DDL (a migration), and after another process's migration at the first
  // statement of an event-loop turn that sees a new schema_version. Reading it costs as much as
  // a small query (≈ 3.5 µs), a tenth of a page's SQL when it was read before every statement.
  const schemaVersion = sqlite.prepare('PRAGMA schema_version').pluck();
  // Reading the schema table makes SQLite notice another connection's change and reload its
  // schema, so statements prepared next describe the new columns (reading the version does not).
  const schemaReload = sqlite.prepare('SELECT count(*) FROM sqlite_schema').pluck();
  let statementsOfVersion = schemaVersion.get();
  let versionCheckDue = false;
  const dropKeptStatements = () => {
    statements.clear();
    schemaReload.get();
    statementsOfVersion = schemaVersion.get();
  };
  const checkSchemaVersion = () => {
    versionCheckDue = false;
    setImmediate(() => (versionCheckDue = true)).unref();
    if (schemaVersion.get() !== statementsOfVersion) dropKeptStatements();
  };
  const database = {
    close: () => sqlite.close(),
    prepare(sql: string) {
      options.trace?.(sql);
      if (versionCheckDue) checkSchemaVersion();
      let statement = statements.get(sql);
      if (!statement) {
        const prepared = sqlite.prepare(sql);
        if (DDL.test(sql)) return changingSchema(prepared, dropKeptStatements);
        if (statements.size >= 1000) statements.clear();
        statement = withJsRows(prepared);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
  checkSchemaVersion();
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  readers.set(db, (sql, parameters) => {
    if (sqlite.inTransaction) return undefined;
    const statement = database.prepare(sql);
    return statement.reader ? (statement.all(...parameters) as unknown[]) : undefined;
  });
  return db;
}

const readers = new WeakMap<Db, (sql: string, parameters: readonly unknown[]) => unknown[] | undefined>();

/**
 * Runs a read at once, synchronously, when no transaction is open on the connection: the rows,
 * or undefined when it must go through Kysely's executor instead (a transaction is open, `db`
 * is a transaction, or the SQL writes). Kysely's executor takes a lock on the connection for
 * every query, a few promises each (≈ 10 µs and 4 kB); the lock matters only to keep other
 * requests out of an open transaction, and a synchronous read outside one cannot interleave
 * with anything.
 */
export function readNow(db: Db, sql: string, parameters: readonly unknown[]): unknown[] | undefined {
  return readers.get(db)?.(sql, parameters);
}
