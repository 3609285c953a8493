import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { formatDate, formatDateTime } from '../../src/shared/format.ts';
import { daysLeftText } from '../../src/shared/format.ts';
import { actionRows, chartAlt, closedText, fineText, footerText, matterFacts } from '../../src/reports/report-pdf.ts';
import type { Report } from '../../src/reports/report-model.ts';

// The ceiling for the PDF benchmark: bare pdfkit writing the same text and tables as the
// återrapportering (the same strings, from the same report model and the app's own text
// functions) with the same embedded DejaVu Sans, on A4 with a "Sida X av Y" footer. No
// database, no tagging, no PDF/A, no custom line breaking: pdfkit's own text() wrapping.

const require = createRequire(import.meta.url);
const FONT_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const WIDTHS = [0.3, 0.15, 0.12, 0.13, 0.3];
const HEADERS = ['Åtgärd', 'Ansvarig', 'Slutdatum', 'Status', 'Senaste kommentar'];

export async function barePdf(report: Report, documentId: string | null, madeAt: Date): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, left: 56, right: 56, bottom: 64 },
    bufferPages: true,
    info: { Title: report.heading.title, CreationDate: madeAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('regular', path.join(FONT_DIR, 'DejaVuSans.ttf'));
  doc.registerFont('bold', path.join(FONT_DIR, 'DejaVuSans-Bold.ttf'));
  const width = doc.page.width - 112;
  const text = (s: string, font: 'regular' | 'bold' = 'regular', size = 10) =>
    doc.font(font).fontSize(size).text(s, { width });
  const list = (items: string[]) => items.forEach((i) => text(`• ${i}`));
  // A table the way pdfkit's guide draws one: each cell a text() box, rows measured with
  // heightOfString, a new page (with the header again) when a row does not fit. pdfkit's own
  // table() was not used: it took over 100 s for these 2 000 rows.
  const table = (headers: string[], shares: number[], rows: string[][]) => {
    const widths = shares.map((w) => w * width);
    const xs = widths.map((_, i) => 56 + widths.slice(0, i).reduce((a, b) => a + b, 0));
    const row = (cells: string[], font: 'regular' | 'bold') => {
      doc.font(font).fontSize(8.5);
      const height = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: widths[i] - 6 }))) + 6;
      if (doc.y + height > doc.page.height - 64) {
        doc.addPage();
        if (font === 'regular') row(headers, 'bold');
        doc.font(font).fontSize(8.5);
      }
      const y = doc.y;
      cells.forEach((c, i) => doc.text(c, xs[i] + 3, y + 3, { width: widths[i] - 6 }));
      doc
        .moveTo(56, y + height)
        .lineTo(56 + width, y + height)
        .lineWidth(0.4)
        .stroke();
      doc.x = 56;
      doc.y = y + height;
    };
    row(headers, 'bold');
    for (const r of rows) row(r, 'regular');
    doc.moveDown(0.5);
  };

  const h = report.heading;
  text(h.title, 'bold', 18);
  text(`${h.committeeName}${h.administration ? ` – ${h.administration}` : ''}`, 'bold', 11);
  list([
    `Sammanträde: ${formatDate(h.meetingOn)}`,
    `Upprättad av: ${h.preparedBy}`,
    `Datum: ${formatDate(h.date)}`,
    `Dokument-id: ${documentId ?? 'UTKAST'}`,
  ]);
  const s = report.summary;
  text('Sammanfattning', 'bold', 14);
  text(`Åtgärder per status (totalt ${s.totalActions}): ${s.byStatus.map((b) => `${b.label} ${b.count}`).join(', ')}.`);
  text(chartAlt(report));
  text(`Försenade åtgärder: ${s.overdue.length}.`, 'bold');
  list(
    s.overdue
      .slice(0, 20)
      .map((a) => `${a.title} – ${a.ownerName}, slutdatum ${a.dueOn} (${daysLeftText(-a.daysOverdue)})`),
  );
  text(`Svarsdatum till IVO före nästa sammanträde: ${s.responsesDue.length}.`);
  list(
    s.responsesDue.map(
      (r) =>
        `${r.matterTitle}${r.ivoReference ? ` (${r.ivoReference})` : ''} – ${formatDate(r.respondBy)}, ${daysLeftText(r.daysLeft)}, ${r.lightLabel.toLowerCase()}`,
    ),
  );
  text(fineText(s.fineAtRisk));

  text('Ärenden och åtgärder', 'bold', 14);
  for (const m of report.matters) {
    text(m.title, 'bold', 11.5);
    list(matterFacts(m));
    for (const f of m.findings) {
      text(`Brist: ${f.title}${f.responseRequired ? '' : ' (kräver inte redovisning)'}`, 'bold');
      if (f.actions.length === 0) text('Inga åtgärder registrerade för bristen.');
      else table(HEADERS, WIDTHS, actionRows(f.actions));
    }
  }
  if (report.otherActions.length > 0) table(HEADERS, WIDTHS, actionRows(report.otherActions));

  const c = report.changes;
  text('Förändringar sedan föregående återrapportering', 'bold', 14);
  if (c.transitions.length > 0) {
    table(
      ['Åtgärd', 'Från', 'Till', 'När och av vem', 'Kommentar'],
      [0.3, 0.12, 0.12, 0.2, 0.26],
      c.transitions.map((t) => [
        t.actionTitle,
        t.fromLabel,
        t.toLabel,
        `${formatDateTime(t.at)}, ${t.byName}`,
        t.comment || '–',
      ]),
    );
  }
  list(c.newActions.map((a) => `${a.title} – ${a.ownerName}, slutdatum ${a.dueOn}, ${a.statusLabel.toLowerCase()}`));
  list(c.closedActions.map((a) => `${a.title} – ${a.statusLabel.toLowerCase()} ${formatDateTime(a.at)}`));
  list([...c.newMatters.map((m) => `Nytt: ${m.title}`), ...c.closedMatters.map((m) => `${closedText(m)}: ${m.title}`)]);

  const range = doc.bufferedPageRange();
  const footer = footerText(report, { documentId, madeAt: madeAt.toISOString() });
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = doc.page.height - 40;
    doc.font('regular').fontSize(8).text(footer, 56, y, { lineBreak: false });
    const pageText = `Sida ${i - range.start + 1} av ${range.count}`;
    doc.text(pageText, 56 + width - doc.widthOfString(pageText), y, { lineBreak: false });
  }
  doc.end();
  return done;
}
