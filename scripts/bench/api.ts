import { performance } from 'node:perf_hooks';
import { openDatabase } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { systemClock, todayOf } from '../../src/clock.ts';
import { addDays } from '../../src/deadlines/calendar.ts';
import { createApiToken } from '../../src/api/api-tokens.service.ts';
import { findUserById } from '../../src/users/users.repository.ts';
import { buildApp, memoryOf, startServer } from './processes.ts';
import { getTarget, summarize, type Sample } from './load.ts';

// The JSON API at scale: an integration walking every action 500 at a time (a timed loop over the
// `next` links), then pages of 500 under load (autocannon). The server runs as `npm start` runs it.
// Usage: DATABASE_PATH=/tmp/api-100k.sqlite node --import tsx scripts/bench/api.ts [--seconds 10] [--connections 4]
// (after `node --import tsx scripts/seed-scale.ts --actions 100000 --fresh` on that database).

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const seconds = arg('seconds', 10);
const connections = arg('connections', 4);
const dbPath = process.env.DATABASE_PATH;
if (!dbPath) throw new Error('DATABASE_PATH names the seeded database');

const db = openDatabase(dbPath);
await migrateToLatest(db);
const admin = await db
  .selectFrom('users')
  .select('id')
  .where('role', '=', 'admin')
  .orderBy('id')
  .executeTakeFirstOrThrow();
const director = await db
  .selectFrom('users')
  .select('id')
  .where('role', '=', 'director')
  .orderBy('id')
  .executeTakeFirstOrThrow();
const { token } = await createApiToken(db, systemClock, (await findUserById(db, admin.id))!, {
  userId: director.id,
  name: 'Benchmark',
  expiresOn: addDays(todayOf(systemClock), 1),
});
const actions = Number(
  (
    await db
      .selectFrom('actions')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
  ).n,
);
await db.destroy();

buildApp();
const app = await startServer('dist/server.js', { DATABASE_PATH: dbPath, API_RATE_LIMIT: '100000' }, /lyssnar på/);
const headers = { authorization: `Bearer ${token}` };

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

try {
  // 1. One integration reads every action, page after page, as Power BI's refresh would.
  const times: number[] = [];
  let next: string | null = '/api/v1/atgarder?limit=500';
  let seen = 0;
  let middle: string | null = null;
  const started = performance.now();
  while (next) {
    const t0 = performance.now();
    const res = await fetch(`${app.base}${next}`, { headers });
    if (res.status !== 200) throw new Error(`${next}: HTTP ${res.status}`);
    const body = (await res.json()) as { data: unknown[]; next: string | null };
    times.push(performance.now() - t0);
    seen += body.data.length;
    next = body.next;
    if (seen >= actions / 2 && !middle) middle = next;
  }
  const walkSeconds = (performance.now() - started) / 1000;
  if (seen !== actions) throw new Error(`the walk gave ${seen} actions of ${actions}`);
  times.sort((a, b) => a - b);

  // 2. Pages of 500 under load: the first page, one from the middle of the walk, and a filtered one.
  const load: Record<string, { p50Ms: number; p99Ms: number; rps: number; failures: number; cpuMsPerRequest: number }> =
    {};
  for (const [name, path] of [
    ['first page', '/api/v1/atgarder?limit=500'],
    ['middle page', middle ?? '/api/v1/atgarder?limit=500'],
    ['open, one nämnd', '/api/v1/atgarder?limit=500&status=open&namnd=1'],
  ] as const) {
    const target = getTarget(`${app.base}${path}`, headers, connections, app.pid);
    await target.sample({ seconds: 2 }); // warm-up
    const samples: Sample[] = [await target.sample({ seconds })];
    const r = summarize(samples, 200);
    load[name] = {
      p50Ms: Math.round(r.p50Ms * 10) / 10,
      p99Ms: Math.round(r.p99Ms * 10) / 10,
      rps: Math.round(r.rps * 10) / 10,
      failures: r.failures,
      cpuMsPerRequest: Math.round(r.cpuMsPerRequest * 10) / 10,
    };
  }
  console.log(
    JSON.stringify(
      {
        actions,
        walk: {
          pages: times.length,
          seconds: Math.round(walkSeconds * 10) / 10,
          p50Ms: Math.round(percentile(times, 50) * 10) / 10,
          p99Ms: Math.round(percentile(times, 99) * 10) / 10,
        },
        load,
        connections,
        peakRssMb: Math.round(memoryOf(app.pid).peakMb),
      },
      null,
      2,
    ),
  );
} finally {
  await app.stop();
}
