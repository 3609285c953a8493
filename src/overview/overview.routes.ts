import { Router } from 'express';
import type { AppDeps } from '../app-deps.ts';
import { currentUser } from '../users/auth.middleware.ts';
import { may } from '../users/roles.ts';
import { overviewPage } from './overview.service.ts';

export function overviewRoutes({ db, clock, config }: AppDeps): Router {
  const r = Router();
  const overviewOf = overviewPage(db, config);
  r.get('/', async (req, res) => {
    const user = currentUser(req);
    const overview = await overviewOf(clock, user.role === 'manager' ? user.id : undefined);
    res.render('overview/index', {
      ...overview,
      warningDays: config.warningDays,
      showMine: may.ownActions(user.role) && user.role === 'manager',
    });
  });
  return r;
}
