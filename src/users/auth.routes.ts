import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { millisOf } from '../clock.ts';
import { linkBase } from '../config.ts';
import { endSessionUrl } from '../security/oidc.ts';
import { beginSession } from './auth.middleware.ts';
import { mayUsePassword } from './password-login.ts';
import { InvalidInputError } from '../shared/errors.ts';
import {
  email,
  formValues,
  newPassword,
  parseForm,
  PASSWORD_IS_EMAIL,
  passwordIsNotEmail,
  text,
} from '../http/forms.ts';
import { createLoginThrottle, lockMessage } from '../security/login-throttle.ts';
import {
  authenticate,
  createFirstAdminWithToken,
  endExpiredSessions,
  findResetTarget,
  isUsableSetupToken,
  resetPasswordWithToken,
} from './users.service.ts';

const loginForm = z.object({
  email: z
    .unknown()
    .optional()
    .transform((v) => (typeof v === 'string' ? v.trim().toLowerCase() : '')),
  password: z
    .unknown()
    .optional()
    .transform((v) => (typeof v === 'string' ? v : '')),
  nasta: z.unknown().optional(),
});

const setupForm = z
  .object({ name: text('Namn', { required: true, max: 120 }), email: email(), password: newPassword() })
  .refine(passwordIsNotEmail, PASSWORD_IS_EMAIL);

const resetForm = z
  .object({ password: newPassword('Nytt lösenord'), repeat: z.unknown().optional() })
  .refine((f) => f.repeat === f.password, {
    message: 'Lösenorden är inte likadana. Skriv samma lösenord i båda fälten.',
    path: ['repeat'],
  });

/** Only same-site paths, so the login page cannot be used to send users elsewhere. */
function safeNext(v: unknown): string {
  return typeof v === 'string' && /^\/(?![/\\])/.test(v) ? v : '/';
}

export function authRoutes({ db, clock, config, loginThrottle }: AppDeps): Router {
  const r = Router();
  const throttle = createLoginThrottle(db, clock, loginThrottle);
  // The login page offers the kommun's account when single sign-on is configured; with LOCAL_LOGIN=false
  // the password form is folded away, kept only for the break-glass administrator.
  const loginPage = { sso: config.oidc !== null, localLogin: config.localLogin };

  r.get('/logga-in', (req, res) => {
    if (req.user) return res.redirect(303, safeNext(req.query.nasta));
    res.render('auth/login', { ...loginPage, values: { nasta: safeNext(req.query.nasta) }, errors: {} });
  });

  r.post('/logga-in', async (req, res) => {
    const form = loginForm.parse(req.body ?? {});
    const values = { email: form.email, nasta: safeNext(form.nasta) };
    if (!form.email || !form.password) {
      const errors: Record<string, string> = {};
      if (!form.email) errors.email = 'Fyll i e-postadress.';
      if (!form.password) errors.password = 'Fyll i lösenord.';
      return res.status(422).render('auth/login', { ...loginPage, values, errors });
    }
    const attempt = { account: form.email, source: req.ip ?? 'okänd' };
    const locked = (minutes: number) =>
      res
        .status(429)
        .set('Retry-After', String(minutes * 60))
        .render('auth/login', { ...loginPage, values, errors: { _form: lockMessage(minutes) } });

    const lockedFor = await throttle.lockedMinutes(attempt);
    if (lockedFor !== null) return locked(lockedFor);
    await throttle.pause(attempt);
    const found = await authenticate(db, form.email, form.password);
    // Passwords turned off answer exactly as a wrong one does, so the form does not tell who exists.
    const user = found && mayUsePassword(config, found) ? found : null;
    if (!user) {
      const lockedNow = await throttle.recordFailure(attempt);
      if (lockedNow !== null) return locked(lockedNow);
      return res
        .status(401)
        .render('auth/login', { ...loginPage, values, errors: { _form: 'Fel e-postadress eller lösenord.' } });
    }
    await throttle.clearAttempt(attempt);
    await endExpiredSessions(db, clock);
    await beginSession(req, user.id, millisOf(clock));
    res.redirect(303, values.nasta);
  });

  r.post('/logga-ut', async (req, res) => {
    const idToken = req.session.oidcIdToken;
    await new Promise<void>((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));
    res.clearCookie('atgardsplan.sid');
    // After a login through the provider, its session ends too when it offers end_session.
    const providerLogout =
      idToken && config.oidc
        ? await endSessionUrl(config.oidc, !config.production, idToken, `${linkBase(config, req)}/logga-in`)
        : null;
    res.redirect(303, providerLogout ?? '/logga-in');
  });

  r.get('/installera/:token', async (req, res) => {
    if (!(await isUsableSetupToken(db, clock, req.params.token))) return res.status(404).render('auth/setup-used');
    res.render('auth/setup', { token: req.params.token, values: {}, errors: {} });
  });

  r.post('/installera/:token', async (req, res) => {
    const parsed = parseForm(setupForm, req.body);
    const values = formValues(req.body);
    delete values.password;
    if (!parsed.ok)
      return res.status(422).render('auth/setup', { token: req.params.token, values, errors: parsed.errors });
    const user = await createFirstAdminWithToken(db, clock, req.params.token, {
      ...parsed.data,
      password: parsed.data.password!,
    });
    if (!user) return res.status(404).render('auth/setup-used');
    await beginSession(req, user.id, millisOf(clock));
    req.session.flash = 'Administratörskontot är skapat. Lägg upp nämnder och användare under Administration.';
    res.redirect(303, '/admin/anvandare');
  });

  const renderReset = (res: Response, status: number, token: string, account: string, errors: Record<string, string>) =>
    res.status(status).render('auth/reset', { token, account, errors });
  const resetUnusable = (res: Response) => res.status(404).render('auth/reset-used');

  // Anyone holding the link may use it, logged in or not: it is the proof of who they are.
  r.get('/aterstall/:token', async (req: Request<{ token: string }>, res) => {
    const target = await findResetTarget(db, clock, req.params.token);
    if (!target || !mayUsePassword(config, target)) return resetUnusable(res);
    renderReset(res, 200, req.params.token, target.email, {});
  });

  r.post('/aterstall/:token', async (req: Request<{ token: string }>, res) => {
    const target = await findResetTarget(db, clock, req.params.token);
    if (!target || !mayUsePassword(config, target)) return resetUnusable(res);
    const parsed = parseForm(resetForm, req.body);
    if (!parsed.ok) return renderReset(res, 422, req.params.token, target.email, parsed.errors);
    let user;
    try {
      user = await resetPasswordWithToken(db, clock, req.params.token, parsed.data.password!);
    } catch (e) {
      if (e instanceof InvalidInputError) return renderReset(res, 422, req.params.token, target.email, e.errors);
      throw e;
    }
    if (!user) return resetUnusable(res);
    // The link proved who they are, so a lock from someone guessing their password no longer applies.
    await throttle.clearAccount(user.email);
    await new Promise<void>((resolve, reject) => req.session.regenerate((e) => (e ? reject(e) : resolve())));
    req.session.flash = 'Ditt lösenord är bytt. Logga in med det nya lösenordet.';
    res.redirect(303, '/logga-in');
  });

  return r;
}
