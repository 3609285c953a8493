import { DateTime } from 'luxon';
import { ZONE } from '../clock.ts';
import { formatDate } from '../shared/format.ts';
import { PdfBook } from '../pdf/layout.ts';
import type { Submission } from './submission-model.ts';

export interface SubmissionPdfMeta {
  documentId: string | null;
  madeAt: string;
  sentOn: string | null;
}

/** The job the PDF process draws as a redovisning till IVO. */
export interface SubmissionPdfJob {
  kind: 'submission';
  submission: Submission;
  meta: SubmissionPdfMeta;
}

/** The redovisning till IVO, in the same typography as the återrapportering. */
export async function renderSubmissionPdf(s: Submission, meta: SubmissionPdfMeta): Promise<Buffer> {
  const h = s.heading;
  const book = new PdfBook({
    title: `Redovisning till IVO – ${h.matterTitle}`,
    author: h.preparedBy,
    subject: `Redovisning till IVO${h.ivoReference ? `, dnr ${h.ivoReference}` : ''}`,
    keywords: meta.documentId ?? 'UTKAST',
    createdAt: DateTime.fromISO(meta.madeAt, { zone: ZONE }).toJSDate(),
    watermark: meta.documentId ? null : 'UTKAST',
    footer: `${h.committeeName} · Redovisning till IVO · ${meta.documentId ? `Dokument-id ${meta.documentId}` : 'UTKAST – ej registrerad'}`,
  });
  book.heading(1, 'Redovisning till IVO');
  book.paragraph(`${h.committeeName} – ${h.matterTitle}`, { bold: true, size: 11 });
  book.list([
    `Ärendetyp: ${h.kindLabel}`,
    ...(h.ivoReference ? [`IVO:s diarienummer: ${h.ivoReference}`] : []),
    ...(h.ownReference ? [`Eget diarienummer: ${h.ownReference}`] : []),
    ...(h.decidedOn ? [`Beslutsdatum: ${formatDate(h.decidedOn)}`] : []),
    ...(h.respondBy ? [`Svarsdatum: ${formatDate(h.respondBy)}`] : []),
    `Upprättad av: ${h.preparedBy}`,
    `Datum: ${formatDate(meta.sentOn ?? h.date)}`,
  ]);
  book.heading(2, 'Brister och vidtagna åtgärder');
  if (s.findings.length === 0) book.paragraph('Redovisningen omfattar inga brister som kräver redovisning.');
  for (const f of s.findings) {
    book.heading(3, `Brist: ${f.title}`);
    if (f.description) book.paragraph(f.description);
    if (f.actions.length === 0) book.paragraph('Inga åtgärder registrerade för bristen.', { muted: true });
    else
      book.table(
        [
          { header: 'Åtgärd', width: 0.36 },
          { header: 'Ansvarig', width: 0.18 },
          { header: 'Slutdatum', width: 0.14 },
          { header: 'Status', width: 0.18 },
          { header: 'Klar den', width: 0.14 },
        ],
        f.actions.map((a) => [a.title, a.ownerName, a.dueOn, a.statusText, a.finishedOn ?? '–']),
      );
  }
  return book.finish();
}
