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

let worker: Worker | null = null;
let idleTimer: NodeJS.Timeout | null = null;
let queue: Promise<unknown> = Promise.resolve();

/** The PDF drawn in the worker thread. */
export function renderPdf(job: PdfJob): Promise<Buffer> {
  const run = queue.then(() => runJob(job));
  queue = run.catch(() => undefined);
  return run;
}

function runJob(job: PdfJob): Promise<Buffer> {
  if (idleTimer) clearTimeout(idleTimer);
  if (!worker) {
    worker = new Worker(WORKER);
  }
  const w = worker;
  w.ref(); // a job keeps the process alive until its PDF is back; an idle thread does not
  return new Promise<Buffer>((resolve, reject) => {
    const done = () => {
      w.off('message', onMessage);
      w.off('error', onFailure);
      w.off('exit', onFailure);
    };
    const onMessage = (r: PdfResult) => {
      done();
      if ('pdf' in r) resolve(Buffer.from(r.pdf.buffer, r.pdf.byteOffset, r.pdf.byteLength));
      else reject(new Error(`the PDF could not be drawn: ${r.error}`));
    };
    const onFailure = (e: unknown) => {
      done();
      if (worker === w) worker = null;
      reject(e instanceof Error ? e : new Error(`the PDF thread ended (code ${String(e)}) without a PDF`));
    };
    w.on('message', onMessage);
    w.once('error', onFailure);
    w.once('exit', onFailure);
    w.postMessage(job);
  }).finally(() => {
    w.unref();
    idleTimer = setTimeout(() => {
      if (worker === w) worker = null;
      void w.terminate();
    }, IDLE_MS);
    idleTimer.unref();
  });
}
