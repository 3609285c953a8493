import { Router, type Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { allow, currentUser } from '../users/auth.middleware.ts';
import { InvalidInputError, type FieldErrors } from '../shared/errors.ts';
import { formValues, id, parseForm, requiredDate, text, type FormValues } from '../http/forms.ts';
import { idParam, queryId } from '../http/params.ts';
import { may, ROLE_LABEL } from '../users/roles.ts';
import { listAllUsers } from '../users/users.service.ts';
import { todayOf } from '../clock.ts';
import { createApiToken, getApiTokenPage, listApiTokens, revokeApiToken } from './api-tokens.service.ts';
import { latestExpiry, TOKEN_STATE_LABEL } from './api-token.ts';
import { addDays } from '../deadlines/calendar.ts';

declare module 'express-session' {
  interface SessionData {
    /** A token just made, shown once on its page; only its hash is stored. */
    newApiToken?: { id: number; token: string };
  }
}

const tokenForm = z.object({
  userId: id('Användare'),
  name: text('Namn', { required: true, max: 200 }),
  expiresOn: requiredDate('Giltig till'),
});

/** A token is offered for 90 days unless the administrator chooses otherwise. */
const DEFAULT_VALIDITY_DAYS = 90;

export function apiTokenRoutes({ db, clock }: AppDeps): Router {
  const r = Router();
  const guard = allow(may.manageUsers);

  async function renderNew(res: Response, status: number, values: FormValues, errors: FieldErrors) {
    const users = (await listAllUsers(db)).filter((u) => u.active);
    res.status(status).render('admin/api-token-new', {
      values,
      errors,
      latest: latestExpiry(todayOf(clock)),
      userOptions: [['', 'Välj användare'], ...users.map((u) => [String(u.id), `${u.name} (${ROLE_LABEL[u.role]})`])],
    });
  }

  r.get('/admin/api-nycklar', guard, async (req, res) => {
    const userId = queryId(req, 'anvandare');
    res.render('admin/api-tokens', {
      tokens: await listApiTokens(db, clock, userId),
      userId,
      TOKEN_STATE_LABEL,
    });
  });

  r.get('/admin/api-nycklar/ny', guard, async (req, res) => {
    const userId = queryId(req, 'anvandare');
    await renderNew(
      res,
      200,
      { userId: userId ? String(userId) : '', expiresOn: addDays(todayOf(clock), DEFAULT_VALIDITY_DAYS) },
      {},
    );
  });

  r.post('/admin/api-nycklar', guard, async (req, res) => {
    const values = formValues(req.body);
    delete values._csrf;
    const parsed = parseForm(tokenForm, req.body);
    if (!parsed.ok) return renderNew(res, 422, values, parsed.errors);
    let made: { id: number; token: string };
    try {
      made = await createApiToken(db, clock, currentUser(req), parsed.data);
    } catch (e) {
      if (e instanceof InvalidInputError) return renderNew(res, 422, values, e.errors);
      throw e;
    }
    req.session.newApiToken = made;
    res.redirect(303, `/admin/api-nycklar/${made.id}`);
  });

  r.get('/admin/api-nycklar/:id', guard, async (req, res) => {
    const page = await getApiTokenPage(db, clock, idParam(req));
    // The secret is shown once, right after it was made.
    const secret = req.session.newApiToken?.id === page.token.id ? req.session.newApiToken.token : null;
    delete req.session.newApiToken;
    res.render('admin/api-token', { ...page, secret, TOKEN_STATE_LABEL });
  });

  r.post('/admin/api-nycklar/:id/aterkalla', guard, async (req, res) => {
    const tokenId = idParam(req);
    await revokeApiToken(db, clock, currentUser(req), tokenId);
    req.session.flash = 'API-nyckeln är återkallad och fungerar inte längre.';
    res.redirect(303, `/admin/api-nycklar/${tokenId}`);
  });

  return r;
}
