import { Kysely, sql } from 'kysely';

// Frozen in time: the audited tables and their columns are read from the schema as it
// stands when this migration runs. A later table needs triggers from its own migration.
const NOT_AUDITED = new Set(['settings', 'sessions', 'one_time_tokens', 'audit_log', 'audit_actor']);
const SECRET_COLUMNS = new Set(['password_hash']);
// Frozen report snapshots can be megabytes; the log notes their size, the row itself is immutable.
const BULKY_COLUMNS = new Set(['snapshot']);

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'integer')
    .addColumn('matter_id', 'integer')
    .addColumn('operation', 'text', (c) => c.notNull())
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .execute();
  await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity', 'entity_id', 'id']).execute();
  await db.schema.createIndex('audit_log_matter').on('audit_log').columns(['matter_id', 'id']).execute();
  await db.schema.createIndex('audit_log_user').on('audit_log').columns(['user_id', 'id']).execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').columns(['at']).execute();
  await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(
    db,
  );
  await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(
    db,
  );

  // Who and when, set by the app at the start of each audited transaction and cleared at its end.
  await db.schema
    .createTable('audit_actor')
    .addColumn('only', 'integer', (c) => c.primaryKey().check(sql`only = 1`))
    .addColumn('user_id', 'integer')
    .addColumn('at', 'text')
    .execute();
  await sql`INSERT INTO audit_actor (only, user_id, at) VALUES (1, NULL, NULL)`.execute(db);

  const tables = await sql<{
    name: string;
  }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%'`.execute(
    db,
  );
  for (const { name } of tables.rows) {
    if (NOT_AUDITED.has(name)) continue;
    const columns = (
      await sql<{ name: string; type: string }>`SELECT name, type FROM pragma_table_info(${name})`.execute(db)
    ).rows;
    await createAuditTriggers(db, name, columns);
  }
}

/** The audit triggers of one table (a later migration adding a table calls this for it). */
export async function createAuditTriggers(db: Kysely<any>, table: string, columns: { name: string; type: string }[]) {
  const names = columns.map((c) => c.name);
  const json = (row: 'NEW' | 'OLD') =>
    `json_object(${columns
      .map((c) => {
        // Blobs (PDF bytes) are summarised by size; secrets only by whether they changed.
        if (c.type.toLowerCase() === 'blob' || BULKY_COLUMNS.has(c.name))
          return `'${c.name}', length(${row}.${c.name})`;
        if (SECRET_COLUMNS.has(c.name))
          return `'${c.name}', CASE WHEN ${row}.${c.name} IS NULL THEN NULL ELSE '(dolt)' END`;
        return `'${c.name}', ${row}.${c.name}`;
      })
      .join(', ')})`;
  const idOf = (row: 'NEW' | 'OLD') =>
    names.includes('id')
      ? `${row}.id`
      : names.includes('action_id')
        ? `${row}.action_id`
        : names.includes('submission_id')
          ? `${row}.submission_id`
          : 'NULL';
  const matterOf = (row: 'NEW' | 'OLD') =>
    table === 'matters' ? `${row}.id` : names.includes('matter_id') ? `${row}.matter_id` : 'NULL';
  const who = `(SELECT user_id FROM audit_actor WHERE only = 1)`;
  const when = `coalesce((SELECT at FROM audit_actor WHERE only = 1), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;
  const insert = (op: string, row: 'NEW' | 'OLD', before: string, after: string) =>
    `INSERT INTO audit_log (at, user_id, entity, entity_id, matter_id, operation, before_json, after_json) VALUES (${when}, ${who}, '${table}', ${idOf(row)}, ${matterOf(row)}, '${op}', ${before}, ${after});`;
  await sql
    .raw(
      `CREATE TRIGGER audit_${table}_insert AFTER INSERT ON ${table} BEGIN ${insert('insert', 'NEW', 'NULL', json('NEW'))} END`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER audit_${table}_update AFTER UPDATE ON ${table} BEGIN ${insert('update', 'NEW', json('OLD'), json('NEW'))} END`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER audit_${table}_delete AFTER DELETE ON ${table} BEGIN ${insert('delete', 'OLD', json('OLD'), 'NULL')} END`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const triggers = await sql<{
    name: string;
  }>`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit_%'`.execute(db);
  for (const { name } of triggers.rows) await sql.raw(`DROP TRIGGER ${name}`).execute(db);
  await db.schema.dropTable('audit_actor').execute();
  await db.schema.dropTable('audit_log').execute();
}
