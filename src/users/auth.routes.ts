import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import { email, formValues, newPassword, parseForm, text } from '../http/forms.ts';
import { authenticate, createFirstAdminWithToken, isUsableSetupToken } from './users.service.ts';
import type { User } from './user.ts';

const loginForm = z.object({ email: z.unknown().optional().transform((v) => (typeof v === 'string' ? v.trim().toLowerCase() : '')), password: z.unknown().optional().transform((v) => (typeof v === 'string' ? v : '')), nasta: z.unknown().optional() });

const setupForm = z
  .object({ name: text('Namn', { required: true, max: 120 }), email: email(), password: newPassword() })
  .refine((f) => f.password?.toLowerCase() !== f.email, { message: 'Lösenordet får inte vara din e-postadress.', path: ['password'] });

/** Only same-site paths, so the login page cannot be used to send users elsewhere. */
function safeNext(v: unknown): string {
  return typeof v === 'string' && /^\/(?![/\\])/.test(v) ? v : '/';
}

function logIn(req: Request, user: User): Promise<void> {
  // A new session id at login, so a session id planted before login is worthless.
  return new Promise((resolve, reject) =>
    req.session.regenerate((err) => {
      if (err) return reject(err);
      req.session.userId = user.id;
      req.session.save((e) => (e ? reject(e) : resolve()));
    }),
  );
}

export function authRoutes({ db, clock }: AppDeps): Router {
  const r = Router();

  r.get('/logga-in', (req, res) => {
    if (req.user) return res.redirect(303, safeNext(req.query.nasta));
    res.render('auth/login', { values: { nasta: safeNext(req.query.nasta) }, errors: {} });
  });

  r.post('/logga-in', async (req, res) => {
    const form = loginForm.parse(req.body ?? {});
    const values = { email: form.email, nasta: safeNext(form.nasta) };
    if (!form.email || !form.password) {
      const errors: Record<string, string> = {};
      if (!form.email) errors.email = 'Fyll i e-postadress.';
      if (!form.password) errors.password = 'Fyll i lösenord.';
      return res.status(422).render('auth/login', { values, errors });
    }
    const user = await authenticate(db, form.email, form.password);
    if (!user) {
      return res.status(401).render('auth/login', { values, errors: { _form: 'Fel e-postadress eller lösenord.' } });
    }
    await logIn(req, user);
    req.session.loginAt = clock.now().toMillis();
    res.redirect(303, values.nasta);
  });

  r.post('/logga-ut', (req, res, next) => {
    req.session.destroy((err) => {
      if (err) return next(err);
      res.clearCookie('atgardsplan.sid');
      res.redirect(303, '/logga-in');
    });
  });

  r.get('/installera/:token', async (req, res) => {
    if (!(await isUsableSetupToken(db, clock, req.params.token))) return res.status(404).render('auth/setup-used');
    res.render('auth/setup', { token: req.params.token, values: {}, errors: {} });
  });

  r.post('/installera/:token', async (req, res) => {
    const parsed = parseForm(setupForm, req.body);
    const values = formValues(req.body);
    delete values.password;
    if (!parsed.ok) return res.status(422).render('auth/setup', { token: req.params.token, values, errors: parsed.errors });
    const user = await createFirstAdminWithToken(db, clock, req.params.token, { ...parsed.data, password: parsed.data.password! });
    if (!user) return res.status(404).render('auth/setup-used');
    await logIn(req, user);
    req.session.loginAt = clock.now().toMillis();
    req.session.flash = 'Administratörskontot är skapat. Lägg upp nämnder och användare under Administration.';
    res.redirect(303, '/admin/anvandare');
  });

  return r;
}
