import { Kysely, sql } from 'kysely';

// Frozen in time: this migration never imports application code.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('committees')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('administration', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('sid', 'text', (c) => c.primaryKey())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute();

  // One-time links: first-administrator set-up and password resets. Only a hash is stored.
  await db.schema
    .createTable('one_time_tokens')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('matters')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('committee_id', 'integer', (c) => c.notNull().references('committees.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('ivo_reference', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('own_reference', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('decided_on', 'text')
    .addColumn('respond_by', 'text')
    .addColumn('fine_amount', 'integer')
    .addColumn('fine_status', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('final_on', 'text')
    .addColumn('follow_up_on', 'text')
    .addColumn('legal_basis', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('closed_on', 'text')
    .addColumn('closed_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('matters_committee').on('matters').columns(['committee_id', 'closed_on']).execute();
  await db.schema.createIndex('matters_respond_by').on('matters').columns(['respond_by']).execute();
  await db.schema.createIndex('matters_kind').on('matters').columns(['kind']).execute();

  await db.schema
    .createTable('findings')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('matter_id', 'integer', (c) => c.notNull().references('matters.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('response_required', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('findings_matter').on('findings').column('matter_id').execute();

  // committee_id is copied from the findings' matter so the action list can filter
  // and paginate per nämnd without joining through findings.
  await db.schema
    .createTable('actions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('committee_id', 'integer', (c) => c.notNull().references('committees.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('owner_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('not_started'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('actions_due').on('actions').columns(['due_on', 'id']).execute();
  await db.schema.createIndex('actions_status_due').on('actions').columns(['status', 'due_on', 'id']).execute();
  await db.schema.createIndex('actions_owner_due').on('actions').columns(['owner_id', 'due_on', 'id']).execute();
  await db.schema
    .createIndex('actions_committee_due')
    .on('actions')
    .columns(['committee_id', 'due_on', 'id'])
    .execute();

  await db.schema
    .createTable('action_findings')
    .addColumn('action_id', 'integer', (c) => c.notNull().references('actions.id'))
    .addColumn('finding_id', 'integer', (c) => c.notNull().references('findings.id'))
    .addPrimaryKeyConstraint('action_findings_pk', ['action_id', 'finding_id'])
    .execute();
  await db.schema
    .createIndex('action_findings_finding')
    .on('action_findings')
    .columns(['finding_id', 'action_id'])
    .execute();

  // Append-only: the app inserts rows and never updates or deletes them.
  await db.schema
    .createTable('action_updates')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('action_id', 'integer', (c) => c.notNull().references('actions.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('action_updates_action').on('action_updates').columns(['action_id', 'id']).execute();
  await sql`CREATE TRIGGER action_updates_no_update BEFORE UPDATE ON action_updates
    BEGIN SELECT RAISE(ABORT, 'action_updates is append-only'); END`.execute(db);
  await sql`CREATE TRIGGER action_updates_no_delete BEFORE DELETE ON action_updates
    BEGIN SELECT RAISE(ABORT, 'action_updates is append-only'); END`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'action_updates',
    'action_findings',
    'actions',
    'findings',
    'matters',
    'one_time_tokens',
    'sessions',
    'users',
    'committees',
    'settings',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
