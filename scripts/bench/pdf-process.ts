import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp, childPids, cpuMsOf, memoryOf, startServer } from './processes.ts';
import { login, type BenchSession } from './session.ts';

// The PDF process and issuing, over HTTP against the built app started as `npm start` starts it:
// the draft PDF of a meeting's återrapportering (GET /sammantraden/:id/rapport.pdf) against issuing
// it (POST /sammantraden/:id/utfarda: PDF, Word file, checks, write), alternating, on a copy of the
// database (each issue adds a version). Then, each in a PDF process of its own started for it,
// one draft and one issue, for the peak RSS (VmHWM) of the process that drew them.
// Prints one JSON line: medians of wall time and of the PDF process's CPU time, and the peaks.
// Usage (env DATABASE_PATH, a seed-scale database, left unchanged):
//   node --import tsx scripts/bench/pdf-process.ts --meeting ID [--runs R] [--no-build]

const { values: args } = parseArgs({
  options: {
    meeting: { type: 'string' },
    email: { type: 'string', default: 'forvaltningschef@exempelkommun.se' },
    password: { type: 'string', default: 'bench-losenord-2026' },
    runs: { type: 'string', default: '5' },
    'no-build': { type: 'boolean', default: false },
  },
});
const meetingId = Number(args.meeting);
const runs = Number(args.runs);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-process-'));
const copy = path.join(dir, 'bench.sqlite');
fs.copyFileSync(process.env.DATABASE_PATH!, copy);
if (!args['no-build']) buildApp();
const app = await startServer('dist/server.js', { DATABASE_PATH: copy }, /lyssnar på/);
const session: BenchSession = await login(app.base, args.email, args.password);
let issued = versionsOn(await page(`/sammantraden/${meetingId}`));

async function page(p: string): Promise<string> {
  const res = await fetch(`${app.base}${p}`, { headers: { cookie: session.cookie } });
  if (res.status !== 200) throw new Error(`GET ${p}: HTTP ${res.status}`);
  return res.text();
}

/** How many versions the meeting page says are issued (its Utfärda forms' hidden field). */
function versionsOn(html: string): number {
  const seen = [...html.matchAll(/name="issuedVersionsSeen" value="(\d+)"/g)].map((m) => Number(m[1]));
  if (seen.length === 0) throw new Error('no Utfärda form on the meeting page');
  return Math.max(...seen);
}

async function draft(): Promise<void> {
  const res = await fetch(`${app.base}/sammantraden/${meetingId}/rapport.pdf`, { headers: { cookie: session.cookie } });
  if (res.status !== 200 || res.headers.get('content-type') !== 'application/pdf')
    throw new Error(`draft PDF: HTTP ${res.status}`);
  await res.arrayBuffer();
}

async function issue(): Promise<void> {
  const body = new URLSearchParams({
    _csrf: session.csrf,
    issuedVersionsSeen: String(issued),
    reason: issued ? 'Benchmark' : '',
  });
  const res = await fetch(`${app.base}/sammantraden/${meetingId}/utfarda`, {
    method: 'POST',
    body,
    redirect: 'manual',
    headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
  });
  if (res.status !== 303) throw new Error(`issue: HTTP ${res.status}\n${(await res.text()).slice(0, 2000)}`);
  issued += 1;
}

const pdfProcess = (): number | undefined => childPids(app.pid)[0];

/** Wall time of one request, and the CPU time the PDF process spent meanwhile. */
async function timed(job: () => Promise<void>): Promise<{ ms: number; pdfCpuMs: number }> {
  const before = pdfProcess();
  const cpuBefore = before ? cpuMsOf(before) : 0;
  const start = performance.now();
  await job();
  const ms = performance.now() - start;
  const after = pdfProcess();
  return { ms, pdfCpuMs: after ? cpuMsOf(after) - (after === before ? cpuBefore : 0) : NaN };
}

/** The peak RSS (VmHWM) of a PDF process started for the job and used for nothing else. */
async function peakOf(job: () => Promise<void>): Promise<number> {
  const old = pdfProcess();
  if (old) {
    process.kill(old, 'SIGKILL');
    while (fs.existsSync(`/proc/${old}`) && pdfProcess() === old) await new Promise((r) => setTimeout(r, 20));
  }
  await job();
  return memoryOf(pdfProcess()!).peakMb;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

try {
  // Warm-up: the PDF process started, pdfkit and the fonts loaded, the code compiled.
  if (runs > 1) {
    await draft();
    await issue();
  }
  const t = { draft: [] as number[], issue: [] as number[], draftCpu: [] as number[], issueCpu: [] as number[] };
  for (let i = 0; i < runs; i++) {
    const d = await timed(draft);
    t.draft.push(d.ms);
    t.draftCpu.push(d.pdfCpuMs);
    const s = await timed(issue);
    t.issue.push(s.ms);
    t.issueCpu.push(s.pdfCpuMs);
  }
  const draftPeakMb = await peakOf(draft);
  const issuePeakMb = await peakOf(issue);
  console.log(
    JSON.stringify({
      meetingId,
      runs,
      draftMs: median(t.draft),
      issueMs: median(t.issue),
      issueOverDraft: median(t.issue) / median(t.draft),
      draftPdfProcessCpuMs: median(t.draftCpu),
      issuePdfProcessCpuMs: median(t.issueCpu),
      draftPeakMb,
      issuePeakMb,
    }),
  );
} finally {
  await app.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
