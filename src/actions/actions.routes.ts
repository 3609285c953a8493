import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { allow, currentUser } from '../users/auth.middleware.ts';
import { ConflictError, ForbiddenError, InvalidInputError } from '../shared/errors.ts';
import { choice, formValues, parseForm, requiredDate, text, version, type FormValues } from '../http/forms.ts';
import { conflictRows, idParam, lastPageIfBeyond, pageParam, pager, queryId, queryString } from '../http/params.ts';
import { may } from '../users/roles.ts';
import { standsInFor } from '../users/substitutes.service.ts';
import { listAttachments } from '../attachments/attachments.service.ts';
import { listPossibleOwners } from '../users/users.service.ts';
import { listFindingsOfCommittee } from '../findings/findings.service.ts';
import { getMatter } from '../matters/matters.service.ts';
import { ACTION_STATUSES, ACTION_STATUS_LABEL, type Action, type ActionStatusFilter } from './action.ts';
import * as service from './actions.service.ts';
import { actionListQuery } from './action-list-query.ts';
import { actionForm } from './actions.forms.ts';
import { TABLE_FORMATS, sendTable } from '../http/table-response.ts';
import { todayOf } from '../clock.ts';

const FIELDS: [string, string][] = [
  ['title', 'Åtgärd'],
  ['description', 'Beskrivning'],
  ['ownerId', 'Ansvarig'],
  ['dueOn', 'Slutdatum'],
  ['findingIds', 'Brister'],
];

const actionUpdateForm = actionForm.extend({
  dueDateReason: text('Skäl till nytt slutdatum', { max: 2000 }),
  version,
});

const dueRequestForm = z.object({
  requestedDueOn: requiredDate('Begärt slutdatum'),
  reason: text('Skäl', { max: 2000 }),
});

const dueAnswerForm = z.object({
  reason: text('Skäl till att begäran avslås', { max: 2000 }),
  version,
});

const statusForm = z.object({
  status: choice('Status', ACTION_STATUSES),
  comment: text('Kommentar', { max: 4000 }),
  version,
});

function filterLabels(staleDays: number): Record<ActionStatusFilter, string> {
  return {
    ...ACTION_STATUS_LABEL,
    overdue: 'Försenad',
    open: 'Ej avslutade (Ej påbörjad eller Pågår)',
    stale: `Ej uppdaterade på ${staleDays} dagar`,
  };
}

function actionValues(a: Action, findingIds: number[]): FormValues {
  return {
    title: a.title,
    description: a.description,
    ownerId: String(a.ownerId),
    dueOn: a.dueOn,
    findingIds: findingIds.map(String),
    version: String(a.version),
  };
}

export function actionRoutes({ db, clock, config }: AppDeps): Router {
  const r = Router();
  const owners = () => listPossibleOwners(db);
  const choices = service.filterChoices(db);
  const listPage = service.actionList(db, config);
  const statusOptions = Object.entries(filterLabels(config.staleDays));

  /** The list's filters as the page shows them (`filters`) and as the query takes them (`filter`). */
  async function listFilters(req: Request, mine: boolean) {
    const user = currentUser(req);
    const standing = await standsInFor(db, clock, user.id);
    const choice = await choices();
    const { filters, filter, owner, committee } = actionListQuery(
      (name, max) => queryString(req, name, max),
      choice,
      mine ? { userId: user.id, standsInFor: standing } : undefined,
    );
    return { user, standing, choice, owner, committee, filters, filter };
  }

  async function list(req: Request, res: Response, mine: boolean) {
    const { user, standing, choice, owner, committee, filters, filter } = await listFilters(req, mine);
    const page = pageParam(req, 50);
    const { items, total } = await listPage(clock, filter, page);
    const beyond = lastPageIfBeyond(req, page, total);
    if (beyond) return res.redirect(303, beyond);
    const invalidDate = queryString(req, 'fore') !== '' && !filters.fore;
    res.render('actions/index', {
      title: mine ? 'Mina åtgärder' : 'Åtgärder',
      base: mine ? '/atgarder/mina' : '/atgarder',
      mine,
      actions: items,
      filters: { ...filters, fore: invalidDate ? queryString(req, 'fore') : filters.fore },
      invalidDate,
      pager: pager(page, total),
      statusOptions,
      owners: mine ? [] : choice.owners,
      ownerSearch: owner.search,
      committees: committee.search ? [] : choice.committees,
      committeeSearch: committee.search,
      matter: filters.arende ? await getMatter(db, filters.arende).catch(() => null) : null,
      canCreate: may.editMatters(user.role),
      canUpdate: (a: Pick<Action, 'ownerId'>) => service.mayUpdateStatus(user, a, standing),
      standingFor: mine ? standing : [],
    });
  }

  r.get('/atgarder', (req, res) => list(req, res, false));
  r.get('/atgarder/mina', allow(may.ownActions), (req, res) => list(req, res, true));
  for (const format of TABLE_FORMATS) {
    // The list as a file: the same filters, every matching row.
    r.get(`/atgarder.${format}`, async (req, res) => {
      const { filter } = await listFilters(req, false);
      await sendTable(res, format, service.actionExport(db, clock, config, filter), todayOf(clock));
    });
  }

  async function renderForm(
    res: Response,
    status: number,
    locals: {
      committeeId: number;
      action?: Action;
      values: FormValues;
      errors: Record<string, string>;
      conflict?: unknown;
      backTo: string;
    },
  ) {
    const selected = (
      Array.isArray(locals.values.findingIds) ? locals.values.findingIds : [locals.values.findingIds ?? '']
    )
      .map(Number)
      .filter(Boolean);
    const findings = await listFindingsOfCommittee(db, locals.committeeId, selected);
    const byMatter = new Map<number, { title: string; reference: string; findings: typeof findings }>();
    for (const f of findings) {
      if (!byMatter.has(f.matterId))
        byMatter.set(f.matterId, { title: f.matterTitle, reference: f.matterReference, findings: [] });
      byMatter.get(f.matterId)!.findings.push(f);
    }
    // A new action from a matter offers that matter's brister first; the nämnd's other ärenden
    // are folded below (open when one of their brister is chosen).
    const own = Number(locals.values.arende) || 0;
    const matters = [...byMatter.entries()].map(([id, m]) =>
      Object.assign(m, { own: id === own, chosen: m.findings.some((f) => selected.includes(f.id)) }),
    );
    res.status(status).render('actions/form', {
      action: undefined,
      conflict: undefined,
      ...locals,
      matters: own ? matters.filter((m) => m.own) : matters,
      otherMatters: own ? matters.filter((m) => !m.own) : [],
      owners: await owners(),
    });
  }

  r.get('/atgarder/ny', allow(may.editMatters), async (req, res) => {
    const matterId = queryId(req, 'arende');
    if (!matterId) return res.redirect(303, '/arenden');
    const matter = await getMatter(db, matterId);
    const findingId = queryId(req, 'brist');
    await renderForm(res, 200, {
      committeeId: matter.committeeId,
      values: { findingIds: findingId ? [String(findingId)] : [], arende: String(matter.id) },
      errors: {},
      backTo: `/arenden/${matter.id}`,
    });
  });

  r.post('/atgarder', allow(may.editMatters), async (req, res) => {
    const values = formValues(req.body);
    const matter = await getMatter(db, Number(values.arende) || 0);
    const parsed = parseForm(actionForm, req.body);
    const again = (status: number, errors: Record<string, string>) =>
      renderForm(res, status, { committeeId: matter.committeeId, values, errors, backTo: `/arenden/${matter.id}` });
    if (!parsed.ok) return again(422, parsed.errors);
    let newId: number;
    try {
      newId = await service.createAction(db, clock, currentUser(req), parsed.data);
    } catch (e) {
      if (e instanceof InvalidInputError) return again(422, e.errors);
      throw e;
    }
    // "Skapa och lägg till nästa": a plan of many actions is entered one form after the other.
    if (values.nasta === 'ja') {
      req.session.flash = `Åtgärden ”${parsed.data.title}” är skapad. Lägg till nästa åtgärd i ärendet.`;
      return res.redirect(303, `/atgarder/ny?arende=${matter.id}`);
    }
    req.session.flash = 'Åtgärden är skapad.';
    res.redirect(303, `/atgarder/${newId}`);
  });

  async function renderShow(
    req: Request,
    res: Response,
    status: number,
    extra: { values?: FormValues; errors?: Record<string, string>; conflict?: boolean } = {},
  ) {
    const page = await service.getActionPage(db, clock, idParam(req), config);
    const user = currentUser(req);
    const standing = await standsInFor(db, clock, user.id);
    res.status(status).render('actions/show', {
      ...page,
      canEdit: may.editMatters(user.role),
      canUpdate: service.mayUpdateStatus(user, page.action, standing),
      attachments: await listAttachments(db, { item: 'action', id: page.action.id }),
      canMark: may.markAttachmentsWronglyUploaded(user.role),
      maxUploadMb: config.maxUploadMb,
      values: { status: page.action.status, comment: '', ...extra.values, version: String(page.action.version) },
      errors: extra.errors ?? {},
      conflict: extra.conflict ?? false,
    });
  }

  r.get('/atgarder/:id', (req, res) => renderShow(req, res, 200));

  r.post('/atgarder/:id/slutdatum/begaran', async (req, res) => {
    const actionId = idParam(req);
    const standing = await standsInFor(db, clock, currentUser(req).id);
    if (!service.mayUpdateStatus(currentUser(req), await service.getAction(db, actionId), standing))
      throw new ForbiddenError('Du kan bara begära nytt slutdatum för dina egna åtgärder.');
    const values = formValues(req.body);
    const parsed = parseForm(dueRequestForm, req.body);
    if (!parsed.ok) return renderShow(req, res, 422, { values, errors: parsed.errors });
    try {
      await service.requestDueDate(db, clock, currentUser(req), actionId, parsed.data);
    } catch (e) {
      if (e instanceof InvalidInputError) return renderShow(req, res, 422, { values, errors: e.errors });
      throw e;
    }
    req.session.flash = 'Begäran om nytt slutdatum är skickad till förvaltningschefen.';
    res.redirect(303, `/atgarder/${actionId}`);
  });

  for (const [path, approve] of [
    ['godkann', true],
    ['avsla', false],
  ] as const) {
    r.post(`/atgarder/:id/slutdatum/begaran/${path}`, allow(may.editMatters), async (req, res) => {
      const actionId = idParam(req);
      const values = formValues(req.body);
      const parsed = parseForm(dueAnswerForm, req.body);
      if (!parsed.ok) return renderShow(req, res, 422, { values, errors: parsed.errors });
      try {
        await service.answerDueRequest(db, clock, currentUser(req), actionId, parsed.data.version, {
          approve,
          reason: parsed.data.reason,
        });
      } catch (e) {
        if (e instanceof InvalidInputError) return renderShow(req, res, 422, { values, errors: e.errors });
        if (e instanceof ConflictError) return renderShow(req, res, 409, { values, conflict: true });
        throw e;
      }
      req.session.flash = approve ? 'Det nya slutdatumet är godkänt.' : 'Begäran om nytt slutdatum är avslagen.';
      res.redirect(303, `/atgarder/${actionId}`);
    });
  }

  r.post('/atgarder/:id/statusuppdateringar', async (req, res) => {
    const actionId = idParam(req);
    const action = await service.getAction(db, actionId);
    if (!service.mayUpdateStatus(currentUser(req), action, await standsInFor(db, clock, currentUser(req).id)))
      throw new ForbiddenError('Du kan bara uppdatera status på åtgärder där du är ansvarig.');
    const values = formValues(req.body);
    const parsed = parseForm(statusForm, req.body);
    if (!parsed.ok) return renderShow(req, res, 422, { values, errors: parsed.errors });
    try {
      await service.updateStatus(db, clock, currentUser(req), actionId, parsed.data.version, parsed.data);
    } catch (e) {
      if (e instanceof InvalidInputError) return renderShow(req, res, 422, { values, errors: e.errors });
      if (e instanceof ConflictError) return renderShow(req, res, 409, { values, conflict: true });
      throw e;
    }
    req.session.flash = 'Statusuppdateringen är sparad.';
    res.redirect(303, `/atgarder/${actionId}`);
  });

  r.get('/atgarder/:id/redigera', allow(may.editMatters), async (req, res) => {
    const action = await service.getAction(db, idParam(req));
    const findingIds = await service.findingIdsOfAction(db, action.id);
    await renderForm(res, 200, {
      committeeId: action.committeeId,
      action,
      values: actionValues(action, findingIds),
      errors: {},
      backTo: `/atgarder/${action.id}`,
    });
  });

  r.post('/atgarder/:id', allow(may.editMatters), async (req, res) => {
    const action = await service.getAction(db, idParam(req));
    const values = formValues(req.body);
    const backTo = `/atgarder/${action.id}`;
    const parsed = parseForm(actionUpdateForm, req.body);
    if (!parsed.ok)
      return renderForm(res, 422, { committeeId: action.committeeId, action, values, errors: parsed.errors, backTo });
    try {
      await service.editAction(db, clock, currentUser(req), action.id, parsed.data.version, parsed.data);
    } catch (e) {
      if (e instanceof InvalidInputError)
        return renderForm(res, 422, { committeeId: action.committeeId, action, values, errors: e.errors, backTo });
      if (!(e instanceof ConflictError)) throw e;
      const current = e.current as Action;
      const theirs = actionValues(current, await service.findingIdsOfAction(db, current.id));
      return renderForm(res, 409, {
        committeeId: current.committeeId,
        action: current,
        values: { ...values, version: String(current.version) },
        errors: {},
        conflict: conflictRows(FIELDS, values, theirs),
        backTo,
      });
    }
    req.session.flash = 'Åtgärden är sparad.';
    res.redirect(303, backTo);
  });

  return r;
}
