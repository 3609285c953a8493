import { Kysely, sql } from 'kysely';

// Frozen in time: this migration never imports application code.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('meetings')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('committee_id', 'integer', (c) => c.notNull().references('committees.id'))
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('own_reference', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('cancelled_at', 'text')
    .addColumn('cancelled_reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('meetings_committee_held').on('meetings').columns(['committee_id', 'held_on']).execute();

  // An issued återrapportering: the content as JSON and the PDF exactly as issued.
  // Append-only, so what the nämnd received can always be shown again byte for byte;
  // a mistaken issue is followed by a new version (with a reason), never corrected in place.
  await db.schema
    .createTable('reports')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id'))
    .addColumn('committee_id', 'integer', (c) => c.notNull().references('committees.id'))
    .addColumn('version_no', 'integer', (c) => c.notNull())
    .addColumn('document_id', 'text', (c) => c.notNull().unique())
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('pdf', 'blob', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('issued_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('reports_meeting_version', ['meeting_id', 'version_no'])
    .execute();
  await db.schema
    .createIndex('reports_committee_issued')
    .on('reports')
    .columns(['committee_id', 'issued_at'])
    .execute();

  // A redovisning sent to IVO: the PDF as sent, frozen like an issued report.
  await db.schema
    .createTable('submissions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('matter_id', 'integer', (c) => c.notNull().references('matters.id'))
    .addColumn('round_no', 'integer', (c) => c.notNull())
    .addColumn('sent_on', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('document_id', 'text', (c) => c.notNull().unique())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('pdf', 'blob', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('registered_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('registered_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('submissions_matter_round', ['matter_id', 'round_no'])
    .execute();

  await db.schema
    .createTable('submission_findings')
    .addColumn('submission_id', 'integer', (c) => c.notNull().references('submissions.id'))
    .addColumn('finding_id', 'integer', (c) => c.notNull().references('findings.id'))
    .addPrimaryKeyConstraint('submission_findings_pk', ['submission_id', 'finding_id'])
    .execute();

  for (const table of ['reports', 'submissions', 'submission_findings']) {
    await sql
      .raw(
        `CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
      )
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['submission_findings', 'submissions', 'reports', 'meetings']) {
    await db.schema.dropTable(t).execute();
  }
}
