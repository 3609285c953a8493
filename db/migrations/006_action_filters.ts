import type { Kysely } from 'kysely';

// Frozen in time: this migration never imports application code.
// The action list filtered by nämnd and state (e.g. Försenad in one nämnd) counted and paged
// through the installation's overdue actions and then kept its nämnd's (2 ms at 100 000
// actions, see BENCHMARKS.md); with the nämnd first, it reads only that nämnd's actions.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('actions_committee_status_due')
    .on('actions')
    .columns(['committee_id', 'status', 'due_on', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('actions_committee_status_due').execute();
}
