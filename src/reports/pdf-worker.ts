import { parentPort, workerData } from 'node:worker_threads';
import { renderSubmissionPdf } from '../submissions/submission-pdf.ts';
import { renderReportPdf } from './report-pdf.ts';
import type { PdfJob } from './pdf-render.ts';

// Runs one PDF job in its own thread (see pdf-render.ts) and posts the file back.
const job = workerData as PdfJob;
const pdf = job.kind === 'report' ? await renderReportPdf(job.report, job.meta) : await renderSubmissionPdf(job.submission, job.meta);
parentPort!.postMessage(pdf);
