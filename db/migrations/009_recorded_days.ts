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
// is the from_due_on of its first move.
// The new columns are audited like the others: the audit triggers (migration 003) of both tables are
// made again with them, after the backfill, so that the backfill itself leaves no empty log entries.

async function auditTriggersOf(db: Kysely<any>) {
  return (
    await sql<{ name: string; sql: string }>`
      SELECT name, sql FROM sqlite_master
      WHERE type = 'trigger' AND tbl_name IN ('matters', 'action_updates') AND name LIKE 'audit_%'`.execute(db)
  ).rows;
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('matters').addColumn('respond_by_since', 'text').execute();
  await db.schema.alterTable('matters').addColumn('closed_recorded_at', 'text').execute();
  await db.schema.alterTable('action_updates').addColumn('from_due_on', 'text').execute();
  await db.schema.alterTable('action_updates').addColumn('to_due_on', 'text').execute();
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
  for (const t of triggers) {
    const withColumns = t.sql
      .replace(
        /'respond_by', (NEW|OLD)\.respond_by\b/g,
        "'respond_by', $1.respond_by, 'respond_by_since', $1.respond_by_since",
      )
      .replace(
        /'closed_on', (NEW|OLD)\.closed_on\b/g,
        "'closed_on', $1.closed_on, 'closed_recorded_at', $1.closed_recorded_at",
      );
    await sql.raw(withColumns).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const triggers = await auditTriggersOf(db);
  for (const t of triggers) await sql.raw(`DROP TRIGGER ${t.name}`).execute(db);
  await db.schema.alterTable('matters').dropColumn('respond_by_since').execute();
  await db.schema.alterTable('matters').dropColumn('closed_recorded_at').execute();
  await db.schema.alterTable('action_updates').dropColumn('from_due_on').execute();
  await db.schema.alterTable('action_updates').dropColumn('to_due_on').execute();
  for (const t of triggers) {
    const without = t.sql
      .replace(/, 'respond_by_since', (NEW|OLD)\.respond_by_since/g, '')
      .replace(/, 'closed_recorded_at', (NEW|OLD)\.closed_recorded_at/g, '')
      .replace(/, 'from_due_on', (NEW|OLD)\.from_due_on, 'to_due_on', (NEW|OLD)\.to_due_on/g, '');
    await sql.raw(without).execute(db);
  }
}
