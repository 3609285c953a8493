import { spawn } from 'node:child_process';
import autocannon from 'autocannon';
import { smtpSink } from './smtp-sink.ts';
import { login } from './session.ts';

// Pages while the reminders run: the Åtgärder list and a matter page measured alone, then again while
// `npm run reminders` (a process of its own on the same database, as cron would run it) writes and
// sends the day's digests. Usage: BASE=http://127.0.0.1:PORT DATABASE_PATH=… (the server's database)
// [JOB_NICE=0] node --import tsx scripts/bench/reminders-pages.ts (an SMTP server in this process receives
// the mail; the job runs at nice 19, as `npm run reminders` does, unless JOB_NICE says otherwise)

const base = process.env.BASE!;
const sink = await smtpSink();
const smtpUrl = sink.url;
const s = await login(base, 'forvaltningschef@exempelkommun.se', 'bench-losenord-2026');
const pages = ['/atgarder', '/arenden/1'];

async function measure(path: string, seconds: number) {
  const r = await autocannon({
    url: base + path,
    connections: 4,
    duration: seconds,
    headers: { cookie: s.cookie },
  });
  return { path, p50: r.latency.p50, p99: r.latency.p99, rps: Math.round(r.requests.average), non2xx: r.non2xx };
}

const alone = [];
for (const p of pages) alone.push(await measure(p, 5));
const nice = process.env.JOB_NICE ?? '19';
const job = spawn(process.execPath, ['--import', 'tsx', 'scripts/reminders.ts', '--nice', nice], {
  env: { ...process.env, SMTP_URL: smtpUrl, NODE_ENV: 'development' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const exited = new Promise<number | null>((resolve) => job.once('exit', resolve));
let out = '';
job.stdout.on('data', (b: Buffer) => (out += b));
const started = performance.now();
const during = [];
for (const p of pages) during.push(await measure(p, 3));
const code = await exited;
console.log(
  JSON.stringify({
    alone,
    during,
    jobMs: Math.round(performance.now() - started),
    jobNice: nice,
    jobExit: code,
    received: sink.received(),
    jobOut: out.trim(),
  }),
);
await sink.close();
