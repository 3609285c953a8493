import { DateTime } from 'luxon';
import { ZONE } from '../clock.ts';
import { countText, daysLeftText, formatDate, formatDateTime, formatDeadline, formatMoney } from '../shared/format.ts';
import { drawLaidOut, layOut, type BookOptions } from '../pdf/layout.ts';
import { BlockWriter, type Block, type Sender } from '../pdf/blocks.ts';

export type { Sender };
import type { Report, ReportActionRow, ReportAttachment, ReportMatter } from './report-model.ts';
import { swedishDateAt } from '../clock.ts';
import { frameFacts, frameSections, type PrintedFrame } from './frame.ts';

export interface ReportPdfMeta {
  /** Null for a draft: the PDF then says UTKAST on every page. */
  documentId: string | null;
  /** The instant the report was issued (or the draft made); also the PDF's creation date. */
  madeAt: string;
}

/** The job the PDF process draws as an återrapportering. */
export interface ReportPdfJob {
  kind: 'report';
  report: Report;
  meta: ReportPdfMeta;
  /** The tjänsteskrivelse the report is Bilaga 1 of; null draws the report alone. */
  frame: PrintedFrame | null;
  sender: Sender;
}

/** Reports longer than this many pages get a table of contents. */
export const CONTENTS_FROM_PAGES = 10;

export const OVERDUE_LISTED = 20;

const ACTION_COLUMNS = [
  { header: 'Åtgärd', width: 0.29 },
  { header: 'Ansvarig', width: 0.14 },
  { header: 'Slutdatum', width: 0.12 },
  { header: 'Status', width: 0.16 },
  { header: 'Senaste kommentar', width: 0.29 },
];

/** The status as text and symbol, so it reads on a grey-scale print (never colour alone); "Ej påbörjad" never wraps. */
export function statusText(a: Pick<ReportActionRow, 'statusLabel' | 'light' | 'lightLabel' | 'lightSymbol'>): string {
  const label = a.statusLabel.replace(/ /g, '\u00a0');
  if (a.light === 'done' || a.light === 'cancelled') return `${a.lightSymbol}\u00a0${label}`;
  return `${a.lightSymbol}\u00a0${label} (${a.lightLabel.toLowerCase()})`;
}

export function actionRows(actions: ReportActionRow[]): string[][] {
  return actions.map((a) => [
    a.title,
    a.ownerName,
    a.dueOn,
    statusText(a),
    a.latestComment
      ? `${a.latestComment.text} (${a.latestComment.byName}, ${formatDateTime(a.latestComment.at)})`
      : '–',
  ]);
}

/** The vite at risk, one sum per status. */
export function fineText(fines: Report['summary']['fineAtRisk']): string {
  if (fines.length === 0) return 'Vite som riskeras: inget.';
  const parts = fines.map((f) => `${f.label} ${formatMoney(f.total)} (${countText(f.matters, 'ärende', 'ärenden')})`);
  return `Vite som riskeras: ${parts.join('; ')}.`;
}

/** 'Avslutat 10 november 2026', and when it was recorded after the previous report, that too. */
export function closedText(m: Report['changes']['closedMatters'][number]): string {
  const late = m.recordedLateAt
    ? ` (registrerat ${formatDateTime(m.recordedLateAt)}, efter föregående återrapportering)`
    : '';
  return `Avslutat ${formatDate(m.on)}${late}`;
}

/** An action printed under another finding: where to find it. */
export function alsoText(also: { title: string; printedUnder: string }): string {
  return `Bristen åtgärdas också av ”${also.title}”, redovisad under ${also.printedUnder}.`;
}

/** A bilaga as the report lists it: name, kind and date (the file itself is kept in Åtgärdsplan). */
export function attachmentText(a: ReportAttachment): string {
  return `${a.fileName} – ${a.kindLabel}, ${formatDate(swedishDateAt(Date.parse(a.uploadedAt)))}`;
}

/** The bilagor of a brist and of the åtgärder printed under it, one list. */
function findingAttachmentLines(f: Report['matters'][number]['findings'][number]): string[] {
  return [
    ...(f.attachments ?? []).map((a) => `Bilaga till bristen: ${attachmentText(a)}`),
    ...f.actions.flatMap((act) =>
      (act.attachments ?? []).map((a) => `Bilaga till ”${act.title}”: ${attachmentText(a)}`),
    ),
  ];
}

export function matterFacts(m: ReportMatter): string[] {
  const facts = [`Ärendetyp: ${m.kindLabel}`];
  if (m.ivoReference) facts.push(`IVO:s diarienummer: ${m.ivoReference}`);
  if (m.ownReference) facts.push(`Eget diarienummer: ${m.ownReference}`);
  if (m.unit) facts.push(`Verksamhet: ${m.unit}`);
  if (m.decidedOn) facts.push(`Beslutsdatum: ${formatDate(m.decidedOn)}`);
  if (m.respondBy) {
    const owed = m.respondByLight
      ? ` (${daysLeftText(m.respondByDaysLeft!)}, ${m.respondByLight === 'overdue' ? 'försenad' : 'ej redovisad'})`
      : m.answeredOn
        ? ` (redovisad till IVO ${formatDate(m.answeredOn)})`
        : '';
    facts.push(`Svarsdatum: ${formatDeadline(m.respondBy)}${owed}`);
  }
  if (m.fineAmount !== null && m.fineStatusLabel !== 'Ingen')
    facts.push(`Vite: ${formatMoney(m.fineAmount)} – ${m.fineStatusLabel}`);
  if (m.closedOn) facts.push(`Avslutat: ${formatDate(m.closedOn)}${m.closedNote ? ` – ${m.closedNote}` : ''}`);
  return facts;
}

export function chartAlt(report: Report): string {
  const parts = report.summary.byStatus.map((s) => `${s.label}: ${s.count}`).join(', ');
  return `Stapeldiagram över åtgärder per status. ${parts}. Totalt ${report.summary.totalActions} åtgärder.`;
}

export function footerText(report: Report, meta: ReportPdfMeta): string {
  const kind = meta.documentId
    ? `Utfärdad ${formatDate(report.heading.date)}`
    : `UTKAST ${formatDate(report.heading.date)} – ej utfärdad`;
  return `${report.heading.committeeName} · ${kind} · Dokument-id ${meta.documentId ?? 'UTKAST'}`;
}

/** The top of every page: which nämnd, which sammanträde, which dnr (and UTKAST on a draft). */
export function headerText(report: Report, frame: PrintedFrame | null, meta: ReportPdfMeta): string {
  const h = report.heading;
  const reference = frame?.reference || h.ownReference;
  return [
    ...(meta.documentId ? [] : ['UTKAST']),
    h.committeeName,
    `Sammanträde ${formatDate(h.meetingOn)}`,
    ...(reference ? [`Dnr ${reference}`] : []),
  ].join(' · ');
}

/**
 * Draws the återrapportering, and the tjänsteskrivelse it is Bilaga 1 of. A report of more than
 * CONTENTS_FROM_PAGES pages gets a table of contents: room is kept for it when the report's size
 * says it will be long, and a report that turns out long without it is laid out again with it.
 */
export async function renderReportPdf(job: Omit<ReportPdfJob, 'kind'>): Promise<Buffer> {
  const blocks = reportBlocks(job);
  const options = bookOptions(job);
  const likelyLong = job.report.summary.totalActions + 4 * job.report.matters.length > 120;
  let layout = layOut(options, blocks, likelyLong);
  if (!likelyLong && layout.pages > CONTENTS_FROM_PAGES) layout = layOut(options, blocks, true);
  return drawLaidOut(options, blocks, layout);
}

function bookOptions({ report, meta, frame }: Omit<ReportPdfJob, 'kind'>): BookOptions {
  const h = report.heading;
  return {
    title: frame ? frame.subject : `${h.title} – ${h.committeeName} ${formatDate(h.meetingOn)}`,
    author: frame?.officer ?? h.preparedBy,
    subject: `Återrapportering till ${h.committeeName}, sammanträde ${formatDate(h.meetingOn)}`,
    keywords: meta.documentId ?? 'UTKAST',
    createdAt: DateTime.fromISO(meta.madeAt, { zone: ZONE }).toJSDate(),
    watermark: meta.documentId ? null : 'UTKAST',
    footer: footerText(report, meta),
    header: headerText(report, frame, meta),
  };
}

/** What the återrapportering (and its tjänsteskrivelse) says, in order: the PDF and the Word file draw these. */
export function reportBlocks({ report, meta, frame, sender }: Omit<ReportPdfJob, 'kind'>): Block[] {
  const h = report.heading;
  const book = new BlockWriter();
  if (frame) {
    drawFrame(book, report, frame, sender);
    book.newPage();
    book.heading(1, `Bilaga 1: ${h.title}`);
  } else {
    if (sender.logo) book.image(sender.logo, `${sender.municipality} logotyp`);
    book.heading(1, `${h.title}`);
  }
  book.paragraph(`${h.committeeName}${h.administration ? ` – ${h.administration}` : ''}`, { bold: true, size: 11 });
  book.list([
    `Sammanträde: ${formatDate(h.meetingOn)}`,
    ...(h.ownReference ? [`Eget diarienummer: ${h.ownReference}`] : []),
    `Upprättad av: ${h.preparedBy}`,
    `Datum: ${formatDate(h.date)}`,
    ...(meta.documentId ? [`Dokument-id: ${meta.documentId}`] : ['Status: UTKAST – inte utfärdad']),
  ]);
  book.contents();

  const s = report.summary;
  book.heading(2, 'Sammanfattning', { contents: true });
  book.paragraph(
    `Åtgärder per status (totalt ${s.totalActions}): ${s.byStatus.map((b) => `${b.label} ${b.count}`).join(', ')}.`,
  );
  book.barChart(
    s.byStatus.map((b) => ({ label: b.label, value: b.count })),
    chartAlt(report),
  );
  book.paragraph(`Försenade åtgärder: ${s.overdue.length}.`, { bold: s.overdue.length > 0 });
  // The tables below mark every overdue action; the summary names the oldest few.
  book.list(
    s.overdue
      .slice(0, OVERDUE_LISTED)
      .map((a) => `${a.title} – ${a.ownerName}, slutdatum ${a.dueOn} (${daysLeftText(-a.daysOverdue)})`),
  );
  if (s.overdue.length > OVERDUE_LISTED)
    book.paragraph(`… och ${s.overdue.length - OVERDUE_LISTED} till, markerade ”Försenad” i tabellerna nedan.`);
  book.paragraph(
    s.nextMeetingOn
      ? `Svarsdatum till IVO före nästa sammanträde (${formatDate(s.nextMeetingOn)}): ${s.responsesDue.length}.`
      : `Svarsdatum till IVO som återstår (inget nästa sammanträde är planerat): ${s.responsesDue.length}.`,
  );
  book.list(
    s.responsesDue.map(
      (r) =>
        `${r.matterTitle}${r.ivoReference ? ` (${r.ivoReference})` : ''} – ${formatDeadline(r.respondBy)}, ${daysLeftText(r.daysLeft)}, ${r.lightLabel.toLowerCase()}`,
    ),
  );
  book.paragraph(fineText(s.fineAtRisk));

  drawChanges(book, report);

  book.heading(2, 'Ärenden och åtgärder', { contents: true });
  if (report.matters.length === 0) book.paragraph('Nämnden har inga öppna ärenden.');
  for (const m of report.matters) {
    book.heading(3, m.title, { contents: true });
    book.list(matterFacts(m));
    if (m.attachments?.length) {
      book.paragraph('Bilagor till ärendet:', { keepWithNext: true });
      book.list(m.attachments.map(attachmentText));
    }
    if (m.findings.length === 0) book.paragraph('Inga brister registrerade.', { muted: true });
    for (const f of m.findings) {
      book.paragraph(`Brist: ${f.title}${f.responseRequired ? '' : ' (kräver inte redovisning)'}`, {
        bold: true,
        keepWithNext: true,
      });
      if (f.actions.length === 0 && f.alsoAddressedBy.length === 0)
        book.paragraph('Inga åtgärder registrerade för bristen.', { muted: true });
      else if (f.actions.length > 0) book.table(ACTION_COLUMNS, actionRows(f.actions));
      for (const also of f.alsoAddressedBy) book.paragraph(alsoText(also), { muted: true });
      book.list(findingAttachmentLines(f));
      if (f.effectText) book.paragraph(f.effectText, { bold: f.effectMissing });
    }
  }
  if (report.otherActions.length > 0) {
    book.heading(3, 'Åtgärder utan koppling till brist', { contents: true });
    book.table(ACTION_COLUMNS, actionRows(report.otherActions));
    book.list(
      report.otherActions.flatMap((act) =>
        (act.attachments ?? []).map((a) => `Bilaga till ”${act.title}”: ${attachmentText(a)}`),
      ),
    );
  }

  return book.blocks;
}

/** The tjänsteskrivelse: sender, title, facts, ärende, the sections, signature and bilagor. */
function drawFrame(book: BlockWriter, report: Report, frame: PrintedFrame, sender: Sender): void {
  if (sender.logo) book.image(sender.logo, `${sender.municipality} logotyp`);
  book.paragraph(
    [sender.municipality, report.heading.administration].filter((s) => s !== '').join('\n') ||
      report.heading.committeeName,
    { bold: true, size: 11 },
  );
  book.heading(1, 'Tjänsteskrivelse');
  book.list(frameFacts(frame).map(([label, value]) => `${label}: ${value}`));
  book.heading(2, frame.subject);
  for (const section of frameSections(frame)) {
    book.heading(3, section.heading);
    book.paragraph(section.text);
  }
  book.space(18);
  book.paragraph(frame.signatoryName, { bold: true });
  book.paragraph(frame.signatoryTitle);
  book.space(8);
  book.paragraph(frame.officer);
  book.paragraph('Handläggare', { muted: true });
  book.heading(3, 'Bilagor');
  book.list(frame.attachments.map((a, i) => `Bilaga ${i + 1}: ${a}`));
}

/** What the nämnd reads first after the summary: what changed since its previous report. */
function drawChanges(book: BlockWriter, report: Report): void {
  const c = report.changes;
  book.heading(2, 'Förändringar sedan föregående återrapportering', { contents: true });
  if (c.previous === null) {
    book.paragraph('Det finns ingen tidigare utfärdad återrapportering för nämnden att jämföra med.');
  } else {
    book.paragraph(
      `Jämfört med återrapporteringen ${c.previous.documentId} (sammanträde ${formatDate(c.previous.meetingOn)}, utfärdad ${formatDateTime(c.previous.issuedAt)}).`,
    );
    book.heading(3, 'Ändrade slutdatum');
    if (c.movedDueDates.length === 0) book.paragraph('Inga slutdatum har flyttats.');
    else
      book.table(
        [
          { header: 'Åtgärd', width: 0.28 },
          { header: 'Tidigare slutdatum', width: 0.13 },
          { header: 'Nytt slutdatum', width: 0.13 },
          { header: 'Skäl', width: 0.3 },
          { header: 'När och av vem', width: 0.16 },
        ],
        c.movedDueDates.map((m) => [
          m.title,
          m.fromDueOn,
          m.toDueOn,
          m.reason || '–',
          `${formatDateTime(m.at)}, ${m.byName}`,
        ]),
      );
    book.heading(3, 'Nya brister');
    if (c.newFindings.length === 0) book.paragraph('Inga nya brister.');
    else book.list(c.newFindings.map((f) => `${f.title} (${f.matterTitle}), registrerad ${formatDateTime(f.at)}`));
    book.heading(3, 'Redovisningar till IVO');
    if (c.submissionsSent.length === 0) book.paragraph('Inga redovisningar har skickats.');
    else
      book.list(
        c.submissionsSent.map(
          (s) => `${s.matterTitle}: skickad ${formatDate(s.sentOn)}, omfattar ${s.findingTitles.join('; ') || '–'}`,
        ),
      );
    book.heading(3, 'Ändrad status');
    if (c.transitions.length === 0) book.paragraph('Inga statusändringar.');
    else
      book.table(
        [
          { header: 'Åtgärd', width: 0.3 },
          { header: 'Från', width: 0.12 },
          { header: 'Till', width: 0.12 },
          { header: 'När och av vem', width: 0.2 },
          { header: 'Kommentar', width: 0.26 },
        ],
        c.transitions.map((t) => [
          t.actionTitle,
          t.fromLabel,
          t.toLabel,
          `${formatDateTime(t.at)}, ${t.byName}`,
          t.comment || '–',
        ]),
      );
    book.heading(3, 'Nya åtgärder');
    if (c.newActions.length === 0) book.paragraph('Inga nya åtgärder.');
    else
      book.list(
        c.newActions.map((a) => `${a.title} – ${a.ownerName}, slutdatum ${a.dueOn}, ${a.statusLabel.toLowerCase()}`),
      );
    book.heading(3, 'Avslutade åtgärder');
    if (c.closedActions.length === 0) book.paragraph('Inga avslutade åtgärder.');
    else book.list(c.closedActions.map((a) => `${a.title} – ${a.statusLabel.toLowerCase()} ${formatDateTime(a.at)}`));
    book.heading(3, 'Nya och avslutade ärenden');
    if (c.newMatters.length === 0 && c.closedMatters.length === 0) book.paragraph('Inga nya eller avslutade ärenden.');
    book.list([
      ...c.newMatters.map((m) => `Nytt: ${m.title}${m.ivoReference ? ` (${m.ivoReference})` : ''}`),
      ...c.closedMatters.map((m) => `${closedText(m)}: ${m.title}${m.note ? ` – ${m.note}` : ''}`),
    ]);
  }
}
