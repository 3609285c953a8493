import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../app-deps.ts';
import { allow, currentUser } from '../users/auth.middleware.ts';
import { ConflictError, InvalidInputError } from '../shared/errors.ts';
import { formValues, parseForm, type FormValues } from '../http/forms.ts';
import { conflictRows, idParam, lastPageIfBeyond, pageParam, pager, queryString } from '../http/params.ts';
import { may } from '../users/roles.ts';
import { matterListQuery } from './matter-list-query.ts';
import { listCommittees } from '../committees/committees.service.ts';
import type { Matter } from './matter.ts';
import { MATTER_FIELDS, closeForm, matterForm, matterUpdateForm, matterValues } from './matters.forms.ts';
import * as service from './matters.service.ts';
import { TABLE_FORMATS, sendTable } from '../http/table-response.ts';
import { todayOf } from '../clock.ts';

export function matterRoutes({ db, clock, config }: AppDeps): Router {
  const r = Router();

  async function renderForm(
    res: Response,
    status: number,
    locals: { matter?: Matter; values: FormValues; errors: Record<string, string>; conflict?: unknown },
  ) {
    const committees = await listCommittees(db, { activeOnly: true });
    if (locals.matter && !committees.some((c) => c.id === locals.matter!.committeeId)) {
      committees.push({
        id: locals.matter.committeeId,
        name: locals.matter.committeeName,
        administration: '',
        active: false,
        version: 0,
      });
    }
    res.status(status).render('matters/form', { committees, matter: undefined, conflict: undefined, ...locals });
  }

  /** The list's filters as the page shows them (`filters`) and as the query takes them (`filter`). */
  async function listFilters(req: Request) {
    const committees = await listCommittees(db, { activeOnly: false });
    const { filters, filter, committee } = matterListQuery((name, max) => queryString(req, name, max), committees);
    return { committees, committee, filters, filter };
  }

  r.get('/arenden', async (req, res) => {
    const { committees, committee, filters, filter } = await listFilters(req);
    const page = pageParam(req, 25);
    const { items, total } = await service.listMatters(db, filter, page);
    const beyond = lastPageIfBeyond(req, page, total);
    if (beyond) return res.redirect(303, beyond);
    res.render('matters/index', {
      matters: items,
      filters,
      pager: pager(page, total),
      committees: committee.search ? [] : committees,
      committeeSearch: committee.search,
      canEdit: may.editMatters(currentUser(req).role),
    });
  });

  for (const format of TABLE_FORMATS) {
    // The list as a file: the same filters, every matching row.
    r.get(`/arenden.${format}`, async (req, res) => {
      const { filter } = await listFilters(req);
      await sendTable(res, format, service.matterExport(db, filter), todayOf(clock));
    });
  }

  r.get('/arenden/ny', allow(may.editMatters), async (_req, res) => {
    await renderForm(res, 200, { values: { fineStatus: 'none', kind: 'ivo_supervision' }, errors: {} });
  });

  r.post('/arenden', allow(may.editMatters), async (req, res) => {
    const parsed = parseForm(matterForm, req.body);
    if (!parsed.ok) return renderForm(res, 422, { values: formValues(req.body), errors: parsed.errors });
    let id: number;
    try {
      id = await service.createMatter(db, clock, currentUser(req), parsed.data);
    } catch (e) {
      if (e instanceof InvalidInputError)
        return renderForm(res, 422, { values: formValues(req.body), errors: e.errors });
      throw e;
    }
    req.session.flash = 'Ärendet är registrerat. Lägg nu till bristerna i beslutet.';
    res.redirect(303, `/arenden/${id}`);
  });

  r.get('/arenden/:id/redigera', allow(may.editMatters), async (req, res) => {
    const matter = await service.getMatter(db, idParam(req));
    await renderForm(res, 200, { matter, values: matterValues(matter), errors: {} });
  });

  r.post('/arenden/:id', allow(may.editMatters), async (req, res) => {
    const id = idParam(req);
    const matter = await service.getMatter(db, id);
    const values = formValues(req.body);
    const parsed = parseForm(matterUpdateForm, req.body);
    if (!parsed.ok) return renderForm(res, 422, { matter, values, errors: parsed.errors });
    try {
      await service.updateMatter(db, clock, currentUser(req), id, parsed.data.version, parsed.data);
    } catch (e) {
      if (e instanceof InvalidInputError) return renderForm(res, 422, { matter, values, errors: e.errors });
      if (!(e instanceof ConflictError)) throw e;
      const current = e.current as Matter;
      return renderForm(res, 409, {
        matter: current,
        values: { ...values, version: String(current.version) },
        errors: {},
        conflict: conflictRows(MATTER_FIELDS, values, matterValues(current)),
      });
    }
    req.session.flash = 'Ändringarna är sparade.';
    res.redirect(303, `/arenden/${id}`);
  });

  async function renderClose(
    req: Request,
    res: Response,
    status: number,
    values: FormValues,
    errors: Record<string, string>,
    conflict?: boolean,
  ) {
    const matter = await service.getMatter(db, idParam(req));
    res.status(status).render('matters/close', {
      matter,
      values: {
        version: String(matter.version),
        ...values,
        ...(conflict ? { version: String(matter.version) } : {}),
      },
      errors,
      conflict,
    });
  }

  r.get('/arenden/:id/avsluta', allow(may.editMatters), async (req, res) => {
    const matter = await service.getMatter(db, idParam(req));
    await renderClose(req, res, 200, { closedOn: '', closedNote: '', version: String(matter.version) }, {});
  });

  r.post('/arenden/:id/avsluta', allow(may.editMatters), async (req, res) => {
    const id = idParam(req);
    const values = formValues(req.body);
    const parsed = parseForm(closeForm, req.body);
    if (!parsed.ok) return renderClose(req, res, 422, values, parsed.errors);
    try {
      await service.closeMatter(
        db,
        clock,
        currentUser(req),
        id,
        parsed.data.version,
        parsed.data.closedOn,
        parsed.data.closedNote,
      );
    } catch (e) {
      if (e instanceof InvalidInputError) return renderClose(req, res, 422, values, e.errors);
      if (e instanceof ConflictError) return renderClose(req, res, 409, values, {}, true);
      throw e;
    }
    req.session.flash = 'Ärendet är avslutat.';
    res.redirect(303, `/arenden/${id}`);
  });

  r.post('/arenden/:id/ateroppna', allow(may.editMatters), async (req, res) => {
    const id = idParam(req);
    const parsed = parseForm(closeForm.pick({ version: true }), req.body);
    if (!parsed.ok) throw new InvalidInputError(parsed.errors);
    try {
      await service.reopenMatter(db, clock, currentUser(req), id, parsed.data.version);
      req.session.flash = 'Ärendet är återöppnat.';
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
      req.session.flash =
        'Ärendet ändrades av någon annan medan du läste det. Kontrollera uppgifterna och försök igen.';
    }
    res.redirect(303, `/arenden/${id}`);
  });

  return r;
}
