import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { allow, currentUser } from '../users/auth.middleware.ts';
import { may } from '../users/roles.ts';
import { idParam } from '../http/params.ts';
import { formValues, parseForm, text, type FormValues } from '../http/forms.ts';
import { uploadRefused, uploadedFileNamed } from '../http/uploads.ts';
import { ConflictError, InvalidInputError, type FieldErrors } from '../shared/errors.ts';
import {
  ATTACHMENT_ITEMS,
  DOCUMENT_KINDS,
  ITEM_PATH,
  contentDisposition,
  type AttachmentItem,
  type AttachmentTarget,
  type DocumentKind,
} from './attachment.ts';
import {
  attachableTarget,
  attachmentFile,
  attachmentPage,
  attachmentToMark,
  markWronglyUploaded,
  uploadAttachment,
} from './attachments.service.ts';

const uploadForm = z.object({
  kind: z
    .unknown()
    .optional()
    .transform((v) => ((DOCUMENT_KINDS as readonly unknown[]).includes(v) ? (v as DocumentKind) : null)),
  description: text('Beskrivning', { max: 500 }),
  /** Sent by the form on the matter's or action's own page: saved, the user goes back there. */
  tillbaka: z
    .unknown()
    .optional()
    .transform((v) => v === 'sidan'),
});

const markForm = z.object({ reason: text('Skäl', { required: true, max: 1000 }) });

/** Where the item's own page is (a brist and a redovisning are shown on their matter's pages), and the link's text. */
function itemPage(t: Pick<AttachmentTarget, 'item' | 'id' | 'matterId'>): { href: string; label: string } {
  if (t.item === 'finding') return { href: `/arenden/${t.matterId}#finding-${t.id}`, label: 'Till bristen' };
  if (t.item === 'submission') return { href: `/arenden/${t.matterId}/redovisningar`, label: 'Till redovisningarna' };
  return { href: `/${ITEM_PATH[t.item]}/${t.id}`, label: t.item === 'matter' ? 'Till ärendet' : 'Till åtgärden' };
}

/** Bilagor: each item's bilagor page and upload, the download, and the förvaltningschef's felaktigt-uppladdad mark. */
export function attachmentRoutes({ db, clock, config }: AppDeps): Router {
  const r = Router();

  async function renderItem(
    req: Request,
    res: Response,
    item: AttachmentItem,
    status: number,
    values: FormValues = {},
    errors: FieldErrors = {},
  ) {
    const page = await attachmentPage(db, clock, currentUser(req), item, idParam(req));
    res.status(status).render('attachments/show', {
      ...page,
      backTo: itemPage(page.target),
      action: `/${ITEM_PATH[item]}/${page.target.id}/bilagor`,
      canMark: may.markAttachmentsWronglyUploaded(currentUser(req).role),
      maxUploadMb: config.maxUploadMb,
      values: { kind: page.kinds[0], ...values },
      errors,
    });
  }

  for (const item of ATTACHMENT_ITEMS) {
    const path = `/${ITEM_PATH[item]}/:id/bilagor`;
    r.get(path, allow(may.readMatters), (req, res) => renderItem(req, res, item, 200));

    r.post(path, allow(may.readMatters), async (req, res) => {
      const id = idParam(req);
      const target = await attachableTarget(db, clock, currentUser(req), item, id);
      const values = formValues(req.body);
      const parsed = parseForm(uploadForm, req.body);
      const tooLarge = uploadRefused(req) !== null;
      if (!parsed.ok) return renderItem(req, res, item, tooLarge ? 413 : 422, values, parsed.errors);
      const { tillbaka, ...input } = parsed.data;
      try {
        await uploadAttachment({ db, clock, config }, currentUser(req), item, id, {
          ...input,
          file: uploadedFileNamed(req.files, 'file'),
          tooLarge,
        });
      } catch (e) {
        if (e instanceof InvalidInputError) return renderItem(req, res, item, tooLarge ? 413 : 422, values, e.errors);
        throw e;
      }
      req.session.flash = 'Bilagan är sparad.';
      res.redirect(303, tillbaka ? `${itemPage(target).href}#attachments-h` : path.replace(':id', String(id)));
    });
  }

  r.get('/bilagor/:id', allow(may.readMatters), async (req, res) => {
    const { attachment, content } = await attachmentFile(db, currentUser(req), idParam(req));
    res.set({
      'Content-Type': attachment.contentType,
      'Content-Length': String(content.length),
      'Content-Disposition': contentDisposition(attachment.fileName),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
    });
    res.end(content);
  });

  async function renderMark(req: Request, res: Response, status: number, values: FormValues, errors: FieldErrors) {
    const { attachment, target } = await attachmentToMark(db, idParam(req));
    res.status(status).render('attachments/mark', { attachment, target, backTo: itemPage(target), values, errors });
  }

  r.get('/bilagor/:id/felaktig', allow(may.markAttachmentsWronglyUploaded), (req, res) =>
    renderMark(req, res, 200, {}, {}),
  );

  r.post('/bilagor/:id/felaktig', allow(may.markAttachmentsWronglyUploaded), async (req, res) => {
    const values = formValues(req.body);
    const parsed = parseForm(markForm, req.body);
    if (!parsed.ok) return renderMark(req, res, 422, values, parsed.errors);
    let marked;
    try {
      marked = await markWronglyUploaded({ db, clock }, currentUser(req), idParam(req), parsed.data.reason);
    } catch (e) {
      if (e instanceof InvalidInputError) return renderMark(req, res, 422, values, e.errors);
      if (e instanceof ConflictError) {
        req.session.flash = 'Bilagan var redan markerad som felaktigt uppladdad.';
        return res.redirect(303, '/');
      }
      throw e;
    }
    req.session.flash = `Bilagan ${marked.fileName} är markerad som felaktigt uppladdad. Den visas inte längre men finns kvar.`;
    res.redirect(303, `/${ITEM_PATH[marked.item]}/${marked.itemId}/bilagor`);
  });

  return r;
}
