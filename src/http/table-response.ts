import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Response } from 'express';
import type ExcelJS from 'exceljs';
import { formatIsoDateTime } from '../shared/format.ts';
import { CSV_BOM, csvLine, neutralise, type Cell, type Column, type Table } from '../shared/spreadsheet.ts';

export const TABLE_FORMATS = ['xlsx', 'csv'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Number formats as the file stores them (Excel's invariant notation): Swedish Excel shows the
 * grouping comma of '#,##0 "kr"' as a space, "600 000 kr".
 */
const NUMBER_FORMAT: Record<Column['kind'], string | undefined> = {
  text: undefined,
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm',
  kronor: '#,##0 "kr"',
  number: undefined,
};

/** A calendar date as an Excel date cell: midnight UTC, which is how Excel's serial dates are read back. */
function excelDate(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

function excelValue(value: Cell, kind: Column['kind']): ExcelJS.CellValue {
  if (value === null || value === '') return null;
  if (typeof value === 'number') return value;
  if (kind === 'date') return excelDate(value);
  // Excel has no time zones: the Swedish wall-clock time is what the reader expects to see.
  if (kind === 'datetime') return new Date(`${formatIsoDateTime(value).replace(' ', 'T')}:00Z`);
  return neutralise(value);
}

/** Writes one chunk and waits when the client reads more slowly than the rows come. */
async function write(res: Response, chunk: string): Promise<void> {
  if (!res.write(chunk)) await once(res, 'drain');
}

async function sendCsv(res: Response, table: Table): Promise<void> {
  await write(res, CSV_BOM + csvLine(table.columns.map((c) => c.header)));
  for await (const batch of table.batches) {
    await write(res, batch.map((row) => csvLine(row, table.columns)).join(''));
  }
  res.end();
}

/**
 * Waits until the zip has taken the rows written so far. exceljs writes a sheet's XML into the
 * zip's input without heeding backpressure, and the rows come synchronously (better-sqlite3): left
 * alone, the whole sheet would pile up in memory before the first byte is compressed and sent.
 * The zip's input is the one stream exceljs pipes the sheet into (an internal, hence the cast).
 */
async function zipCaughtUp(sheet: ExcelJS.Worksheet): Promise<void> {
  // readable-stream 2 (archiver's), which has no writableLength.
  type ZipInput = Writable & { _writableState?: { length: number } };
  const input = (sheet as unknown as { stream?: { pipes?: ZipInput[] } }).stream?.pipes?.[0];
  while (input && (input._writableState?.length ?? 0) > 1024 * 1024) await once(input, 'drain');
}

/**
 * Streams the sheet (exceljs' WorkbookWriter) row by row into the response, so memory stays flat
 * however many rows there are: no shared strings table, each row committed as it is written.
 */
async function sendXlsx(res: Response, table: Table): Promise<void> {
  // Loaded when a file is asked for, not with the server (it is the largest library the server uses).
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(table.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.columns.map((c) => ({
    width: c.width,
    style: NUMBER_FORMAT[c.kind] ? { numFmt: NUMBER_FORMAT[c.kind] } : {},
  }));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
  const header = sheet.addRow(table.columns.map((c) => c.header));
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.numFmt = 'General';
  });
  header.commit();
  for await (const batch of table.batches) {
    for (const row of batch) sheet.addRow(row.map((v, i) => excelValue(v, table.columns[i].kind))).commit();
    await zipCaughtUp(sheet);
  }
  sheet.commit();
  await workbook.commit();
}

/**
 * Sends a table as an .xlsx or CSV download named '<fileName>-<today>.<format>': never cached,
 * since it holds what the user may read now. An error after the first bytes ends the download.
 */
export async function sendTable(res: Response, format: TableFormat, table: Table, today: string): Promise<void> {
  res.setHeader('Cache-Control', 'no-store');
  res.attachment(`${table.fileName}-${today}.${format}`);
  res.type(format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE);
  try {
    await (format === 'csv' ? sendCsv(res, table) : sendXlsx(res, table));
  } catch (e) {
    if (!res.headersSent) throw e;
    res.destroy(e as Error);
  }
}
