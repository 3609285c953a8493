import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { allow, currentUser } from '../users/auth.middleware.ts';
import { ConflictError, InvalidInputError } from '../shared/errors.ts';
import { date, formValues, ids, parseForm, requiredDate, text, version, type FormValues } from '../http/forms.ts';
import { idParam } from '../http/params.ts';
import { may } from '../users/roles.ts';
import { sendDocx, sendPdf } from '../http/pdf-response.ts';
import {
  draftSubmissionPdf,
  registerSubmission,
  submissionDocx,
  submissionFormData,
  submissionPdf,
} from './submissions.service.ts';
import { IVO } from './submission-model.ts';

/** The covering frame typed on the form: to whom, the nämnd's decision, the covering text, the bilagor. */
const frameFields = {
  // Empty: IVO, as the form proposes.
  addressee: text('Till', { max: 200 }),
  decision: text('Nämndens beslut', { max: 200 }),
  decisionOn: date('Beslutsdatum (nämnden)'),
  coveringText: text('Följebrev', { max: 8000 }),
  attachments: text('Bilagor', { max: 2000 }),
};

const registerSchema = z.object({
  sentOn: requiredDate('Skickad'),
  findingIds: ids('brist', { min: 1 }),
  note: text('Anteckning', { max: 2000 }),
  roundsSeen: version,
  ...frameFields,
});

const draftSchema = z.object({ sentOn: date('Skickad'), findingIds: ids('brist'), ...frameFields });

function frameOf(d: z.output<typeof draftSchema>) {
  return {
    addressee: d.addressee || IVO,
    decision: d.decision,
    decisionOn: d.decisionOn,
    coveringText: d.coveringText,
    attachments: d.attachments,
  };
}

export function submissionRoutes(deps: AppDeps): Router {
  const { db } = deps;
  const router = Router();

  async function renderPage(
    req: Request,
    res: Response,
    matterId: number,
    status: number,
    values: FormValues,
    errors: Record<string, string>,
  ) {
    const data = await submissionFormData(db, matterId);
    res.status(status).render('submissions/index', {
      title: `Redovisning till IVO – ${data.matter.title}`,
      ...data,
      canRegister: may.registerSubmissions(currentUser(req).role),
      values: {
        roundsSeen: String(data.submissions.length),
        addressee: data.frame.addressee,
        coveringText: data.frame.coveringText,
        ...values,
      },
      errors,
    });
  }

  router.get('/arenden/:id/redovisningar', allow(may.readMatters), async (req, res) => {
    await renderPage(req, res, idParam(req, 'id', 'Ärendet finns inte.'), 200, {}, {});
  });

  router.get('/arenden/:id/redovisningar/utkast.pdf', allow(may.readMatters), async (req, res) => {
    const chosen = ([] as unknown[])
      .concat(req.query.brist ?? [])
      .map(String)
      .filter((s) => /^\d{1,12}$/.test(s))
      .map(Number);
    const { pdf, filename } = await draftSubmissionPdf(
      deps,
      idParam(req, 'id', 'Ärendet finns inte.'),
      currentUser(req),
      chosen.length ? chosen : null,
    );
    sendPdf(res, pdf, filename);
  });

  // "Förhandsgranska som PDF" on the registration form: the draft with what has been typed.
  router.post('/arenden/:id/redovisningar/utkast.pdf', allow(may.registerSubmissions), async (req, res) => {
    const matterId = idParam(req, 'id', 'Ärendet finns inte.');
    const parsed = parseForm(draftSchema, req.body);
    if (!parsed.ok) return renderPage(req, res, matterId, 422, formValues(req.body), parsed.errors);
    const { findingIds, sentOn } = parsed.data;
    try {
      const { pdf, filename } = await draftSubmissionPdf(
        deps,
        matterId,
        currentUser(req),
        findingIds.length ? findingIds : null,
        frameOf(parsed.data),
        sentOn,
      );
      sendPdf(res, pdf, filename);
    } catch (err) {
      if (!(err instanceof InvalidInputError)) throw err;
      return renderPage(req, res, matterId, 422, formValues(req.body), err.errors);
    }
  });

  router.post('/arenden/:id/redovisningar', allow(may.registerSubmissions), async (req, res) => {
    const matterId = idParam(req, 'id', 'Ärendet finns inte.');
    const parsed = parseForm(registerSchema, req.body);
    if (!parsed.ok) return renderPage(req, res, matterId, 422, formValues(req.body), parsed.errors);
    try {
      await registerSubmission(deps, matterId, currentUser(req), { ...parsed.data, frame: frameOf(parsed.data) });
    } catch (err) {
      if (err instanceof InvalidInputError)
        return renderPage(req, res, matterId, 422, formValues(req.body), err.errors);
      if (err instanceof ConflictError) {
        const { roundsSeen: _seen, ...typed } = formValues(req.body);
        return renderPage(req, res, matterId, 409, typed, {
          _form:
            'Någon annan registrerade en redovisning för ärendet medan du hade sidan öppen. Kontrollera listan och registrera igen om din redovisning saknas.',
        });
      }
      throw err;
    }
    req.session.flash = 'Redovisningen till IVO är registrerad och sparad som PDF.';
    res.redirect(303, `/arenden/${matterId}/redovisningar`);
  });

  router.get('/redovisningar/:id.docx', allow(may.readMatters), async (req, res) => {
    const { docx, filename } = await submissionDocx(db, idParam(req, 'id', 'Redovisningen finns inte.'));
    sendDocx(res, docx, filename);
  });

  router.get('/redovisningar/:id.pdf', allow(may.readMatters), async (req, res) => {
    const { pdf, filename, sha256 } = await submissionPdf(db, idParam(req, 'id', 'Redovisningen finns inte.'));
    res.set('ETag', `"${sha256}"`);
    sendPdf(res, pdf, filename);
  });

  return router;
}
