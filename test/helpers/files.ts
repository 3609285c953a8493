import PDFDocument from 'pdfkit';
import { PNG } from 'pngjs';
import ExcelJS from 'exceljs';

/** Small real files made here, so no binary fixture (with anyone's data) is kept in the repository. */

/** A one-page PDF saying `text`. */
export function aPdf(text = 'Beslut från IVO (exempel)'): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', info: { CreationDate: new Date('2026-03-01T00:00:00Z') } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.text(text);
    doc.end();
  });
}

/** A 4 × 4 PNG. */
export function aPng(): Buffer {
  const png = new PNG({ width: 4, height: 4 });
  png.data.fill(200);
  return PNG.sync.write(png);
}

/** An .xlsx with one sheet and two rows. */
export async function anXlsx(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Åtgärder');
  sheet.addRow(['Åtgärd', 'Slutdatum']);
  sheet.addRow(['Införa checklista', new Date('2026-06-30')]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The start of a Windows executable (MZ header, PE signature): what a renamed .exe looks like. */
export function anExe(): Buffer {
  const exe = Buffer.alloc(512);
  exe.write('MZ', 0, 'latin1');
  exe.writeUInt32LE(0x80, 0x3c);
  exe.write('PE\0\0', 0x80, 'latin1');
  exe.writeUInt16LE(0x14c, 0x84);
  return exe;
}
