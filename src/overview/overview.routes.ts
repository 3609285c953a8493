import { Router } from 'express';
import type { AppDeps } from '../app.ts';
import { currentUser } from '../http/auth.ts';
import { may } from '../users/roles.ts';
import { getOverview } from './overview.service.ts';

export function overviewRoutes({ db, clock, config }: AppDeps): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    const user = currentUser(req);
    const overview = await getOverview(db, clock, config.warningDays, user.role === 'manager' ? user.id : undefined);
    res.render('overview/index', { ...overview, warningDays: config.warningDays, showMine: may.ownActions(user.role) && user.role === 'manager' });
  });
  return r;
}
