import { Router, type Request } from 'express';
import type { AppDeps } from '../app-deps.ts';
import { allow } from '../users/auth.middleware.ts';
import { lastPageIfBeyond, pageParam, pager, queryId, queryString } from '../http/params.ts';
import { parseIsoDate } from '../shared/format.ts';
import { may } from '../users/roles.ts';
import { listAllUsers } from '../users/users.service.ts';
import { AUDITED_ENTITY_LABEL } from './audit.ts';
import { auditEntries, auditExport } from './audit.service.ts';
import { TABLE_FORMATS, sendTable } from '../http/table-response.ts';
import { todayOf } from '../clock.ts';

function filtersOf(req: Request) {
  const entity = queryString(req, 'typ');
  return {
    typ: entity in AUDITED_ENTITY_LABEL ? entity : undefined,
    anvandare: queryId(req, 'anvandare'),
    fran: parseIsoDate(queryString(req, 'fran')) ?? undefined,
    till: parseIsoDate(queryString(req, 'till')) ?? undefined,
  };
}

export function auditRoutes({ db, clock }: AppDeps): Router {
  const r = Router();

  r.get('/logg', allow(may.readAuditLog), async (req, res) => {
    const filters = filtersOf(req);
    const page = pageParam(req, 50);
    const { items, total } = await auditEntries(
      db,
      { entity: filters.typ, userId: filters.anvandare, from: filters.fran, to: filters.till },
      page,
    );
    const beyond = lastPageIfBeyond(req, page, total);
    if (beyond) return res.redirect(303, beyond);
    res.render('audit/index', {
      entries: items,
      filters,
      pager: pager(page, total),
      users: await listAllUsers(db),
      entityLabels: AUDITED_ENTITY_LABEL,
    });
  });

  for (const format of TABLE_FORMATS) {
    // The log as a file: the same filters, every matching change.
    r.get(`/logg.${format}`, allow(may.readAuditLog), async (req, res) => {
      const filters = filtersOf(req);
      const table = auditExport(db, {
        entity: filters.typ,
        userId: filters.anvandare,
        from: filters.fran,
        to: filters.till,
      });
      await sendTable(res, format, table, todayOf(clock));
    });
  }

  return r;
}
