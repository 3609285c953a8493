import type { Db } from '../db/connection.ts';
import { listAudit, type AuditFilter } from './audit.repository.ts';
import { AUDITED_ENTITY_LABEL, FIELD_LABEL, OPERATION_LABEL, changedFields, presentValue } from './audit.ts';
import { formatDateTime } from '../shared/format.ts';

export interface AuditEntry {
  id: number;
  at: string;
  who: string;
  entity: string;
  entityLabel: string;
  entityId: number | null;
  matterId: number | null;
  operation: string;
  changes: { field: string; before: string; after: string }[];
}

export async function auditEntries(
  db: Db,
  filter: AuditFilter,
  page: { limit: number; offset: number },
): Promise<{ items: AuditEntry[]; total: number }> {
  const { items, total } = await listAudit(db, filter, page);
  return {
    total,
    items: items.map((e) => ({
      id: e.id,
      at: e.at,
      who: e.userName ?? 'System',
      entity: e.entity,
      entityLabel: AUDITED_ENTITY_LABEL[e.entity] ?? e.entity,
      entityId: e.entityId,
      matterId: e.matterId,
      operation: OPERATION_LABEL[e.operation],
      changes: changedFields(e.before, e.after).map((c) => ({
        field: FIELD_LABEL[c.field] ?? c.field,
        before: presentValue(c.field, c.before),
        after: presentValue(c.field, c.after),
      })),
    })),
  };
}

/** RFC 4180 CSV; cells starting with = + - @ are prefixed so spreadsheets never run them as formulas. */
export function toCsv(rows: string[][]): string {
  const cell = (v: string) => {
    const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
    return /[",\n\r;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return '\uFEFF' + rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

export async function auditCsv(db: Db, filter: AuditFilter): Promise<string> {
  const rows: string[][] = [['Tidpunkt', 'Användare', 'Typ', 'Id', 'Händelse', 'Fält', 'Före', 'Efter']];
  const batch = 2000;
  for (let offset = 0; ; offset += batch) {
    const { items } = await auditEntries(db, filter, { limit: batch, offset });
    for (const e of items) {
      if (e.changes.length === 0)
        rows.push([formatDateTime(e.at), e.who, e.entityLabel, String(e.entityId ?? ''), e.operation, '', '', '']);
      for (const c of e.changes)
        rows.push([
          formatDateTime(e.at),
          e.who,
          e.entityLabel,
          String(e.entityId ?? ''),
          e.operation,
          c.field,
          c.before,
          c.after,
        ]);
    }
    if (items.length < batch) break;
  }
  return toCsv(rows);
}
