import { sql, type Kysely } from 'kysely';
import { createAuditTriggers } from './003_audit.ts';

// Frozen in time: this migration never imports application code (createAuditTriggers excepted).
// Personal access tokens of the read-only JSON API, and the log of their uses.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    // Only the SHA-256 of the token is kept: a token is 32 random bytes, so a fast hash is enough.
    .addColumn('token_sha256', 'text', (c) => c.notNull().unique())
    // The token's first characters (e.g. "atp_AbCd"), so a person can tell which token a list shows.
    .addColumn('hint', 'text', (c) => c.notNull())
    // The last day the token works (Europe/Stockholm), inclusive.
    .addColumn('expires_on', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_by', 'integer', (c) => c.references('users.id'))
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('api_tokens_user').on('api_tokens').columns(['user_id', 'id']).execute();
  // Creation and revocation are audited; the hash is left out of the log (it identifies the secret).
  const columns = (
    await sql<{ name: string; type: string }>`SELECT name, type FROM pragma_table_info('api_tokens')`.execute(db)
  ).rows.filter((c) => c.name !== 'token_sha256');
  await createAuditTriggers(db, 'api_tokens', columns);

  // Every use of a token. NOT audited on purpose: an audited write moves the newest audit id, which
  // forgets every remembered page (src/db/remembered.ts), and integrations call the API all day.
  // Append-only like the audit log; last used = the newest row of a token.
  await db.schema
    .createTable('api_token_uses')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('token_id', 'integer', (c) => c.notNull().references('api_tokens.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('api_token_uses_token').on('api_token_uses').columns(['token_id', 'id']).execute();
  await sql`CREATE TRIGGER api_token_uses_no_update BEFORE UPDATE ON api_token_uses BEGIN SELECT RAISE(ABORT, 'api_token_uses is append-only'); END`.execute(
    db,
  );
  await sql`CREATE TRIGGER api_token_uses_no_delete BEFORE DELETE ON api_token_uses BEGIN SELECT RAISE(ABORT, 'api_token_uses is append-only'); END`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('api_token_uses').execute();
  for (const op of ['insert', 'update', 'delete']) await sql.raw(`DROP TRIGGER audit_api_tokens_${op}`).execute(db);
  await db.schema.dropTable('api_tokens').execute();
}
