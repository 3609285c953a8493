import { parentPort } from 'node:worker_threads';
import { renderSubmissionPdf } from '../submissions/submission-pdf.ts';
import { renderReportPdf } from './report-pdf.ts';
import type { PdfJob, PdfResult } from './pdf-render.ts';

// Draws the PDF jobs pdf-render.ts sends, one at a time, and posts each file (or its error) back.
parentPort!.on('message', async (job: PdfJob) => {
  let result: PdfResult;
  try {
    result = { pdf: job.kind === 'report' ? await renderReportPdf(job.report, job.meta) : await renderSubmissionPdf(job.submission, job.meta) };
  } catch (e) {
    result = { error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  parentPort!.postMessage(result);
});
