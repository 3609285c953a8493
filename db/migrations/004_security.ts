import { Kysely, sql } from 'kysely';

// Frozen in time: this migration never imports application code.
export async function up(db: Kysely<any>): Promise<void> {
  // Failed logins, keyed both by the e-mail that was typed (whether or not it exists) and
  // by the source address, so repeated failures can slow down and then lock either.
  await db.schema
    .createTable('login_failures')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('failed_at', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('login_failures_account')
    .on('login_failures')
    .columns(['account', 'failed_at'])
    .execute();
  await db.schema.createIndex('login_failures_source').on('login_failures').columns(['source', 'failed_at']).execute();

  // Locks in force: one row per locked e-mail address or source address.
  await db.schema
    .createTable('login_throttle')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('login_throttle_pk', ['kind', 'key'])
    .execute();

  // Whose session a row is, so a password change or reset can end that user's other sessions.
  await db.schema.alterTable('sessions').addColumn('user_id', 'integer').execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
  await sql`UPDATE sessions SET user_id = json_extract(data, '$.userId') WHERE json_valid(data)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('sessions_user').execute();
  await db.schema.alterTable('sessions').dropColumn('user_id').execute();
  await db.schema.dropTable('login_throttle').execute();
  await db.schema.dropTable('login_failures').execute();
}
