import fs from 'node:fs';
import type { LoadResult } from './load.ts';
import { evaluateWorkers, workersMarkdown, type WorkersResult } from './workers.ts';

// Turns one benchmark run into tables (Markdown) and the verdict on each target of issue 6.

export const PAGE_LABELS: Record<string, string> = {
  overview: 'Översikt `/`',
  list: 'Åtgärder, första sidan `/atgarder`',
  filtered: 'Åtgärder, filtrerad `?status=overdue&namnd=1`',
  deep: 'Åtgärder, sista sidan `?sida=…`',
  matter: 'Ärendesida `/arenden/:id`',
  post: 'Statusuppdatering `POST /atgarder/:id/statusuppdateringar`',
};

export interface SizeResult {
  actions: number;
  seed: Record<string, number | string | null>;
  paths: Record<string, string>;
  pages: Record<
    string,
    { app: LoadResult; ceiling: LoadResult; appBytes: number; ceilingBytes: number; loadAverage: number }
  >;
  post: { app: LoadResult; ceiling: LoadResult; loadAverage: number };
  /** Median time of the first Översikt view after a status update (its remembered part recomputed). */
  overviewAfterChangeMs?: number;
  /** Per remembered page: median time of the first view after a status update, and of the view after it (from memory). */
  afterChange?: Record<string, { firstMs: number; secondMs: number }>;
  /**
   * Pages under load while a status update lands every `intervalMs` (the ceiling as in `pages`), keyed
   * by page, and by page + '@' + intervalMs for intervals other than a second (issue 20: every 100 ms).
   */
  underWrites?: Record<string, { app: LoadResult; ceiling: LoadResult; writes: number; intervalMs: number }>;
  memory: {
    afterStartMb: number;
    peakUnderLoadMb: number;
    peakWithPdfMb: number | null;
    pdfProcessPeakMb?: number | null;
  };
  /** WORKERS=1 beside WORKERS=2 (scripts/bench/workers.ts), at the sizes it was measured at. */
  workers?: WorkersResult;
  pdf: null | {
    httpMs: number;
    actions: number;
    matters: number;
    appMs: number;
    modelMs: number;
    renderMs: number;
    bareMs: number;
    appPages: number;
    barePages: number;
    appBytes: number;
    bareBytes: number;
    /** The same report as a Word file, drawn in the PDF process (absent in runs before it was measured). */
    docxMs?: number;
    docxBytes?: number;
    peakRssMb: number;
    /** Issuing against the draft over HTTP, and the PDF process's peaks (scripts/bench/pdf-process.ts; absent before it was measured). */
    issue?: { draftMs: number; issueMs: number; draftPeakMb: number; issuePeakMb: number };
  };
}

export interface RunResult {
  date: string;
  mode: 'quick' | 'full';
  machine: Record<string, string | number>;
  settings: {
    connections: number;
    seconds: number;
    warmupSeconds: number;
    rounds: number;
    pdfRuns: number;
    /** Absent in runs before the twelfth round (no server warm-up). */
    serverWarmupSeconds?: number;
  };
  sizes: SizeResult[];
  targets: Target[];
}

export interface Target {
  name: string;
  measured: string;
  status: 'met' | 'missed' | 'not measured';
}

const int = (x: number) =>
  Math.round(x)
    .toLocaleString('sv-SE')
    .replace(/\u00a0/g, ' ');
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const ratio = (x: number) => `${x.toFixed(2)}×`;

/** One row per page: a figure at each N, and how much it grew from the smallest N to the largest. */
function growthTable(
  run: RunResult,
  head: string,
  value: (s: SizeResult, key: string) => number,
  labels: Record<string, string> = PAGE_LABELS,
): string[] {
  const rows = Object.entries(labels).map(([key, label]) => {
    const xs = run.sizes.map((s) => value(s, key));
    return `| ${label} | ${xs.map((x) => `${ms(x)} ms`).join(' | ')} | ${ratio(xs[xs.length - 1] / xs[0])} |`;
  });
  return [
    `| Page | ${run.sizes.map((s) => `${head}N = ${int(s.actions)}`).join(' | ')} | Largest / smallest |`,
    `|---|${run.sizes.map(() => '---:').join('|')}|---:|`,
    ...rows,
  ];
}
const kb = (x: number) => `${(x / 1024).toFixed(1)} kB`;

/** The first view of a page right after a change; runs before session 6 measured only the Översikt's. */
function firstViewAfterChange(s: SizeResult, key: string): number | undefined {
  return s.afterChange?.[key]?.firstMs ?? (key === 'overview' ? s.overviewAfterChangeMs : undefined);
}

export function evaluate(sizes: SizeResult[]): Target[] {
  const at = (n: number) => sizes.find((s) => s.actions === n);
  const targets: Target[] = [];
  const mid = at(10_000);
  for (const key of Object.keys(PAGE_LABELS).filter((k) => k !== 'post')) {
    const p = mid?.pages[key];
    targets.push(
      p
        ? {
            name: `N = 10 000: ${PAGE_LABELS[key]} throughput ≥ 50 % of bare Express`,
            measured: `${(100 * (p.app.rps / p.ceiling.rps)).toFixed(0)} % (${int(p.app.rps)} of ${int(p.ceiling.rps)} req/s)`,
            status: p.app.rps >= 0.5 * p.ceiling.rps ? 'met' : 'missed',
          }
        : {
            name: `N = 10 000: ${PAGE_LABELS[key]} throughput ≥ 50 % of bare Express`,
            measured: '–',
            status: 'not measured',
          },
    );
  }
  const small = at(1_000);
  const large = at(100_000);
  for (const key of Object.keys(PAGE_LABELS)) {
    const name = `${PAGE_LABELS[key]}: p50 at N = 100 000 ≤ 1.5 × N = 1 000`;
    const a = key === 'post' ? small?.post.app : small?.pages[key]?.app;
    const b = key === 'post' ? large?.post.app : large?.pages[key]?.app;
    targets.push(
      a && b
        ? {
            name,
            measured: `${ms(b.p50Ms)} ms vs ${ms(a.p50Ms)} ms = ${ratio(b.p50Ms / a.p50Ms)}`,
            status: b.p50Ms <= 1.5 * a.p50Ms ? 'met' : 'missed',
          }
        : { name, measured: '–', status: 'not measured' },
    );
  }
  // Issue 20: the remembered pages when they are not remembered (the first view right after a change).
  const overviewFresh = large && firstViewAfterChange(large, 'overview');
  targets.push({
    name: 'Översikt right after a change at N = 100 000 ≤ 15 ms',
    measured: overviewFresh === undefined ? '–' : `${ms(overviewFresh)} ms`,
    status: overviewFresh === undefined ? 'not measured' : overviewFresh <= 15 ? 'met' : 'missed',
  });
  const largest = sizes.length > 1 ? sizes[sizes.length - 1] : undefined;
  for (const key of Object.keys(PAGE_LABELS).filter((k) => k !== 'post')) {
    const a = small && firstViewAfterChange(small, key);
    const b = largest && firstViewAfterChange(largest, key);
    const at = largest ? int(largest.actions) : '100 000';
    const name = `${PAGE_LABELS[key]} right after a change: at N = ${at} ≤ 1.5 × N = 1 000`;
    targets.push(
      a !== undefined && b !== undefined
        ? { name, measured: `${ms(b)} ms vs ${ms(a)} ms = ${ratio(b / a)}`, status: b <= 1.5 * a ? 'met' : 'missed' }
        : { name, measured: '–', status: 'not measured' },
    );
  }
  const pdf = (mid ?? large)?.pdf;
  targets.push(
    pdf
      ? {
          name: `PDF for ${int(pdf.actions)} actions ≤ 2 × bare pdfkit`,
          measured: `${int(pdf.appMs)} ms vs ${int(pdf.bareMs)} ms = ${ratio(pdf.appMs / pdf.bareMs)}`,
          status: pdf.appMs <= 2 * pdf.bareMs ? 'met' : 'missed',
        }
      : { name: 'PDF for 2 000 actions ≤ 2 × bare pdfkit', measured: '–', status: 'not measured' },
  );
  const issue = pdf?.issue;
  const actions = pdf ? int(pdf.actions) : '2 000';
  const peak = issue && Math.max(issue.draftPeakMb, issue.issuePeakMb);
  targets.push(
    issue
      ? {
          name: `Issuing the report of ${actions} actions ≤ 1.5 × its draft PDF`,
          measured: `${int(issue.issueMs)} ms vs ${int(issue.draftMs)} ms = ${ratio(issue.issueMs / issue.draftMs)}`,
          status: issue.issueMs <= 1.5 * issue.draftMs ? 'met' : 'missed',
        }
      : { name: 'Issuing the report of 2 000 actions ≤ 1.5 × its draft PDF', measured: '–', status: 'not measured' },
    issue && peak
      ? {
          name: `Peak RSS of the PDF process ≤ 200 MB for ${actions} actions`,
          measured: `${peak.toFixed(0)} MB (draft ${issue.draftPeakMb.toFixed(0)}, issue ${issue.issuePeakMb.toFixed(0)})`,
          status: peak <= 200 ? 'met' : 'missed',
        }
      : { name: 'Peak RSS of the PDF process ≤ 200 MB for 2 000 actions', measured: '–', status: 'not measured' },
  );
  targets.push(
    large
      ? {
          name: 'Peak RSS under load < 150 MB at N = 100 000',
          measured: `${large.memory.peakUnderLoadMb.toFixed(0)} MB (pages and POST)`,
          status: large.memory.peakUnderLoadMb < 150 ? 'met' : 'missed',
        }
      : { name: 'Peak RSS under load < 150 MB at N = 100 000', measured: '–', status: 'not measured' },
  );
  targets.push(...evaluateWorkers(sizes));
  return targets;
}

export function markdown(run: RunResult): string {
  const m = run.machine;
  const out: string[] = [];
  out.push(
    `Run ${run.date} (${run.mode}), commit ${m.commit}. Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB RAM, ${m.os}.`,
  );
  out.push(
    `Node ${m.node}, SQLite ${m.sqlite}, express ${m.express}, ejs ${m.ejs}, better-sqlite3 ${m['better-sqlite3']}, kysely ${m.kysely}, pdfkit ${m.pdfkit}, autocannon ${m.autocannon}.`,
  );
  out.push(
    `Load: autocannon over 127.0.0.1, ${run.settings.connections} connections; ${run.settings.serverWarmupSeconds ? `each server first loaded ${run.settings.serverWarmupSeconds} s over its pages; ` : ''}per row ${run.settings.warmupSeconds} s warm-up on each side, then ${run.settings.seconds} s measured on each side in ${run.settings.rounds} alternating rounds (ceiling, app, ceiling, app, …). CPU/req is the server process's CPU time (user + system, from /proc) divided by the requests it answered.`,
  );
  out.push('');
  out.push('### Pages: the app beside bare Express + EJS (same views, same rows, from memory)');
  out.push('');
  out.push(
    '| Page | N | App req/s | Ceiling req/s | App / ceiling | App p50 | App p99 | Ceiling p50 | Ceiling p99 | App CPU/req | Ceiling CPU/req | Page size | Load avg |',
  );
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const key of Object.keys(PAGE_LABELS)) {
    for (const s of run.sizes) {
      const p = key === 'post' ? { ...s.post, appBytes: 0, ceilingBytes: 0 } : s.pages[key];
      const size =
        key === 'post'
          ? '303'
          : p.appBytes === p.ceilingBytes
            ? kb(p.appBytes)
            : `${kb(p.appBytes)} / ${kb(p.ceilingBytes)}`;
      out.push(
        `| ${PAGE_LABELS[key]} | ${int(s.actions)} | ${int(p.app.rps)} | ${int(p.ceiling.rps)} | ${(100 * (p.app.rps / p.ceiling.rps)).toFixed(0)} % | ${ms(p.app.p50Ms)} ms | ${ms(p.app.p99Ms)} ms | ${ms(p.ceiling.p50Ms)} ms | ${ms(p.ceiling.p99Ms)} ms | ${ms(p.app.cpuMsPerRequest)} ms | ${ms(p.ceiling.cpuMsPerRequest)} ms | ${size} | ${p.loadAverage.toFixed(1)} |`,
      );
    }
  }
  out.push('');
  out.push('### Scale: p50 latency as N grows');
  out.push('');
  out.push(...growthTable(run, 'p50 at ', (s, key) => (key === 'post' ? s.post.app.p50Ms : s.pages[key].app.p50Ms)));
  out.push('');
  out.push('The same, as server CPU time per request (less sensitive to whatever else the machine is doing):');
  out.push('');
  out.push(
    ...growthTable(run, 'CPU/req at ', (s, key) =>
      key === 'post' ? s.post.app.cpuMsPerRequest : s.pages[key].app.cpuMsPerRequest,
    ),
  );
  out.push('');
  if (run.sizes.some((s) => s.afterChange)) {
    out.push("The pages above are mostly served from memory: the Översikt's installation-wide part, each page of the");
    out.push(
      "action list and what a matter's page shows are remembered until the data or the date changes. Their cost",
    );
    out.push('when they are not: the first view right after a status update, one request at a time, median (then the');
    out.push('next view, from memory):');
  } else {
    out.push('The Översikt above is mostly served from memory (its installation-wide part is remembered until the');
    out.push('data or the date changes). Its cost when it is not: the first view right after a status update, one');
    out.push('request at a time, median:');
  }
  out.push('');
  const measured = Object.keys(PAGE_LABELS).filter((key) =>
    run.sizes.some((s) => firstViewAfterChange(s, key) !== undefined),
  );
  const labelled = (suffix: string) => Object.fromEntries(measured.map((key) => [key, `${PAGE_LABELS[key]}${suffix}`]));
  out.push(...growthTable(run, '', (s, key) => firstViewAfterChange(s, key) ?? NaN, labelled(' right after a change')));
  if (run.sizes.some((s) => s.afterChange)) {
    out.push('');
    out.push(...growthTable(run, '', (s, key) => s.afterChange?.[key]?.secondMs ?? NaN, labelled(', the next view')));
  }
  // One table per interval between status updates (keys of the faster ones end in '@<ms>').
  const intervals = [
    ...new Set(run.sizes.flatMap((s) => Object.values(s.underWrites ?? {}).map((p) => p.intervalMs))),
  ].sort((x, y) => y - x);
  for (const every of intervals) {
    out.push('');
    out.push(
      `### Pages while the data changes (a status update every ${every >= 1000 ? `${(every / 1000).toLocaleString('sv-SE')} s` : `${every} ms`} beside the load)`,
    );
    out.push('');
    out.push(
      'Each update clears what the app remembers, so these rows show the remembered pages as a busy installation would',
    );
    out.push('read them; the ceiling is the same as above. Not one of the targets, which read while nothing changes.');
    out.push('');
    out.push(
      '| Page | N | App req/s | Ceiling req/s | App / ceiling | App p50 | App p99 | App CPU/req | Status updates |',
    );
    out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    const rows = run.sizes.flatMap((s) =>
      Object.entries(s.underWrites ?? {})
        .filter(([, p]) => p.intervalMs === every)
        .map(([key, p]) => ({ page: key.split('@')[0], s, p })),
    );
    for (const page of new Set(rows.map((r) => r.page))) {
      for (const { s, p } of rows.filter((r) => r.page === page)) {
        out.push(
          `| ${PAGE_LABELS[page]} | ${int(s.actions)} | ${int(p.app.rps)} | ${int(p.ceiling.rps)} | ${(100 * (p.app.rps / p.ceiling.rps)).toFixed(0)} % | ${ms(p.app.p50Ms)} ms | ${ms(p.app.p99Ms)} ms | ${ms(p.app.cpuMsPerRequest)} ms | ${p.writes} |`,
        );
      }
    }
  }
  out.push('');
  out.push(...workersMarkdown(run.sizes, PAGE_LABELS));
  out.push('### Återrapportering PDF');
  out.push('');
  out.push(
    '| N | Actions in report | App over HTTP | App without HTTP (data + model + PDF) | of which data + model | of which PDF drawing | Bare pdfkit | App / bare | Pages app / bare | Size app / bare | Word file (time, size) |',
  );
  out.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const s of run.sizes) {
    const p = s.pdf;
    if (!p) continue;
    out.push(
      `| ${int(s.actions)} | ${int(p.actions)} | ${int(p.httpMs)} ms | ${int(p.appMs)} ms | ${int(p.modelMs)} ms | ${int(p.renderMs)} ms | ${int(p.bareMs)} ms | ${ratio(p.appMs / p.bareMs)} | ${p.appPages} / ${p.barePages} | ${kb(p.appBytes)} / ${kb(p.bareBytes)} | ${p.docxMs === undefined ? '–' : `${int(p.docxMs)} ms, ${kb(p.docxBytes!)}`} |`,
    );
  }
  out.push('');
  out.push('### Memory of the app process (from /proc/<pid>/status)');
  out.push('');
  out.push(
    '| N | RSS after start | Peak RSS under page and POST load | Peak RSS after the PDF requests | Peak RSS of the PDF process |',
  );
  out.push('|---:|---:|---:|---:|---:|');
  const mb = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${x.toFixed(0)} MB`);
  for (const s of run.sizes) {
    out.push(
      `| ${int(s.actions)} | ${mb(s.memory.afterStartMb)} | ${mb(s.memory.peakUnderLoadMb)} | ${mb(s.memory.peakWithPdfMb)} | ${mb(s.memory.pdfProcessPeakMb)} |`,
    );
  }
  out.push('');
  out.push('### Targets');
  out.push('');
  out.push('| Target | Measured | Status |');
  out.push('|---|---|---|');
  for (const t of run.targets)
    out.push(
      `| ${t.name} | ${t.measured} | ${t.status === 'met' ? 'met' : t.status === 'missed' ? '**missed**' : 'not measured'} |`,
    );
  return out.join('\n');
}

const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

/** Replaces the generated part of BENCHMARKS.md, keeping everything written by hand around it. */
export function writeMarkdown(file: string, table: string): void {
  const generated = `${START}\n<!-- Written by npm run bench; edits between these markers are overwritten. -->\n\n${table}\n\n${END}`;
  const current = fs.existsSync(file)
    ? fs.readFileSync(file, 'utf8')
    : `# Benchmarks\n\n## Latest full run\n\n${START}\n${END}\n`;
  const from = current.indexOf(START);
  const to = current.indexOf(END);
  const next =
    from >= 0 && to > from
      ? current.slice(0, from) + generated + current.slice(to + END.length)
      : `${current.trimEnd()}\n\n${generated}\n`;
  fs.writeFileSync(file, next);
}
