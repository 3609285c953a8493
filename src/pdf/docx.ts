import {
  AlignmentType,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  TextRun,
  type ParagraphChild,
} from 'docx';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { PNG } from 'pngjs';
import type { Block } from './blocks.ts';

export interface DocxOptions {
  title: string;
  subject: string;
  creator: string;
  /** The document's creation instant (ISO); fixed by the caller so the same content gives the same bytes. */
  createdAt: string;
  /** At the top of every page, as in the PDF. */
  header: string;
  footer: string;
}

const HEADING = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;
/** The text area of an A4 page with 2 cm margins, in twentieths of a point. */
const TABLE_WIDTH = 9638;
const NO_BREAK = /\u00a0/g;

/** Text with its line breaks as Word's. */
function runs(text: string, opts: { bold?: boolean; color?: string; size?: number } = {}): TextRun[] {
  return text.split('\n').map(
    (line, i) =>
      new TextRun({
        text: line,
        break: i > 0 ? 1 : undefined,
        bold: opts.bold,
        color: opts.color,
        size: opts.size ? opts.size * 2 : undefined,
      }),
  );
}

function logo(data: Uint8Array, alt: string): ImageRun {
  const png = PNG.sync.read(Buffer.from(data));
  const height = 48 * (96 / 72);
  const width = Math.min(150 * (96 / 72), (png.width / png.height) * height);
  return new ImageRun({
    type: 'png',
    data,
    transformation: { width: Math.round(width), height: Math.round((png.height / png.width) * width) },
    altText: { name: alt, description: alt, title: alt },
  });
}

// Tables are written here as OOXML, the same elements docx writes for a Table of TableRows: a
// 2 000-row table built as docx objects took ≈ 150 MB and a second of the Word file's 1.3 s.
// Each takes the place of a paragraph body() styled with its placeholder id (no text can make one).
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '"': '&quot;', "'": '&apos;', '<': '&lt;', '>': '&gt;' };
const xmlText = (text: string) => text.replace(/[&"'<>\x00-\x08\x0B\x0C\x0E-\x1F]/g, (c) => XML_ESCAPES[c] ?? '');

function tableXml(block: Extract<Block, { kind: 'table' }>): string {
  const widths = block.columns.map((c) => Math.round(c.width * TABLE_WIDTH));
  const cell = (text: string, i: number, header: boolean) => {
    const rPr = header ? '<w:rPr><w:b/><w:bCs/></w:rPr>' : '<w:rPr><w:b w:val="false"/><w:bCs w:val="false"/></w:rPr>';
    const runs = text
      .split('\n')
      .map((line, n) => `<w:r>${rPr}${n > 0 ? '<w:br/>' : ''}<w:t xml:space="preserve">${xmlText(line)}</w:t></w:r>`);
    return `<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="${widths[i]}"/></w:tcPr><w:p>${runs.join('')}</w:p></w:tc>`;
  };
  const border = (side: string) => `<w:${side} w:val="single" w:color="auto" w:sz="4"/>`;
  return [
    `<w:tbl><w:tblPr><w:tblW w:type="dxa" w:w="${TABLE_WIDTH}"/><w:tblBorders>`,
    ['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map(border).join(''),
    '</w:tblBorders></w:tblPr><w:tblGrid>',
    widths.map((w) => `<w:gridCol w:w="${w}"/>`).join(''),
    '</w:tblGrid>',
    // A real header row: Word repeats it on every page and screen readers announce it.
    `<w:tr><w:trPr><w:tblHeader/></w:trPr>${block.columns.map((c, i) => cell(c.header, i, true)).join('')}</w:tr>`,
    ...block.rows.map(
      (row) =>
        `<w:tr><w:trPr><w:cantSplit w:val="off"/></w:trPr>${row.map((text, i) => cell(text.replace(NO_BREAK, ' '), i, false)).join('')}</w:tr>`,
    ),
    '</w:tbl>',
  ].join('');
}

/** The blocks as Word paragraphs and tables, with Word's own heading styles. */
function body(blocks: readonly Block[], tables: string[]): Paragraph[] {
  const out: Paragraph[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'heading':
        out.push(new Paragraph({ heading: HEADING[b.level], keepNext: true, children: runs(b.text) }));
        break;
      case 'paragraph':
        out.push(
          new Paragraph({
            children: runs(b.text, { bold: b.bold, color: b.muted ? '4F5661' : undefined, size: b.size }),
          }),
        );
        break;
      case 'list':
        for (const item of b.items) out.push(new Paragraph({ bullet: { level: 0 }, children: runs(item) }));
        break;
      case 'table':
        out.push(new Paragraph({ style: `AtgardsplanTabell${tables.length}` }));
        tables.push(tableXml(b));
        out.push(new Paragraph({}));
        break;
      case 'chart':
        // The chart's numbers, as the PDF's alternative text gives them.
        out.push(new Paragraph({ children: runs(b.alt) }));
        break;
      case 'image':
        out.push(new Paragraph({ children: [logo(b.data, b.alt)] }));
        break;
      case 'space':
        out.push(new Paragraph({}));
        break;
      case 'pageBreak':
        out.push(new Paragraph({ children: [new PageBreak()] }));
        break;
      case 'contents':
        break;
    }
  }
  return out;
}

/**
 * The blocks as a .docx: Word's heading styles, table header rows, Swedish set as the language
 * of every style, the header and footer of the PDF with Word's own page numbers. The same blocks
 * and options always give the same bytes: the package's dates are the document's own, not the
 * time it was packed.
 */
export async function renderDocx(blocks: readonly Block[], o: DocxOptions): Promise<Buffer> {
  const tables: string[] = [];
  const pageText = (children: ParagraphChild[]) => new Paragraph({ alignment: AlignmentType.LEFT, children });
  const doc = new Document({
    title: o.title,
    subject: o.subject,
    creator: o.creator,
    lastModifiedBy: o.creator,
    styles: {
      default: {
        document: { run: { language: { value: 'sv-SE' }, font: 'Calibri', size: 22 } },
      },
    },
    sections: [
      {
        properties: { page: { margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 } } },
        headers: { default: new Header({ children: [pageText(runs(o.header, { size: 8, color: '4F5661' }))] }) },
        footers: {
          default: new Footer({
            children: [
              pageText([
                ...runs(`${o.footer} · Sida `, { size: 8, color: '4F5661' }),
                new TextRun({ children: [PageNumber.CURRENT], size: 16, color: '4F5661' }),
                new TextRun({ text: ' av ', size: 16, color: '4F5661' }),
                new TextRun({ children: [PageNumber.TOTAL_PAGES], size: 16, color: '4F5661' }),
              ]),
            ],
          }),
        },
        children: body(blocks, tables),
      },
    ],
  });
  return fixedPackage(await Packer.toBuffer(doc), o.createdAt, tables);
}

/**
 * The package again with its tables in place, the document's own dates in its properties, its
 * drawings numbered from 1, and one fixed time on every file in the zip.
 */
function fixedPackage(docx: Buffer, createdAt: string, tables: readonly string[]): Buffer {
  const files = unzipSync(docx);
  const instant = new Date(createdAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const core = new TextDecoder()
    .decode(files['docProps/core.xml'])
    .replace(/(<dcterms:(created|modified)[^>]*>)[^<]*(<\/dcterms:(created|modified)>)/g, `$1${instant}$3`);
  files['docProps/core.xml'] = new TextEncoder().encode(core);
  const document = new TextDecoder().decode(files['word/document.xml']);
  let placed = 0;
  const withTables = document.replace(
    /<w:p><w:pPr><w:pStyle w:val="AtgardsplanTabell(\d+)"\/><\/w:pPr><\/w:p>/g,
    (_, n) => {
      placed += 1;
      return tables[Number(n)];
    },
  );
  if (placed !== tables.length) throw new Error(`Word file: ${placed} of ${tables.length} tables placed`);
  files['word/document.xml'] = new TextEncoder().encode(withTables);
  // docx numbers drawings with a counter that lives as long as the process: number them per document.
  let drawing = 0;
  for (const name of Object.keys(files).sort()) {
    if (!/^word\/.*\.xml$/.test(name)) continue;
    const xml = new TextDecoder().decode(files[name]);
    if (!xml.includes('<wp:docPr id="')) continue;
    files[name] = new TextEncoder().encode(xml.replace(/<wp:docPr id="\d+"/g, () => `<wp:docPr id="${++drawing}"`));
  }
  // The zip's own file times are local times; one fixed local time keeps the bytes the same in any time zone.
  const mtime = new Date(1980, 0, 1);
  const zippable: Zippable = {};
  for (const name of Object.keys(files).sort()) zippable[name] = [files[name], { mtime }];
  return Buffer.from(zipSync(zippable, { level: 6 }));
}
