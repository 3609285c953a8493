import { spawn } from 'node:child_process';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { smtpSink } from './smtp-sink.ts';
import { login } from './session.ts';

// Pages while the reminders run: the Åtgärder list and a matter page measured alone, then again while
// `npm run reminders` (a process of its own on the same database, as cron would run it) writes and
// sends the day's digests; ROUNDS times (default 3), the day's outbox emptied before each run so each
// sends the same digests. Usage: BASE=http://127.0.0.1:PORT DATABASE_PATH=… (the server's database)
// [JOB_NICE=0] [ROUNDS=3] node --import tsx scripts/bench/reminders-pages.ts (an SMTP server in this
// process receives the mail; the job runs at nice 19, as `npm run reminders` does, unless JOB_NICE says)

const base = process.env.BASE!;
const rounds = Number(process.env.ROUNDS ?? 3);
const nice = process.env.JOB_NICE ?? '19';
const sink = await smtpSink();
const s = await login(base, 'forvaltningschef@exempelkommun.se', 'bench-losenord-2026');
const pages = ['/atgarder', '/arenden/1'];

async function measure(path: string, seconds: number) {
  const r = await autocannon({ url: base + path, connections: 4, duration: seconds, headers: { cookie: s.cookie } });
  return { p50: r.latency.p50, p99: r.latency.p99, rps: Math.round(r.requests.average), non2xx: r.non2xx };
}

/** Forgets the reminders sent, so the next run writes and sends the same digests again. */
function forgetSentReminders() {
  const db = new Database(process.env.DATABASE_PATH!);
  db.pragma('busy_timeout = 5000');
  db.exec('DELETE FROM reminders_sent; DELETE FROM outbox;');
  db.close();
}

async function runJob(): Promise<{ ms: number; out: string; code: number | null }> {
  const started = performance.now();
  const extra = process.env.JOB_ARGS ? process.env.JOB_ARGS.split(' ') : [];
  const job = spawn(process.execPath, ['--import', 'tsx', 'scripts/reminders.ts', '--nice', nice, ...extra], {
    env: { ...process.env, SMTP_URL: sink.url, NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  job.stdout.on('data', (b: Buffer) => (out += b));
  const code = await new Promise<number | null>((resolve) => job.once('exit', resolve));
  return { ms: Math.round(performance.now() - started), out: out.trim(), code };
}

const results: { round: number; path: string; alone: number; during: number }[] = [];
const jobs = [];
for (let round = 1; round <= rounds; round += 1) {
  const alone = new Map<string, Awaited<ReturnType<typeof measure>>>();
  for (const p of pages) alone.set(p, await measure(p, 5));
  forgetSentReminders();
  const job = runJob();
  for (const p of pages) {
    const during = await measure(p, 3);
    results.push({ round, path: p, alone: alone.get(p)!.rps, during: during.rps });
    console.log(JSON.stringify({ round, path: p, alone: alone.get(p), during }));
  }
  jobs.push(await job);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const p of pages) {
  const mine = results.filter((r) => r.path === p);
  console.log(
    JSON.stringify({
      path: p,
      aloneRps: mine.map((r) => r.alone),
      duringRps: mine.map((r) => r.during),
      medianAlone: median(mine.map((r) => r.alone)),
      medianDuring: median(mine.map((r) => r.during)),
    }),
  );
}
console.log(JSON.stringify({ jobNice: nice, jobs, received: sink.received() }));
await sink.close();
