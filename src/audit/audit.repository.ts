import { sql } from 'kysely';
import type { Db } from '../db/connection.ts';
import { preparedQuery } from '../db/prepared.ts';

export interface AuditFilter {
  entity?: string;
  userId?: number;
  from?: string;
  to?: string;
  matterId?: number;
}

function filtered(db: Db, f: AuditFilter) {
  let q = db.selectFrom('audit_log').leftJoin('users', 'users.id', 'audit_log.user_id');
  if (f.entity) q = q.where('audit_log.entity', '=', f.entity);
  if (f.userId) q = q.where('audit_log.user_id', '=', f.userId);
  if (f.from) q = q.where('audit_log.at', '>=', f.from);
  // `to` is a date: include the whole day.
  if (f.to) q = q.where('audit_log.at', '<', sql<string>`date(${f.to}, '+1 day')`);
  if (f.matterId) q = q.where('audit_log.matter_id', '=', f.matterId);
  return q;
}

export interface AuditEntryRow {
  id: number;
  at: string;
  userId: number | null;
  userName: string | null;
  entity: string;
  entityId: number | null;
  matterId: number | null;
  operation: 'insert' | 'update' | 'delete';
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

const matterAuditCount = preparedQuery((db: Db, matterId: number) =>
  filtered(db, { matterId }).select((eb) => eb.fn.countAll<number>().as('n')),
);
const matterAuditPage = preparedQuery((db: Db, matterId: number, limit: number, offset: number) =>
  entries(filtered(db, { matterId })).limit(limit).offset(offset),
);

function entries(q: ReturnType<typeof filtered>) {
  return q.selectAll('audit_log').select('users.name as user_name').orderBy('audit_log.id', 'desc');
}

export async function listAudit(
  db: Db,
  f: AuditFilter,
  page: { limit: number; offset: number },
): Promise<{ items: AuditEntryRow[]; total: number }> {
  // A matter's latest changes are on its page, read on every view: those two queries are kept compiled.
  const onlyMatter = !!f.matterId && !f.entity && !f.userId && !f.from && !f.to;
  const total = onlyMatter
    ? await matterAuditCount.first(db, f.matterId!)
    : await filtered(db, f)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst();
  const rows = onlyMatter
    ? await matterAuditPage.all(db, f.matterId!, page.limit, page.offset)
    : await entries(filtered(db, f)).limit(page.limit).offset(page.offset).execute();
  return {
    total: Number(total?.n ?? 0),
    items: rows.map((r) => ({
      id: r.id,
      at: r.at,
      userId: r.user_id,
      userName: r.user_name,
      entity: r.entity,
      entityId: r.entity_id,
      matterId: r.matter_id,
      operation: r.operation,
      before: r.before_json ? JSON.parse(r.before_json) : null,
      after: r.after_json ? JSON.parse(r.after_json) : null,
    })),
  };
}
