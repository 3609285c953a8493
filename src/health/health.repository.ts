import { sql } from 'kysely';
import type { Db } from '../db/connection.ts';

/** Reads a row that every migrated database has. */
export async function readProbe(db: Db): Promise<void> {
  await db.selectFrom('settings').select('key').limit(1).execute();
}

export async function appliedMigrations(db: Db): Promise<string[]> {
  const rows = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
  return rows.rows.map((r) => r.name);
}

/** The database file's size as SQLite counts it (pages in use and free), without the WAL. */
export async function databaseBytes(db: Db): Promise<number> {
  const r = await sql<{ bytes: number }>`
    SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()`.execute(db);
  return Number(r.rows[0]?.bytes ?? 0);
}
