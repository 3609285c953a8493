import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/connection.ts';
import { configuredClock } from '../src/clock.ts';
import { takeBackup } from '../src/backups/backups.service.ts';
import { formatBytes } from '../src/shared/format.ts';

// npm run backup -- --to FILE: a backup of DATABASE_PATH taken with SQLite's online backup, also while
// the server runs and writes, checked with integrity_check. Copying the file is not a backup.
const { values: args } = parseArgs({ options: { to: { type: 'string' } } });
try {
  if (!args.to) throw new ConfigError('Ange filen säkerhetskopian ska skrivas till: npm run backup -- --to FIL');
  const config = loadConfig();
  const db = openDatabase(config.databasePath);
  try {
    const backup = await takeBackup(db, configuredClock(config), args.to);
    console.log(`Säkerhetskopian ${backup.file} (${formatBytes(backup.bytes)}) är tagen och kontrollerad.`);
  } finally {
    await db.destroy();
  }
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(e instanceof ConfigError ? 2 : 1);
}
