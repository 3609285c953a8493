import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { allow, currentUser } from '../users/auth.middleware.ts';
import { ConflictError, InvalidInputError } from '../shared/errors.ts';
import { formValues, parseForm, requiredDate, text, version, id as idField, type FormValues } from '../http/forms.ts';
import { parseIsoDate } from '../shared/format.ts';
import { idParam, queryId, queryString } from '../http/params.ts';
import { nameFilter } from '../http/name-filter.ts';
import { may } from '../users/roles.ts';
import {
  cancelMeetingById,
  createMeeting,
  editMeeting,
  getMeeting,
  listCommitteeChoices,
  meetingsByCommittee,
  planMeetings,
} from './meetings.service.ts';
import { REPORT_STATE_LABEL, type Meeting } from './meeting.ts';

const meetingSchema = z.object({
  committeeId: idField('Nämnd'),
  heldOn: requiredDate('Datum'),
  title: text('Rubrik', { max: 200 }),
  ownReference: text('Eget diarienummer', { max: 100 }),
  place: text('Plats', { max: 200 }),
  note: text('Anteckning', { max: 2000 }),
});

const editSchema = meetingSchema.extend({ version });

const planSchema = z.object({
  committeeId: idField('Nämnd'),
  dates: text('Datum', { required: true, max: 2000 }).transform((s, ctx) => {
    const parts = s.split(/[\s,;]+/).filter(Boolean);
    const bad = parts.filter((p) => parseIsoDate(p) === null);
    if (bad.length) {
      ctx.addIssue({
        code: 'custom',
        message: `Skriv varje datum som ÅÅÅÅ-MM-DD, ett per rad. Kunde inte läsa: ${bad.slice(0, 3).join(', ')}.`,
      });
      return z.NEVER;
    }
    if (parts.length > 60) {
      ctx.addIssue({ code: 'custom', message: 'Planera högst 60 sammanträden åt gången.' });
      return z.NEVER;
    }
    return parts;
  }),
  title: text('Rubrik', { max: 200 }),
  place: text('Plats', { max: 200 }),
});

const cancelSchema = z.object({ reason: text('Anledning', { max: 500 }), version });

/** A meeting's id in the address; anything else is a meeting that does not exist. */
const meetingIdParam = (req: Request) => idParam(req, 'id', 'Sammanträdet finns inte.');

function meetingValues(m: Meeting): FormValues {
  return {
    committeeId: String(m.committeeId),
    heldOn: m.heldOn,
    title: m.title,
    ownReference: m.ownReference,
    place: m.place,
    note: m.note,
    version: String(m.version),
  };
}

export function meetingRoutes(deps: AppDeps): Router {
  const { db, clock } = deps;
  const router = Router();

  async function committeeOptions(): Promise<[string, string][]> {
    const list = await listCommitteeChoices(db);
    return [['', 'Välj nämnd'], ...list.filter((c) => c.active).map((c) => [String(c.id), c.name] as [string, string])];
  }

  async function renderForm(
    res: Response,
    status: number,
    locals: { meeting?: Meeting; values: FormValues; errors: Record<string, string>; conflict?: Meeting },
  ) {
    res.status(status).render('meetings/form', {
      title: locals.meeting ? 'Ändra sammanträde' : 'Nytt sammanträde',
      committees: await committeeOptions(),
      meeting: locals.meeting ?? null,
      conflict: locals.conflict ?? null,
      values: locals.values,
      errors: locals.errors,
    });
  }

  router.get('/sammantraden', allow(may.readMatters), async (req, res) => {
    const committeeId = queryId(req, 'namnd');
    const committees = await listCommitteeChoices(db);
    const committee = nameFilter(committees, committeeId, queryString(req, 'namnd_namn', 100));
    res.render('meetings/index', {
      title: 'Sammanträden',
      groups: await meetingsByCommittee(db, clock, { committeeId, committeeIds: committee.ids }),
      committees: committee.search ? [] : committees,
      committeeSearch: committee.search,
      filters: { namnd: committeeId, namnd_namn: committee.name },
      REPORT_STATE_LABEL,
    });
  });

  router.get('/sammantraden/ny', allow(may.manageMeetings), async (req, res) => {
    const pre = typeof req.query.namnd === 'string' ? req.query.namnd : '';
    await renderForm(res, 200, { values: { committeeId: pre }, errors: {} });
  });

  router.post('/sammantraden/ny', allow(may.manageMeetings), async (req, res) => {
    const parsed = parseForm(meetingSchema, req.body);
    if (!parsed.ok) return renderForm(res, 422, { values: formValues(req.body), errors: parsed.errors });
    try {
      const id = await createMeeting(db, clock, currentUser(req), parsed.data);
      req.session.flash = 'Sammanträdet har lagts till.';
      res.redirect(303, `/sammantraden/${id}`);
    } catch (err) {
      if (err instanceof InvalidInputError)
        return renderForm(res, 422, { values: formValues(req.body), errors: err.errors });
      throw err;
    }
  });

  router.get('/sammantraden/planera', allow(may.manageMeetings), async (req, res) => {
    res.render('meetings/plan', {
      title: 'Planera årets sammanträden',
      committees: await committeeOptions(),
      values: {},
      errors: {},
    });
  });

  router.post('/sammantraden/planera', allow(may.manageMeetings), async (req, res) => {
    const render = async (errors: Record<string, string>) =>
      res.status(422).render('meetings/plan', {
        title: 'Planera årets sammanträden',
        committees: await committeeOptions(),
        values: formValues(req.body),
        errors,
      });
    const parsed = parseForm(planSchema, req.body);
    if (!parsed.ok) return render(parsed.errors);
    try {
      const { created, skipped } = await planMeetings(db, clock, currentUser(req), parsed.data);
      req.session.flash =
        `${created} ${created === 1 ? 'sammanträde har' : 'sammanträden har'} lagts till.` +
        (skipped.length ? ` Nämnden hade redan sammanträde ${skipped.join(', ')}; de datumen hoppades över.` : '');
      res.redirect(303, `/sammantraden?namnd=${parsed.data.committeeId}`);
    } catch (err) {
      if (err instanceof InvalidInputError) return render(err.errors);
      throw err;
    }
  });

  router.get('/sammantraden/:id/redigera', allow(may.manageMeetings), async (req, res) => {
    const meeting = await getMeeting(db, meetingIdParam(req));
    await renderForm(res, 200, { meeting, values: meetingValues(meeting), errors: {} });
  });

  router.post('/sammantraden/:id/redigera', allow(may.manageMeetings), async (req, res) => {
    const meeting = await getMeeting(db, meetingIdParam(req));
    const parsed = parseForm(editSchema, req.body);
    if (!parsed.ok) return renderForm(res, 422, { meeting, values: formValues(req.body), errors: parsed.errors });
    const { version: expected, ...input } = parsed.data;
    try {
      await editMeeting(db, clock, currentUser(req), meeting.id, expected, input);
    } catch (err) {
      if (err instanceof ConflictError) {
        const current = err.current as Meeting;
        return renderForm(res, 409, {
          meeting: current,
          conflict: current,
          values: { ...formValues(req.body), version: String(current.version) },
          errors: {
            _form:
              'Någon annan har ändrat sammanträdet sedan du öppnade det. Jämför med det som är sparat nu och spara igen.',
          },
        });
      }
      if (err instanceof InvalidInputError)
        return renderForm(res, 422, { meeting, values: formValues(req.body), errors: err.errors });
      throw err;
    }
    req.session.flash = 'Sammanträdet har sparats.';
    res.redirect(303, `/sammantraden/${meeting.id}`);
  });

  router.get('/sammantraden/:id/stall-in', allow(may.manageMeetings), async (req, res) => {
    const meeting = await getMeeting(db, meetingIdParam(req));
    res.render('meetings/cancel', {
      title: 'Ställ in sammanträde',
      meeting,
      values: { version: String(meeting.version) },
      errors: {},
    });
  });

  router.post('/sammantraden/:id/stall-in', allow(may.manageMeetings), async (req, res) => {
    const meeting = await getMeeting(db, meetingIdParam(req));
    const render = (status: number, errors: Record<string, string>, m = meeting) =>
      res.status(status).render('meetings/cancel', {
        title: 'Ställ in sammanträde',
        meeting: m,
        values: { ...formValues(req.body), version: String(m.version) },
        errors,
      });
    const parsed = parseForm(cancelSchema, req.body);
    if (!parsed.ok) return render(422, parsed.errors);
    try {
      await cancelMeetingById(db, clock, currentUser(req), meeting.id, parsed.data.version, parsed.data.reason);
    } catch (err) {
      if (err instanceof ConflictError)
        return render(
          409,
          {
            _form:
              'Någon annan har ändrat sammanträdet sedan du öppnade sidan. Kontrollera uppgifterna och försök igen.',
          },
          err.current as Meeting,
        );
      if (err instanceof InvalidInputError) return render(422, err.errors);
      throw err;
    }
    req.session.flash = 'Sammanträdet är inställt.';
    res.redirect(303, `/sammantraden/${meeting.id}`);
  });

  return router;
}
