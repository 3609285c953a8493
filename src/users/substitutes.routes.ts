import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { todayOf } from '../clock.ts';
import { allow, currentUser } from './auth.middleware.ts';
import { may } from './roles.ts';
import { ConflictError, InvalidInputError } from '../shared/errors.ts';
import { formValues, id, parseForm, requiredDate, version, type FormValues } from '../http/forms.ts';
import { idParam } from '../http/params.ts';
import { listPossibleOwners } from './users.service.ts';
import { endSubstitute, nameSubstitute, substitutesOf } from './substitutes.service.ts';

const substituteForm = z.object({
  substituteId: id('Ersättare'),
  fromOn: requiredDate('Från'),
  toOn: requiredDate('Till och med'),
});

/** Mina ersättare: a chef names who stands in for her, and when. */
export function substituteRoutes({ db, clock }: AppDeps): Router {
  const r = Router();
  const guard = allow(may.ownActions);

  async function render(
    req: Request,
    res: Response,
    status: number,
    values: FormValues,
    errors: Record<string, string>,
  ) {
    const user = currentUser(req);
    res.status(status).render('account/substitutes', {
      substitutes: await substitutesOf(db, clock, user),
      candidates: (await listPossibleOwners(db)).filter((u) => u.id !== user.id),
      values,
      errors,
    });
  }

  r.get('/konto/ersattare', guard, (req, res) => render(req, res, 200, { fromOn: todayOf(clock) }, {}));

  r.post('/konto/ersattare', guard, async (req, res) => {
    const values = formValues(req.body);
    const parsed = parseForm(substituteForm, req.body);
    if (!parsed.ok) return render(req, res, 422, values, parsed.errors);
    try {
      await nameSubstitute(db, clock, currentUser(req), parsed.data);
    } catch (e) {
      if (e instanceof InvalidInputError) return render(req, res, 422, values, e.errors);
      throw e;
    }
    req.session.flash = 'Ersättaren är sparad. Under perioden ser ersättaren dina åtgärder och kan uppdatera dem.';
    res.redirect(303, '/konto/ersattare');
  });

  r.post('/konto/ersattare/:id/avsluta', guard, async (req, res) => {
    const parsed = parseForm(z.object({ version }), req.body);
    if (!parsed.ok) return render(req, res, 422, {}, parsed.errors);
    try {
      await endSubstitute(
        db,
        clock,
        currentUser(req),
        idParam(req, 'id', 'Ersättaren finns inte.'),
        parsed.data.version,
      );
    } catch (e) {
      if (e instanceof ConflictError)
        return render(
          req,
          res,
          409,
          {},
          { _form: 'Perioden ändrades medan du hade sidan öppen. Kontrollera listan och försök igen.' },
        );
      throw e;
    }
    req.session.flash = 'Ersättarens period är avslutad.';
    res.redirect(303, '/konto/ersattare');
  });
  return r;
}
