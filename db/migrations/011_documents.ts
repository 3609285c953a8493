import { sql, type Kysely } from 'kysely';
import { createAuditTriggers } from './003_audit.ts';

// Frozen in time: this migration never imports application code (migration 003's trigger maker
// is part of the migrations, and frozen with them).
// The återrapportering goes to the nämnd as a tjänsteskrivelse: a frame the nämndsekreterare
// writes for each sammanträde (till, datum, diarienummer, handläggare, ärende, förslag till
// beslut, sammanfattning, bakgrund, förvaltningens bedömning, konsekvenser, underskrift,
// bilagor), kept as a draft until the report is issued, when it is frozen into the snapshot.
// The kommun's name and logo head every document (one row). An issued report keeps its Word
// file beside the PDF, built from the same frozen content.
// A redovisning till IVO gets the same kind of frame, typed when it is registered: to whom, the
// nämnd's decision (paragraph and date), a covering text and the bilagor; and its Word file.
// Reminders by e-mail (issue 17): every mail is first written to the outbox, in the same transaction
// as the rows saying which (user, item, threshold) it reminds of, so a reminder is recorded exactly
// once whatever happens after; the outbox is then sent, retried with a growing wait while SMTP
// fails. Without SMTP the outbox is the utkorg administrators read. Each user may turn reminders
// off or have them once a week. Mail is not a record of the plan: these tables are not audited.
// An ersättare stands in for a chef for a period (issue 17): sees and may update the chef's actions
// and gets the chef's reminders. A statusuppdatering written by an ersättare says for whom
// (action_updates.on_behalf_of); the audit triggers of action_updates are made again to record it.
// Each user's calendar feed (issue 17) is reached by a secret address; only its SHA-256 is kept, one
// per user, so renewing it ends the old address. Like sessions, it holds no record and is not audited.
/** A table's audit triggers made again from its columns as they stand (after a column is added or dropped). */
async function remakeAuditTriggers(db: Kysely<any>, table: string): Promise<void> {
  for (const op of ['insert', 'update', 'delete'])
    await sql.raw(`DROP TRIGGER IF EXISTS audit_${table}_${op}`).execute(db);
  const columns = (
    await sql<{ name: string; type: string }>`SELECT name, type FROM pragma_table_info(${table})`.execute(db)
  ).rows;
  await createAuditTriggers(db, table, columns);
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('substitutes')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('substitute_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('from_on', 'text', (c) => c.notNull())
    .addColumn('to_on', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('substitutes_substitute').on('substitutes').columns(['substitute_id', 'to_on']).execute();
  await db.schema.createIndex('substitutes_user').on('substitutes').columns(['user_id', 'to_on']).execute();
  await db.schema
    .alterTable('action_updates')
    .addColumn('on_behalf_of', 'integer', (c) => c.references('users.id'))
    .execute();
  await remakeAuditTriggers(db, 'action_updates');
  await db.schema
    .createTable('outbox')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'text')
    .execute();
  await sql`CREATE INDEX outbox_unsent ON outbox (next_attempt_at) WHERE sent_at IS NULL`.execute(db);
  await db.schema
    .createTable('reminders_sent')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('item', 'text', (c) => c.notNull())
    .addColumn('threshold', 'text', (c) => c.notNull())
    .addColumn('outbox_id', 'integer', (c) => c.notNull().references('outbox.id'))
    .addPrimaryKeyConstraint('reminders_sent_pk', ['user_id', 'item', 'threshold'])
    .execute();
  await db.schema
    .createTable('reminder_settings')
    .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id'))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    // 1 (Monday) … 5 (Friday): one digest that weekday instead of one every vardag; null: daily.
    .addColumn('weekly_on', 'integer')
    // The kinds of reminder the user has turned off, comma-separated (e.g. 'stale,fines').
    .addColumn('muted', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('calendar_feeds')
    .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id'))
    .addColumn('token_sha256', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('report_frames')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('meeting_id', 'integer', (c) => c.notNull().unique().references('meetings.id'))
    .addColumn('addressee', 'text', (c) => c.notNull())
    .addColumn('dated_on', 'text', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('officer', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('proposal', 'text', (c) => c.notNull())
    // Null: the summary generated from the report's figures when it is drawn.
    .addColumn('summary', 'text')
    .addColumn('background', 'text', (c) => c.notNull())
    .addColumn('assessment', 'text', (c) => c.notNull())
    .addColumn('consequences', 'text', (c) => c.notNull())
    .addColumn('signatory_name', 'text', (c) => c.notNull())
    .addColumn('signatory_title', 'text', (c) => c.notNull())
    .addColumn('attachments', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('organisation')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('municipality', 'text', (c) => c.notNull())
    .addColumn('logo', 'blob')
    .addColumn('logo_sha256', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('reports').addColumn('docx', 'blob').execute();
  await db.schema.alterTable('reports').addColumn('docx_sha256', 'text').execute();
  for (const [column, type] of [
    ['addressee', 'text'],
    ['decision', 'text'],
    ['covering_text', 'text'],
    ['attachments', 'text'],
  ] as const)
    await db.schema
      .alterTable('submissions')
      .addColumn(column, type, (c) => c.notNull().defaultTo(''))
      .execute();
  await db.schema.alterTable('submissions').addColumn('decision_on', 'text').execute();
  await db.schema.alterTable('submissions').addColumn('docx', 'blob').execute();
  await db.schema.alterTable('submissions').addColumn('docx_sha256', 'text').execute();
  for (const table of ['report_frames', 'organisation', 'substitutes']) {
    const columns = (
      await sql<{ name: string; type: string }>`SELECT name, type FROM pragma_table_info(${table})`.execute(db)
    ).rows;
    await createAuditTriggers(db, table, columns);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['report_frames', 'organisation', 'substitutes'])
    for (const op of ['insert', 'update', 'delete']) await sql.raw(`DROP TRIGGER audit_${table}_${op}`).execute(db);
  await db.schema.dropTable('substitutes').execute();
  await db.schema.alterTable('action_updates').dropColumn('on_behalf_of').execute();
  await remakeAuditTriggers(db, 'action_updates');
  for (const column of ['docx_sha256', 'docx', 'decision_on', 'attachments', 'covering_text', 'decision', 'addressee'])
    await db.schema.alterTable('submissions').dropColumn(column).execute();
  await db.schema.alterTable('reports').dropColumn('docx_sha256').execute();
  await db.schema.alterTable('reports').dropColumn('docx').execute();
  await db.schema.dropTable('organisation').execute();
  await db.schema.dropTable('calendar_feeds').execute();
  await db.schema.dropTable('reminder_settings').execute();
  await db.schema.dropTable('reminders_sent').execute();
  await db.schema.dropTable('outbox').execute();
  await db.schema.dropTable('report_frames').execute();
}
