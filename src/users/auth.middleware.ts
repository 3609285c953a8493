import type { NextFunction, Request, Response } from 'express';
import type { Db } from '../db/connection.ts';
import { findActiveUser } from './users.service.ts';
import type { User } from './user.ts';
import type { Role } from './roles.ts';
import { ForbiddenError } from '../shared/errors.ts';
import type { Config } from '../config.ts';
import { mayUsePassword } from './password-login.ts';

declare module 'express-session' {
  interface SessionData {
    userId?: number;
    /** When the user logged in (ms), for the absolute session lifetime. */
    loginAt?: number;
    flash?: string;
    /** A password-reset link an administrator just created, shown once on the user's page. */
    resetLink?: { userId: number; url: string };
    /** After a login through the identity provider: its ID token, the hint its logout asks for. */
    oidcIdToken?: string;
  }
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      user?: User;
    }
  }
}

/**
 * Looks the user up on every request, so deactivation and role changes apply at once; the header
 * offers "Byt lösenord" only to whoever may have a password.
 */
export function loadCurrentUser(db: Db, config: Pick<Config, 'localLogin' | 'breakGlassEmail'>) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const id = req.session?.userId;
    if (id !== undefined) {
      const user = await findActiveUser(db, id);
      if (user) {
        req.user = user;
        res.locals.user = user;
        res.locals.passwordLogin = mayUsePassword(config, user);
      } else {
        await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
      }
    }
    next();
  };
}

/**
 * Starts a logged-in session under a new id, so an id planted or seen before is worthless.
 * Anything else in the old session (a half-typed flash, a CSRF token) is dropped with it.
 */
export function beginSession(
  req: Request,
  userId: number,
  loginAt: number,
  extra: { oidcIdToken?: string } = {},
): Promise<void> {
  return new Promise((resolve, reject) =>
    req.session.regenerate((err) => {
      if (err) return reject(err);
      req.session.userId = userId;
      req.session.loginAt = loginAt;
      if (extra.oidcIdToken) req.session.oidcIdToken = extra.oidcIdToken;
      req.session.save((e) => (e ? reject(e) : resolve()));
    }),
  );
}

export function requireLogin(req: Request, res: Response, next: NextFunction) {
  if (req.user) return next();
  if (req.method === 'GET') {
    const target = req.originalUrl.startsWith('/') && !req.originalUrl.startsWith('//') ? req.originalUrl : '/';
    return res.redirect(303, `/logga-in?nasta=${encodeURIComponent(target)}`);
  }
  res
    .status(401)
    .render('errors/error', { status: 401, title: 'Inte inloggad', message: 'Logga in för att fortsätta.' });
}

/** Route guard: the user's role must satisfy the rule, otherwise a 403 page. */
export function allow(rule: (role: Role) => boolean) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!req.user) return next(new ForbiddenError('Logga in för att fortsätta.'));
    if (!rule(req.user.role)) return next(new ForbiddenError());
    next();
  };
}

export function currentUser(req: Request): User {
  if (!req.user) throw new ForbiddenError('Logga in för att fortsätta.');
  return req.user;
}
