import type { Db } from '../db/connection.ts';
import { nowIso, type Clock } from '../clock.ts';
import { LAST_RUN, readSetting, writeSetting } from '../db/settings.repository.ts';
import { migrations } from '../../db/migrations/index.ts';
import * as repo from './health.repository.ts';

export type Check = 'ok' | string;

export interface Health {
  ok: boolean;
  database: { read: Check; write: Check };
}

/** Whether the database can be read and written now; each failure says what went wrong. */
export async function checkHealth(db: Db, clock: Clock): Promise<Health> {
  const attempt = async (probe: () => Promise<void>): Promise<Check> => {
    try {
      await probe();
      return 'ok';
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  };
  const read = await attempt(() => repo.readProbe(db));
  const write =
    read === 'ok'
      ? await attempt(() => writeSetting(db, 'health_checked_at', nowIso(clock)))
      : 'inte prövad: läsningen misslyckades';
  return { ok: read === 'ok' && write === 'ok', database: { read, write } };
}

/** What an administrator looking after the server wants to know besides health. */
export async function healthDetails(db: Db, version: string) {
  const applied = await repo.appliedMigrations(db);
  const known = Object.keys(migrations);
  return {
    version,
    migrations: {
      applied: applied.length,
      latest: applied.at(-1) ?? null,
      pending: known.filter((m) => !applied.includes(m)),
    },
    databaseBytes: await repo.databaseBytes(db),
    lastBackup: JSON.parse((await readSetting(db, LAST_RUN.backup)) ?? 'null'),
    lastRemindersRun: await readSetting(db, LAST_RUN.reminders),
    /** The server process that answered: with WORKERS > 1, one of several. */
    process: process.pid,
  };
}
