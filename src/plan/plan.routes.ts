import { Router } from 'express';
import type { AppDeps } from '../app-deps.ts';
import { currentUser } from '../users/auth.middleware.ts';
import { idParam, lastPageIfBeyond, pageParam, pager } from '../http/params.ts';
import { may } from '../users/roles.ts';
import { getMatterHistory, matterPages } from './plan.service.ts';

/** A matter's page (its whole åtgärdsplan) and its change history; the forms that change a matter are in src/matters. */
export function planRoutes({ db, clock, config }: AppDeps): Router {
  const r = Router();
  const matterPage = matterPages(db, config);

  r.get('/arenden/:id', async (req, res) => {
    const page = await matterPage(clock, idParam(req));
    const user = currentUser(req);
    res.render('matters/show', {
      ...page,
      user,
      canEdit: may.editMatters(user.role),
      canMark: may.markAttachmentsWronglyUploaded(user.role),
      maxUploadMb: config.maxUploadMb,
    });
  });

  r.get('/arenden/:id/historik', async (req, res) => {
    const page = pageParam(req, 50);
    const { matter, items, total } = await getMatterHistory(db, idParam(req), page);
    const beyond = lastPageIfBeyond(req, page, total);
    if (beyond) return res.redirect(303, beyond);
    res.render('matters/history', {
      title: `Ändringshistorik – ${matter.title}`,
      matter,
      entries: items,
      pager: pager(page, total),
    });
  });

  return r;
}
