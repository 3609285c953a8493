import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { allow, currentUser } from '../users/auth.middleware.ts';
import { ConflictError, InvalidInputError, type FieldErrors } from '../shared/errors.ts';
import { cleanText, formValues, parseForm, text, version, type FormValues } from '../http/forms.ts';
import { conflictRows, idParam } from '../http/params.ts';
import { may } from '../users/roles.ts';
import type { Committee } from './committee.ts';
import {
  createCommittee,
  getCommittee,
  getOrganisation,
  listCommittees,
  saveOrganisation,
  updateCommittee,
} from './committees.service.ts';
import { uploadedFile } from '../http/uploads.ts';
import type { Organisation } from './organisation.ts';

const organisationForm = z.object({
  municipality: text('Kommunens namn', { required: true, max: 200 }),
  removeLogo: z
    .unknown()
    .optional()
    .transform((v) => cleanText(v) === 'ja'),
  version: z.union([z.literal(''), version]).optional(),
});

const newCommitteeForm = z.object({
  name: text('Namn', { required: true, max: 200 }),
  administration: text('Förvaltning', { max: 200 }),
});

const editCommitteeForm = newCommitteeForm.extend({
  // An unticked checkbox sends nothing, so absence means "not active".
  active: z
    .unknown()
    .optional()
    .transform((v) => cleanText(v) === 'ja'),
  version,
});

function typedValues(req: Request): FormValues {
  const values = formValues(req.body);
  delete values._csrf;
  return values;
}

function committeeValues(c: Committee): FormValues {
  return { name: c.name, administration: c.administration, active: c.active ? 'ja' : '', version: String(c.version) };
}

const CONFLICT_FIELDS: [string, string][] = [
  ['name', 'Namn'],
  ['administration', 'Förvaltning'],
  ['active', 'Aktiv'],
];

/** Form values as a person reads them, for comparing two versions side by side. */
function readable(v: FormValues): FormValues {
  return { ...v, active: v.active === 'ja' ? 'Ja' : 'Nej' };
}

export function committeeRoutes({ db, clock }: AppDeps): Router {
  const r = Router();
  const guard = allow(may.manageCommittees);

  const renderNew = (res: Response, status: number, values: FormValues, errors: FieldErrors) =>
    res.status(status).render('admin/committee-new', { values, errors });

  const renderEdit = (
    res: Response,
    status: number,
    stored: Committee,
    values: FormValues,
    errors: FieldErrors,
    conflict: Committee | null = null,
  ) =>
    res.status(status).render('admin/committee-edit', {
      stored,
      values,
      errors,
      conflict: conflict && conflictRows(CONFLICT_FIELDS, readable(values), readable(committeeValues(conflict))),
    });

  const renderOrganisation = (
    res: Response,
    status: number,
    stored: Organisation,
    values: FormValues,
    errors: FieldErrors,
    conflict = false,
  ) => res.status(status).render('admin/organisation', { stored, values, errors, conflict });

  r.get('/admin/kommun', guard, async (_req, res) => {
    const stored = await getOrganisation(db);
    const values = {
      municipality: stored.municipality,
      version: stored.version === null ? '' : String(stored.version),
    };
    renderOrganisation(res, 200, stored, values, {});
  });

  r.post('/admin/kommun', guard, async (req, res) => {
    const stored = await getOrganisation(db);
    const values = typedValues(req);
    const parsed = parseForm(organisationForm, req.body);
    if (!parsed.ok) return renderOrganisation(res, 422, stored, values, parsed.errors);
    const seen = parsed.data.version === '' || parsed.data.version === undefined ? null : parsed.data.version;
    try {
      await saveOrganisation(db, clock, currentUser(req).id, seen, {
        municipality: parsed.data.municipality,
        logoFile: uploadedFile(req.files, 'logo'),
        removeLogo: parsed.data.removeLogo,
      });
    } catch (e) {
      if (e instanceof InvalidInputError) return renderOrganisation(res, 422, stored, values, e.errors);
      if (!(e instanceof ConflictError)) throw e;
      const current = e.current as Organisation;
      return renderOrganisation(res, 409, current, { ...values, version: String(current.version) }, {}, true);
    }
    req.session.flash = 'Kommunens uppgifter är sparade. De gäller dokument som utfärdas från och med nu.';
    res.redirect(303, '/admin/kommun');
  });

  r.get('/admin/namnder', guard, async (_req, res) => {
    res.render('admin/committees', { committees: await listCommittees(db) });
  });

  r.get('/admin/namnder/ny', guard, (_req, res) => {
    renderNew(res, 200, {}, {});
  });

  r.post('/admin/namnder/ny', guard, async (req, res) => {
    const parsed = parseForm(newCommitteeForm, req.body);
    if (!parsed.ok) return renderNew(res, 422, typedValues(req), parsed.errors);
    try {
      await createCommittee(db, clock, currentUser(req).id, parsed.data);
    } catch (err) {
      if (err instanceof InvalidInputError) return renderNew(res, 422, typedValues(req), err.errors);
      throw err;
    }
    req.session.flash = `Nämnden ${parsed.data.name} är skapad.`;
    res.redirect(303, '/admin/namnder');
  });

  r.get('/admin/namnder/:id', guard, async (req, res) => {
    const committee = await getCommittee(db, idParam(req));
    renderEdit(res, 200, committee, committeeValues(committee), {});
  });

  r.post('/admin/namnder/:id', guard, async (req, res) => {
    const stored = await getCommittee(db, idParam(req));
    const parsed = parseForm(editCommitteeForm, req.body);
    if (!parsed.ok) return renderEdit(res, 422, stored, typedValues(req), parsed.errors);
    const { version: expected, ...input } = parsed.data;
    try {
      await updateCommittee(db, clock, currentUser(req).id, stored.id, expected, input);
    } catch (err) {
      if (err instanceof InvalidInputError) return renderEdit(res, 422, stored, typedValues(req), err.errors);
      if (err instanceof ConflictError) {
        const current = err.current as Committee;
        // Saving again from this form deliberately replaces the newer version.
        const values = { ...typedValues(req), version: String(current.version) };
        return renderEdit(res, 409, current, values, {}, current);
      }
      throw err;
    }
    req.session.flash = `Ändringarna för ${input.name} är sparade.`;
    res.redirect(303, '/admin/namnder');
  });

  return r;
}
