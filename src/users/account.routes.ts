import { Router, type Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { millisOf } from '../clock.ts';
import { beginSession, currentUser } from './auth.middleware.ts';
import { InvalidInputError } from '../shared/errors.ts';
import { newPassword, parseForm } from '../http/forms.ts';
import { createLoginThrottle, lockMessage } from '../security/login-throttle.ts';
import { changeOwnPassword } from './users.service.ts';
import { PASSWORDS_OFF, mayUsePassword } from './password-login.ts';

const passwordForm = z
  .object({
    current: z
      .unknown()
      .optional()
      .transform((v) => (typeof v === 'string' ? v : '')),
    password: newPassword('Nytt lösenord'),
    repeat: z.unknown().optional(),
  })
  .refine((f) => f.current !== '', { message: 'Fyll i ditt nuvarande lösenord.', path: ['current'] })
  .refine((f) => f.repeat === f.password, {
    message: 'Lösenorden är inte likadana. Skriv samma lösenord i båda fälten.',
    path: ['repeat'],
  });

/** What every logged-in user may do with their own account. */
export function accountRoutes({ db, clock, config, loginThrottle }: AppDeps): Router {
  const r = Router();
  const throttle = createLoginThrottle(db, clock, loginThrottle);
  const render = (res: Response, status: number, errors: Record<string, string>) =>
    res.status(status).render('account/password', { errors });

  // With passwords turned off the page says so, and nothing can set a password nobody may use.
  const passwordsOff = (res: Response, status: number) =>
    res.status(status).render('account/password', { errors: {}, passwordsOff: PASSWORDS_OFF });

  r.get('/konto/losenord', (req, res) =>
    mayUsePassword(config, currentUser(req)) ? render(res, 200, {}) : passwordsOff(res, 200),
  );

  r.post('/konto/losenord', async (req, res) => {
    const user = currentUser(req);
    if (!mayUsePassword(config, user)) return passwordsOff(res, 403);
    const parsed = parseForm(passwordForm, req.body);
    if (!parsed.ok) return render(res, 422, parsed.errors);
    // The current password is guessed here as on the login page, so the same throttle applies.
    const attempt = { account: user.email, source: req.ip ?? 'okänd' };
    const lockedFor = await throttle.lockedMinutes(attempt);
    if (lockedFor !== null) return render(res, 429, { _form: lockMessage(lockedFor) });
    await throttle.pause(attempt);
    let outcome;
    try {
      outcome = await changeOwnPassword(
        db,
        clock,
        user,
        { current: parsed.data.current, password: parsed.data.password! },
        req.sessionID,
      );
    } catch (e) {
      if (e instanceof InvalidInputError) return render(res, 422, e.errors);
      throw e;
    }
    if (outcome === 'wrong-current') {
      const lockedNow = await throttle.recordFailure(attempt);
      return render(
        res,
        lockedNow === null ? 422 : 429,
        lockedNow === null ? { current: 'Det nuvarande lösenordet stämmer inte.' } : { _form: lockMessage(lockedNow) },
      );
    }
    await throttle.clearAccount(user.email);
    // A new session id too: whoever may have seen the old one is shut out with the old password.
    await beginSession(req, user.id, req.session.loginAt ?? millisOf(clock));
    req.session.flash = 'Ditt lösenord är bytt. Om du var inloggad på andra enheter har de loggats ut.';
    res.redirect(303, '/');
  });

  return r;
}
