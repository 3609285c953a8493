import { sql, type Kysely } from 'kysely';

// Frozen in time: this migration never imports application code.
// The matter kind shown as "Revision" was stored as 'audit', the same word as the ändringslogg
// (src/audit, table audit_log). It is stored as 'revision' from now on; the label is unchanged.
// The update goes through the audit triggers like any other change, attributed to no user.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`UPDATE matters SET kind = 'revision' WHERE kind = 'audit'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`UPDATE matters SET kind = 'audit' WHERE kind = 'revision'`.execute(db);
}
