import { Worker } from 'node:worker_threads';
import type { Submission } from '../submissions/submission-model.ts';
import type { Report } from './report-model.ts';
import type { ReportPdfMeta } from './report-pdf.ts';

export type PdfJob =
  | { kind: 'report'; report: Report; meta: ReportPdfMeta }
  | { kind: 'submission'; submission: Submission; meta: { documentId: string | null; madeAt: string; sentOn: string | null } };

export type PdfResult = { pdf: Uint8Array } | { error: string };

// Drawing a large återrapportering takes seconds of CPU and ≈ 115 MB of heap. In a thread of
// its own it neither holds up the pages everyone else is loading nor grows the server's heap:
// pdfkit and the fonts are loaded there, once, and the thread ends (returning its memory) after
// a while without PDFs. Jobs run one at a time, in order. Under tsx (npm run demo, the tests)
// the worker loads pdf-worker.ts through tsx; in the build (npm start) it is dist/pdf-worker.js.
const WORKER = new URL(import.meta.url.endsWith('.ts') ? './pdf-worker-source.mjs' : './pdf-worker.js', import.meta.url);
const IDLE_MS = 60_000;
/** A job still running after this is taken to be stuck: the thread is ended and the job fails. */
const JOB_TIMEOUT_MS = 120_000;

interface Job {
  resolve(pdf: Buffer): void;
  reject(e: Error): void;
}

let worker: Worker | null = null;
let current: Job | null = null;
let idleTimer: NodeJS.Timeout | null = null;
let queue: Promise<unknown> = Promise.resolve();

/** The PDF drawn in the worker thread. */
export function renderPdf(job: PdfJob): Promise<Buffer> {
  const run = queue.then(() => runJob(job));
  queue = run.catch(() => undefined);
  return run;
}

/** The thread, started when needed. Its listeners live as long as it does, so an error or exit at any time is handled. */
function pdfThread(): Worker {
  if (worker) return worker;
  const w = new Worker(WORKER);
  const ended = (e: Error) => {
    if (worker === w) worker = null;
    current?.reject(e);
    current = null;
  };
  w.on('message', (r: PdfResult) => {
    const job = current;
    current = null;
    if (!job) return;
    if ('pdf' in r) job.resolve(Buffer.from(r.pdf.buffer, r.pdf.byteOffset, r.pdf.byteLength));
    else job.reject(new Error(`the PDF could not be drawn: ${r.error}`));
  });
  w.on('error', ended);
  w.on('exit', (code) => ended(new Error(`the PDF thread ended (code ${code}) without a PDF`)));
  worker = w;
  return w;
}

function runJob(job: PdfJob): Promise<Buffer> {
  if (idleTimer) clearTimeout(idleTimer);
  const w = pdfThread();
  w.ref(); // a job keeps the process alive until its PDF is back; an idle thread does not
  let stuck: NodeJS.Timeout | null = null;
  return new Promise<Buffer>((resolve, reject) => {
    current = { resolve, reject };
    stuck = setTimeout(() => void w.terminate(), JOB_TIMEOUT_MS); // its exit rejects the job
    try {
      w.postMessage(job);
    } catch (e) {
      current = null;
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  }).finally(() => {
    if (stuck) clearTimeout(stuck);
    w.unref();
    idleTimer = setTimeout(() => {
      if (worker === w) worker = null;
      void w.terminate();
    }, IDLE_MS);
    idleTimer.unref();
  });
}
