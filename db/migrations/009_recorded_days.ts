import { sql, type Kysely } from 'kysely';

// Frozen in time: this migration never imports application code.
// A finding that requires a response is owed to IVO until a redovisning covering it is sent on or
// after the day the matter's current svarsdatum was set (a new svarsdatum, e.g. a komplettering,
// opens a new round). respond_by_since is that day. Existing matters take the day the ändringslogg
// last recorded their svarsdatum being changed (its UTC date), else their beslutsdatum (IVO set the
// first svarsdatum in its decision), else the day they were registered.
// closed_recorded_at is when a matter's closing was saved: the återrapportering tells the nämnd of a
// closing recorded since its previous report, whatever Avslutat date it has (IVO's letter may come
// late). Existing closed matters take it from the ändringslogg, else from their last change.
// A moved slutdatum is an entry of the action's append-only history (action_updates): the old and
// the new date (from_due_on, to_due_on) with the reason as its comment; an action's first slutdatum
// is the from_due_on of its first move. A chef may instead request a new slutdatum: an entry with
// due_request 'requested'; the förvaltningschef's answer is another entry, 'approved' (the move
// itself) or 'declined'. Until approved the old date counts.
// Uppföljning av effekt (SOSFS 2011:9): a brist whose actions are done gets the förvaltningschef's
// assessment of whether they worked (effect, effect_assessed_on, effect_comment); a later one
// replaces it, and the ändringslogg keeps the earlier.
// The new columns are audited like the others: the audit triggers (migration 003) of the three tables are
// made again with them, after the backfill, so that the backfill itself leaves no empty log entries.

async function auditTriggersOf(db: Kysely<any>) {
  return (
    await sql<{ name: string; sql: string }>`
      SELECT name, sql FROM sqlite_master
      WHERE type = 'trigger' AND tbl_name IN ('matters', 'action_updates', 'findings') AND name LIKE 'audit_%'`.execute(
      db,
    )
  ).rows;
}

/** Each new column, placed in the triggers' JSON of a row after an existing one: [existing, what is added]. */
const NEW_COLUMNS: [string, (row: string) => string][] = [
  ['respond_by', (row) => `'respond_by_since', ${row}.respond_by_since`],
  ['closed_on', (row) => `'closed_recorded_at', ${row}.closed_recorded_at`],
  [
    'comment',
    (row) => `'from_due_on', ${row}.from_due_on, 'to_due_on', ${row}.to_due_on, 'due_request', ${row}.due_request`,
  ],
  [
    'response_required',
    (row) =>
      `'effect', ${row}.effect, 'effect_assessed_on', ${row}.effect_assessed_on, 'effect_comment', ${row}.effect_comment`,
  ],
];

/** A trigger's SQL with the new columns in its JSON of the row. */
function withNewColumns(triggerSql: string): string {
  let out = triggerSql;
  for (const [after, added] of NEW_COLUMNS) {
    for (const row of ['NEW', 'OLD']) {
      const existing = `'${after}', ${row}.${after}`;
      out = out
        .split(`${existing},`)
        .join(`${existing}, ${added(row)},`)
        .split(`${existing})`)
        .join(`${existing}, ${added(row)})`);
    }
  }
  return out;
}

/** The trigger's SQL as migration 003 made it. */
function withoutNewColumns(triggerSql: string): string {
  let out = triggerSql;
  for (const [, added] of NEW_COLUMNS) for (const row of ['NEW', 'OLD']) out = out.split(`, ${added(row)}`).join('');
  return out;
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('matters').addColumn('respond_by_since', 'text').execute();
  await db.schema.alterTable('matters').addColumn('closed_recorded_at', 'text').execute();
  await db.schema.alterTable('action_updates').addColumn('from_due_on', 'text').execute();
  await db.schema.alterTable('action_updates').addColumn('to_due_on', 'text').execute();
  await db.schema.alterTable('action_updates').addColumn('due_request', 'text').execute();
  await db.schema.alterTable('findings').addColumn('effect', 'text').execute();
  await db.schema.alterTable('findings').addColumn('effect_assessed_on', 'text').execute();
  await db.schema
    .alterTable('findings')
    .addColumn('effect_comment', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  const triggers = await auditTriggersOf(db);
  for (const t of triggers) await sql.raw(`DROP TRIGGER ${t.name}`).execute(db);
  await sql`
    UPDATE matters SET respond_by_since = coalesce(
      (SELECT substr(max(a.at), 1, 10) FROM audit_log a
        WHERE a.entity = 'matters' AND a.entity_id = matters.id AND a.operation = 'update'
          AND json_extract(a.after_json, '$.respond_by') IS NOT NULL
          AND json_extract(a.before_json, '$.respond_by') IS NOT json_extract(a.after_json, '$.respond_by')),
      decided_on,
      substr(created_at, 1, 10))
    WHERE respond_by IS NOT NULL`.execute(db);
  await sql`
    UPDATE matters SET closed_recorded_at = coalesce(
      (SELECT max(a.at) FROM audit_log a
        WHERE a.entity = 'matters' AND a.entity_id = matters.id
          AND json_extract(a.after_json, '$.closed_on') IS NOT NULL
          AND json_extract(a.before_json, '$.closed_on') IS NULL),
      updated_at)
    WHERE closed_on IS NOT NULL`.execute(db);
  for (const t of triggers) await sql.raw(withNewColumns(t.sql)).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const triggers = await auditTriggersOf(db);
  for (const t of triggers) await sql.raw(`DROP TRIGGER ${t.name}`).execute(db);
  await db.schema.alterTable('matters').dropColumn('respond_by_since').execute();
  await db.schema.alterTable('matters').dropColumn('closed_recorded_at').execute();
  await db.schema.alterTable('action_updates').dropColumn('from_due_on').execute();
  await db.schema.alterTable('action_updates').dropColumn('to_due_on').execute();
  await db.schema.alterTable('action_updates').dropColumn('due_request').execute();
  await db.schema.alterTable('findings').dropColumn('effect').execute();
  await db.schema.alterTable('findings').dropColumn('effect_assessed_on').execute();
  await db.schema.alterTable('findings').dropColumn('effect_comment').execute();
  for (const t of triggers) await sql.raw(withoutNewColumns(t.sql)).execute(db);
}
