import type { Db } from '../db/connection.ts';
import { listAudit, type AuditFilter } from './audit.repository.ts';
import { AUDITED_ENTITY_LABEL, FIELD_LABEL, OPERATION_LABEL, changedFields, presentValue } from './audit.ts';
import type { Cell, Column, Table } from '../shared/spreadsheet.ts';

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

const EXPORT_BATCH = 2000;

const EXPORT_COLUMNS: readonly Column[] = [
  { header: 'Tidpunkt', kind: 'datetime', width: 17 },
  { header: 'Användare', kind: 'text', width: 24 },
  { header: 'Typ', kind: 'text', width: 20 },
  { header: 'Id', kind: 'number', width: 8 },
  { header: 'Händelse', kind: 'text', width: 10 },
  { header: 'Fält', kind: 'text', width: 24 },
  { header: 'Före', kind: 'text', width: 40 },
  { header: 'Efter', kind: 'text', width: 40 },
];

/** The log's entries the filter matches, newest first, one row per changed field, as a table for Excel or CSV. */
export function auditExport(db: Db, filter: AuditFilter): Table {
  async function* batches() {
    for (let offset = 0; ; offset += EXPORT_BATCH) {
      const { items } = await auditEntries(db, filter, { limit: EXPORT_BATCH, offset });
      const rows: Cell[][] = [];
      for (const e of items) {
        const entry = [e.at, e.who, e.entityLabel, e.entityId, e.operation];
        if (e.changes.length === 0) rows.push([...entry, null, null, null]);
        for (const c of e.changes) rows.push([...entry, c.field, c.before, c.after]);
      }
      if (rows.length > 0) yield rows;
      if (items.length < EXPORT_BATCH) return;
    }
  }
  return { sheet: 'Ändringslogg', fileName: 'ändringslogg', columns: EXPORT_COLUMNS, batches: batches() };
}
