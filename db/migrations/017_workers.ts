import type { Kysely } from 'kysely';

// Frozen in time: this migration never imports application code.
// Several server processes on one database (WORKERS, issue 20) share what one process used to keep
// in memory. None of it is a record, so none of it is audited (writing it never moves the newest
// audit id that remembered pages key on).
export async function up(db: Kysely<any>): Promise<void> {
  // One row per run of a scheduled job: the primary key lets one process, of however many, claim it.
  await db.schema
    .createTable('job_runs')
    .addColumn('job', 'text', (c) => c.notNull())
    .addColumn('occurrence', 'text', (c) => c.notNull())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('job_runs_pk', ['job', 'occurrence'])
    .execute();
  // An import plan's file between its preview and its confirmation, which may reach another process.
  await db.schema
    .createTable('import_drafts')
    .addColumn('token', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('matter_id', 'integer')
    .addColumn('file', 'blob', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('import_drafts_by_user').on('import_drafts').column('user_id').execute();
  // Requests per API token in the current window, counted by every process alike.
  await db.schema
    .createTable('api_rate_counts')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addColumn('resets_at', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('api_rate_counts').execute();
  await db.schema.dropTable('import_drafts').execute();
  await db.schema.dropTable('job_runs').execute();
}
