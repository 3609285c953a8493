import cluster from 'node:cluster';
import fs from 'node:fs';
import type { Server } from 'node:http';
import { ConfigError, loadConfig, publicBase, type Config } from './config.ts';
import { openDatabase, type Db } from './db/connection.ts';
import { migrateToLatest } from './db/migrate.ts';
import { sessionSecret } from './db/settings.repository.ts';
import { createApp } from './app.ts';
import { limitPdfHeap } from './pdf/render.ts';
import { createLogger, type Logger } from './logger.ts';
import { configuredClock, systemClock, type Clock } from './clock.ts';
import { bootstrapFirstAdmin } from './users/users.service.ts';
import { scheduleJobs } from './jobs/scheduler.ts';
import { serverPidFile } from './backups/backups.service.ts';
import { superviseWorkers } from './cluster.ts';

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

async function listen(config: Config, db: Db, clock: Clock, logger: Logger): Promise<Server> {
  limitPdfHeap(config.pdfHeapMb);
  const app = createApp({ db, config, clock, sessionSecret: await sessionSecret(db), logger });
  const server = app.listen(config.port, config.host);
  await new Promise((resolve) => server.once('listening', resolve));
  return server;
}

const listeningLine = (config: Config, more = '') =>
  `Åtgärdsplan lyssnar på http://${config.host}:${config.port} (databas: ${config.databasePath}${more})`;

/** Calls `stop` once on SIGTERM (systemd) or SIGINT (Ctrl-C), however many arrive. */
function onStopSignal(stop: () => void): void {
  let stopping = false;
  const once = () => {
    if (stopping) return;
    stopping = true;
    stop();
  };
  process.on('SIGTERM', once);
  process.on('SIGINT', once);
}

/**
 * The process that owns the database for the server: runs the scheduled jobs (each occurrence also
 * claimed in the database, src/jobs/scheduler.ts) and notes its pid beside the database, so
 * `npm run restore` can tell that a server runs on it. Returns what undoes both.
 */
function own(config: Config, db: Db, clock: Clock, logger: Logger): () => void {
  const stopTimers = scheduleJobs(db, clock, config, logger);
  const pidFile = config.databasePath === ':memory:' ? null : serverPidFile(config.databasePath);
  if (pidFile) fs.writeFileSync(pidFile, String(process.pid));
  return () => {
    stopTimers();
    if (pidFile) fs.rmSync(pidFile, { force: true });
  };
}

function exitAfter(work: Promise<unknown>): void {
  work.finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 10_000).unref();
}

/** The server as one process (WORKERS=1, `npm run demo`): serves, runs the jobs, owns the pid file. */
export async function start(config: Config, db: Db, clock: Clock = systemClock): Promise<void> {
  const logger = createLogger(config.logLevel);
  const server = await listen(config, db, clock, logger);
  const disown = own(config, db, clock, logger);
  console.log(listeningLine(config));
  onStopSignal(() => {
    disown();
    exitAfter(new Promise((resolve) => server.close(resolve)).then(() => db.destroy()));
  });
}

/**
 * The server as a node cluster (WORKERS > 1): this primary has migrated the database; it forks the
 * workers, which share the port and the database, runs the jobs and owns the pid file itself.
 */
async function startPrimary(config: Config, db: Db, clock: Clock): Promise<void> {
  const logger = createLogger(config.logLevel);
  const disown = own(config, db, clock, logger);
  const workers = superviseWorkers(config.workers, logger);
  onStopSignal(() => {
    exitAfter(
      workers
        .stop()
        .then(disown)
        .then(() => db.destroy()),
    );
  });
  const pids = await workers.listening;
  console.log(listeningLine(config, `, ${pids.length} arbetsprocesser: ${pids.join(', ')}`));
}

/** A worker of startPrimary: serves requests on the shared port, nothing else. */
async function startWorker(config: Config, clock: Clock): Promise<void> {
  const db = openDatabase(config.databasePath);
  const server = await listen(config, db, clock, createLogger(config.logLevel));
  onStopSignal(() => exitAfter(new Promise((resolve) => server.close(resolve)).then(() => db.destroy())));
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
  if (cluster.isWorker) return startWorker(config, clock);
  const db = await prepare(config, clock);
  // An in-memory database is one process's own: it cannot be shared.
  if (config.workers === 1 || config.databasePath === ':memory:') await start(config, db, clock);
  else await startPrimary(config, db, clock);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
