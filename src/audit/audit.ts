import type { Db } from '../db/connection.ts';
import { nowIso, type Clock } from '../clock.ts';
import { setActor } from './audit.repository.ts';

/**
 * Runs a change in one transaction that the audit triggers attribute to the user.
 * The transaction holds the only connection, so no other request's change can take the same actor.
 */
export function asUser<T>(db: Db, clock: Clock, userId: number | null, change: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await setActor(tx, userId, nowIso(clock));
    try {
      return await change(tx);
    } finally {
      await setActor(tx, null, null);
    }
  });
}

export const AUDITED_ENTITY_LABEL: Record<string, string> = {
  matters: 'Ärende',
  findings: 'Brist',
  actions: 'Åtgärd',
  action_findings: 'Åtgärd–brist',
  action_updates: 'Statusuppdatering',
  users: 'Användare',
  committees: 'Nämnd',
  meetings: 'Sammanträde',
  reports: 'Återrapportering',
  submissions: 'Redovisning till IVO',
  submission_findings: 'Redovisning–brist',
};

export const OPERATION_LABEL = { insert: 'Skapad', update: 'Ändrad', delete: 'Borttagen' } as const;

/** The fields whose values differ, for showing "before → after". */
export function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null): { field: string; before: unknown; after: unknown }[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const ignored = new Set(['version', 'updated_at', 'updated_by']);
  return [...keys]
    .filter((k) => !ignored.has(k) && JSON.stringify(before?.[k] ?? null) !== JSON.stringify(after?.[k] ?? null))
    .map((k) => ({ field: k, before: before?.[k] ?? null, after: after?.[k] ?? null }));
}
