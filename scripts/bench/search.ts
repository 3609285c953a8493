import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { Migrator, sql } from 'kysely';
import { openDatabase } from '../../src/db/connection.ts';
import { migrations } from '../../db/migrations/index.ts';
import { search } from '../../src/search/search.service.ts';
import { buildApp, memoryOf, startServer } from './processes.ts';
import { login } from './session.ts';

// Search at scale (issue 18): on a copy of a seeded database (npm run seed:scale), the migration's
// backfill (013's indexes dropped and made again), then searches through the service (p50/p95 over
// realistic queries, each run several times) and through HTTP with autocannon.
// Usage: DATABASE_PATH=/tmp/x.sqlite node --import tsx scripts/bench/search.ts [--no-http]

const source = process.env.DATABASE_PATH;
if (!source || !fs.existsSync(source)) {
  console.error('DATABASE_PATH must name a seeded database (npm run seed:scale -- --actions 100000).');
  process.exit(2);
}
const withHttp = !process.argv.includes('--no-http');
const RUNS = 15;

// What people type: words of titles and comments (whole, or their start), a diarienummer, two words,
// a word everything has ("åtgärd" is in the seed's every description), a word nothing has.
const QUERIES = [
  'dokumentation',
  'Dokumentation',
  'åtgärd',
  'ÅTGÄRD',
  'utredningstider',
  'samverkan regionen',
  'vårdplan',
  'orosanm',
  'skyddsbed',
  'checklist',
  'journalanteckningar',
  'kompetensutveckling nyanställda',
  'försenat vakanser',
  'egenkontroll',
  'ekonomiskt bistånd',
  'lex sarah',
  'barnets bästa',
  'aktgranskning',
  '8.5-20527/2025',
  'SN 2025/227',
  'socialsekreterare',
  'ledningsgruppen',
  'xyzzy',
  'a',
];

const copy = path.join(os.tmpdir(), `search-bench-${process.pid}.sqlite`);
const plain = openDatabase(source);
await sql`VACUUM INTO ${copy}`.execute(plain);
await plain.destroy();

const db = openDatabase(copy);
const counts = (
  await sql<{
    actions: number;
    updates: number;
    matters: number;
    findings: number;
  }>`SELECT (SELECT count(*) FROM actions) AS actions, (SELECT count(*) FROM action_updates) AS updates,
      (SELECT count(*) FROM matters) AS matters, (SELECT count(*) FROM findings) AS findings`.execute(db)
).rows[0];

const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
const applied = (await migrator.getMigrations()).find((m) => m.name === '013_search')?.executedAt;
if (applied) {
  const down = await migrator.migrateTo(
    Object.keys(migrations).sort()[Object.keys(migrations).sort().indexOf('013_search') - 1],
  );
  if (down.error) throw down.error;
}
await sql`VACUUM`.execute(db);
const sizeBefore = fs.statSync(copy).size;
let started = performance.now();
const up = await migrator.migrateToLatest();
if (up.error) throw up.error;
const backfillMs = Math.round(performance.now() - started);
await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
await sql`VACUUM`.execute(db);
const indexMb = (fs.statSync(copy).size - sizeBefore) / 1e6;

const ms = (t: number) => Math.round(t * 10) / 10;
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

async function timeSearches(kind?: 'actions') {
  const all: number[] = [];
  const perQuery: Record<string, { p50: number; hits: number }> = {};
  for (const q of QUERIES) {
    const times: number[] = [];
    let hits = 0;
    for (let i = 0; i < RUNS; i++) {
      started = performance.now();
      const r = await search(db, { role: 'manager' }, q, { kind, page: { limit: 25, offset: kind ? 25 : 0 } });
      times.push(performance.now() - started);
      hits = r.groups.reduce((n, g) => n + g.total, 0);
    }
    all.push(...times);
    perQuery[q] = { p50: ms(quantile(times, 0.5)), hits };
  }
  return { p50: ms(quantile(all, 0.5)), p95: ms(quantile(all, 0.95)), max: ms(Math.max(...all)), perQuery };
}

// Warm the page cache as a running server would be.
for (const q of QUERIES) await search(db, { role: 'manager' }, q, { page: { limit: 5, offset: 0 } });
const service = await timeSearches();
const groupPage = await timeSearches('actions');

// What the triggers cost a write: 2 000 comments, with and without the comment index's trigger.
async function insertComments(n: number) {
  const at = new Date().toISOString();
  started = performance.now();
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < n; i++)
      await sql`INSERT INTO action_updates (action_id, user_id, created_at, from_status, to_status, comment)
                VALUES (${1 + i}, 1, ${at}, 'in_progress', 'in_progress',
                'Arbetsgruppen har träffats och tagit fram ett förslag till rutin för skyddsbedömningar.')`.execute(tx);
  });
  return (performance.now() - started) / n;
}
const withTrigger = await insertComments(2000);
await sql`DROP TRIGGER search_comments_after_insert`.execute(db);
const withoutTrigger = await insertComments(2000);
await db.destroy();

let http: Record<string, unknown> | undefined;
if (withHttp) {
  const httpDb = path.join(os.tmpdir(), `search-bench-http-${process.pid}.sqlite`);
  const again = openDatabase(source);
  await sql`VACUUM INTO ${httpDb}`.execute(again);
  await again.destroy();
  buildApp();
  const server = await startServer('dist/server.js', { DATABASE_PATH: httpDb }, /lyssnar på/);
  try {
    const s = await login(server.base, 'forvaltningschef@exempelkommun.se', 'bench-losenord-2026');
    const results: Record<string, unknown> = {};
    for (const q of ['dokumentation', 'åtgärd', 'samverkan regionen', '8.5-20527/2025']) {
      const r = await autocannon({
        url: `${server.base}/sok?q=${encodeURIComponent(q)}`,
        // One connection: the latency a user waits, not a queue of them (the machine has 2 cores).
        connections: 1,
        duration: 5,
        headers: { cookie: s.cookie },
      });
      results[q] = { p50: r.latency.p50, p99: r.latency.p99, rps: Math.round(r.requests.average), non2xx: r.non2xx };
    }
    http = { pages: results, rssMb: memoryOf(server.pid).rssMb };
  } finally {
    await server.stop();
    fs.rmSync(httpDb, { force: true });
    fs.rmSync(`${httpDb}-wal`, { force: true });
    fs.rmSync(`${httpDb}-shm`, { force: true });
  }
}
for (const f of [copy, `${copy}-wal`, `${copy}-shm`]) fs.rmSync(f, { force: true });

console.log(
  JSON.stringify(
    {
      data: counts,
      backfillMs,
      indexMb: Math.round(indexMb),
      service,
      groupPage: { p50: groupPage.p50, p95: groupPage.p95, max: groupPage.max },
      commentInsertMs: { withTrigger: ms(withTrigger * 1000) / 1000, withoutTrigger: ms(withoutTrigger * 1000) / 1000 },
      http,
    },
    null,
    2,
  ),
);
