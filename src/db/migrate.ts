import { Migrator, type Kysely } from 'kysely';
import { migrations } from '../../db/migrations/index.ts';

export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Databasmigreringen misslyckades (${failed?.migrationName ?? 'okänd'}): ${String(error)}`);
  }
}
