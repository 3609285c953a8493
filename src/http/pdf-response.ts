import type { Response } from 'express';

/** A PDF in the response, never cached by the browser or a proxy (reports may not be public yet). */
export function sendPdf(
  res: Response,
  pdf: Buffer,
  filename: string,
  disposition: 'inline' | 'attachment' = 'inline',
): void {
  res.set({
    'Content-Type': 'application/pdf',
    'Content-Length': String(pdf.length),
    'Content-Disposition': `${disposition}; filename="${filename}"`,
    'Cache-Control': 'private, no-store',
  });
  res.end(pdf);
}

/** A Word file as a download (an issued document: never shown inline). */
export function sendDocx(res: Response, docx: Buffer, filename: string): void {
  res.set('Content-Type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  res.set('Content-Disposition', `attachment; filename="${filename}"`);
  res.set('Cache-Control', 'private, no-cache');
  res.send(docx);
}
