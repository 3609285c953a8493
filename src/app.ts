import crypto from 'node:crypto';
import path from 'node:path';
import express, { type ErrorRequestHandler, type Request } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import { csrfSync } from 'csrf-sync';
import { UPLOAD_MAX_BYTES, readUploads } from './http/uploads.ts';
import { ATTACHMENT_ITEMS, ITEM_PATH } from './attachments/attachment.ts';
import { attachmentRoutes } from './attachments/attachments.routes.ts';
import { millisOf } from './clock.ts';
import { DatabaseSessionStore } from './users/session-store.ts';
import { loadCurrentUser, requireLogin } from './users/auth.middleware.ts';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from './shared/errors.ts';
import { viewLocals } from './view-locals.ts';
import { createLogger, requestLogging } from './logger.ts';
import { authRoutes } from './users/auth.routes.ts';
import { userRoutes } from './users/users.routes.ts';
import { committeeRoutes } from './committees/committees.routes.ts';
import { matterRoutes } from './matters/matters.routes.ts';
import { planRoutes } from './plan/plan.routes.ts';
import { findingRoutes } from './findings/findings.routes.ts';
import { actionRoutes } from './actions/actions.routes.ts';
import { planImportRoutes } from './transfer/plan-import.routes.ts';
import { overviewRoutes } from './overview/overview.routes.ts';
import { pageRoutes } from './http/pages.routes.ts';
import { healthDetailRoutes, healthRoutes } from './health/health.routes.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { meetingRoutes } from './meetings/meetings.routes.ts';
import { reportRoutes } from './reports/reports.routes.ts';
import { submissionRoutes } from './submissions/submissions.routes.ts';
import { accountRoutes } from './users/account.routes.ts';
import { calendarAccountRoutes, calendarFeedRoutes } from './calendar/calendar.routes.ts';
import { reminderRoutes } from './reminders/reminders.routes.ts';
import { substituteRoutes } from './users/substitutes.routes.ts';
import { mailRoutes } from './mail/mail.routes.ts';
import { searchRoutes } from './search/search.routes.ts';
import { apiRoutes } from './api/api.routes.ts';
import { apiTokenRoutes } from './api/api-tokens.routes.ts';
import { ssoAdminRoutes, ssoLoginRoutes } from './sso/sso.routes.ts';
import type { AppDeps } from './app-deps.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const IDLE_TIMEOUT_MS = 2 * 3600 * 1000;
const ABSOLUTE_LIFETIME_MS = 12 * 3600 * 1000;

export function createApp(deps: AppDeps): express.Express {
  const { db, config, clock } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('view engine', 'ejs');
  app.set('views', path.join(ROOT, 'views'));
  // Views compile once (Express does so only when NODE_ENV=production); development re-reads them.
  app.set('view cache', process.env.NODE_ENV !== 'development');
  if (config.trustProxy) app.set('trust proxy', 1);
  Object.assign(app.locals, viewLocals);

  app.use((req, res, next) => {
    res.locals.requestId = crypto.randomUUID().slice(0, 8);
    res.locals.path = req.path;
    next();
  });
  app.use(requestLogging(deps.logger ?? createLogger(config.logLevel)));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          upgradeInsecureRequests: config.secureCookies ? [] : null,
        },
      },
      strictTransportSecurity: config.secureCookies,
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  app.use(healthRoutes(deps));
  app.use('/assets', express.static(path.join(ROOT, 'views', 'assets'), { maxAge: config.production ? '1h' : 0 }));
  // No page is kept by the browser or a proxy (a shared computer's back button or disk cache, a reset
  // link's page); only the assets above are cached, and a route may say otherwise for its own answer.
  app.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  // The JSON API answers before the body parser, the session and the CSRF check: a token says who
  // asks, its answers set no cookie, and its errors are JSON (src/api/api.routes.ts).
  app.use(apiRoutes(deps));
  // Room for a text far over any field's limit (100 000 "å" is 600 kB as a form), so it comes back
  // in its field with the limit beside it instead of being lost on an error page.
  app.use(express.urlencoded({ extended: false, limit: '1mb', parameterLimit: 2000 }));

  app.use(
    session({
      name: 'atgardsplan.sid',
      store: new DatabaseSessionStore(db, { now: () => millisOf(clock), idleTimeoutMs: IDLE_TIMEOUT_MS }),
      secret: deps.sessionSecret,
      resave: false,
      saveUninitialized: false,
      // The idle timeout (the store) and the absolute limit (below) are kept on the server, so the
      // cookie needs no Max-Age: it ends with the browser, and is sent only when the session id
      // changes, not re-signed with every response (≈ 5 % of a page's CPU, A/B).
      rolling: false,
      // 'auto': Secure whenever the request came over TLS (directly, or via a trusted proxy).
      cookie: { httpOnly: true, sameSite: 'lax', secure: config.secureCookies || 'auto' },
    }),
  );
  app.use((req, _res, next) => {
    // The store ends a session idle for IDLE_TIMEOUT_MS; this is the hard limit on top of it.
    const loginAt = req.session.loginAt;
    if (loginAt !== undefined && millisOf(clock) - loginAt > ABSOLUTE_LIFETIME_MS) {
      return req.session.regenerate((err) => next(err));
    }
    next();
  });

  // A bilaga may be up to MAX_UPLOAD_MB, and a file too large is answered on its form; every other
  // form with a file (the kommun's logo) keeps the small general limit.
  app.use(
    ATTACHMENT_ITEMS.map((item) => `/${ITEM_PATH[item]}/:id/bilagor`),
    readUploads({ maxBytes: config.maxUploadMb * 1024 * 1024, keepFormWhenTooLarge: true }),
  );
  app.use(readUploads({ maxBytes: UPLOAD_MAX_BYTES }));
  const csrf = csrfSync({ getTokenFromRequest: (req: Request) => req.body?._csrf });
  app.use(csrf.csrfSynchronisedProtection);
  app.use((req, res, next) => {
    res.locals.csrfToken = csrf.generateToken(req);
    res.locals.flash = req.session.flash;
    if (req.session.flash) delete req.session.flash;
    next();
  });
  app.use(loadCurrentUser(db, config));

  app.use(pageRoutes());
  app.use(healthDetailRoutes(deps));
  app.use(authRoutes(deps));
  app.use(ssoLoginRoutes(deps));
  app.use(calendarFeedRoutes(deps));
  app.use(requireLogin);
  app.use(accountRoutes(deps));
  app.use(calendarAccountRoutes(deps));
  app.use(reminderRoutes(deps));
  app.use(substituteRoutes(deps));
  app.use(mailRoutes(deps));
  app.use(apiTokenRoutes(deps));
  app.use(overviewRoutes(deps));
  app.use(matterRoutes(deps));
  app.use(planRoutes(deps));
  app.use(findingRoutes(deps));
  app.use(actionRoutes(deps));
  app.use(planImportRoutes(deps));
  app.use(userRoutes(deps));
  app.use(committeeRoutes(deps));
  app.use(ssoAdminRoutes(deps));
  app.use(auditRoutes(deps));
  app.use(meetingRoutes(deps));
  app.use(reportRoutes(deps));
  app.use(submissionRoutes(deps));
  app.use(attachmentRoutes(deps));
  app.use(searchRoutes(deps));

  app.use((_req, res) => {
    res.status(404).render('errors/error', {
      status: 404,
      title: 'Sidan finns inte',
      message: 'Sidan du sökte finns inte. Kontrollera adressen eller gå till översikten.',
    });
  });
  app.use(errorHandler);
  return app;
}

const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const render = (status: number, title: string, message: string) => {
    if (res.headersSent) return;
    res.status(status).render('errors/error', { status, title, message }, (renderErr: Error | null, html: string) => {
      // Never fall through to Express's default handler, which shows stack traces outside production.
      if (!renderErr) return res.send(html);
      res.locals.error = new AggregateError([res.locals.error, renderErr].filter(Boolean), 'felsidan kunde inte visas');
      res.type('text/plain').send(`${title}. ${message}`);
    });
  };
  if (err instanceof NotFoundError) return render(404, 'Sidan finns inte', err.message);
  if (err instanceof ForbiddenError) return render(403, 'Ingen behörighet', err.message);
  if (err instanceof ConflictError) return render(409, 'Ändrad av någon annan', err.message);
  if (err instanceof InvalidInputError) return render(422, 'Felaktiga uppgifter', Object.values(err.errors).join(' '));
  if (err?.code === 'EBADCSRFTOKEN') {
    return render(
      403,
      'Formuläret har gått ut',
      'Formuläret kunde inte skickas eftersom sidan var för gammal eller sessionen har gått ut. Gå tillbaka, ladda om sidan och försök igen.',
    );
  }
  if (err?.type === 'entity.too.large')
    return render(
      413,
      'För mycket text',
      'Formuläret innehöll för mycket text för att kunna sparas. Korta texten och försök igen.',
    );
  if (err?.type === 'upload.too.large')
    return render(
      413,
      'Filen är för stor',
      'Filen var för stor eller formuläret innehöll för många delar. Gå tillbaka och välj en mindre fil.',
    );
  if (err?.type === 'parameters.too.many')
    return render(
      413,
      'För många fält',
      'Formuläret innehöll för många fält för att kunna tas emot. Gå tillbaka, ladda om sidan och försök igen.',
    );
  if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
    return render(400, 'Felaktig begäran', 'Begäran kunde inte tolkas. Gå tillbaka och försök igen.');
  }
  // The request's log line carries the error, its stack, and the request id.
  res.locals.error = err;
  render(
    500,
    'Något gick fel',
    `Ett oväntat fel inträffade. Inget av det du skickade har sparats. Ange felkod ${res.locals.requestId} om du kontaktar support.`,
  );
};
