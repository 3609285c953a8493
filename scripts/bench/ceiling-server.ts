import cluster from 'node:cluster';
import path from 'node:path';
import express, { type Request, type Response } from 'express';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/connection.ts';
import { sessionSecret } from '../../src/db/settings.repository.ts';
import { createApp } from '../../src/app.ts';
import { systemClock } from '../../src/clock.ts';
import { viewLocals } from '../../src/view-locals.ts';
import { ACTION_STATUSES } from '../../src/actions/action.ts';
import { getPage, login } from './session.ts';

// The ceiling for the page benchmarks: bare Express 5 + EJS rendering the very same views with
// the very same rows, held in memory, so no database, session, CSRF, helmet or login per request.
//
// At start-up it builds the real app on the benchmark database once, logs in, requests each
// page and records what the route passed to res.render (view name and locals). Then it closes
// the database and serves each recorded page by rendering that view with those locals.
// Input (env): DATABASE_PATH, PORT, BENCH_EMAIL, BENCH_PASSWORD, BENCH_PAGES (JSON list of paths).
// Output: one JSON line on stdout when ready (to the primary, when run by scripts/bench/ceiling-cluster.ts).

const VIEWS = path.resolve(import.meta.dirname, '..', '..', 'views');
const pages: string[] = JSON.parse(process.env.BENCH_PAGES ?? '[]');
const config = loadConfig();

interface Recorded {
  view: string;
  locals: Record<string, unknown>;
}
const recorded = new Map<string, Recorded>();
const response = express.response as unknown as {
  render: (this: Response, view: string, options?: object, cb?: unknown) => void;
};
const render = response.render;
let recording = true;
response.render = function (this: Response, view: string, options?: object, cb?: unknown) {
  if (recording) recorded.set(this.req.originalUrl, { view, locals: { ...this.locals, ...options } });
  return render.call(this, view, options, cb);
};

const db = openDatabase(config.databasePath);
const app = createApp({ db, config, clock: systemClock, sessionSecret: await sessionSecret(db) });
// Exclusive: in a cluster (ceiling-cluster.ts) every process's port 0 would otherwise be one shared
// port, and a process's recording requests could be answered, and recorded, by another.
const real = app.listen({ port: 0, host: '127.0.0.1', exclusive: true });
await new Promise((resolve) => real.once('listening', resolve));
const address = real.address();
if (!address || typeof address === 'string') throw new Error('no address');
const session = await login(`http://127.0.0.1:${address.port}`, process.env.BENCH_EMAIL!, process.env.BENCH_PASSWORD!);
const appBytes: Record<string, { status: number; bytes: number }> = {};
for (const p of pages) {
  const { status, body } = await getPage(session, p);
  appBytes[p] = { status, bytes: Buffer.byteLength(body) };
  if (status !== 200 || !recorded.has(p)) throw new Error(`could not record ${p}: HTTP ${status}`);
}
recording = false;
await new Promise((resolve) => real.close(resolve));
await db.destroy();

const bare = express();
bare.disable('x-powered-by');
bare.set('view engine', 'ejs');
bare.set('views', VIEWS);
Object.assign(bare.locals, viewLocals);
bare.use(express.urlencoded({ extended: false, limit: '256kb', parameterLimit: 2000 }));

// The POST ceiling: parse and check the same form, keep the update in memory, redirect (PRG).
const updates: { actionId: number; status: string; comment: string; version: number }[] = [];
bare.post('/atgarder/:id/statusuppdateringar', (req: Request, res: Response) => {
  const { status, comment, version } = req.body as Record<string, string>;
  if (
    !(ACTION_STATUSES as readonly string[]).includes(status) ||
    typeof comment !== 'string' ||
    !/^\d+$/.test(version ?? '')
  ) {
    res.status(422).send('Felaktiga uppgifter');
    return;
  }
  if (updates.length > 100_000) updates.length = 0;
  updates.push({ actionId: Number(req.params.id), status, comment, version: Number(version) });
  res.redirect(303, `/atgarder/${req.params.id}`);
});
bare.use((req: Request, res: Response) => {
  const page = recorded.get(req.originalUrl);
  if (!page) {
    res.status(404).send('not recorded');
    return;
  }
  res.render(page.view, page.locals);
});

const server = bare.listen(Number(process.env.PORT), '127.0.0.1', () => {
  const ready = { ready: true, pages: appBytes };
  if (cluster.isWorker) process.send!(ready);
  else console.log(JSON.stringify(ready));
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
