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
  // better-sqlite3 builds SQLite with a 16 MB page cache per connection; at 100 000 actions a server
  // filled it and peaked ≈ 12 MB higher than with 4 MB, at the same CPU per request (BENCHMARKS.md,
  // eleventh round). The pages missed are read from the operating system's file cache.
  sqlite.pragma('cache_size = -4000');
  // Kysely prepares every query anew; keeping prepared statements saves SQLite's parse and plan
  // on each request. Statements run synchronously, so one may serve many requests in turn.
  const statements = new Map<string, KyselyStatement>();
  const database = {
    close: () => sqlite.close(),
    prepare(text: string) {
      // A transaction that reads before it writes cannot wait for another process's write lock
      // (SQLite answers SQLITE_BUSY at once, busy_timeout or not): take the lock when it begins.
      const sql = text === 'begin' ? 'begin immediate' : text;
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
  connections.set(db, sqlite);
  readers.set(db, (sql, parameters) => {
    if (sqlite.inTransaction) return undefined;
    const statement = database.prepare(sql);
    return statement.reader ? (statement.all(...parameters) as unknown[]) : undefined;
  });
  return db;
}

const connections = new WeakMap<Db, SQLite.Database>();

/**
 * Copies the open database to `file` with SQLite's online backup while others keep reading and
 * writing: all pages in one step under one read transaction (WAL lets writers go on), so the copy
 * is the database as of one moment and a write elsewhere cannot make the backup start over forever.
 */
export async function backupDatabase(db: Db, file: string): Promise<void> {
  const sqlite = connections.get(db);
  if (!sqlite) throw new Error('Not a database opened by openDatabase');
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  await sqlite.backup(file, { progress: () => 1 << 30 });
  // The copy is one self-contained file (no -wal beside it) however it is later opened.
  const copy = new SQLite(file);
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

/**
 * Whether `file` is a sound Åtgärdsplan database: SQLite's integrity_check passes and it has been
 * migrated. Returns what is wrong, in Swedish, or null.
 */
export function databaseFileProblem(file: string): string | null {
  if (!fs.existsSync(file)) return `Filen ${file} finns inte.`;
  let sqlite: SQLite.Database | undefined;
  try {
    sqlite = new SQLite(file, { readonly: true, fileMustExist: true });
    const integrity = sqlite.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') return `Filen är skadad (integrity_check: ${String(integrity)}).`;
    const migrated = sqlite
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'")
      .get();
    if (!migrated) return 'Filen är en SQLite-databas men inte en databas från Åtgärdsplan.';
    return null;
  } catch (e) {
    return `Filen kan inte läsas som en databas: ${e instanceof Error ? e.message : String(e)}`;
  } finally {
    sqlite?.close();
  }
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
