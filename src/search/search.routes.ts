import { Router } from 'express';
import type { AppDeps } from '../app-deps.ts';
import { allow, currentUser } from '../users/auth.middleware.ts';
import { lastPageIfBeyond, pageParam, pager, queryString } from '../http/params.ts';
import { may } from '../users/roles.ts';
import { kindOfParam } from './search.ts';
import { search } from './search.service.ts';

/** Longer than any title or diarienummer anyone would type; the rest is cut off. */
const QUERY_MAX = 200;
const PAGE_SIZE = 25;

export function searchRoutes({ db }: AppDeps): Router {
  const r = Router();

  r.get('/sok', allow(may.readMatters), async (req, res) => {
    const q = queryString(req, 'q', QUERY_MAX);
    const kind = kindOfParam(queryString(req, 'typ'));
    const page = pageParam(req, PAGE_SIZE);
    const results = await search(db, currentUser(req), q, { kind, page });
    const group = kind ? results.groups[0] : undefined;
    if (group) {
      const beyond = lastPageIfBeyond(req, page, group.total);
      if (beyond) return res.redirect(303, beyond);
    }
    res.render('search/index', {
      q,
      results,
      group,
      pager: group ? pager(page, group.total) : undefined,
      filters: { q, typ: group?.param ?? '' },
    });
  });

  return r;
}
