import { swedishDateAt } from '../clock.ts';
import { DateTime } from 'luxon';
import { ZONE } from '../clock.ts';
import { formatDate } from '../shared/format.ts';
import { renderBlocks } from '../pdf/layout.ts';
import { BlockWriter, type Block, type Sender } from '../pdf/blocks.ts';
import { renderDocx } from '../pdf/docx.ts';
import type { Submission } from './submission-model.ts';

export interface SubmissionPdfMeta {
  documentId: string | null;
  madeAt: string;
  sentOn: string | null;
}

/** The job the PDF process draws as a redovisning till IVO (kind 'submission-docx': its Word file). */
export interface SubmissionPdfJob {
  kind: 'submission' | 'submission-docx';
  submission: Submission;
  meta: SubmissionPdfMeta;
  sender: Sender;
}

const ACTION_COLUMNS = [
  { header: 'Åtgärd', width: 0.25 },
  { header: 'Ansvarig', width: 0.13 },
  { header: 'Slutdatum', width: 0.12 },
  { header: 'Status', width: 0.15 },
  { header: 'Klar den', width: 0.12 },
  { header: 'Senaste kommentar', width: 0.23 },
];

function headerText(s: Submission): string {
  const h = s.heading;
  return [
    h.committeeName,
    'Redovisning till IVO',
    ...(h.ivoReference ? [`IVO:s dnr ${h.ivoReference}`] : []),
    ...(h.ownReference ? [`Vårt dnr ${h.ownReference}`] : []),
  ].join(' · ');
}

function footerText(s: Submission, meta: SubmissionPdfMeta): string {
  return `${s.heading.committeeName} · Redovisning till IVO · ${meta.documentId ? `Dokument-id ${meta.documentId}` : 'UTKAST – ej registrerad'}`;
}

/** What the redovisning says, in order: its frame (to IVO, the nämnd's decision, the covering text), then per brist its actions. */
export function submissionBlocks({ submission: s, meta, sender }: Omit<SubmissionPdfJob, 'kind'>): Block[] {
  const h = s.heading;
  const f = s.frame;
  const book = new BlockWriter();
  if (sender.logo) book.image(sender.logo, `${sender.municipality} logotyp`);
  book.paragraph([sender.municipality, h.committeeName].filter((x) => x !== '').join('\n'), { bold: true, size: 11 });
  book.heading(1, 'Redovisning till IVO');
  book.list([
    `Till: ${f.addressee}`,
    ...(h.ivoReference ? [`IVO:s diarienummer: ${h.ivoReference}`] : []),
    ...(h.ownReference ? [`Vårt diarienummer: ${h.ownReference}`] : []),
    `Ärende: ${h.matterTitle} (${h.kindLabel}${h.decidedOn ? `, IVO:s beslut ${formatDate(h.decidedOn)}` : ''})`,
    ...(f.decision || f.decisionOn
      ? [`Nämndens beslut: ${[f.decision, f.decisionOn ? formatDate(f.decisionOn) : ''].filter((x) => x).join(', ')}`]
      : []),
    `Datum: ${formatDate(meta.sentOn ?? h.date)}`,
    `Upprättad av: ${h.preparedBy}`,
  ]);
  if (f.coveringText) book.paragraph(f.coveringText);
  book.heading(2, 'Brister och vidtagna åtgärder');
  if (s.findings.length === 0) book.paragraph('Redovisningen omfattar inga brister som kräver redovisning.');
  for (const finding of s.findings) {
    book.heading(3, `Brist: ${finding.title}`);
    if (finding.description) book.paragraph(finding.description);
    if (finding.actions.length === 0) book.paragraph('Inga åtgärder registrerade för bristen.', { muted: true });
    else
      book.table(
        ACTION_COLUMNS,
        finding.actions.map((a) => [
          a.title,
          a.ownerName,
          a.dueOn,
          a.statusText,
          a.finishedOn ?? '–',
          a.latestComment ?? '–',
        ]),
      );
  }
  const items = s.itemAttachments ?? [];
  if (f.attachments.length + items.length > 0) {
    book.heading(2, 'Bilagor');
    book.list([
      ...f.attachments.map((a, i) => `Bilaga ${i + 1}: ${a}`),
      ...items.map(
        (a, i) =>
          `Bilaga ${f.attachments.length + i + 1}: ${a.fileName} (${a.kindLabel}, ${formatDate(swedishDateAt(Date.parse(a.uploadedAt)))}) – till ${a.of}`,
      ),
    ]);
  }
  return book.blocks;
}

function title(s: Submission): string {
  return `Redovisning till IVO – ${s.heading.matterTitle}`;
}

/** The redovisning till IVO, in the same typography as the återrapportering. */
export async function renderSubmissionPdf(job: Omit<SubmissionPdfJob, 'kind'>): Promise<Buffer> {
  const { submission: s, meta } = job;
  const h = s.heading;
  return renderBlocks(
    {
      title: title(s),
      author: h.preparedBy,
      subject: `Redovisning till IVO${h.ivoReference ? `, dnr ${h.ivoReference}` : ''}`,
      keywords: meta.documentId ?? 'UTKAST',
      createdAt: DateTime.fromISO(meta.madeAt, { zone: ZONE }).toJSDate(),
      watermark: meta.documentId ? null : 'UTKAST',
      footer: footerText(s, meta),
      header: `${meta.documentId ? '' : 'UTKAST · '}${headerText(s)}`,
    },
    submissionBlocks(job),
    false,
  );
}

/** The same redovisning as a .docx. */
export function renderSubmissionDocx(job: Omit<SubmissionPdfJob, 'kind'>): Promise<Buffer> {
  const { submission: s, meta } = job;
  return renderDocx(submissionBlocks(job), {
    title: title(s),
    subject: `Redovisning till IVO${s.heading.ivoReference ? `, dnr ${s.heading.ivoReference}` : ''}`,
    creator: s.heading.preparedBy,
    createdAt: meta.madeAt,
    header: headerText(s),
    footer: footerText(s, meta),
  });
}
