import { sql, type Kysely } from 'kysely';

// Frozen in time: this migration never imports application code.
// Most actions end up done or cancelled, yet the pages read most are about the open ones:
// Försenad and Öppna in one nämnd, a unit manager's own open actions. Walking the nämnd's
// (or owner's) actions by due date and skipping the closed ones read ≈ 4 rows per row shown;
// these partial indexes hold only open actions. The queries must name the statuses as
// literals, exactly as here, for SQLite to use them (see OPEN_STATUS in actions.repository).
// The action list shows each action's newest comment: the covering index on non-empty
// comments finds it without reading the history rows.
export async function up(db: Kysely<any>): Promise<void> {
  const open = sql<boolean>`status IN ('not_started', 'in_progress')`;
  await db.schema
    .createIndex('actions_open_committee_due')
    .on('actions')
    .columns(['committee_id', 'due_on'])
    .where(open)
    .execute();
  await db.schema
    .createIndex('actions_open_owner_due')
    .on('actions')
    .columns(['owner_id', 'due_on'])
    .where(open)
    .execute();
  await db.schema
    .createIndex('action_updates_comment')
    .on('action_updates')
    .columns(['action_id', 'id', 'comment'])
    .where(sql<boolean>`comment != ''`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('action_updates_comment').execute();
  await db.schema.dropIndex('actions_open_owner_due').execute();
  await db.schema.dropIndex('actions_open_committee_due').execute();
}
