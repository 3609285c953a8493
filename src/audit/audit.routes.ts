import { Router, type Request } from 'express';
import type { AppDeps } from '../app-deps.ts';
import { allow } from '../users/auth.middleware.ts';
import { lastPageIfBeyond, pageParam, pager, queryId, queryString } from '../http/params.ts';
import { parseIsoDate } from '../shared/format.ts';
import { may } from '../users/roles.ts';
import { listAllUsers } from '../users/users.service.ts';
import { AUDITED_ENTITY_LABEL } from './audit.ts';
import { auditCsv, auditEntries } from './audit.service.ts';

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

  r.get('/logg.csv', allow(may.readAuditLog), async (req, res) => {
    const filters = filtersOf(req);
    const csv = await auditCsv(db, {
      entity: filters.typ,
      userId: filters.anvandare,
      from: filters.fran,
      to: filters.till,
    });
    res.type('text/csv; charset=utf-8').attachment(`andringslogg-${clock.now().toISODate()}.csv`).send(csv);
  });

  return r;
}
