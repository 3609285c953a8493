import { Router, type Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { todayOf } from '../clock.ts';
import { allow, currentUser } from '../users/auth.middleware.ts';
import { ConflictError, InvalidInputError } from '../shared/errors.ts';
import { choice, formValues, parseForm, requiredDate, text, version, type FormValues } from '../http/forms.ts';
import { conflictRows, idParam } from '../http/params.ts';
import { may } from '../users/roles.ts';
import { getMatter } from '../matters/matters.service.ts';
import type { Matter } from '../matters/matter.ts';
import { EFFECTS, type Finding } from './finding.ts';
import { findingForm } from './findings.forms.ts';
import { addFinding, editFinding, getFinding, recordEffect } from './findings.service.ts';

const FIELDS: [string, string][] = [
  ['title', 'Brist'],
  ['description', 'Beskrivning'],
  ['responseRequired', 'Kräver redovisning'],
];

const findingUpdateForm = findingForm.extend({ version });

const effectForm = z.object({
  effect: choice('Bedömning', EFFECTS),
  assessedOn: requiredDate('Datum för uppföljningen'),
  comment: text('Kommentar', { max: 4000 }),
  version,
});

function findingValues(f: Finding): FormValues {
  return {
    title: f.title,
    description: f.description,
    responseRequired: f.responseRequired ? 'ja' : 'nej',
    version: String(f.version),
  };
}

export function findingRoutes({ db, clock }: AppDeps): Router {
  const r = Router();

  function render(
    res: Response,
    status: number,
    locals: {
      matter: Matter;
      finding?: Finding;
      values: FormValues;
      errors: Record<string, string>;
      conflict?: unknown;
    },
  ) {
    res.status(status).render('findings/form', { finding: undefined, conflict: undefined, ...locals });
  }

  r.get('/arenden/:id/brister/ny', allow(may.editMatters), async (req, res) => {
    render(res, 200, { matter: await getMatter(db, idParam(req)), values: { responseRequired: 'ja' }, errors: {} });
  });

  r.post('/arenden/:id/brister', allow(may.editMatters), async (req, res) => {
    const matter = await getMatter(db, idParam(req));
    const parsed = parseForm(findingForm, req.body);
    if (!parsed.ok) return render(res, 422, { matter, values: formValues(req.body), errors: parsed.errors });
    await addFinding(db, clock, currentUser(req), matter.id, parsed.data);
    req.session.flash = 'Bristen är tillagd.';
    res.redirect(303, `/arenden/${matter.id}#findings-h`);
  });

  r.get('/brister/:id/redigera', allow(may.editMatters), async (req, res) => {
    const finding = await getFinding(db, idParam(req));
    render(res, 200, {
      matter: await getMatter(db, finding.matterId),
      finding,
      values: findingValues(finding),
      errors: {},
    });
  });

  r.post('/brister/:id', allow(may.editMatters), async (req, res) => {
    const finding = await getFinding(db, idParam(req));
    const matter = await getMatter(db, finding.matterId);
    const values = formValues(req.body);
    const parsed = parseForm(findingUpdateForm, req.body);
    if (!parsed.ok) return render(res, 422, { matter, finding, values, errors: parsed.errors });
    try {
      await editFinding(db, clock, currentUser(req), finding.id, parsed.data.version, parsed.data);
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
      const current = e.current as Finding;
      return render(res, 409, {
        matter,
        finding: current,
        values: { ...values, version: String(current.version) },
        errors: {},
        conflict: conflictRows(FIELDS, values, findingValues(current)),
      });
    }
    req.session.flash = 'Bristen är sparad.';
    res.redirect(303, `/arenden/${matter.id}#finding-${finding.id}`);
  });

  async function renderEffect(
    res: Response,
    status: number,
    finding: Finding,
    values: FormValues,
    errors: Record<string, string>,
    conflict?: unknown,
  ) {
    const matter = await getMatter(db, finding.matterId);
    res.status(status).render('findings/effect', { matter, finding, values, errors, conflict });
  }

  r.get('/brister/:id/effekt', allow(may.editMatters), async (req, res) => {
    const finding = await getFinding(db, idParam(req));
    const values = {
      effect: finding.effect ?? '',
      assessedOn: finding.effectAssessedOn ?? todayOf(clock),
      comment: finding.effectComment,
      version: String(finding.version),
    };
    await renderEffect(res, 200, finding, values, {});
  });

  r.post('/brister/:id/effekt', allow(may.editMatters), async (req, res) => {
    const finding = await getFinding(db, idParam(req));
    const values = formValues(req.body);
    const parsed = parseForm(effectForm, req.body);
    if (!parsed.ok) return renderEffect(res, 422, finding, values, parsed.errors);
    try {
      await recordEffect(db, clock, currentUser(req), finding.id, parsed.data.version, parsed.data);
    } catch (e) {
      if (e instanceof InvalidInputError) return renderEffect(res, 422, finding, values, e.errors);
      if (!(e instanceof ConflictError)) throw e;
      const current = e.current as Finding;
      return renderEffect(res, 409, current, { ...values, version: String(current.version) }, {}, []);
    }
    req.session.flash = 'Uppföljningen av effekt är sparad.';
    res.redirect(303, `/arenden/${finding.matterId}#finding-${finding.id}`);
  });

  return r;
}
