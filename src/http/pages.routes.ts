import { Router } from 'express';

/** Pages anyone may see, logged in or not. */
export function pageRoutes(): Router {
  const r = Router();
  r.get('/tillganglighet', (_req, res) => res.render('pages/accessibility'));
  return r;
}
