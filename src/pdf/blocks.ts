/** Who sends a document: the kommun's name and logo (a PNG without transparency, committees/organisation.ts). */
export interface Sender {
  municipality: string;
  logo: Uint8Array | null;
}

export interface Column {
  header: string;
  /** Share of the content width; the shares of a table add up to 1. */
  width: number;
  bold?: boolean;
}

/**
 * A document as a list of blocks, drawn the same way into a PDF (drawBlocks, layout.ts) and a
 * Word file (docx.ts): one account of what a document says, two formats.
 */
export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string; /** listed in the table of contents */ contents?: boolean }
  | { kind: 'paragraph'; text: string; bold?: boolean; muted?: boolean; size?: number; keepWithNext?: boolean }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; columns: Column[]; rows: string[][] }
  | { kind: 'chart'; items: { label: string; value: number }[]; alt: string }
  | { kind: 'image'; data: Uint8Array; alt: string }
  | { kind: 'space'; points: number }
  | { kind: 'pageBreak' }
  /** Where the table of contents goes, when the document has one (PDF only; Word builds its own). */
  | { kind: 'contents' };

/** How many headings a table of contents lists. */
export function contentsEntries(blocks: readonly Block[]): number {
  return blocks.filter((b) => b.kind === 'heading' && b.contents).length;
}

/** Writes a document's blocks in order, with the names a PdfBook draws them by. */
export class BlockWriter {
  readonly blocks: Block[] = [];

  heading(level: 1 | 2 | 3, text: string, opts: { contents?: boolean } = {}): void {
    this.blocks.push({ kind: 'heading', level, text, contents: opts.contents });
  }

  paragraph(text: string, opts: { bold?: boolean; muted?: boolean; size?: number; keepWithNext?: boolean } = {}): void {
    this.blocks.push({ kind: 'paragraph', text, ...opts });
  }

  list(items: string[]): void {
    if (items.length > 0) this.blocks.push({ kind: 'list', items });
  }

  table(columns: Column[], rows: string[][]): void {
    this.blocks.push({ kind: 'table', columns, rows });
  }

  barChart(items: { label: string; value: number }[], alt: string): void {
    this.blocks.push({ kind: 'chart', items, alt });
  }

  image(data: Uint8Array, alt: string): void {
    this.blocks.push({ kind: 'image', data, alt });
  }

  space(points: number): void {
    this.blocks.push({ kind: 'space', points });
  }

  newPage(): void {
    this.blocks.push({ kind: 'pageBreak' });
  }

  contents(): void {
    this.blocks.push({ kind: 'contents' });
  }
}
