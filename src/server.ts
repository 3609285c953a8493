import { ConfigError, loadConfig, publicBase, type Config } from './config.ts';
import { openDatabase, type Db } from './db/connection.ts';
import { migrateToLatest } from './db/migrate.ts';
import { sessionSecret } from './db/settings.repository.ts';
import { createApp } from './app.ts';
import { limitPdfHeap } from './pdf/render.ts';
import { createLogger } from './logger.ts';
import { clockFrom, systemClock, type Clock } from './clock.ts';
import { bootstrapFirstAdmin } from './users/users.service.ts';
import fs from 'node:fs';
import { scheduleJobs } from './jobs/scheduler.ts';
import { serverPidFile } from './backups/backups.service.ts';

/** Opens and migrates the database and makes sure someone can log in. Shared with scripts/demo.ts. */
export async function prepare(config: Config, clock: Clock): Promise<Db> {
  const db = openDatabase(config.databasePath);
  await migrateToLatest(db);
  const admin =
    config.adminEmail && config.adminPassword ? { email: config.adminEmail, password: config.adminPassword } : null;
  const boot = await bootstrapFirstAdmin(db, clock, admin);
  if (boot && 'created' in boot) console.log(`Administratören ${boot.created} är skapad.`);
  if (boot && 'setupToken' in boot) {
    const base = publicBase(config);
    console.log(
      `\nInga användare finns ännu. Skapa den första administratören (länken gäller en gång, i 24 timmar):\n  ${base}/installera/${boot.setupToken}\n`,
    );
  }
  return db;
}

export async function start(config: Config, db: Db, clock: Clock = systemClock): Promise<void> {
  const logger = createLogger(config.logLevel);
  limitPdfHeap(config.pdfHeapMb);
  const app = createApp({ db, config, clock, sessionSecret: await sessionSecret(db), logger });
  const stopTimers = scheduleJobs(db, clock, config, logger);
  // Beside the database, so `npm run restore` can tell that a server runs on it.
  const pidFile = config.databasePath === ':memory:' ? null : serverPidFile(config.databasePath);
  if (pidFile) fs.writeFileSync(pidFile, String(process.pid));
  const server = app.listen(config.port, config.host, () => {
    console.log(`Åtgärdsplan lyssnar på http://${config.host}:${config.port} (databas: ${config.databasePath})`);
  });
  const stop = () => {
    stopTimers();
    if (pidFile) fs.rmSync(pidFile, { force: true });
    server.close(() => db.destroy().finally(() => process.exit(0)));
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** The wall clock; a test's server may start it elsewhere (TEST_NOW, refused in production). */
export function configuredClock(config: Config): Clock {
  return config.testNow ? clockFrom(config.testNow) : systemClock;
}

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const clock = configuredClock(config);
  const db = await prepare(config, clock);
  await start(config, db, clock);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
