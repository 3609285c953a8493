import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../src/config.ts';
import { configuredClock } from '../src/clock.ts';
import { restoreDatabase } from '../src/backups/backups.service.ts';

// npm run restore -- FILE: puts a backup in place of DATABASE_PATH. Refused while the server runs on it
// or when the file does not pass integrity_check; the replaced database is kept beside it, and every
// session ends (everyone logs in again).
const { positionals } = parseArgs({ allowPositionals: true });
try {
  if (positionals.length !== 1) throw new ConfigError('Ange säkerhetskopian att återställa: npm run restore -- FIL');
  const config = loadConfig();
  const { kept } = await restoreDatabase(config.databasePath, positionals[0], configuredClock(config));
  console.log(`Databasen ${config.databasePath} är återställd från ${positionals[0]}. Alla måste logga in igen.`);
  if (kept) console.log(`Den ersatta databasen finns kvar som ${kept}.`);
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(e instanceof ConfigError ? 2 : 1);
}
