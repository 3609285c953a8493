import { Router } from 'express';
import type { AppDeps } from '../app-deps.ts';
import { currentUser } from '../users/auth.middleware.ts';
import { idParam } from '../http/params.ts';
import { may } from '../users/roles.ts';
import { matterPages } from './plan.service.ts';

/** A matter's page: its whole åtgärdsplan (the forms that change a matter are in src/matters). */
export function planRoutes({ db, clock, config }: AppDeps): Router {
  const r = Router();
  const matterPage = matterPages(db, config.warningDays);

  r.get('/arenden/:id', async (req, res) => {
    const page = await matterPage(clock, idParam(req));
    const user = currentUser(req);
    res.render('matters/show', { ...page, user, canEdit: may.editMatters(user.role) });
  });

  return r;
}
