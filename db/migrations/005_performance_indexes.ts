import type { Kysely } from 'kysely';

// Frozen in time: this migration never imports application code.
// The Översikt sums the vite at risk on every view (fine_status in risk/ordered, not closed);
// without this index that is a scan of every matter (4–9 ms at 10 000 matters, see BENCHMARKS.md).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('matters_fine_status').on('matters').columns(['fine_status', 'closed_on']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('matters_fine_status').execute();
}
