import { spawn } from 'node:child_process';
import fs from 'node:fs';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { smtpSink, smtpSinkInOwnProcess } from './smtp-sink.ts';
import { login } from './session.ts';
import { cpuMsOf, memoryOf } from './processes.ts';

// Pages while the reminders run: the Åtgärder list and a matter page measured alone, then again,
// in turns of 3 s each, for as long as `npm run reminders` (a process of its own on the same
// database, as cron would run it) writes and sends the day's digests; ROUNDS times (default 3), the
// day's outbox emptied before each run so each sends the same digests. Usage:
// BASE=http://127.0.0.1:PORT DATABASE_PATH=… (the server's database) [SERVER_PID=…: the server's CPU
// time per request too] [JOB_NICE=0] [VARIANTS='own:--no-pace;own:'] [ROUNDS=3] [WARMUP_SECONDS=10]
// node --import tsx scripts/bench/reminders-pages.ts
// VARIANTS (default `own:` and JOB_ARGS): each round runs each in turn, each with its own "alone"
// just before, so a busy machine weighs on all alike. A variant is `sink:job arguments`: `own`, the
// SMTP server that receives the mail in a process of its own, or `here`, in this one (as before the
// tenth round); `commits:` runs scripts/bench/commit-load.ts instead of the job (its commits alone),
// `idle:` a process that does nothing for 20 s (what the measurement itself does to the figures).
// The job runs at nice 19, as `npm run reminders` does, unless JOB_NICE says.

const base = process.env.BASE!;
const rounds = Number(process.env.ROUNDS ?? 3);
const nice = process.env.JOB_NICE ?? '19';
const serverPid = process.env.SERVER_PID ? Number(process.env.SERVER_PID) : null;
const variants = (process.env.VARIANTS ?? `own:${process.env.JOB_ARGS ?? ''}`).split(';').map((v) => {
  const [sink, args] = v.split(':');
  if (!['own', 'here', 'commits', 'idle'].includes(sink))
    throw new Error(`VARIANTS: ${v}: own:…, here:…, commits: or idle:`);
  return { name: v, sink, args: args ? args.split(' ') : [] };
});
const sinks = {
  own: variants.some((v) => v.sink === 'own') ? await smtpSinkInOwnProcess() : null,
  here: variants.some((v) => v.sink === 'here') ? await smtpSink() : null,
};
const s = await login(base, 'forvaltningschef@exempelkommun.se', 'bench-losenord-2026');
const pages = ['/atgarder', '/arenden/1'];

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  /** The server's CPU time per answered request, in ms (SERVER_PID). */
  serverCpuMs: number | null;
}

async function measure(path: string, seconds: number): Promise<Measured> {
  const cpuBefore = serverPid ? cpuMsOf(serverPid) : 0;
  const r = await autocannon({ url: base + path, connections: 4, duration: seconds, headers: { cookie: s.cookie } });
  const cpu = serverPid ? cpuMsOf(serverPid) - cpuBefore : null;
  return {
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    serverCpuMs: cpu === null ? null : Number((cpu / r.requests.total).toFixed(3)),
  };
}

/** Several turns of the same page as one: requests per second over all of them, the worst p99. */
function together(turns: Measured[], seconds: number): Measured {
  const requests = turns.reduce((n, t) => n + t.requests, 0);
  const cpu = turns.every((t) => t.serverCpuMs !== null)
    ? turns.reduce((n, t) => n + t.serverCpuMs! * t.requests, 0) / requests
    : null;
  return {
    rps: Math.round(requests / (turns.length * seconds)),
    p50: Math.max(...turns.map((t) => t.p50)),
    p99: Math.max(...turns.map((t) => t.p99)),
    requests,
    non2xx: turns.reduce((n, t) => n + t.non2xx, 0),
    serverCpuMs: cpu === null ? null : Number(cpu.toFixed(3)),
  };
}

function withDatabase<T>(work: (db: Database.Database) => T): T {
  const db = new Database(process.env.DATABASE_PATH!);
  db.pragma('busy_timeout = 5000');
  try {
    return work(db);
  } finally {
    db.close();
  }
}

/** Forgets the reminders sent, so the next run writes and sends the same digests again. */
function forgetSentReminders() {
  withDatabase((db) => db.exec('DELETE FROM reminders_sent; DELETE FROM outbox;'));
}

/** The newest audit id: the version the server's remembered pages are kept for. */
const latestAuditId = () =>
  withDatabase((db) => (db.prepare('SELECT max(id) AS id FROM audit_log').get() as { id: number }).id);

/** What `npm run reminders` runs after `node` (package.json): its node flags and the script. */
function remindersCommand(): string[] {
  const scripts = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
  const command = /^node (.*\/reminders\.[jt]s)$/.exec(scripts.reminders);
  if (!command) throw new Error(`package.json "reminders" does not run node … reminders.js: ${scripts.reminders}`);
  return command[1].split(' ');
}

function runJob(variant: (typeof variants)[number]) {
  const started = performance.now();
  const command =
    variant.sink === 'commits'
      ? ['--import', 'tsx', 'scripts/bench/commit-load.ts']
      : variant.sink === 'idle'
        ? ['-e', 'setTimeout(() => {}, 20_000)']
        : [...remindersCommand(), '--nice', nice, ...variant.args];
  const job = spawn(process.execPath, command, {
    env: { ...process.env, SMTP_URL: sinks[variant.sink as 'own' | 'here']?.url ?? '', NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  job.stdout.on('data', (b: Buffer) => (out += b));
  // VmHWM and the CPU time only grow: the last reading before the job exits is (nearly) its own.
  let peakMb = 0;
  let cpuMs = 0;
  const watch = setInterval(() => {
    try {
      // An exited job not yet reaped has no memory figures left: keep the last ones.
      peakMb = Math.max(peakMb, memoryOf(job.pid!).peakMb || 0);
      cpuMs = Math.max(cpuMs, cpuMsOf(job.pid!) || 0);
    } catch {
      // Gone between two readings.
    }
  }, 50);
  const done = new Promise<{ ms: number; cpuMs: number; peakMb: number; out: string; code: number | null }>((resolve) =>
    job.once('exit', (code) => {
      clearInterval(watch);
      resolve({
        ms: Math.round(performance.now() - started),
        cpuMs,
        peakMb: Math.round(peakMb),
        out: out.trim(),
        code,
      });
    }),
  );
  return { done, running: () => job.exitCode === null && job.signalCode === null };
}

const TURN_SECONDS = 3;
const results: { round: number; variant: string; path: string; alone: number; during: number }[] = [];
const jobs: { variant: string; ms: number; cpuMs: number; peakMb: number }[] = [];
// The first requests after a start build the remembered pages and warm the server up (its first
// seconds under load run slower code): not part of any round. WARMUP_SECONDS per page (default 10).
for (const p of pages) await measure(p, Number(process.env.WARMUP_SECONDS ?? 10));
for (let round = 1; round <= rounds; round += 1) {
  for (const variant of variants) {
    const alone = new Map<string, Measured>();
    // In turns as long as those during the job: a short run counts its slow first second more.
    const aloneTurns = new Map<string, Measured[]>(pages.map((p) => [p, []]));
    for (let turn = 0; turn < 2; turn += 1)
      for (const p of pages) aloneTurns.get(p)!.push(await measure(p, TURN_SECONDS));
    for (const p of pages) alone.set(p, together(aloneTurns.get(p)!, TURN_SECONDS));
    forgetSentReminders();
    const auditBefore = latestAuditId();
    const job = runJob(variant);
    const turns = new Map<string, Measured[]>(pages.map((p) => [p, []]));
    // Both pages in turns until the job is done, so each sees all of it: reading, writing, sending.
    while (job.running()) for (const p of pages) turns.get(p)!.push(await measure(p, TURN_SECONDS));
    for (const p of pages) {
      const during = together(turns.get(p)!, TURN_SECONDS);
      results.push({ round, variant: variant.name, path: p, alone: alone.get(p)!.rps, during: during.rps });
      const line = { round, variant: variant.name, path: p, alone: alone.get(p), during, turns: turns.get(p)!.length };
      console.log(JSON.stringify(line));
    }
    const done = await job.done;
    jobs.push({ variant: variant.name, ...done });
    console.log(
      JSON.stringify({ round, variant: variant.name, ...done, auditIdMoved: latestAuditId() !== auditBefore }),
    );
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const variant of variants) {
  for (const p of pages) {
    const mine = results.filter((r) => r.path === p && r.variant === variant.name);
    console.log(
      JSON.stringify({
        variant: variant.name,
        path: p,
        aloneRps: mine.map((r) => r.alone),
        duringRps: mine.map((r) => r.during),
        medianAlone: median(mine.map((r) => r.alone)),
        medianDuring: median(mine.map((r) => r.during)),
        medianChange: `${Math.round((median(mine.map((r) => r.during / r.alone)) - 1) * 100)} %`,
      }),
    );
  }
  const mine = jobs.filter((j) => j.variant === variant.name);
  console.log(
    JSON.stringify({
      variant: variant.name,
      jobNice: nice,
      jobMs: mine.map((j) => j.ms),
      jobCpuMs: mine.map((j) => j.cpuMs),
      jobPeakMb: mine.map((j) => j.peakMb),
    }),
  );
}
for (const sink of Object.values(sinks)) {
  if (!sink) continue;
  console.log(JSON.stringify({ received: await sink.received() }));
  await sink.close();
}
