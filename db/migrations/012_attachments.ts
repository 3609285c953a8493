import { sql, type Kysely } from 'kysely';
import { createAuditTriggers } from './003_audit.ts';

// Frozen in time: this migration never imports application code.
// Bilagor (issue 18): IVO's beslut, the nämnd's protokollsutdrag, evidence that an action was done,
// each attached to one item (a matter, a brist, an åtgärd or a redovisning). They are public
// records, so they are kept in the database (one backup holds everything; an upload commits with
// its audit row) and never deleted: a förvaltningschef may only mark one "felaktigt uppladdad".
// The bytes live in a table of their own: marking a row rewrites the row, and a list should never
// read 25 MB to show a file name. The metadata row is audited (with the size and SHA-256 of the
// bytes); the bytes themselves are not, so no file ever goes into the audit log.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('attachments')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    // The matter the item belongs to (null for an åtgärd, which may address brister of several).
    .addColumn('matter_id', 'integer', (c) => c.references('matters.id'))
    .addColumn('finding_id', 'integer', (c) => c.references('findings.id'))
    .addColumn('action_id', 'integer', (c) => c.references('actions.id'))
    .addColumn('submission_id', 'integer', (c) => c.references('submissions.id'))
    .addColumn('document_kind', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .addColumn('wrongly_uploaded_at', 'text')
    .addColumn('wrongly_uploaded_by', 'integer', (c) => c.references('users.id'))
    .addColumn('wrongly_uploaded_reason', 'text')
    // Exactly one item: a matter's own (matter_id alone), a brist's, an åtgärd's or a redovisning's.
    .addCheckConstraint(
      'attachments_one_item',
      sql`(finding_id IS NOT NULL) + (action_id IS NOT NULL) + (submission_id IS NOT NULL) <= 1 AND (matter_id IS NOT NULL OR action_id IS NOT NULL)`,
    )
    .execute();
  for (const column of ['matter_id', 'finding_id', 'action_id', 'submission_id'])
    await sql
      .raw(`CREATE INDEX attachments_${column} ON attachments (${column}) WHERE ${column} IS NOT NULL`)
      .execute(db);
  await db.schema
    .createTable('attachment_contents')
    .addColumn('attachment_id', 'integer', (c) => c.primaryKey().references('attachments.id'))
    .addColumn('content', 'blob', (c) => c.notNull())
    .execute();
  // Never deleted, and what was uploaded never changes; only the felaktigt-uppladdad mark is set.
  await sql`CREATE TRIGGER attachments_no_delete BEFORE DELETE ON attachments BEGIN SELECT RAISE(ABORT, 'attachments are never deleted'); END`.execute(
    db,
  );
  await sql`CREATE TRIGGER attachments_fixed BEFORE UPDATE ON attachments
    WHEN NEW.matter_id IS NOT OLD.matter_id OR NEW.finding_id IS NOT OLD.finding_id
      OR NEW.action_id IS NOT OLD.action_id OR NEW.submission_id IS NOT OLD.submission_id
      OR NEW.file_name IS NOT OLD.file_name OR NEW.content_type IS NOT OLD.content_type
      OR NEW.size_bytes IS NOT OLD.size_bytes OR NEW.sha256 IS NOT OLD.sha256
      OR NEW.uploaded_by IS NOT OLD.uploaded_by OR NEW.uploaded_at IS NOT OLD.uploaded_at
    BEGIN SELECT RAISE(ABORT, 'an uploaded attachment does not change'); END`.execute(db);
  await sql`CREATE TRIGGER attachment_contents_no_update BEFORE UPDATE ON attachment_contents BEGIN SELECT RAISE(ABORT, 'attachment contents never change'); END`.execute(
    db,
  );
  await sql`CREATE TRIGGER attachment_contents_no_delete BEFORE DELETE ON attachment_contents BEGIN SELECT RAISE(ABORT, 'attachments are never deleted'); END`.execute(
    db,
  );
  const columns = (
    await sql<{ name: string; type: string }>`SELECT name, type FROM pragma_table_info('attachments')`.execute(db)
  ).rows;
  await createAuditTriggers(db, 'attachments', columns);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const op of ['insert', 'update', 'delete']) await sql.raw(`DROP TRIGGER audit_attachments_${op}`).execute(db);
  await db.schema.dropTable('attachment_contents').execute();
  await db.schema.dropTable('attachments').execute();
}
