import type { Db } from '../db/connection.ts';
import { latestAuditId } from './audit.repository.ts';

/**
 * One value computed from the tracked data, kept until that data changes: the key it is kept
 * under holds the newest audit entry's id, which every committed write to an audited table
 * moves, whatever code writes (migration 003's triggers), plus whatever else the value depends
 * on (`key`, e.g. today's date). Requests arriving while it is computed share the computation;
 * a failed computation is not kept.
 */
export function rememberedUntilDataChanges<T>(db: Db): (key: string, compute: () => Promise<T>) => Promise<T> {
  let cached: { key: string; value: Promise<T> } | null = null;
  return async (key, compute) => {
    const fullKey = `${key} ${await latestAuditId(db)}`;
    if (cached?.key !== fullKey) {
      const value = compute();
      cached = { key: fullKey, value };
      value.catch(() => {
        if (cached?.value === value) cached = null;
      });
    }
    return cached.value;
  };
}

/**
 * Like rememberedUntilDataChanges, for many values at once, one per key (e.g. a count per
 * filter): all are forgotten together when the data changes, and at most `max` are kept.
 */
export function rememberedPerKeyUntilDataChanges<T>(db: Db, max = 200): (key: string, compute: () => Promise<T>) => Promise<T> {
  let version = -1;
  const values = new Map<string, Promise<T>>();
  return async (key, compute) => {
    const latest = await latestAuditId(db);
    if (latest !== version) {
      values.clear();
      version = latest;
    }
    let value = values.get(key);
    if (!value) {
      if (values.size >= max) values.delete(values.keys().next().value!);
      const computed = compute();
      values.set(key, computed);
      computed.catch(() => {
        if (values.get(key) === computed) values.delete(key);
      });
      value = computed;
    }
    return value;
  };
}
