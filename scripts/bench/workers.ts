import SQLite from 'better-sqlite3';
import { alternate, getTarget, warmUp, type LoadResult } from './load.ts';
import { childPids, memoryOf, startServer, type Server } from './processes.ts';
import { login, type BenchSession } from './session.ts';
import type { SizeResult, Target } from './report.ts';

// WORKERS=1 beside WORKERS=2 (issue 20): the app's gain from a second worker, beside the ceiling's own
// gain from a second process (scripts/bench/ceiling-cluster.ts), each pair measured in alternating
// rounds; then status updates racing through both workers, counted afterwards in the database.

export interface WorkersResult {
  /** The ceiling's figures are null when it was not measured (a quick run). */
  pages: Record<
    string,
    { one: LoadResult; two: LoadResult; ceilingOne: LoadResult | null; ceilingTwo: LoadResult | null }
  >;
  /** Status updates sent at once through the two workers, several on one action with the same version. */
  updates: { sent: number; accepted: number; refused: number; failed: number; lost: number; doubled: number };
  /** Peak RSS (VmHWM) of each process of the WORKERS=2 server after the loads, in MB. */
  memoryMb: { primary: number; workers: number[] };
}

export interface WorkersOptions {
  dbPath: string;
  paths: Record<string, string>;
  pages: readonly string[];
  email: string;
  password: string;
  load: { seconds: number; warmupSeconds: number; rounds: number; connections: number };
  updateSeconds: number;
  /** Each server is first loaded this long over the pages (warmUp): two workers warm up on half the requests each. */
  serverWarmupSeconds: number;
  /** Also the ceiling with one and two processes (its start-up, recording every page, takes ≈ 20 s). */
  ceiling: boolean;
  log: (msg: string) => void;
}

/** The server's process and the processes it started (a cluster's workers), for CPU time. */
const tree = (s: Server) => () => [s.pid, ...childPids(s.pid)];

export async function benchWorkers(o: WorkersOptions): Promise<WorkersResult> {
  const ceilingEnv = {
    DATABASE_PATH: o.dbPath,
    BENCH_EMAIL: o.email,
    BENCH_PASSWORD: o.password,
    BENCH_PAGES: JSON.stringify(o.pages.map((key) => o.paths[key])),
  };
  const servers = await Promise.all([
    startServer('dist/server.js', { DATABASE_PATH: o.dbPath, WORKERS: '1' }, /lyssnar på/),
    startServer('dist/server.js', { DATABASE_PATH: o.dbPath, WORKERS: '2' }, /lyssnar på/),
    ...(o.ceiling
      ? [
          startServer('scripts/bench/ceiling-server.ts', ceilingEnv, /"ready":true/),
          startServer('scripts/bench/ceiling-cluster.ts', { ...ceilingEnv, BENCH_PROCESSES: '2' }, /"ready":true/),
        ]
      : []),
  ]);
  const [one, two, ceilingOne, ceilingTwo] = servers;
  try {
    const sessions = {
      one: await login(one.base, o.email, o.password),
      two: await login(two.base, o.email, o.password),
    };
    const load = { ...o.load, expectStatus: 200 };
    if (o.serverWarmupSeconds > 0) {
      o.log(`   workers: warming each server up, ${o.serverWarmupSeconds} s`);
      const cookies = [sessions.one.cookie, sessions.two.cookie];
      for (const [i, s] of servers.entries())
        await warmUp(
          o.pages.map((key) =>
            getTarget(
              `${s.base}${o.paths[key]}`,
              cookies[i] ? { cookie: cookies[i] } : {},
              o.load.connections,
              tree(s),
            ),
          ),
          o.serverWarmupSeconds,
        );
    }
    const pages: WorkersResult['pages'] = {};
    for (const key of o.pages) {
      const p = o.paths[key];
      o.log(
        `   workers: ${key} ${p}, WORKERS=2 beside WORKERS=1${o.ceiling ? ", then the ceiling's 2 processes beside 1" : ''}`,
      );
      const app = await alternate(
        getTarget(`${two.base}${p}`, { cookie: sessions.two.cookie }, o.load.connections, tree(two)),
        getTarget(`${one.base}${p}`, { cookie: sessions.one.cookie }, o.load.connections, tree(one)),
        load,
      );
      const ceiling = ceilingOne
        ? await alternate(
            getTarget(`${ceilingTwo.base}${p}`, {}, o.load.connections, tree(ceilingTwo)),
            getTarget(`${ceilingOne.base}${p}`, {}, o.load.connections, tree(ceilingOne)),
            load,
          )
        : null;
      pages[key] = {
        one: app.ceiling,
        two: app.app,
        ceilingOne: ceiling?.ceiling ?? null,
        ceilingTwo: ceiling?.app ?? null,
      };
      const rate = (from: LoadResult, to: LoadResult) =>
        `${from.rps.toFixed(0)} → ${to.rps.toFixed(0)} req/s (${(to.rps / from.rps).toFixed(2)}×)`;
      o.log(`   app ${rate(app.ceiling, app.app)}${ceiling ? `, ceiling ${rate(ceiling.ceiling, ceiling.app)}` : ''}`);
    }
    const updates = await racingUpdates(two.base, sessions.two, o.dbPath, o.updateSeconds, o.load.connections);
    o.log(
      `   workers: ${updates.sent} racing status updates, ${updates.accepted} accepted, ${updates.refused} refused (409), ` +
        `${updates.failed} failed; lost ${updates.lost}, doubled ${updates.doubled}`,
    );
    return {
      pages,
      updates,
      memoryMb: { primary: memoryOf(two.pid).peakMb, workers: childPids(two.pid).map((pid) => memoryOf(pid).peakMb) },
    };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

/**
 * `connections` clients posting status updates for `seconds` on a few actions, each with the version
 * it last saw, so that updates on one action often race (one is accepted, the others get 409). Each
 * carries a comment of its own; afterwards every accepted comment must be in the history exactly
 * once and every refused one absent.
 */
async function racingUpdates(
  base: string,
  session: BenchSession,
  dbPath: string,
  seconds: number,
  connections: number,
): Promise<WorkersResult['updates']> {
  const db = new SQLite(dbPath, { readonly: true });
  const pool = db
    .prepare(
      "SELECT id, version FROM actions WHERE committee_id <> 1 AND status IN ('not_started', 'in_progress') ORDER BY id DESC LIMIT 6",
    )
    .all() as { id: number; version: number }[];
  db.close();
  const run = Date.now().toString(36);
  const outcomes: { comment: string; status: number }[] = [];
  const until = Date.now() + seconds * 1000;
  let n = 0;
  const client = async () => {
    while (Date.now() < until) {
      const action = pool[n % pool.length];
      const version = action.version;
      const comment = `Samtidig uppdatering ${run}-${++n}.`;
      const res = await fetch(`${base}/atgarder/${action.id}/statusuppdateringar`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          status: n % 2 ? 'in_progress' : 'not_started',
          comment,
          version: String(version),
          _csrf: session.csrf,
        }),
      });
      const body = await res.text();
      if (res.status === 303) action.version = Math.max(action.version, version + 1);
      const current = res.status === 409 ? /name="version" value="(\d+)"/.exec(body) : null;
      if (current) action.version = Number(current[1]);
      outcomes.push({ comment, status: res.status });
    }
  };
  await Promise.all(Array.from({ length: connections }, client));

  const check = new SQLite(dbPath, { readonly: true });
  const stored = new Map(
    (
      check
        .prepare('SELECT comment, count(*) AS n FROM action_updates WHERE comment LIKE ? GROUP BY comment')
        .all(`Samtidig uppdatering ${run}-%`) as { comment: string; n: number }[]
    ).map((r) => [r.comment, r.n]),
  );
  check.close();
  const accepted = outcomes.filter((x) => x.status === 303);
  const refused = outcomes.filter((x) => x.status === 409);
  return {
    sent: outcomes.length,
    accepted: accepted.length,
    refused: refused.length,
    failed: outcomes.length - accepted.length - refused.length,
    lost: accepted.filter((x) => !stored.has(x.comment)).length,
    doubled:
      accepted.filter((x) => (stored.get(x.comment) ?? 0) > 1).length +
      refused.filter((x) => stored.has(x.comment)).length,
  };
}

const gain = (p: WorkersResult['pages'][string]) => ({
  app: p.two.rps / p.one.rps,
  ceiling: p.ceilingTwo && p.ceilingOne ? p.ceilingTwo.rps / p.ceilingOne.rps : NaN,
});

/** The targets of issue 20 for WORKERS: the gain for the list and the matter page, no lost update, memory. */
export function evaluateWorkers(sizes: SizeResult[]): Target[] {
  const measured = sizes.filter((s) => s.workers);
  const at = measured.find((s) => s.actions === 10_000) ?? measured[0];
  const targets: Target[] = [];
  for (const key of ['list', 'matter']) {
    const p = at?.workers?.pages[key];
    const name = (what: string) => `${key === 'list' ? 'Åtgärder' : 'Ärendesida'}: WORKERS=2 / WORKERS=1 ${what}`;
    if (!p) {
      targets.push({ name: name('≥ 1.5×'), measured: '–', status: 'not measured' });
      targets.push({
        name: name("≥ 90 % of the ceiling's own two-process gain"),
        measured: '–',
        status: 'not measured',
      });
      continue;
    }
    const g = gain(p);
    const n = at.actions.toLocaleString('sv-SE').replace(/\u00a0/g, ' ');
    targets.push({
      name: name('≥ 1.5×'),
      measured: `${g.app.toFixed(2)}× at N = ${n}`,
      status: g.app >= 1.5 ? 'met' : 'missed',
    });
    targets.push(
      Number.isNaN(g.ceiling)
        ? { name: name("≥ 90 % of the ceiling's own two-process gain"), measured: '–', status: 'not measured' }
        : {
            name: name("≥ 90 % of the ceiling's own two-process gain"),
            measured: `${(100 * (g.app / g.ceiling)).toFixed(0)} % (${g.app.toFixed(2)}× vs ${g.ceiling.toFixed(2)}×)`,
            status: g.app >= 0.9 * g.ceiling ? 'met' : 'missed',
          },
    );
  }
  const updates = measured.map((s) => s.workers!.updates);
  targets.push(
    updates.length
      ? {
          name: 'Status updates racing through 2 workers: none lost or doubled',
          measured: `${updates.reduce((x, u) => x + u.lost, 0)} lost, ${updates.reduce((x, u) => x + u.doubled, 0)} doubled of ${updates.reduce((x, u) => x + u.accepted, 0)} accepted (${updates.reduce((x, u) => x + u.refused, 0)} refused)`,
          status: updates.every((u) => u.lost === 0 && u.doubled === 0 && u.failed === 0) ? 'met' : 'missed',
        }
      : {
          name: 'Status updates racing through 2 workers: none lost or doubled',
          measured: '–',
          status: 'not measured',
        },
  );
  const large = measured.find((s) => s.actions === 100_000)?.workers;
  const rss = large ? [large.memoryMb.primary, ...large.memoryMb.workers] : [];
  targets.push(
    large
      ? {
          name: 'WORKERS=2: peak RSS of each server process ≤ 150 MB at N = 100 000',
          measured: `primary ${rss[0].toFixed(0)} MB, workers ${rss
            .slice(1)
            .map((x) => `${x.toFixed(0)} MB`)
            .join(', ')}`,
          status: rss.every((x) => x <= 150) ? 'met' : 'missed',
        }
      : {
          name: 'WORKERS=2: peak RSS of each server process ≤ 150 MB at N = 100 000',
          measured: '–',
          status: 'not measured',
        },
  );
  return targets;
}

/** The WORKERS table for BENCHMARKS.md (empty when no size measured it). */
export function workersMarkdown(sizes: SizeResult[], labels: Record<string, string>): string[] {
  const measured = sizes.filter((s) => s.workers);
  if (!measured.length) return [];
  const out = [
    '### WORKERS=1 beside WORKERS=2, and the ceiling with one and two processes',
    '',
    'The same pages served by one process and by a cluster of two (the load generator shares the 2 cores);',
    'the ceiling (bare Express + EJS from memory) the same way. Each pair measured in alternating rounds.',
    '',
    '| Page | N | WORKERS=1 req/s | WORKERS=2 req/s | App gain | Ceiling, 1 process | Ceiling, 2 processes | Ceiling gain | App gain / ceiling gain | App p50 1 → 2 | App CPU/req 1 → 2 |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const f = (x: number | undefined, d = 0) => (x === undefined || Number.isNaN(x) ? '–' : x.toFixed(d));
  for (const s of measured) {
    for (const [key, p] of Object.entries(s.workers!.pages)) {
      const g = gain(p);
      out.push(
        `| ${labels[key] ?? key} | ${s.actions.toLocaleString('sv-SE').replace(/\u00a0/g, ' ')} | ${f(p.one.rps)} | ${f(p.two.rps)} | ${f(g.app, 2)}× | ${f(p.ceilingOne?.rps)} | ${f(p.ceilingTwo?.rps)} | ${f(g.ceiling, 2)}× | ${f((100 * g.app) / g.ceiling)} % | ${f(p.one.p50Ms, 2)} → ${f(p.two.p50Ms, 2)} ms | ${f(p.one.cpuMsPerRequest, 2)} → ${f(p.two.cpuMsPerRequest, 2)} ms |`,
      );
    }
  }
  out.push('');
  for (const s of measured) {
    const w = s.workers!;
    out.push(
      `N = ${s.actions.toLocaleString('sv-SE').replace(/\u00a0/g, ' ')}: ${w.updates.sent} status updates racing through the two workers: ${w.updates.accepted} accepted, ${w.updates.refused} refused (409), ${w.updates.failed} other; **${w.updates.lost} lost, ${w.updates.doubled} doubled**. Peak RSS: primary ${f(w.memoryMb.primary)} MB, workers ${w.memoryMb.workers.map((x) => `${f(x)} MB`).join(', ')}.`,
    );
    out.push('');
  }
  return out;
}
