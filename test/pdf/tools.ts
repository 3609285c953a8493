import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Thin wrappers over poppler-utils and Apache PDFBox Preflight (scripts/install-test-tools.sh).

function withFile<T>(pdf: Buffer, fn: (file: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atgardsplan-pdf-'));
  const file = path.join(dir, 'doc.pdf');
  fs.writeFileSync(file, pdf);
  try {
    return fn(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The PDF's text in reading order; no-break spaces become ordinary ones. */
export function pdfText(pdf: Buffer): string {
  return withFile(pdf, (f) =>
    execFileSync('pdftotext', ['-enc', 'UTF-8', f, '-'], { maxBuffer: 256 * 1024 * 1024 }).toString('utf8'),
  ).replace(/\u00a0/g, ' ');
}

/** The PDF's text as laid out on each page, top to bottom (pages separated by form feeds). */
export function pdfTextLayout(pdf: Buffer): string {
  return withFile(pdf, (f) =>
    execFileSync('pdftotext', ['-enc', 'UTF-8', '-layout', f, '-'], { maxBuffer: 256 * 1024 * 1024 }).toString('utf8'),
  ).replace(/\u00a0/g, ' ');
}

export function pdfInfo(pdf: Buffer): Record<string, string> {
  const out = withFile(pdf, (f) => execFileSync('pdfinfo', ['-enc', 'UTF-8', f]).toString('utf8'));
  return Object.fromEntries(
    out
      .split('\n')
      .filter((l) => l.includes(':'))
      .map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]),
  );
}

export interface PdfFont {
  name: string;
  embedded: boolean;
}

export function pdfFonts(pdf: Buffer): PdfFont[] {
  const out = withFile(pdf, (f) => execFileSync('pdffonts', [f]).toString('utf8'));
  return out
    .split('\n')
    .slice(2)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const cols = l.trim().split(/\s+/);
      // name, type…, encoding, emb, sub, uni, object, id: emb is the fifth column from the end.
      return { name: cols[0], embedded: cols[cols.length - 5] === 'yes' };
    });
}

/** The structure tree as pdfinfo prints it (tags, one per line, indented). */
export function pdfStructure(pdf: Buffer): string {
  return withFile(pdf, (f) => execFileSync('pdfinfo', ['-struct', f]).toString('utf8'));
}

const JARS = ['preflight', 'pdfbox2', 'fontbox2', 'xmpbox', 'commons-logging', 'javax.activation', 'jaxb-api'].map(
  (j) => `/usr/share/java/${j}.jar`,
);

export function preflightAvailable(): boolean {
  return JARS.every((j) => fs.existsSync(j)) && spawnSync('java', ['-version']).status === 0;
}

/** Validates PDF/A-1b with Apache PDFBox Preflight; returns its verdict and any errors. */
export function validatePdfA1b(pdf: Buffer): { valid: boolean; output: string } {
  return withFile(pdf, (f) => {
    const r = spawnSync('java', ['-cp', JARS.join(':'), 'org.apache.pdfbox.preflight.Validator_A1b', f], {
      encoding: 'utf8',
    });
    const output = `${r.stdout}${r.stderr}`;
    return { valid: r.status === 0 && /is a valid PDF\/A-1b file/.test(output), output };
  });
}
