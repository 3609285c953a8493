import { ConfigError, loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';

try {
  const config = loadConfig();
  const db = openDatabase(config.databasePath);
  try {
    await migrateToLatest(db);
    console.log(`Databasen ${config.databasePath} är migrerad.`);
  } finally {
    await db.destroy();
  }
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(e instanceof ConfigError ? 2 : 1);
}
