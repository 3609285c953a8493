import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { getPage, login } from './session.ts';
import { sendStatusUpdate, type PostTarget } from './load.ts';
import { cpuMsOf, startServer } from './processes.ts';

// The remembered pages right after a change, alone and quickly (issue 20), the way npm run bench's
// "right after a change" block times them: a status update, then one view timed alone; median.
//
//   node --import tsx scripts/bench/fresh.ts --db /tmp/fresh-100k.sqlite [--db …] [--samples 9]
//
// Each database (seeded by scripts/seed-scale.ts) is copied first, so the runs do not change it;
// the app runs from source (src/server.ts under tsx, NODE_ENV=production). Prints one JSON line per
// database: the median first view (ms) of each page after a change, the second one from memory, and
// the server's mean CPU time per first view (from /proc in 10 ms ticks, so use many samples): it
// moves much less than the time when other work shares the machine.

const BENCH_EMAIL = 'forvaltningschef@exempelkommun.se';
const BENCH_PASSWORD = 'bench-losenord-2026';

const { values: args } = parseArgs({
  options: { db: { type: 'string', multiple: true, default: [] }, samples: { type: 'string', default: '9' } },
});
const samples = Number(args.samples);
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor((xs.length - 1) / 2)];

function targets(dbPath: string) {
  const db = new SQLite(dbPath, { readonly: true });
  const actions = (db.prepare('SELECT count(*) AS n FROM actions').get() as { n: number }).n;
  const matter = db
    .prepare(
      `SELECT m.id FROM matters m JOIN findings f ON f.matter_id = m.id JOIN action_findings af ON af.finding_id = f.id
       WHERE m.committee_id = 1 AND m.closed_on IS NULL GROUP BY m.id
       ORDER BY abs(count(DISTINCT af.action_id) - 10), m.id LIMIT 1`,
    )
    .get() as { id: number };
  const open = db
    .prepare("SELECT id FROM actions WHERE committee_id <> 1 AND status IN ('not_started', 'in_progress') ORDER BY id")
    .all() as { id: number }[];
  db.close();
  return {
    actions,
    pool: Array.from({ length: 10 }, (_, i) => open[Math.floor((i * open.length) / 10)].id),
    paths: {
      overview: '/',
      list: '/atgarder',
      filtered: '/atgarder?status=overdue&namnd=1',
      deep: `/atgarder?sida=${Math.ceil(actions / 50)}`,
      matter: `/arenden/${matter.id}`,
    },
  };
}

for (const source of args.db) {
  const copy = path.join(os.tmpdir(), `fresh-bench-${process.pid}.sqlite`);
  fs.copyFileSync(source, copy);
  const t = targets(copy);
  const app = await startServer('src/server.ts', { DATABASE_PATH: copy }, /lyssnar på/);
  try {
    const session = await login(app.base, BENCH_EMAIL, BENCH_PASSWORD);
    const pool: PostTarget[] = [];
    for (const actionId of t.pool) {
      const version = /name="version" value="(\d+)"/.exec((await getPage(session, `/atgarder/${actionId}`)).body);
      pool.push({ actionId, version: Number(version![1]) });
    }
    const result: Record<string, { firstMs: number; secondMs: number; firstCpuMs: number }> = {};
    for (const [key, p] of Object.entries(t.paths)) {
      await getPage(session, p);
      const first: number[] = [];
      const second: number[] = [];
      let cpuMs = 0;
      for (let i = 0; i < samples; i++) {
        if ((await sendStatusUpdate(app.base, session, pool[i % pool.length], `Lägesrapport ${i}.`)) !== 303)
          await sendStatusUpdate(app.base, session, pool[i % pool.length], `Lägesrapport ${i}.`);
        for (const times of [first, second]) {
          const cpu0 = cpuMsOf(app.pid);
          const t0 = performance.now();
          const page = await getPage(session, p);
          if (page.status !== 200) throw new Error(`${p}: HTTP ${page.status}`);
          times.push(performance.now() - t0);
          if (times === first) cpuMs += cpuMsOf(app.pid) - cpu0;
        }
      }
      result[key] = {
        firstMs: +median(first).toFixed(2),
        secondMs: +median(second).toFixed(2),
        firstCpuMs: +(cpuMs / samples).toFixed(2),
      };
    }
    console.log(JSON.stringify({ actions: t.actions, ...result }));
  } finally {
    await app.stop();
    fs.rmSync(copy, { force: true });
    fs.rmSync(`${copy}-wal`, { force: true });
    fs.rmSync(`${copy}-shm`, { force: true });
  }
}
