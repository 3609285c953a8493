import { parseArgs } from 'node:util';
import { openDatabase } from '../../src/db/connection.ts';
import { systemClock } from '../../src/clock.ts';
import { findUserWithHashByEmail } from '../../src/users/users.repository.ts';
import { getMeeting } from '../../src/meetings/meetings.service.ts';
import { currentReport, draftReport, draftReportPdf } from '../../src/reports/reports.service.ts';
import { renderPdf } from '../../src/pdf/render.ts';
import type { ReportDocxJob } from '../../src/reports/report-docx.ts';
import { barePdf } from './bare-pdf.ts';

// The PDF benchmark without HTTP: the app's own draftReportPdf (database → report model here,
// the PDF drawn in the app's PDF process: exactly what GET /sammantraden/:id/rapport.pdf calls)
// against bare pdfkit writing the same content in this process. Both are warmed up first.
// Runs alternate between the two; the medians are printed as one JSON line. The Word file of the
// same report (with its tjänsteskrivelse) is timed after them, drawn in the same PDF process.
// Usage (env DATABASE_PATH): pdf.ts --meeting ID --email E --runs R

const { values: args } = parseArgs({
  options: { meeting: { type: 'string' }, email: { type: 'string' }, runs: { type: 'string', default: '5' } },
});
const meetingId = Number(args.meeting);
const runs = Number(args.runs);
const db = openDatabase(process.env.DATABASE_PATH!);
const user = (await findUserWithHashByEmail(db, args.email!))!.user;
const deps = { db, clock: systemClock, config: { warningDays: 14, followUpDays: 90 } };

const ms = async <T>(f: () => Promise<T>): Promise<[number, T]> => {
  const start = performance.now();
  const value = await f();
  return [performance.now() - start, value];
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const pagesOf = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? []).length;

const meeting = await getMeeting(db, meetingId);
const report = await currentReport(deps, meeting, user);
const madeAt = new Date();
// One of each first, untimed, so the fonts are parsed and the code is compiled (skipped by --quick's single run).
if (runs > 1) {
  await draftReportPdf(deps, meetingId, user);
  await barePdf(report, null, madeAt);
}

const t = { app: [] as number[], model: [] as number[], bare: [] as number[] };
let appPdf: Buffer = Buffer.alloc(0);
let barePdfBytes: Buffer = Buffer.alloc(0);
for (let i = 0; i < runs; i++) {
  const [app, out] = await ms(() => draftReportPdf(deps, meetingId, user));
  t.app.push(app);
  appPdf = out.pdf;
  const [bare, bytes] = await ms(() => barePdf(report, null, madeAt));
  t.bare.push(bare);
  barePdfBytes = bytes;
  t.model.push((await ms(() => currentReport(deps, meeting, user)))[0]);
}
// The Word file, from the model as issuing builds it (its data and model are not in the time).
const document = await draftReport(deps, meetingId, user);
const docxJob: ReportDocxJob = {
  kind: 'report-docx',
  report: document.report,
  frame: document.printed,
  sender: document.sender,
  meta: { documentId: 'BENCH', madeAt: madeAt.toISOString() },
};
if (runs > 1) await renderPdf(docxJob);
const docxTimes: number[] = [];
let docx: Buffer = Buffer.alloc(0);
for (let i = 0; i < runs; i++) {
  const [took, bytes] = await ms(() => renderPdf(docxJob));
  docxTimes.push(took);
  docx = bytes;
}
await db.destroy();

console.log(
  JSON.stringify({
    meetingId,
    committee: meeting.committeeName,
    actions: report.summary.totalActions,
    matters: report.matters.length,
    transitions: report.changes.transitions.length,
    runs,
    appMs: median(t.app),
    modelMs: median(t.model),
    // Drawing is what remains of the whole once the data and the model are made.
    renderMs: median(t.app) - median(t.model),
    bareMs: median(t.bare),
    appPages: pagesOf(appPdf),
    appBytes: appPdf.length,
    barePages: pagesOf(barePdfBytes),
    bareBytes: barePdfBytes.length,
    docxMs: median(docxTimes),
    docxBytes: docx.length,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
