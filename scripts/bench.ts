import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { getPage, login } from './bench/session.ts';
import {
  alternate,
  getTarget,
  warmUp,
  sendStatusUpdate,
  statusUpdateTarget,
  whileWriting,
  type LoadResult,
  type PostTarget,
} from './bench/load.ts';
import { ROOT, buildApp, childPids, memoryOf, runScript, startServer } from './bench/processes.ts';
import { evaluate, markdown, writeMarkdown, type RunResult, type SizeResult } from './bench/report.ts';
import { benchWorkers } from './bench/workers.ts';

// npm run bench [-- --quick] [--sizes 1000,10000,100000] [--seconds 10] [--rounds 5] [--warmup 3] [--server-warmup 20] [--connections 10] [--pdf-runs 5]
//   [--workers-sizes 10000,100000]
//
// For each N: seeds a fresh database (scripts/seed-scale.ts), starts the app in production
// mode as a child process as `npm start` does (built once: node dist/server.js) and the ceiling server beside it
// (scripts/bench/ceiling-server.ts: bare Express + EJS, same views and rows, from memory),
// then loads each page on both in turn, the status update POST, the återrapportering PDF
// over HTTP, and the PDF again in-process beside bare pdfkit (scripts/bench/pdf.ts).
// Results: bench-results/*.json and, for a full run, the tables in BENCHMARKS.md.

// As seeded by scripts/seed-scale.ts: the first kommun's förvaltningschef.
const BENCH_PASSWORD = 'bench-losenord-2026';
const BENCH_EMAIL = 'forvaltningschef@exempelkommun.se';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    sizes: { type: 'string' },
    seconds: { type: 'string' },
    warmup: { type: 'string' },
    'server-warmup': { type: 'string' },
    rounds: { type: 'string' },
    connections: { type: 'string', default: '10' },
    'pdf-runs': { type: 'string' },
    'write-md': { type: 'boolean' },
    label: { type: 'string' },
    'workers-sizes': { type: 'string' },
  },
});
const quick = args.quick;
const sizes = (args.sizes ?? (quick ? '1000,10000' : '1000,10000,100000')).split(',').map(Number);
const settings = {
  connections: Number(args.connections),
  seconds: Number(args.seconds ?? (quick ? 2 : 10)),
  warmupSeconds: Number(args.warmup ?? (quick ? 1 : 3)),
  rounds: Number(args.rounds ?? (quick ? 2 : 5)),
  // Each server started is first loaded this long over its pages (warmUp in scripts/bench/load.ts).
  serverWarmupSeconds: Number(args['server-warmup'] ?? (quick ? 0 : 20)),
  pdfRuns: Number(args['pdf-runs'] ?? (quick ? 1 : 5)),
};
const writeMd = args['write-md'] ?? !quick;
// WORKERS=1 beside WORKERS=2 (scripts/bench/workers.ts): in a quick run only the list, briefly, at the
// largest N, without the ceiling's two processes (their start-up alone takes ≈ 20 s).
const workersSizes = args['workers-sizes']
  ? args['workers-sizes'].split(',').map(Number)
  : quick
    ? [Math.max(...sizes)]
    : sizes.filter((n) => n >= 10_000);
const workersPages = quick ? ['list'] : ['overview', 'list', 'matter'];
const RESULTS = path.join(ROOT, 'bench-results');
const DB_DIR = path.join(RESULTS, 'db');
fs.mkdirSync(DB_DIR, { recursive: true });

const log = (msg: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
const started = Date.now();

function machine(): Record<string, string | number> {
  const version = (pkg: string) =>
    (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string })
      .version;
  const git = (...a: string[]) => {
    try {
      return execFileSync('git', a, { cwd: ROOT, encoding: 'utf8' }).trim();
    } catch {
      return '';
    }
  };
  const memory = new SQLite(':memory:');
  const sqlite = (memory.prepare('select sqlite_version() as v').get() as { v: string }).v;
  memory.close();
  const dirty = git('status', '--porcelain', '--', 'src', 'views', 'db') !== '';
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    sqlite,
    commit: `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' + uncommitted changes' : ''}`,
    ...Object.fromEntries(
      ['express', 'ejs', 'better-sqlite3', 'kysely', 'pdfkit', 'autocannon'].map((p) => [p, version(p)]),
    ),
  };
}

interface Targets {
  paths: Record<string, string>;
  matterActions: number;
  postPool: number[];
  meetingId: number | null;
}

/** What to request, read from the fresh database: a typical matter, a deep page, actions to update. */
function chooseTargets(dbPath: string, n: number, meetingId: number | null): Targets {
  const db = new SQLite(dbPath, { readonly: true });
  const matter = db
    .prepare(
      `SELECT m.id, count(DISTINCT af.action_id) AS actions FROM matters m
       JOIN findings f ON f.matter_id = m.id JOIN action_findings af ON af.finding_id = f.id
       WHERE m.committee_id = 1 AND m.closed_on IS NULL GROUP BY m.id ORDER BY abs(count(DISTINCT af.action_id) - 10), m.id LIMIT 1`,
    )
    .get() as { id: number; actions: number };
  // Open actions of other nämnder, spread over the table, so the PDF's nämnd stays as seeded.
  const open = db
    .prepare("SELECT id FROM actions WHERE committee_id <> 1 AND status IN ('not_started', 'in_progress') ORDER BY id")
    .all() as { id: number }[];
  const pool = Array.from({ length: 40 }, (_, i) => open[Math.floor((i * open.length) / 40)].id);
  db.close();
  return {
    paths: {
      overview: '/',
      list: '/atgarder',
      filtered: '/atgarder?status=overdue&namnd=1',
      deep: `/atgarder?sida=${Math.ceil(n / 50)}`,
      matter: `/arenden/${matter.id}`,
    },
    matterActions: matter.actions,
    postPool: [...new Set(pool)],
    meetingId,
  };
}

async function versionsOf(session: { base: string; cookie: string; csrf: string }, ids: number[]): Promise<number[]> {
  const versions: number[] = [];
  for (const id of ids) {
    const { status, body } = await getPage(session, `/atgarder/${id}`);
    const version = /name="version" value="(\d+)"/.exec(body);
    if (status !== 200 || !version) throw new Error(`could not read the version of action ${id} (HTTP ${status})`);
    versions.push(Number(version[1]));
  }
  return versions;
}

function line(r: LoadResult): string {
  const failed = r.failures ? ` FAILURES ${r.failures} ${JSON.stringify(r.statuses)}` : '';
  return `${r.rps.toFixed(0)} req/s p50 ${r.p50Ms.toFixed(2)} ms p99 ${r.p99Ms.toFixed(2)} ms cpu ${r.cpuMsPerRequest.toFixed(2)} ms/req${failed}`;
}

const loadAverage = () => Number(fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor((xs.length - 1) / 2)];

/** The pages whose data the app remembers until it changes (their "right after a change" cost is measured too). */
const REMEMBERED_PAGES = ['overview', 'list', 'filtered', 'deep', 'matter'] as const;

/** Pages also measured while the data changes, and how often it does then (more often than a whole country's staff would write). */
const UNDER_WRITES = ['overview', 'list', 'matter'] as const;
// Every 100 ms too (issue 20); --quick measures that one only, so it takes no longer than before.
const WRITE_INTERVALS_MS = quick ? [100] : [1000, 100];

async function benchSize(n: number): Promise<SizeResult> {
  const dbPath = path.join(DB_DIR, `scale-${n}.sqlite`);
  log(`N = ${n}: seeding ${dbPath}`);
  const seedOut = await runScript('scripts/seed-scale.ts', ['--actions', String(n), '--fresh'], {
    DATABASE_PATH: dbPath,
  });
  const seed = JSON.parse(seedOut.trim().split('\n').pop()!) as Record<string, number | string | null>;
  log(
    `N = ${n}: seeded in ${seed.seconds} s (${seed.actions} actions, ${seed.updates} status updates, ${seed.users} users, ${seed.committees} nämnder, ${seed.meetings} meetings)`,
  );
  const targets = chooseTargets(dbPath, n, typeof seed.reportMeetingId === 'number' ? seed.reportMeetingId : null);
  const env = {
    DATABASE_PATH: dbPath,
    BENCH_EMAIL,
    BENCH_PASSWORD,
    BENCH_PAGES: JSON.stringify(Object.values(targets.paths)),
  };

  // Both start at once; neither changes the data (the ceiling's recording logs in, which only writes a session).
  const [ceiling, app] = await Promise.all([
    startServer('scripts/bench/ceiling-server.ts', env, /"ready":true/),
    // One process, as the rows have always measured it; WORKERS=2 is measured apart (benchWorkers).
    startServer('dist/server.js', { DATABASE_PATH: dbPath, WORKERS: '1' }, /lyssnar på/),
  ]);
  try {
    const afterStartMb = memoryOf(app.pid).rssMb;
    const session = await login(app.base, BENCH_EMAIL, BENCH_PASSWORD);
    const headers = { cookie: session.cookie };
    const load = {
      seconds: settings.seconds,
      warmupSeconds: settings.warmupSeconds,
      rounds: settings.rounds,
      connections: settings.connections,
      expectStatus: 200,
    };
    const pages: SizeResult['pages'] = {};
    if (settings.serverWarmupSeconds > 0) {
      log(`N = ${n}: warming both servers up, ${settings.serverWarmupSeconds} s each`);
      for (const [base, h, pid] of [
        [app.base, headers, app.pid],
        [ceiling.base, {}, ceiling.pid],
      ] as const)
        await warmUp(
          Object.values(targets.paths).map((p) => getTarget(`${base}${p}`, h, settings.connections, pid)),
          settings.serverWarmupSeconds,
        );
    }
    for (const [key, p] of Object.entries(targets.paths)) {
      const appPage = await getPage(session, p);
      const ceilingPage = await fetch(`${ceiling.base}${p}`);
      const ceilingBody = await ceilingPage.text();
      if (appPage.status !== 200 || ceilingPage.status !== 200)
        throw new Error(`${p}: app HTTP ${appPage.status}, ceiling HTTP ${ceilingPage.status}`);
      log(`N = ${n}: ${key} ${p}`);
      const r = await alternate(
        getTarget(`${app.base}${p}`, headers, settings.connections, app.pid),
        getTarget(`${ceiling.base}${p}`, {}, settings.connections, ceiling.pid),
        load,
      );
      log(`   ${line(r.app)} | ceiling ${line(r.ceiling)}`);
      pages[key] = {
        ...r,
        appBytes: Buffer.byteLength(appPage.body),
        ceilingBytes: Buffer.byteLength(ceilingBody),
        loadAverage: loadAverage(),
      };
    }

    log(`N = ${n}: status update POST on ${targets.postPool.length} actions`);
    const versions = await versionsOf(session, targets.postPool);
    const pool: PostTarget[] = targets.postPool.map((actionId, i) => ({ actionId, version: versions[i] }));
    const post = await alternate(
      statusUpdateTarget(app.base, session, pool, settings.connections, app.pid, (ids) => versionsOf(session, ids)),
      statusUpdateTarget(
        ceiling.base,
        { cookie: '', csrf: '' },
        pool.map((t) => ({ ...t })),
        settings.connections,
        ceiling.pid,
      ),
      { ...load, expectStatus: 303 },
    );
    log(`   ${line(post.app)} | ceiling ${line(post.ceiling)}`);

    // The rows above read pages while nothing changes, so the pages the app remembers are read
    // from memory. The same pages while a status update lands every intervalMs:
    const underWrites: NonNullable<SizeResult['underWrites']> = {};
    for (const intervalMs of WRITE_INTERVALS_MS) {
      for (const key of UNDER_WRITES) {
        const p = targets.paths[key];
        log(`N = ${n}: ${key} ${p} with a status update every ${intervalMs} ms`);
        const writer = whileWriting(
          getTarget(`${app.base}${p}`, headers, settings.connections, app.pid),
          app.base,
          session,
          pool,
          intervalMs,
        );
        const r = await alternate(
          writer,
          getTarget(`${ceiling.base}${p}`, {}, settings.connections, ceiling.pid),
          load,
        );
        log(`   ${line(r.app)} | ceiling ${line(r.ceiling)} | ${writer.writes()} status updates`);
        underWrites[intervalMs === 1000 ? key : `${key}@${intervalMs}`] = { ...r, writes: writer.writes(), intervalMs };
      }
    }
    const peakUnderLoadMb = memoryOf(app.pid).peakMb;

    // The Översikt's installation-wide part, the list's pages and a matter's page are remembered
    // until the data changes, so the page rows above are mostly served from memory. This is their cost when they
    // are not: one status update (which moves the change marker), then the first view of the
    // page, and a second view (from memory), one request at a time.
    // 21 samples in a full run: a median of 7 views of 3–5 ms moved by half from one run to the next
    // (BENCHMARKS.md, eleventh round); each sample takes a few tens of ms.
    const afterChange: NonNullable<SizeResult['afterChange']> = {};
    const freshSamples = quick ? 3 : 21;
    for (const key of REMEMBERED_PAGES) {
      log(`N = ${n}: ${key} right after a change (${freshSamples} samples)`);
      const first: number[] = [];
      const second: number[] = [];
      for (let i = 0; i < freshSamples; i++) {
        // A refused update (a version the load left behind) has brought the version up to date: once more.
        const update = () =>
          sendStatusUpdate(app.base, session, pool[i % pool.length], `Lägesrapport ${i} före sidan.`);
        if ((await update()) !== 303 && (await update()) !== 303)
          throw new Error(`status update before ${key} refused twice`);
        for (const times of [first, second]) {
          const t0 = performance.now();
          const page = await getPage(session, targets.paths[key]);
          if (page.status !== 200) throw new Error(`${key} after a change: HTTP ${page.status}`);
          times.push(performance.now() - t0);
        }
      }
      afterChange[key] = { firstMs: median(first), secondMs: median(second) };
      log(
        `   median ${afterChange[key].firstMs.toFixed(1)} ms, then ${afterChange[key].secondMs.toFixed(1)} ms from memory`,
      );
    }

    let pdf: SizeResult['pdf'] = null;
    let peakWithPdfMb: number | null = null;
    let pdfProcessPeakMb: number | null = null;
    if (targets.meetingId !== null) {
      log(`N = ${n}: återrapportering PDF for meeting ${targets.meetingId} over HTTP`);
      const times: number[] = [];
      for (let i = 0; i <= settings.pdfRuns; i++) {
        const t0 = performance.now();
        const res = await fetch(`${app.base}/sammantraden/${targets.meetingId}/rapport.pdf`, { headers });
        const bytes = (await res.arrayBuffer()).byteLength;
        if (res.status !== 200 || res.headers.get('content-type') !== 'application/pdf')
          throw new Error(`PDF: HTTP ${res.status}`);
        if (i > 0) times.push(performance.now() - t0);
        else log(`   first request ${(performance.now() - t0).toFixed(0)} ms, ${bytes} bytes`);
      }
      peakWithPdfMb = memoryOf(app.pid).peakMb;
      // The app draws PDFs in a process of its own (src/pdf/render.ts), alive for a minute after the last one.
      const pdfPeaks = childPids(app.pid).map((pid) => memoryOf(pid).peakMb);
      pdfProcessPeakMb = pdfPeaks.length ? Math.max(...pdfPeaks) : null;
      await app.stop();
      await ceiling.stop();
      log(`N = ${n}: PDF in-process, app beside bare pdfkit (${settings.pdfRuns} runs each)`);
      const out = await runScript(
        'scripts/bench/pdf.ts',
        ['--meeting', String(targets.meetingId), '--email', BENCH_EMAIL, '--runs', String(settings.pdfRuns)],
        { DATABASE_PATH: dbPath },
      );
      const inProcess = JSON.parse(out.trim().split('\n').pop()!);
      log(`N = ${n}: issuing against the draft, and the PDF process's peak (${settings.pdfRuns} runs each)`);
      const issued = await runScript(
        'scripts/bench/pdf-process.ts',
        ['--meeting', String(targets.meetingId), '--runs', String(settings.pdfRuns), '--no-build'],
        { DATABASE_PATH: dbPath },
      );
      pdf = { httpMs: median(times), ...inProcess, issue: JSON.parse(issued.trim().split('\n').pop()!) };
      log(
        `   HTTP ${pdf!.httpMs.toFixed(0)} ms, in-process ${pdf!.appMs.toFixed(0)} ms, bare pdfkit ${pdf!.bareMs.toFixed(0)} ms, Word ${pdf!.docxMs?.toFixed(0)} ms`,
      );
    }
    return {
      actions: n,
      seed,
      paths: {
        ...targets.paths,
        post: `/atgarder/:id/statusuppdateringar (${targets.postPool.length} actions)`,
        matterActions: String(targets.matterActions),
      },
      pages,
      post: { ...post, loadAverage: loadAverage() },
      overviewAfterChangeMs: afterChange.overview.firstMs,
      afterChange,
      underWrites,
      memory: { afterStartMb, peakUnderLoadMb, peakWithPdfMb, pdfProcessPeakMb },
      pdf,
    };
  } finally {
    await app.stop();
    await ceiling.stop();
  }
}

buildApp();
const results: SizeResult[] = [];
for (const n of sizes) {
  const result = await benchSize(n);
  if (workersSizes.includes(n)) {
    log(`N = ${n}: WORKERS=1 beside WORKERS=2`);
    result.workers = await benchWorkers({
      dbPath: path.join(DB_DIR, `scale-${n}.sqlite`),
      paths: result.paths,
      pages: workersPages,
      email: BENCH_EMAIL,
      password: BENCH_PASSWORD,
      load: {
        connections: settings.connections,
        seconds: quick ? 1 : settings.seconds,
        warmupSeconds: quick ? 0.5 : settings.warmupSeconds,
        rounds: settings.rounds,
      },
      serverWarmupSeconds: settings.serverWarmupSeconds,
      updateSeconds: quick ? 1 : 5,
      ceiling: !quick,
      log,
    });
  }
  results.push(result);
}
const run: RunResult = {
  date: new Date().toISOString(),
  mode: quick ? 'quick' : 'full',
  machine: machine(),
  settings,
  sizes: results,
  targets: evaluate(results),
};
const stamp = run.date.slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
const name = `${stamp}-${args.label ?? run.mode}.json`;
fs.writeFileSync(path.join(RESULTS, name), `${JSON.stringify(run, null, 2)}\n`);
fs.writeFileSync(path.join(RESULTS, `latest-${run.mode}.json`), `${JSON.stringify(run, null, 2)}\n`);
const table = markdown(run);
console.log(`\n${table}\n`);
if (writeMd) writeMarkdown(path.join(ROOT, 'BENCHMARKS.md'), table);
log(
  `done in ${((Date.now() - started) / 1000).toFixed(0)} s; results in bench-results/${name}${writeMd ? ' and BENCHMARKS.md' : ''}`,
);
