import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

type KyselyStatement = Pick<SQLite.Statement, 'reader' | 'all' | 'run' | 'iterate'>;

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
  const database = {
    close: () => sqlite.close(),
    prepare(sql: string) {
      options.trace?.(sql);
      let statement = statements.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        if (statements.size >= 1000) statements.clear();
        statements.set(sql, statement);
      }
      return statement;
    },
  };
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
