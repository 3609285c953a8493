import { Router } from 'express';
import type { AppDeps } from '../app-deps.ts';
import { allow } from '../users/auth.middleware.ts';
import { may } from '../users/roles.ts';
import { idParam } from '../http/params.ts';
import { getMail, listOutbox } from './mail.service.ts';

/** The utkorg: every mail the app has written, sent or not, for administrators to read. */
export function mailRoutes({ db, config }: AppDeps): Router {
  const r = Router();
  const guard = allow(may.manageUsers);
  r.get('/admin/utkorg', guard, async (_req, res) => {
    res.render('admin/outbox', { mails: await listOutbox(db), smtp: config.smtpUrl !== null });
  });
  r.get('/admin/utkorg/:id', guard, async (req, res) => {
    res.render('admin/outbox-mail', { mail: await getMail(db, idParam(req, 'id', 'Brevet finns inte i utkorgen.')) });
  });
  return r;
}
