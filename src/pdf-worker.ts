import { renderSubmissionDocx, renderSubmissionPdf, type SubmissionPdfJob } from './submissions/submission-pdf.ts';
import { renderReportPdf, type ReportPdfJob } from './reports/report-pdf.ts';
import { renderReportDocx, type ReportDocxJob } from './reports/report-docx.ts';
import type { PdfResult } from './pdf/render.ts';

/** Every document the PDF process draws. */
type PdfJob = ReportPdfJob | ReportDocxJob | SubmissionPdfJob;

// The PDF process (started by src/pdf/render.ts): draws the jobs it is sent (PDFs, and the Word
// files built from the same content), one at a time, and sends each file (or its error) back. It ends with the server.
process.on('message', async (job: PdfJob) => {
  let result: PdfResult;
  try {
    result = {
      pdf:
        job.kind === 'report'
          ? await renderReportPdf(job)
          : job.kind === 'report-docx'
            ? await renderReportDocx(job)
            : job.kind === 'submission-docx'
              ? await renderSubmissionDocx(job)
              : await renderSubmissionPdf(job),
    };
  } catch (e) {
    result = { error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  // The server may have gone while this was drawn; then there is no one to send it to.
  if (process.connected) process.send!(result, () => undefined);
});
process.on('disconnect', () => process.exit(0));
