import fs from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import type { AppDeps } from '../app-deps.ts';
import { may } from '../users/roles.ts';
import { checkHealth, healthDetails } from './health.service.ts';

/** The app's version: from the nearest package.json above this file (src/health/ or the built dist/). */
function appVersion(): string {
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) return String(JSON.parse(fs.readFileSync(file, 'utf8')).version);
    if (path.dirname(dir) === dir) return 'okänd';
  }
}

const VERSION = appVersion();

/**
 * /halsa for monitoring: 200 when the database can be read and written, else 503 saying which failed.
 * Mounted before sessions, so a monitor asking every few seconds leaves no session behind.
 */
export function healthRoutes({ db, clock }: AppDeps): Router {
  const r = Router();
  r.get('/halsa', async (req, res, next) => {
    if (req.query.detaljer !== undefined) return next();
    const health = await checkHealth(db, clock);
    res.set('Cache-Control', 'no-store');
    res.status(health.ok ? 200 : 503).json({ status: health.ok ? 'ok' : 'fel', database: health.database });
  });
  return r;
}

/** /halsa?detaljer: the same, and for a logged-in administrator what the operations side asks about. */
export function healthDetailRoutes({ db, clock }: AppDeps): Router {
  const r = Router();
  r.get('/halsa', async (req, res) => {
    if (!(req.user && may.readServerDetails(req.user.role))) {
      res.status(403).json({ error: 'Detaljerna visas bara för inloggade administratörer.' });
      return;
    }
    const health = await checkHealth(db, clock);
    res.status(health.ok ? 200 : 503).json({
      status: health.ok ? 'ok' : 'fel',
      database: health.database,
      ...(health.ok ? await healthDetails(db, VERSION) : {}),
    });
  });
  return r;
}
