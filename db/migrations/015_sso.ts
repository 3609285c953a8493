import { sql, type Kysely } from 'kysely';
import { createAuditTriggers } from './003_audit.ts';

// Frozen in time: this migration never imports application code.
// Single sign-on (issue 19): the administrator maps a group of the kommun's identity provider (its id
// or name, as the groups claim carries it) to a role; each login through the provider sets the user's
// role from it. Who may do what is a record worth keeping, so the mapping is audited.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sso_role_mappings')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('claim_value', 'text', (c) => c.notNull().unique())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  const columns = (
    await sql<{ name: string; type: string }>`SELECT name, type FROM pragma_table_info('sso_role_mappings')`.execute(db)
  ).rows;
  await createAuditTriggers(db, 'sso_role_mappings', columns);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const op of ['insert', 'update', 'delete'])
    await sql.raw(`DROP TRIGGER IF EXISTS audit_sso_role_mappings_${op}`).execute(db);
  await db.schema.dropTable('sso_role_mappings').execute();
}
