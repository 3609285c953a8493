import { Worker } from 'node:worker_threads';
import type { Submission } from '../submissions/submission-model.ts';
import type { Report } from './report-model.ts';
import type { ReportPdfMeta } from './report-pdf.ts';

export type PdfJob =
  | { kind: 'report'; report: Report; meta: ReportPdfMeta }
  | { kind: 'submission'; submission: Submission; meta: { documentId: string | null; madeAt: string; sentOn: string | null } };

// Drawing a large återrapportering takes seconds of CPU and ≈ 115 MB of heap. In a thread of
// its own it neither holds up the pages everyone else is loading nor grows the server's heap:
// pdfkit is loaded there, and the memory goes back when the thread ends. Under tsx (npm run demo,
// the tests) the worker loads pdf-worker.ts through tsx; in the build (npm start) it is dist/pdf-worker.js.
const WORKER = new URL(import.meta.url.endsWith('.ts') ? './pdf-worker-source.mjs' : './pdf-worker.js', import.meta.url);

/** The PDF drawn in a worker thread. */
export function renderPdf(job: PdfJob): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: job });
    let pdf: Buffer | null = null;
    worker.once('message', (m: Uint8Array) => (pdf = Buffer.from(m.buffer, m.byteOffset, m.byteLength)));
    worker.once('error', reject);
    worker.once('exit', (code) => (pdf ? resolve(pdf) : reject(new Error(`the PDF worker ended (code ${code}) without a PDF`))));
  });
}
