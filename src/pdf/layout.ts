import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { contentsEntries, type Block, type Column } from './blocks.ts';

export type { Column };

// Drawing primitives shared by the återrapportering and the redovisning till IVO:
// A4, DejaVu Sans embedded (å ä ö, U+2212, the status symbols), PDF/A-1b, tagged, sv-SE.
// Text is wrapped here rather than by pdfkit so that a table row can continue on the next
// page (with the header row repeated) instead of being clipped, which pdfkit's own table does.

const require = createRequire(import.meta.url);
const FONT_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONTS = {
  regular: path.join(FONT_DIR, 'DejaVuSans.ttf'),
  bold: path.join(FONT_DIR, 'DejaVuSans-Bold.ttf'),
};
type FontName = keyof typeof FONTS;

const PAGE = { size: 'A4' as const, margin: 56, bottom: 64 };
const A4_WIDTH = 595.28;
const COLOR = {
  ink: '#1b1f24',
  muted: '#4f5661',
  line: '#9aa1ab',
  headerBg: '#e6e9ee',
  bar: '#1d4f91',
  watermark: '#d9dce1',
};
const BODY = 10;
/** Room a heading (or a lead-in) needs below itself on its page: a table's header and first rows, or a few lines. */
const KEEP_WITH_NEXT = 80;
const LEADING = 1.3;

type StructElement = PDFKit.PDFStructureElement;
// The embedded font's glyph table is not in the bundled typings.
type Doc = PDFKit.PDFDocument & { _font: { font: { hasGlyphForCodePoint(cp: number): boolean } } };

export interface BookOptions {
  title: string;
  author: string;
  subject: string;
  keywords?: string;
  /** The document's creation time; fixed by the caller so the same content gives the same bytes. */
  createdAt: Date;
  /** Printed on every page when set, e.g. 'UTKAST'. */
  watermark: string | null;
  /** Footer text beside 'Sida X av Y', e.g. issue date and document id. */
  footer: string;
  /** Printed at the top of every page, e.g. the nämnd, the sammanträde and the dnr. */
  header?: string;
}

/** A heading as placed: for the table of contents. */
interface PlacedHeading {
  level: 1 | 2 | 3;
  text: string;
  /** The page's index among the document's pages (0 = the first). */
  page: number;
}

type Outline = { addItem(title: string, options?: { expanded?: boolean }): Outline };

/**
 * What laying a document out without drawing it tells the drawing: how many pages it has (for
 * "Sida X av Y") and on which page each heading of its table of contents falls. With these known
 * in advance every page is finished, and written out, as soon as the next one starts, so memory
 * stays flat however long the document is; the lines wrapped while laying out are reused.
 */
export interface Layout {
  withContents: boolean;
  pages: number;
  contents: PlacedHeading[];
  lines: Map<string, string[]>;
}

/** Stands in for a structure element while laying out, when nothing is drawn or tagged. */
const UNTAGGED = { add: () => UNTAGGED, end: () => undefined } as unknown as StructElement;

// Control characters (other than newline) would corrupt the content stream or show as boxes.
const CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF]/g;

export class PdfBook {
  readonly doc: Doc;
  /** Null while laying out: nothing is drawn then. */
  private readonly layout: Layout | null;
  private readonly lines: Map<string, string[]>;
  private pages = 0;
  private readonly chunks: Uint8Array[] = [];
  private readonly root: StructElement;
  private readonly left: number;
  private readonly width: number;
  private readonly options: BookOptions;
  private readonly glyphCache = new Map<string, boolean>();
  /** The outline (bookmarks) item of the last heading of each level, for nesting the next ones. */
  private readonly outlineAt: (Outline | null)[] = [null, null, null, null];
  private readonly contentsEntries: PlacedHeading[] = [];
  /** How many headings the table of contents has room for; null without one. */
  private contentsCapacity: number | null = null;

  /** A book that draws the document as `layout` (from a book made with `layout = null`) says it falls. */
  constructor(options: BookOptions, layout: Layout | null) {
    this.options = options;
    this.layout = layout;
    this.lines = layout?.lines ?? new Map();
    const drawn = layout !== null;
    this.doc = new PDFDocument({
      size: PAGE.size,
      margins: { top: PAGE.margin, left: PAGE.margin, right: PAGE.margin, bottom: PAGE.bottom },
      autoFirstPage: false,
      bufferPages: false,
      pdfVersion: '1.4',
      ...(drawn ? { subset: 'PDF/A-1b', tagged: true } : {}),
      lang: 'sv-SE',
      displayTitle: true,
      info: {
        Title: options.title,
        Author: options.author,
        Subject: options.subject,
        Keywords: options.keywords ?? '',
        Creator: 'Åtgärdsplan',
        Producer: 'Åtgärdsplan (PDFKit)',
        CreationDate: options.createdAt,
        ModDate: options.createdAt,
      },
    } as PDFKit.PDFDocumentOptions) as Doc;
    this.doc.registerFont('regular', FONTS.regular);
    this.doc.registerFont('bold', FONTS.bold);
    this.left = PAGE.margin;
    this.width = A4_WIDTH - 2 * PAGE.margin;
    // PDF/A-1 wants a Count in the outline: every level is shown open (pdfkit writes Count then).
    (this.doc.outline as unknown as { options: object }).options = { expanded: true };
    this.doc.on('pageAdded', () => this.decoratePage());
    if (drawn) this.doc.on('data', (c: Uint8Array) => this.chunks.push(c));
    this.doc.addPage();
    this.root = this.struct('Document');
    if (drawn) this.doc.addStructure(this.root);
  }

  private get drawing(): boolean {
    return this.layout !== null;
  }

  private struct(type: string, options?: PDFKit.Mixins.StructureElementOptions): StructElement {
    return this.drawing ? this.doc.struct(type, options) : UNTAGGED;
  }

  /** Drawn as an artifact (screen readers skip it); nothing while laying out. */
  private artifact(paint: () => void, options?: { type: 'Pagination' }): void {
    if (!this.drawing) return;
    this.doc.markContent('Artifact', options);
    paint();
    this.doc.endMarkedContent();
  }

  /** What the document has laid out so far. */
  get laidOut(): Layout {
    return {
      withContents: this.contentsCapacity !== null,
      pages: this.pages,
      contents: this.contentsEntries,
      lines: this.lines,
    };
  }

  get y(): number {
    return this.doc.y;
  }

  private get bottom(): number {
    return this.doc.page.height - PAGE.bottom;
  }

  private remaining(): number {
    return this.bottom - this.doc.y;
  }

  newPage(): void {
    this.finishPage();
    this.doc.addPage();
  }

  /** Starts a new page unless `height` still fits on this one. */
  ensureSpace(height: number): void {
    if (height > this.remaining() && this.doc.y > this.doc.page.margins.top + 1) this.newPage();
  }

  private get pageIndex(): number {
    return this.pages - 1;
  }

  private decoratePage(): void {
    const { doc } = this;
    this.pages += 1;
    doc.y = doc.page.margins.top;
    const watermark = this.options.watermark;
    if (!watermark) return;
    // Drawn first, so it lies beneath the content.
    this.artifact(
      () => {
        doc.save();
        doc.font('bold').fontSize(96).fillColor(COLOR.watermark);
        doc.rotate(-45, { origin: [doc.page.width / 2, doc.page.height / 2] });
        const w = doc.widthOfString(watermark);
        doc.text(watermark, doc.page.width / 2 - w / 2, doc.page.height / 2 - 48, { lineBreak: false });
        doc.restore();
      },
      { type: 'Pagination' },
    );
    doc.y = doc.page.margins.top;
  }

  /** The page's header, and its footer with 'Sida X av Y': the last the page gets before it is written out. */
  private finishPage(): void {
    if (!this.layout) return;
    const { doc } = this;
    const y = doc.page.height - PAGE.bottom + 24;
    this.artifact(
      () => {
        if (this.options.header) {
          const [line] = this.wrap(this.options.header, 'regular', 8, this.width);
          this.drawLines([line], this.left, 30, 'regular', 8, COLOR.muted);
        }
        doc
          .save()
          .lineWidth(0.4)
          .strokeColor(COLOR.line)
          .moveTo(this.left, y - 6)
          .lineTo(this.left + this.width, y - 6)
          .stroke()
          .restore();
        this.drawLines([this.clean(this.options.footer)], this.left, y, 'regular', 8, COLOR.muted);
        const pageText = `Sida ${this.pages} av ${this.layout!.pages}`;
        this.use('regular', 8);
        this.drawLines([pageText], this.left + this.width - doc.widthOfString(pageText), y, 'regular', 8, COLOR.muted);
      },
      { type: 'Pagination' },
    );
  }

  /** Text safe to draw: no control characters, and only characters the embedded font has. */
  clean(text: string): string {
    const normalized = text.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').replace(CONTROL, '').normalize('NFC');
    let out = '';
    for (const ch of normalized) {
      if (ch === '\n' || ch === ' ') {
        out += ch;
        continue;
      }
      let ok = this.glyphCache.get(ch);
      if (ok === undefined) {
        this.doc.font('regular');
        ok = this.doc._font.font.hasGlyphForCodePoint(ch.codePointAt(0)!);
        this.glyphCache.set(ch, ok);
      }
      out += ok ? ch : '?';
    }
    return out;
  }

  private use(font: FontName, size: number): void {
    this.doc.font(font).fontSize(size);
  }

  /** Lines of at most `width` points; words longer than a line are broken between characters. */
  wrap(text: string, font: FontName, size: number, width: number): string[] {
    const key = `${font} ${size} ${width}\n${text}`;
    let lines = this.lines.get(key);
    if (!lines) {
      lines = this.wrapAnew(text, font, size, width);
      this.lines.set(key, lines);
    }
    return lines;
  }

  private wrapAnew(text: string, font: FontName, size: number, width: number): string[] {
    this.use(font, size);
    const measure = (s: string) => this.doc.widthOfString(s);
    // A line is as wide as its words and the spaces between them (DejaVu kerns no pair across a
    // space), so each word is measured once, not every longer candidate line again.
    const space = measure(' ');
    const lines: string[] = [];
    for (const paragraph of this.clean(text).split('\n')) {
      let line = '';
      let lineWidth = 0;
      for (const word of paragraph.split(/ +/)) {
        if (word === '') continue;
        const wordWidth = measure(word);
        const candidateWidth = line === '' ? wordWidth : lineWidth + space + wordWidth;
        if (candidateWidth <= width) {
          line = line === '' ? word : `${line} ${word}`;
          lineWidth = candidateWidth;
          continue;
        }
        if (line !== '') lines.push(line);
        line = '';
        let rest = word;
        while (measure(rest) > width) {
          let n = Math.max(1, Math.floor((rest.length * width) / measure(rest)));
          while (n > 1 && measure(rest.slice(0, n)) > width) n -= 1;
          while (n < rest.length && measure(rest.slice(0, n + 1)) <= width) n += 1;
          lines.push(rest.slice(0, n));
          rest = rest.slice(n);
        }
        line = rest;
        lineWidth = measure(rest);
      }
      lines.push(line);
    }
    return lines;
  }

  private drawLines(lines: string[], x: number, y: number, font: FontName, size: number, color = COLOR.ink): number {
    if (!this.drawing) return lines.length * size * LEADING;
    this.use(font, size);
    this.doc.fillColor(color);
    const step = size * LEADING;
    lines.forEach((line, i) => {
      if (line !== '') this.doc.text(line, x, y + i * step, { lineBreak: false });
    });
    return lines.length * step;
  }

  /** A block of text under one structure element, continuing on new pages as needed. */
  private block(
    type: string,
    text: string,
    font: FontName,
    size: number,
    opts: {
      before?: number;
      after?: number;
      keepWithNext?: number;
      color?: string;
      indent?: number;
      /** Called once the block's page is settled, before it is drawn. */
      placed?: () => void;
    } = {},
  ): void {
    const indent = opts.indent ?? 0;
    const lines = this.wrap(text, font, size, this.width - indent);
    const step = size * LEADING;
    this.doc.y += opts.before ?? 0;
    // A heading needs room for itself and the start of what follows, so it never ends a page alone.
    this.ensureSpace(Math.min(lines.length, 3) * step + (opts.keepWithNext ?? 0));
    opts.placed?.();
    const el = this.struct(type);
    this.root.add(el);
    let i = 0;
    while (i < lines.length) {
      const fit = Math.max(1, Math.floor(this.remaining() / step));
      const chunk = lines.slice(i, i + fit);
      const y = this.doc.y;
      el.add(() => this.drawLines(chunk, this.left + indent, y, font, size, opts.color));
      this.doc.y = y + chunk.length * step;
      i += chunk.length;
      if (i < lines.length) this.newPage();
    }
    el.end();
    this.doc.y += opts.after ?? 0;
  }

  /**
   * A heading, kept with the start of what follows, and a bookmark (outline item) nested under
   * the last heading of the level above. `contents`: also listed in the table of contents.
   */
  heading(level: 1 | 2 | 3, text: string, opts: { contents?: boolean } = {}): void {
    const size = level === 1 ? 18 : level === 2 ? 14 : 11.5;
    const placed = () => {
      const title = this.clean(text).replace(/\n/g, ' ');
      if (opts.contents) this.contentsEntries.push({ level, text: title, page: this.pageIndex });
      if (!this.drawing) return;
      const parent =
        this.outlineAt
          .slice(0, level)
          .reverse()
          .find((o) => o !== null) ?? this.doc.outline;
      this.outlineAt[level] = (parent as Outline).addItem(title, { expanded: true });
      for (let deeper = level + 1; deeper < this.outlineAt.length; deeper++) this.outlineAt[deeper] = null;
    };
    this.block(`H${level}`, text, 'bold', size, {
      before: level === 1 ? 0 : size * 0.6,
      after: 4,
      keepWithNext: KEEP_WITH_NEXT,
      placed,
    });
  }

  /**
   * Whole pages here for a table of contents of `entries` headings (those drawn with
   * `contents: true`), written with the pages the layout found them on.
   */
  reserveContents(entries: number): void {
    this.heading(2, 'Innehåll');
    const element = this.struct('TOC');
    this.root.add(element);
    const step = BODY * LEADING;
    const perFirstPage = Math.floor(this.remaining() / step);
    const perPage = Math.floor((this.bottom - this.doc.page.margins.top) / step);
    const pages = 1 + Math.max(0, Math.ceil((entries - perFirstPage) / perPage));
    this.contentsCapacity = entries;
    let turned = 0;
    for (const e of this.layout?.contents ?? []) {
      if (this.doc.y + step > this.bottom) {
        this.newPage();
        turned += 1;
      }
      const indent = e.level === 3 ? 14 : 0;
      const number = String(e.page + 1);
      this.use('regular', BODY);
      const numberWidth = this.doc.widthOfString(number);
      const font = e.level === 2 ? 'bold' : 'regular';
      const [line] = this.wrap(e.text, font, BODY, this.width - indent - numberWidth - 16);
      const item = this.struct('TOCI');
      element.add(item);
      const at = this.doc.y;
      item.add(() => {
        this.drawLines([line], this.left + indent, at, font, BODY);
        this.drawLines([number], this.left + this.width - numberWidth, at, 'regular', BODY);
      });
      item.end();
      this.doc.y += step;
    }
    element.end();
    for (; turned < pages; turned++) this.newPage();
  }

  /** An image (the kommun's logo) with its alternative text, at most `maxWidth` × `maxHeight` points. */
  image(data: Buffer, alt: string, maxWidth: number, maxHeight: number): void {
    this.ensureSpace(maxHeight);
    const y = this.doc.y;
    const figure = this.struct('Figure', { alt: this.clean(alt) });
    this.root.add(figure);
    figure.add(() => {
      this.doc.image(data, this.left, y, { fit: [maxWidth, maxHeight] });
    });
    figure.end();
    this.doc.y = y + maxHeight + 8;
  }

  /** A paragraph; `keepWithNext` keeps a lead-in (like "Brist: …") on the page of what follows it. */
  paragraph(
    text: string,
    opts: { bold?: boolean; size?: number; muted?: boolean; after?: number; keepWithNext?: boolean } = {},
  ): void {
    this.block('P', text, opts.bold ? 'bold' : 'regular', opts.size ?? BODY, {
      after: opts.after ?? 4,
      color: opts.muted ? COLOR.muted : COLOR.ink,
      keepWithNext: opts.keepWithNext ? KEEP_WITH_NEXT : 0,
    });
  }

  /** A list of short items, tagged L / LI / LBody. */
  list(items: string[]): void {
    if (items.length === 0) return;
    const list = this.struct('L');
    this.root.add(list);
    const step = BODY * LEADING;
    for (const item of items) {
      const lines = this.wrap(item, 'regular', BODY, this.width - 14);
      this.ensureSpace(Math.min(lines.length, 2) * step);
      const li = this.struct('LI');
      list.add(li);
      const label = this.struct('Lbl');
      li.add(label);
      const y0 = this.doc.y;
      label.add(() => this.drawLines(['•'], this.left + 2, y0, 'regular', BODY));
      label.end();
      const body = this.struct('LBody');
      li.add(body);
      let i = 0;
      while (i < lines.length) {
        const fit = Math.max(1, Math.floor(this.remaining() / step));
        const chunk = lines.slice(i, i + fit);
        const y = this.doc.y;
        body.add(() => this.drawLines(chunk, this.left + 14, y, 'regular', BODY));
        this.doc.y = y + chunk.length * step;
        i += chunk.length;
        if (i < lines.length) this.newPage();
      }
      body.end();
      li.end();
      this.doc.y += 2;
    }
    list.end();
    this.doc.y += 4;
  }

  /**
   * A table whose header row is repeated on every page it runs onto (the repeats are
   * artifacts, so the tagged table has its header cells once) and whose rows, however long,
   * continue on the next page rather than being cut.
   */
  table(columns: Column[], rows: string[][], opts: { size?: number } = {}): void {
    const size = opts.size ?? 8.5;
    const step = size * LEADING;
    const pad = 3;
    const widths = columns.map((c) => c.width * this.width);
    const xs = widths.map((_, i) => this.left + widths.slice(0, i).reduce((a, b) => a + b, 0));
    const headerLines = columns.map((c, i) => this.wrap(c.header, 'bold', size, widths[i] - 2 * pad));
    const headerHeight = Math.max(...headerLines.map((l) => l.length)) * step + 2 * pad;

    const drawHeader = (tagged: StructElement | null) => {
      const y = this.doc.y;
      const paint = () => {
        this.doc.save().rect(this.left, y, this.width, headerHeight).fill(COLOR.headerBg).restore();
        this.doc
          .save()
          .lineWidth(0.6)
          .strokeColor(COLOR.line)
          .moveTo(this.left, y + headerHeight)
          .lineTo(this.left + this.width, y + headerHeight)
          .stroke()
          .restore();
      };
      if (tagged) {
        this.artifact(paint);
        const tr = this.struct('TR');
        tagged.add(tr);
        columns.forEach((_, i) => {
          // pdfkit writes Scope /Column for this option; the typings lag behind.
          const th = this.struct('TH', { scope: 'Column' } as PDFKit.Mixins.StructureElementOptions);
          tr.add(th);
          th.add(() => this.drawLines(headerLines[i], xs[i] + pad, y + pad, 'bold', size));
          th.end();
        });
        tr.end();
      } else {
        this.artifact(
          () => {
            paint();
            columns.forEach((_, i) => this.drawLines(headerLines[i], xs[i] + pad, y + pad, 'bold', size));
          },
          { type: 'Pagination' },
        );
      }
      this.doc.y = y + headerHeight;
    };

    const wrapped = rows.map((r) =>
      r.map((cell, i) => this.wrap(cell, columns[i].bold ? 'bold' : 'regular', size, widths[i] - 2 * pad)),
    );
    const firstRowHeight = wrapped.length
      ? Math.min(Math.max(...wrapped[0].map((l) => l.length)), 3) * step + 2 * pad
      : 0;
    this.ensureSpace(headerHeight + firstRowHeight);
    const table = this.struct('Table');
    this.root.add(table);
    drawHeader(table);

    for (const cells of wrapped) {
      const rowLines = Math.max(1, ...cells.map((l) => l.length));
      const rowHeight = rowLines * step + 2 * pad;
      const fullPage = this.bottom - this.doc.page.margins.top - headerHeight;
      // Rows that fit on a page are kept whole; longer ones are split line by line.
      if (rowHeight > this.remaining() && (rowHeight <= fullPage || this.remaining() < 3 * step + 2 * pad)) {
        this.newPage();
        drawHeader(null);
      }
      const tr = this.struct('TR');
      table.add(tr);
      const tds = cells.map(() => {
        const td = this.struct('TD');
        tr.add(td);
        return td;
      });
      let from = 0;
      while (from < rowLines) {
        const fit = Math.max(1, Math.floor((this.remaining() - 2 * pad) / step));
        const to = Math.min(rowLines, from + fit);
        const y = this.doc.y;
        cells.forEach((lines, i) => {
          const chunk = lines.slice(from, to);
          if (chunk.length)
            tds[i].add(() => this.drawLines(chunk, xs[i] + pad, y + pad, columns[i].bold ? 'bold' : 'regular', size));
        });
        if (from > 0 && cells[0].length <= from) {
          // A continued row says so, so a reader does not take it for a row without an action.
          this.artifact(() => this.drawLines(['(forts.)'], xs[0] + pad, y + pad, 'regular', size, COLOR.muted));
        }
        const h = (to - from) * step + 2 * pad;
        this.artifact(() =>
          this.doc
            .save()
            .lineWidth(0.4)
            .strokeColor(COLOR.line)
            .moveTo(this.left, y + h)
            .lineTo(this.left + this.width, y + h)
            .stroke()
            .restore(),
        );
        this.doc.y = y + h;
        from = to;
        if (from < rowLines) {
          this.newPage();
          drawHeader(null);
        }
      }
      tds.forEach((td) => td.end());
      tr.end();
    }
    table.end();
    this.doc.y += 8;
  }

  /** A horizontal bar chart tagged as a figure whose alternative text carries the numbers. */
  barChart(items: { label: string; value: number }[], alt: string): void {
    const rowH = 16;
    const labelW = 110;
    const height = items.length * rowH + 8;
    this.ensureSpace(height);
    const max = Math.max(1, ...items.map((i) => i.value));
    const barMax = this.width - labelW - 50;
    const y0 = this.doc.y;
    const figure = this.struct('Figure', { alt: this.clean(alt) });
    this.root.add(figure);
    figure.add(() => {
      items.forEach((item, i) => {
        const y = y0 + i * rowH;
        this.drawLines([this.clean(item.label)], this.left, y + 2, 'regular', 9);
        const w = (item.value / max) * barMax;
        if (w > 0)
          this.doc
            .save()
            .rect(this.left + labelW, y + 2, w, rowH - 6)
            .fill(COLOR.bar)
            .restore();
        this.drawLines([String(item.value)], this.left + labelW + w + 4, y + 2, 'bold', 9);
      });
    });
    figure.end();
    this.doc.y = y0 + height;
  }

  space(points: number): void {
    this.doc.y += points;
  }

  /** Finishes the last page and the document, and returns the PDF bytes. */
  async finish(): Promise<Buffer> {
    const { doc, layout } = this;
    if (!layout) throw new Error('a book that only lays out has nothing to finish');
    const placed = this.laidOut;
    // The pages were numbered, and the table of contents written, from the layout: it must be this document's.
    if (
      placed.pages !== layout.pages ||
      JSON.stringify(placed.contents) !== JSON.stringify(layout.contents) ||
      (this.contentsCapacity !== null && placed.contents.length !== this.contentsCapacity)
    )
      throw new Error(`the document was drawn with ${placed.pages} pages, laid out with ${layout.pages}`);
    const done = new Promise<Buffer>((resolve, reject) => {
      doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      doc.on('error', reject);
    });
    this.finishPage();
    this.root.end();
    doc.end();
    return done;
  }
}

/** Lays the blocks out without drawing them; `withContents` keeps room for a table of contents. */
export function layOut(options: BookOptions, blocks: readonly Block[], withContents: boolean): Layout {
  const book = new PdfBook(options, null);
  drawBlocks(book, blocks, withContents);
  return book.laidOut;
}

/** Draws the blocks as `layout` laid them out (layOut, with the same options and blocks), page by page. */
export function drawLaidOut(options: BookOptions, blocks: readonly Block[], layout: Layout): Promise<Buffer> {
  const book = new PdfBook(options, layout);
  drawBlocks(book, blocks, layout.withContents);
  return book.finish();
}

/** The blocks as a PDF: laid out once, then drawn. */
export function renderBlocks(options: BookOptions, blocks: readonly Block[], withContents: boolean): Promise<Buffer> {
  return drawLaidOut(options, blocks, layOut(options, blocks, withContents));
}

/** Draws the blocks in order; `withContents` fills the 'contents' block with a table of contents. */
function drawBlocks(book: PdfBook, blocks: readonly Block[], withContents: boolean): void {
  for (const b of blocks) {
    switch (b.kind) {
      case 'heading':
        book.heading(b.level, b.text, { contents: withContents && b.contents });
        break;
      case 'paragraph':
        book.paragraph(b.text, { bold: b.bold, muted: b.muted, size: b.size, keepWithNext: b.keepWithNext });
        break;
      case 'list':
        book.list(b.items);
        break;
      case 'table':
        book.table(b.columns, b.rows);
        break;
      case 'chart':
        book.barChart(b.items, b.alt);
        break;
      case 'image':
        book.image(Buffer.from(b.data), b.alt, 150, 48);
        break;
      case 'space':
        book.space(b.points);
        break;
      case 'pageBreak':
        book.newPage();
        break;
      case 'contents':
        if (withContents) book.reserveContents(contentsEntries(blocks));
        break;
    }
  }
}
