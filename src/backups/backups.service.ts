import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { backupDatabase, databaseFileProblem, openDatabase, type Db } from '../db/connection.ts';
import { LAST_RUN, writeSetting } from '../db/settings.repository.ts';
import { deleteAllSessions } from '../users/sessions.repository.ts';
import { ZONE, nowIso, type Clock } from '../clock.ts';

export class BackupError extends Error {}

export interface Backup {
  file: string;
  bytes: number;
  at: string;
}

/**
 * A backup of the open database to `file`, taken while the server runs, checked with SQLite's
 * integrity_check before it counts; the time and file are noted for /halsa?detaljer.
 */
export async function takeBackup(db: Db, clock: Clock, file: string): Promise<Backup> {
  await backupDatabase(db, file);
  const problem = databaseFileProblem(file);
  if (problem) {
    fs.rmSync(file, { force: true });
    throw new BackupError(`Säkerhetskopian klarade inte kontrollen och är borttagen: ${problem}`);
  }
  const backup = { file: path.resolve(file), bytes: fs.statSync(file).size, at: nowIso(clock) };
  await writeSetting(db, LAST_RUN.backup, JSON.stringify(backup));
  return backup;
}

const NIGHTLY = /^atgardsplan-\d{4}-\d{2}-\d{2}-\d{4}\.sqlite$/;

/** The night's backup in `dir`; then only the newest `keep` of them are kept. */
export async function nightlyBackup(db: Db, clock: Clock, dir: string, keep: number): Promise<Backup> {
  const stamp = DateTime.fromISO(nowIso(clock)).setZone(ZONE).toFormat('yyyy-LL-dd-HHmm');
  const backup = await takeBackup(db, clock, path.join(dir, `atgardsplan-${stamp}.sqlite`));
  const nightly = fs
    .readdirSync(dir)
    .filter((f) => NIGHTLY.test(f))
    .sort();
  for (const old of nightly.slice(0, Math.max(0, nightly.length - keep))) fs.rmSync(path.join(dir, old));
  return backup;
}

/** The file where a running server notes its process id, beside the database. */
export function serverPidFile(databasePath: string): string {
  return `${databasePath}.server.pid`;
}

/** The process id of a server running on the database, if one is. */
export function runningServer(databasePath: string): number | null {
  const file = serverPidFile(databasePath);
  if (!fs.existsSync(file)) return null;
  const pid = Number(fs.readFileSync(file, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (e) {
    // EPERM: it runs, as another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}

/**
 * Puts the backup `file` in place of the database: refused while a server runs on it or when the
 * file is not a sound Åtgärdsplan database. The replaced database is kept beside it; every session
 * of the restored one ends (they are the sessions of the day of the backup).
 */
export async function restoreDatabase(
  databasePath: string,
  file: string,
  clock: Clock,
): Promise<{ kept: string | null }> {
  const pid = runningServer(databasePath);
  if (pid !== null)
    throw new BackupError(`Servern kör på databasen (process ${pid}). Stoppa den innan du återställer.`);
  const problem = databaseFileProblem(file);
  if (problem) throw new BackupError(`Återställningen avbröts, inget är ändrat: ${problem}`);
  let kept: string | null = null;
  if (fs.existsSync(databasePath)) {
    // Everything in the WAL goes into the file first, so the kept copy is the whole database.
    const current = openDatabase(databasePath);
    await current.destroy();
    kept = `${databasePath}.fore-aterstallning-${DateTime.fromISO(nowIso(clock)).setZone(ZONE).toFormat('yyyy-LL-dd-HHmmss')}`;
    fs.renameSync(databasePath, kept);
    for (const suffix of ['-wal', '-shm']) fs.rmSync(databasePath + suffix, { force: true });
  }
  fs.copyFileSync(file, databasePath);
  const restored = openDatabase(databasePath);
  try {
    await deleteAllSessions(restored);
  } finally {
    await restored.destroy();
  }
  return { kept };
}
