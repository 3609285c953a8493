import { sql, type Kysely } from 'kysely';

// Frozen in time: this migration never imports application code.
// Migration 016 keeps the actions per status and slutdatum day, so the Översikt's counts summed a row
// per day: 5 200 rows at 100 000 actions (slutdatum over four years), and the fresh Översikt grew with
// the installation (BENCHMARKS.md, twelfth round). These tables keep the same per month, and the open
// matters in one count; triggers on 016's day counts and on matters keep them, whoever writes.
// Derived, like 016's tables: not audited.

/** Adds `delta` to the count of `key` in `table`, dropping a count that reaches 0 (as migration 016's). */
function bump(table: string, key: Record<string, string>, delta: string): string {
  const columns = Object.keys(key);
  const where = columns.map((c) => `${c} = ${key[c]}`).join(' AND ');
  return `INSERT INTO ${table} (${columns.join(', ')}, n) VALUES (${columns.map((c) => key[c]).join(', ')}, ${delta})
      ON CONFLICT (${columns.join(', ')}) DO UPDATE SET n = n + ${delta};
    DELETE FROM ${table} WHERE ${where} AND n = 0;`;
}

const month = (day: string) => `substr(${day}, 1, 7)`;

const TRIGGERS: Record<string, string> = {
  // A day's count appears, changes or goes (016's triggers on actions write it): its month's follows.
  action_month_counts_insert: `AFTER INSERT ON action_counts BEGIN
    ${bump('action_month_counts', { status: 'NEW.status', month: month('NEW.due_on') }, 'NEW.n')} END`,
  action_month_counts_update: `AFTER UPDATE OF n ON action_counts BEGIN
    ${bump('action_month_counts', { status: 'NEW.status', month: month('NEW.due_on') }, 'NEW.n - OLD.n')} END`,
  action_month_counts_delete: `AFTER DELETE ON action_counts BEGIN
    ${bump('action_month_counts', { status: 'OLD.status', month: month('OLD.due_on') }, '-OLD.n')} END`,

  // Matters open (closed = 0) and closed (1). The key in parentheses: `closed = OLD.closed_on IS NOT NULL`
  // would read as `(closed = OLD.closed_on) IS NOT NULL`.
  matter_counts_insert: `AFTER INSERT ON matters BEGIN
    ${bump('matter_counts', { closed: '(NEW.closed_on IS NOT NULL)' }, '1')} END`,
  matter_counts_delete: `AFTER DELETE ON matters BEGIN
    ${bump('matter_counts', { closed: '(OLD.closed_on IS NOT NULL)' }, '-1')} END`,
  matter_counts_update: `AFTER UPDATE OF closed_on ON matters
    WHEN (OLD.closed_on IS NULL) <> (NEW.closed_on IS NULL) BEGIN
    ${bump('matter_counts', { closed: '(OLD.closed_on IS NOT NULL)' }, '-1')}
    ${bump('matter_counts', { closed: '(NEW.closed_on IS NOT NULL)' }, '1')} END`,
};

/** The tables this migration derives (not audited: test/integration/audit.test.ts reads this list). */
export const DERIVED_TABLES = ['action_month_counts', 'matter_counts'];

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE action_month_counts (status TEXT NOT NULL, month TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (status, month)) WITHOUT ROWID`.execute(db);
  await sql`CREATE TABLE matter_counts (closed INTEGER PRIMARY KEY, n INTEGER NOT NULL)`.execute(db);
  await sql
    .raw(
      `INSERT INTO action_month_counts (status, month, n)
        SELECT status, ${month('due_on')}, sum(n) FROM action_counts GROUP BY 1, 2`,
    )
    .execute(db);
  await sql
    .raw(`INSERT INTO matter_counts (closed, n) SELECT closed_on IS NOT NULL, count(*) FROM matters GROUP BY 1`)
    .execute(db);
  for (const [name, body] of Object.entries(TRIGGERS)) await sql.raw(`CREATE TRIGGER ${name} ${body}`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of Object.keys(TRIGGERS)) await sql.raw(`DROP TRIGGER IF EXISTS ${name}`).execute(db);
  for (const table of DERIVED_TABLES) await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db);
}
