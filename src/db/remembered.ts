import type { Db } from './connection.ts';
import { preparedQuery } from './prepared.ts';

const latestId = preparedQuery((db: Db) => db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')));

/**
 * The id of the newest audit entry: it moves with every committed write to an audited table,
 * whoever makes it (the triggers of migration 003 write the entries), so it marks the version
 * of the tracked data. Sessions and settings are not audited and do not move it.
 */
export async function latestAuditId(db: Db): Promise<number> {
  const row = await latestId.first(db);
  return Number(row?.id ?? 0);
}

/** A remembered value and the version of the tracked data (the newest audit id) it was kept for. */
export interface Remembered<T> {
  value: T;
  version: number;
}

/**
 * Values computed from the tracked data, one per key, kept until that data changes. The rules every
 * remembered value keeps (the Översikt, the action list's pages and counts, a matter's
 * page; the list's filter choices keep them with a narrower version, rememberedUntilMoves):
 * - it is built in a service, and depends only on audited tables (migration 003's triggers: every
 *   committed write to one moves the newest audit id, whatever code writes, and then all values are
 *   forgotten together) and on its `key`, which holds everything else (today's date, a filter, a
 *   page); never on the reader (their role, their name): that is the route's to add;
 * - it is shared by every request that reads it, so it is frozen (its own properties) and nothing
 *   may change what it holds either;
 * - at most `max` are kept (the oldest goes first); requests arriving while one is computed share
 *   the computation, and a failed computation is not kept.
 */
export function rememberedPerKeyUntilDataChanges<T>(
  db: Db,
  max = 200,
): (key: string, compute: () => Promise<T>) => Promise<Remembered<T>> {
  return rememberedPerKeyUntil(() => latestAuditId(db), max);
}

/** The same, kept until `versionOf` moves: the newest audit id, or a narrower counter (rememberedUntilMoves). */
function rememberedPerKeyUntil<T>(
  versionOf: () => Promise<number>,
  max: number,
): (key: string, compute: () => Promise<T>) => Promise<Remembered<T>> {
  let version = -1;
  const values = new Map<string, Promise<T>>();
  return async (key, compute) => {
    const latest = await versionOf();
    if (latest !== version) {
      values.clear();
      version = latest;
    }
    let value = values.get(key);
    if (!value) {
      if (values.size >= max) values.delete(values.keys().next().value!);
      const computed = compute().then((v) => Object.freeze(v));
      values.set(key, computed);
      computed.catch(() => {
        if (values.get(key) === computed) values.delete(key);
      });
      value = computed;
    }
    return { value: await value, version: latest };
  };
}

/** One value remembered until the data changes (the Översikt); see above. */
export function rememberedUntilDataChanges<T>(db: Db): (key: string, compute: () => Promise<T>) => Promise<T> {
  return rememberedUntilMoves(() => latestAuditId(db));
}

/**
 * One value that depends on a few rarely written tables, remembered until `versionOf` moves: a
 * counter that triggers move with every write to exactly those tables (migration 018's filter
 * choices), so a status update elsewhere does not make it be read again. The other rules above hold.
 */
export function rememberedUntilMoves<T>(
  versionOf: () => Promise<number>,
): (key: string, compute: () => Promise<T>) => Promise<T> {
  const remembered = rememberedPerKeyUntil<T>(versionOf, 1);
  return async (key, compute) => (await remembered(key, compute)).value;
}
