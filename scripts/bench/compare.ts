import fs from 'node:fs';
import { PAGE_LABELS, type RunResult } from './report.ts';

// Two benchmark results side by side, as a Markdown table (for before/after notes in BENCHMARKS.md):
//   node --import tsx scripts/bench/compare.ts bench-results/<before>.json bench-results/<after>.json

const [beforeFile, afterFile] = process.argv.slice(2);
if (!beforeFile || !afterFile) {
  console.error('Usage: compare.ts <before.json> <after.json>');
  process.exit(2);
}
const before = JSON.parse(fs.readFileSync(beforeFile, 'utf8')) as RunResult;
const after = JSON.parse(fs.readFileSync(afterFile, 'utf8')) as RunResult;
const ms = (x: number) => (!Number.isFinite(x) ? '–' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const pct = (x: number) => `${(100 * x).toFixed(0)} %`;

const out: string[] = [];
out.push(`Before: ${before.date} (${before.machine.commit}); after: ${after.date} (${after.machine.commit}).`);
out.push('');
out.push(
  '| Page | N | CPU/req before → after | p50 before → after | req/s before → after | App / ceiling req/s before → after |',
);
out.push('|---|---:|---:|---:|---:|---:|');
for (const key of Object.keys(PAGE_LABELS)) {
  for (const b of before.sizes) {
    const a = after.sizes.find((s) => s.actions === b.actions);
    if (!a) continue;
    const pb = key === 'post' ? b.post : b.pages[key];
    const pa = key === 'post' ? a.post : a.pages[key];
    out.push(
      `| ${PAGE_LABELS[key]} | ${b.actions.toLocaleString('sv-SE').replace(/\u00a0/g, ' ')} | ${ms(pb.app.cpuMsPerRequest)} → ${ms(pa.app.cpuMsPerRequest)} ms | ${ms(pb.app.p50Ms)} → ${ms(pa.app.p50Ms)} ms | ${pb.app.rps.toFixed(0)} → ${pa.app.rps.toFixed(0)} | ${pct(pb.app.rps / pb.ceiling.rps)} → ${pct(pa.app.rps / pa.ceiling.rps)} |`,
    );
  }
}
out.push('');
out.push(
  '| N | Peak RSS under load before → after | Peak RSS after the PDF before → after | PDF in-process before → after (bare pdfkit) |',
);
out.push('|---:|---:|---:|---:|');
for (const b of before.sizes) {
  const a = after.sizes.find((s) => s.actions === b.actions);
  if (!a) continue;
  const pdf =
    b.pdf && a.pdf
      ? `${b.pdf.appMs.toFixed(0)} ms (${b.pdf.bareMs.toFixed(0)}) → ${a.pdf.appMs.toFixed(0)} ms (${a.pdf.bareMs.toFixed(0)})`
      : '–';
  const peak = (x: number | null) => (x === null ? '–' : `${x.toFixed(0)} MB`);
  out.push(
    `| ${b.actions} | ${peak(b.memory.peakUnderLoadMb)} → ${peak(a.memory.peakUnderLoadMb)} | ${peak(b.memory.peakWithPdfMb)} → ${peak(a.memory.peakWithPdfMb)} | ${pdf} |`,
  );
}
console.log(out.join('\n'));
