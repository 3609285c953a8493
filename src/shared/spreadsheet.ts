import { formatIsoDateTime } from './format.ts';

/** How a column's values are written: text, a date (YYYY-MM-DD), an instant, whole kronor or a number. */
export type CellKind = 'text' | 'date' | 'datetime' | 'kronor' | 'number';

export interface Column {
  header: string;
  kind: CellKind;
  /** Width in characters in the Excel file. */
  width: number;
}

/** A value as the exports hold it: dates as 'YYYY-MM-DD', instants as stored ('…Z'), money as whole kronor. */
export type Cell = string | number | null;

/** What an export writes: a sheet (Swedish name), its file's name without date or extension, columns, rows in batches. */
export interface Table {
  sheet: string;
  fileName: string;
  columns: readonly Column[];
  batches: AsyncIterable<Cell[][]>;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text that a spreadsheet would take for a formula (= + - @, or a leading tab or CR that some
 * programs strip before looking) gets a leading apostrophe, so a title such as
 * =HYPERLINK(...) is shown as text, never run (CSV/formula injection). Used by every export.
 */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A number as Swedish Excel reads it: decimal comma, no grouping (a space would make it text). */
function swedishNumber(n: number): string {
  return String(n).replace('.', ',');
}

/** One CSV field, RFC 4180 quoted when it holds the separator, a quote or a line break. */
export function csvField(value: Cell, kind: CellKind = 'text'): string {
  if (value === null || value === '') return '';
  let text: string;
  if (typeof value === 'number') text = swedishNumber(value);
  else if (kind === 'datetime') text = formatIsoDateTime(value);
  else if (kind === 'date') text = value;
  else text = neutralise(value);
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record for Swedish Excel: semicolons, ended by CRLF. */
export function csvLine(cells: readonly Cell[], columns?: readonly Column[]): string {
  return cells.map((c, i) => csvField(c, columns?.[i]?.kind)).join(';') + '\r\n';
}

/** Excel opens a CSV as UTF-8 only when it starts with a byte order mark. */
export const CSV_BOM = '\uFEFF';

/**
 * Reads CSV text (RFC 4180: quoted fields may hold separators, quotes doubled and line breaks),
 * separated by ';' (Swedish Excel) when the first line has one outside quotes, else by ','.
 * A leading byte order mark is dropped. Returns the records as lists of fields.
 */
export function parseCsv(input: string): string[][] {
  const text = input.startsWith(CSV_BOM) ? input.slice(1) : input;
  const separator = guessSeparator(text);
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i += 1;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === separator) {
      record.push(field);
      field = '';
    } else if (c === '\r' || c === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      if (c === '\r' && text[i + 1] === '\n') i += 1;
    } else field += c;
    i += 1;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

function guessSeparator(text: string): ';' | ',' {
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && c === ';') return ';';
  }
  return ',';
}
