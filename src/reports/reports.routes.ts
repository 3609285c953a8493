import { sendPdf } from '../http/pdf-response.ts';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { allow, currentUser } from '../users/auth.middleware.ts';
import { InvalidInputError } from '../shared/errors.ts';
import { formValues, parseForm, text, version } from '../http/forms.ts';
import { may } from '../users/roles.ts';
import { idParam } from '../http/params.ts';
import {
  AlreadyIssuedError,
  draftReport,
  draftReportPdf,
  issueReport,
  issuedReportPdf,
  meetingWithReports,
} from './reports.service.ts';

const issueSchema = z.object({
  issuedVersionsSeen: version,
  reason: text('Anledning', { max: 1000 }),
});

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
    const { meeting, report, issued } = await draftReport(deps, meetingIdParam(req), currentUser(req));
    res.render('reports/preview', {
      title: `Utkast: återrapportering ${meeting.committeeName}`,
      meeting,
      report,
      issued,
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

  router.get('/rapporter/:id.pdf', allow(may.readMatters), async (req, res) => {
    const reportId = idParam(req, 'id', 'Återrapporteringen finns inte.');
    const { pdf, filename, sha256 } = await issuedReportPdf(db, reportId);
    res.set('ETag', `"${sha256}"`);
    sendPdf(res, pdf, filename);
  });

  return router;
}
