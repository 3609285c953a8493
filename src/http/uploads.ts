import type { RequestHandler } from 'express';
import multer from 'multer';

/** The largest file a form takes; what each form accepts within it is checked by its own rules. */
export const UPLOAD_MAX_BYTES = 5 * 1024 * 1024;

const parser = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: UPLOAD_MAX_BYTES, files: 1, fields: 50, fieldSize: 64 * 1024, parts: 60 },
}).any();

/**
 * Reads a form with a file (multipart/form-data) into req.body and req.files, before the CSRF
 * check reads the token from the body. Only for a logged-in session: nobody else may send files.
 * A file over UPLOAD_MAX_BYTES ends in the error page's "Filen är för stor" (413).
 */
export const readUploads: RequestHandler = (req, res, next) => {
  if (req.method !== 'POST' || !req.is('multipart/form-data') || req.session.userId === undefined) return next();
  parser(req, res, (err: unknown) => {
    if (err instanceof multer.MulterError)
      return next(Object.assign(new Error(err.message), { type: 'upload.too.large', status: 413 }));
    next(err);
  });
};

/** The uploaded file of a form field, if one was sent and not empty. */
export function uploadedFile(files: unknown, field: string): Buffer | null {
  const list = Array.isArray(files) ? (files as Express.Multer.File[]) : [];
  const file = list.find((f) => f.fieldname === field);
  return file && file.size > 0 ? file.buffer : null;
}
