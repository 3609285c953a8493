import { sql, type Kysely } from 'kysely';

// Frozen in time: this migration never imports application code.
// The action list's filter choices (every ansvarig who owns an action, every nämnd) were remembered
// until any data changed, so each status update made the next list view read 1 200 owners and 200
// nämnder again (≈ 2 ms at 100 000 actions, BENCHMARKS.md eleventh round). They change only when an
// owner gains a first or loses a last action, a user is renamed or removed, or a nämnd changes: this
// counter moves then, by triggers, whoever writes, and the choices are remembered until it does.
// Not audited: derived, like migration 016's tables.

const BUMP = `UPDATE filter_choices_version SET n = n + 1;`;

const TRIGGERS: Record<string, string> = {
  // migration 016 keeps a row per ansvarig with actions: one appears or goes when the set of owners changes.
  filter_choices_owner_added: `AFTER INSERT ON action_owner_counts BEGIN ${BUMP} END`,
  filter_choices_owner_gone: `AFTER DELETE ON action_owner_counts BEGIN ${BUMP} END`,
  filter_choices_user_renamed: `AFTER UPDATE OF name ON users WHEN OLD.name IS NOT NEW.name BEGIN ${BUMP} END`,
  filter_choices_user_deleted: `AFTER DELETE ON users BEGIN ${BUMP} END`,
  filter_choices_committee_added: `AFTER INSERT ON committees BEGIN ${BUMP} END`,
  filter_choices_committee_changed: `AFTER UPDATE ON committees BEGIN ${BUMP} END`,
  filter_choices_committee_deleted: `AFTER DELETE ON committees BEGIN ${BUMP} END`,
};

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE filter_choices_version (only INTEGER PRIMARY KEY CHECK (only = 1), n INTEGER NOT NULL)`.execute(
    db,
  );
  await sql`INSERT INTO filter_choices_version (only, n) VALUES (1, 0)`.execute(db);
  for (const [name, body] of Object.entries(TRIGGERS)) await sql.raw(`CREATE TRIGGER ${name} ${body}`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of Object.keys(TRIGGERS)) await sql.raw(`DROP TRIGGER IF EXISTS ${name}`).execute(db);
  await sql`DROP TABLE IF EXISTS filter_choices_version`.execute(db);
}
