import { renderDocx } from '../pdf/docx.ts';
import { formatDate } from '../shared/format.ts';
import { footerText, headerText, reportBlocks, type ReportPdfJob } from './report-pdf.ts';

/** The job the PDF process draws as the återrapportering's Word file. */
export interface ReportDocxJob extends Omit<ReportPdfJob, 'kind'> {
  kind: 'report-docx';
}

/** The återrapportering as a .docx, from the same blocks as its PDF, for the nämnd's ärendehanteringssystem. */
export function renderReportDocx(job: Omit<ReportDocxJob, 'kind'>): Promise<Buffer> {
  const h = job.report.heading;
  return renderDocx(reportBlocks(job), {
    title: job.frame ? job.frame.subject : `${h.title} – ${h.committeeName} ${formatDate(h.meetingOn)}`,
    subject: `Återrapportering till ${h.committeeName}, sammanträde ${formatDate(h.meetingOn)}`,
    creator: job.frame?.officer ?? h.preparedBy,
    createdAt: job.meta.madeAt,
    header: headerText(job.report, job.frame, job.meta),
    footer: footerText(job.report, job.meta),
  });
}
