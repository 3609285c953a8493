import { sendDocx, sendPdf } from '../http/pdf-response.ts';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { allow, currentUser } from '../users/auth.middleware.ts';
import { InvalidInputError } from '../shared/errors.ts';
import { formValues, parseForm, requiredDate, text, version, type FormValues } from '../http/forms.ts';
import { conflictRows } from '../http/params.ts';
import { ConflictError } from '../shared/errors.ts';
import {
  FRAME_LABEL,
  frameFacts,
  frameSections,
  generatedSummary,
  type ReportFrame,
  type ReportFrameInput,
} from './frame.ts';
import { may } from '../users/roles.ts';
import { idParam } from '../http/params.ts';
import {
  AlreadyIssuedError,
  draftReport,
  draftReportPdf,
  issueReport,
  issuedReportDocx,
  issuedReportPdf,
  meetingWithReports,
  saveReportFrame,
} from './reports.service.ts';

const issueSchema = z.object({
  issuedVersionsSeen: version,
  reason: text('Anledning', { max: 1000 }),
});

const frameForm = z.object({
  addressee: text(FRAME_LABEL.addressee, { required: true, max: 200 }),
  datedOn: requiredDate(FRAME_LABEL.datedOn),
  reference: text(FRAME_LABEL.reference, { max: 100 }),
  officer: text(FRAME_LABEL.officer, { required: true, max: 200 }),
  subject: text(FRAME_LABEL.subject, { required: true, max: 300 }),
  proposal: text(FRAME_LABEL.proposal, { required: true, max: 2000 }),
  summary: text(FRAME_LABEL.summary, { max: 4000 }),
  generatedSummary: text('Framräknad sammanfattning', { max: 4000 }),
  background: text(FRAME_LABEL.background, { max: 8000 }),
  assessment: text(FRAME_LABEL.assessment, { max: 8000 }),
  consequences: text(FRAME_LABEL.consequences, { max: 4000 }),
  signatoryName: text(FRAME_LABEL.signatoryName, { max: 200 }),
  signatoryTitle: text(FRAME_LABEL.signatoryTitle, { max: 200 }),
  attachments: text(FRAME_LABEL.attachments, { max: 2000 }),
  // Empty until the frame is saved the first time.
  version: z.union([z.literal(''), version]).optional(),
});

const FRAME_FIELDS = Object.entries(FRAME_LABEL) as [keyof ReportFrameInput, string][];

function frameValues(frame: ReportFrame, generated: string): FormValues {
  const values: FormValues = {};
  for (const [name] of FRAME_FIELDS) values[name] = String(frame[name] ?? '');
  values.summary = frame.summary ?? generated;
  values.generatedSummary = generated;
  values.version = frame.version === null ? '' : String(frame.version);
  return values;
}

/** A meeting's id in the address; anything else is a meeting that does not exist. */
const meetingIdParam = (req: Request) => idParam(req, 'id', 'Sammanträdet finns inte.');

export function reportRoutes(deps: AppDeps): Router {
  const { db, clock } = deps;
  const router = Router();

  /** A sammanträde's page: its återrapportering, issued versions and the form to issue one. */
  async function renderMeeting(req: Request, res: Response, status: number, errors: Record<string, string>) {
    const page = await meetingWithReports(db, clock, meetingIdParam(req));
    const role = currentUser(req).role;
    res.status(status).render('meetings/show', {
      title: `Sammanträde ${page.meeting.committeeName}`,
      ...page,
      canManage: may.manageMeetings(role),
      canIssue: may.issueReports(role),
      values: formValues(req.body ?? {}),
      errors,
    });
  }

  router.get('/sammantraden/:id', allow(may.readMatters), (req, res) => renderMeeting(req, res, 200, {}));

  router.get('/sammantraden/:id/rapport', allow(may.readMatters), async (req, res) => {
    const { meeting, report, issued, printed, sender } = await draftReport(deps, meetingIdParam(req), currentUser(req));
    res.render('reports/preview', {
      title: `Utkast: återrapportering ${meeting.committeeName}`,
      meeting,
      report,
      issued,
      printed,
      sender: { municipality: sender.municipality },
      frameFacts,
      frameSections,
      canIssue: may.issueReports(currentUser(req).role),
    });
  });

  router.get('/sammantraden/:id/rapport.pdf', allow(may.readMatters), async (req, res) => {
    const { pdf, filename } = await draftReportPdf(deps, meetingIdParam(req), currentUser(req));
    sendPdf(res, pdf, filename);
  });

  router.post('/sammantraden/:id/utfarda', allow(may.issueReports), async (req, res) => {
    const meetingId = meetingIdParam(req);
    const user = currentUser(req);
    const parsed = parseForm(issueSchema, req.body);
    if (!parsed.ok) return renderMeeting(req, res, 422, parsed.errors);
    try {
      const issued = await issueReport(deps, meetingId, user, parsed.data);
      req.session.flash = `Återrapporteringen är utfärdad (${issued.documentId}). Den kan inte längre ändras.`;
      res.redirect(303, `/sammantraden/${meetingId}`);
    } catch (err) {
      if (err instanceof AlreadyIssuedError) {
        const latest = err.current[err.current.length - 1];
        return renderMeeting(req, res, 409, {
          _form: `Återrapporteringen utfärdades redan (${latest?.documentId ?? 'okänd'}) medan du hade sidan öppen, så den utfärdades inte en gång till. Behövs en rättelse, utfärda en ny version och ange varför.`,
        });
      }
      if (err instanceof InvalidInputError) return renderMeeting(req, res, 422, err.errors);
      throw err;
    }
  });

  /** The tjänsteskrivelse the återrapportering goes to the nämnd with. */
  async function renderFrame(
    req: Request,
    res: Response,
    status: number,
    values: FormValues | null,
    errors: Record<string, string>,
    conflict?: unknown,
  ) {
    const { meeting, report, frame } = await draftReport(deps, meetingIdParam(req), currentUser(req));
    const generated = generatedSummary(report);
    res.status(status).render('reports/frame', {
      title: `Tjänsteskrivelse: ${meeting.committeeName} ${meeting.heldOn}`,
      meeting,
      fields: FRAME_LABEL,
      values: values ?? frameValues(frame, generated),
      errors,
      conflict,
    });
  }

  router.get('/sammantraden/:id/tjansteskrivelse', allow(may.issueReports), (req, res) =>
    renderFrame(req, res, 200, null, {}),
  );

  router.post('/sammantraden/:id/tjansteskrivelse', allow(may.issueReports), async (req, res) => {
    const meetingId = meetingIdParam(req);
    const values = formValues(req.body);
    const parsed = parseForm(frameForm, req.body);
    if (!parsed.ok) return renderFrame(req, res, 422, values, parsed.errors);
    const { version: seen, generatedSummary: generated, ...input } = parsed.data;
    // A summary left as it was generated stays generated: it follows the figures until issued.
    const summary = input.summary === '' || input.summary === generated ? null : input.summary;
    try {
      await saveReportFrame(deps, meetingId, currentUser(req), seen === '' || seen === undefined ? null : seen, {
        ...input,
        summary,
      });
    } catch (e) {
      if (e instanceof InvalidInputError) return renderFrame(req, res, 422, values, e.errors);
      if (!(e instanceof ConflictError)) throw e;
      const theirs = e.current as ReportFrame;
      const current = frameValues(theirs, generated);
      return renderFrame(
        req,
        res,
        409,
        { ...values, version: current.version },
        {},
        conflictRows(FRAME_FIELDS, values, current),
      );
    }
    req.session.flash = 'Tjänsteskrivelsen är sparad. Förhandsgranska återrapporteringen innan den utfärdas.';
    res.redirect(303, `/sammantraden/${meetingId}`);
  });

  router.get('/rapporter/:id.docx', allow(may.readMatters), async (req, res) => {
    const reportId = idParam(req, 'id', 'Återrapporteringen finns inte.');
    const { docx, filename } = await issuedReportDocx(db, reportId);
    sendDocx(res, docx, filename);
  });

  router.get('/rapporter/:id.pdf', allow(may.readMatters), async (req, res) => {
    const reportId = idParam(req, 'id', 'Återrapporteringen finns inte.');
    const { pdf, filename, sha256 } = await issuedReportPdf(db, reportId);
    res.set('ETag', `"${sha256}"`);
    sendPdf(res, pdf, filename);
  });

  return router;
}
