import type { Request, RequestHandler } from 'express';
import multer from 'multer';

/** The largest file the forms without a limit of their own take (the kommun's logo: its rules allow far less). */
export const UPLOAD_MAX_BYTES = 5 * 1024 * 1024;

interface UploadOptions {
  /** The largest file this form takes. */
  maxBytes: number;
  /**
   * A file over maxBytes does not end the request: the fields read before it are kept and the
   * route asks uploadRefused() and shows the form again with its message (forms put the file
   * field last, so what was typed comes first and is kept). Without it: the error page's
   * "Filen är för stor" (413).
   */
  keepFormWhenTooLarge?: boolean;
}

const refused = new WeakMap<Request, { field: string; maxBytes: number }>();

/**
 * Reads a form with a file (multipart/form-data) into req.body and req.files, before the CSRF
 * check reads the token from the body. Only for a logged-in session: nobody else may send files.
 * Mounted for the paths of one kind of form before the general one; a form read once is not read again.
 */
export function readUploads({ maxBytes, keepFormWhenTooLarge = false }: UploadOptions): RequestHandler {
  const parser = multer({
    storage: multer.memoryStorage(),
    // Browsers send a file name as UTF-8 without saying so; busboy's default would read it as Latin-1.
    defParamCharset: 'utf8',
    limits: { fileSize: maxBytes, files: 1, fields: 50, fieldSize: 64 * 1024, parts: 60 },
  }).any();
  return (req, res, next) => {
    if (req.method !== 'POST' || !req.is('multipart/form-data') || req.session.userId === undefined) return next();
    if (req.files !== undefined) return next();
    parser(req, res, (err: unknown) => {
      if (err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE' && keepFormWhenTooLarge) {
        refused.set(req, { field: err.field ?? 'file', maxBytes });
        req.files = [];
        return next();
      }
      if (err instanceof multer.MulterError)
        return next(Object.assign(new Error(err.message), { type: 'upload.too.large', status: 413 }));
      // Anything else is a body busboy could not read ("Malformed part header"…): the sender's fault.
      if (err instanceof Error) return next(Object.assign(err, { status: 400 }));
      next(err);
    });
  };
}

/** The file field refused for being over the form's limit (nothing of it was kept), or null. */
export function uploadRefused(req: Request): { field: string; maxBytes: number } | null {
  return refused.get(req) ?? null;
}

/** The uploaded file of a form field, if one was sent and not empty. */
export function uploadedFile(files: unknown, field: string): Buffer | null {
  return uploadedFileNamed(files, field)?.content ?? null;
}

/** The uploaded file of a form field with the name it had on the sender's computer, if one was sent and not empty. */
export function uploadedFileNamed(files: unknown, field: string): { content: Buffer; originalName: string } | null {
  const list = Array.isArray(files) ? (files as Express.Multer.File[]) : [];
  const file = list.find((f) => f.fieldname === field);
  return file && file.size > 0 ? { content: file.buffer, originalName: file.originalname } : null;
}
