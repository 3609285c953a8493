import { sql, type Kysely } from 'kysely';

// Frozen in time: this migration never imports application code.
// An action's "Senaste kommentar" is the newest comment of a statusuppdatering; a slutdatum entry
// (a move, a chef's request or its answer, migration 009) carries its reason as comment and is
// shown with the moved date instead. Migration 007's index of non-empty comments is narrowed to
// those entries, so the newest note of each action is still read from the index alone.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('action_updates_comment').execute();
  await db.schema
    .createIndex('action_updates_note')
    .on('action_updates')
    // to_due_on (always null here) makes the index cover the query: SQLite reads a column the
    // query names from the table unless the index holds it, whatever the index's condition says.
    .columns(['action_id', 'id', 'comment', 'to_due_on'])
    .where(sql<boolean>`comment != '' AND to_due_on IS NULL`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('action_updates_note').execute();
  await db.schema
    .createIndex('action_updates_comment')
    .on('action_updates')
    .columns(['action_id', 'id', 'comment'])
    .where(sql<boolean>`comment != ''`)
    .execute();
}
