import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { millisOf } from '../clock.ts';
import { linkBase } from '../config.ts';
import { finishLogin, startLogin, type PendingLogin } from '../security/oidc.ts';
import { allow, beginSession, currentUser } from '../users/auth.middleware.ts';
import { endExpiredSessions } from '../users/users.service.ts';
import { may, ROLE_LABEL, ROLES } from '../users/roles.ts';
import { InvalidInputError, NotFoundError, type FieldErrors } from '../shared/errors.ts';
import { choice, formValues, parseForm, text, type FormValues } from '../http/forms.ts';
import { idParam } from '../http/params.ts';
import {
  addRoleMapping,
  listRoleMappings,
  removeRoleMapping,
  signInWithProvider,
  type SsoRefusal,
} from './sso.service.ts';

declare module 'express-session' {
  interface SessionData {
    /** A login sent to the identity provider, checked when it answers at the callback. */
    oidcLogin?: PendingLogin & { nasta: string };
  }
}

const CALLBACK_PATH = '/logga-in/oidc/callback';

const REFUSED: Record<SsoRefusal, (email: string | null) => string> = {
  'no-email': () =>
    'Kommunens inloggning uppgav ingen bekräftad e-postadress för ditt konto, så vi vet inte vem du är i Åtgärdsplan. Kontakta systemförvaltaren.',
  unknown: (email) =>
    `Det finns inget konto i Åtgärdsplan för ${email}. Be systemförvaltaren (Administration → Användare) lägga upp dig.`,
  inactive: () =>
    'Ditt konto i Åtgärdsplan är inaktiverat. Kontakta systemförvaltaren om du behöver komma åt det igen.',
  'no-role': () =>
    'Ditt konto hos kommunen ingår inte i någon grupp som ger en roll i Åtgärdsplan. Kontakta systemförvaltaren.',
};

/** Only same-site paths, so the login cannot be used to send users elsewhere. */
function safeNext(v: unknown): string {
  return typeof v === 'string' && /^\/(?![/\\])/.test(v) ? v : '/';
}

/** Logging in through the kommun's identity provider (public: before requireLogin). */
export function ssoLoginRoutes({ db, clock, config }: AppDeps): Router {
  const r = Router();
  const allowHttp = !config.production;

  const refuse = (res: Response, status: number, title: string, message: string) =>
    res.status(status).render('errors/error', { status, title, message });

  r.get('/logga-in/oidc', async (req, res) => {
    if (!config.oidc) throw new NotFoundError();
    let started;
    try {
      started = await startLogin(config.oidc, allowHttp, `${linkBase(config, req)}${CALLBACK_PATH}`);
    } catch (e) {
      console.error(`[${res.locals.requestId}] the identity provider could not be reached`, e);
      return refuse(
        res,
        503,
        'Kommunens inloggning svarar inte',
        'Kommunens inloggningstjänst kunde inte nås just nu. Försök igen om en stund.',
      );
    }
    req.session.oidcLogin = { ...started.pending, nasta: safeNext(req.query.nasta) };
    res.redirect(303, started.url);
  });

  // A GET from the provider carrying state: csrf-sync checks only POST and the like, and state (kept
  // in this browser's session, used once) is this request's proof that the login began here.
  r.get(CALLBACK_PATH, async (req, res) => {
    if (!config.oidc) throw new NotFoundError();
    const pending = req.session.oidcLogin;
    delete req.session.oidcLogin;
    const failed = () =>
      refuse(
        res,
        400,
        'Inloggningen kunde inte slutföras',
        'Svaret från kommunens inloggning kunde inte godtas (det kan ha gått ut, använts redan eller ändrats på vägen). Du är inte inloggad. Försök igen från inloggningssidan.',
      );
    if (!pending) return failed();
    let answer;
    try {
      answer = await finishLogin(config.oidc, allowHttp, new URL(req.originalUrl, linkBase(config, req)), pending);
    } catch (e) {
      console.warn(`[${res.locals.requestId}] a login through the identity provider was refused: ${String(e)}`);
      return failed();
    }
    const outcome = await signInWithProvider(db, clock, config.oidc, answer.claims);
    if (!outcome.ok) return refuse(res, 403, 'Du kan inte logga in', REFUSED[outcome.reason](outcome.email));
    await endExpiredSessions(db, clock);
    await beginSession(req, outcome.user.id, millisOf(clock), { oidcIdToken: answer.idToken });
    res.redirect(303, pending.nasta);
  });

  return r;
}

const mappingForm = z.object({
  claimValue: text('Grupp', { required: true, max: 200 }),
  role: choice('Roll', ROLES),
});

const ROLE_OPTIONS = [['', 'Välj roll'], ...ROLES.map((r) => [r, ROLE_LABEL[r]])];

/** Administration → Inloggning: which group gives which role (behind requireLogin). */
export function ssoAdminRoutes({ db, clock, config }: AppDeps): Router {
  const r = Router();
  const guard = allow(may.manageUsers);

  const render = async (req: Request, res: Response, status: number, values: FormValues, errors: FieldErrors) =>
    res.status(status).render('admin/sso', {
      mappings: await listRoleMappings(db),
      roleLabel: ROLE_LABEL,
      roleOptions: ROLE_OPTIONS,
      values,
      errors,
      sso: config.oidc && {
        issuer: config.oidc.issuer,
        autoCreate: config.oidc.autoCreate,
        roleClaim: config.oidc.roleClaim,
      },
      redirectUri: `${linkBase(config, req)}${CALLBACK_PATH}`,
      logoutUri: `${linkBase(config, req)}/logga-in`,
      localLogin: config.localLogin,
      breakGlassEmail: config.breakGlassEmail,
    });

  r.get('/admin/inloggning', guard, (req, res) => render(req, res, 200, {}, {}));

  r.post('/admin/inloggning', guard, async (req, res) => {
    const values = formValues(req.body);
    delete values._csrf;
    const parsed = parseForm(mappingForm, req.body);
    if (!parsed.ok) return render(req, res, 422, values, parsed.errors);
    try {
      await addRoleMapping(db, clock, currentUser(req).id, parsed.data);
    } catch (e) {
      if (e instanceof InvalidInputError) return render(req, res, 422, values, e.errors);
      throw e;
    }
    req.session.flash = `Gruppen ${parsed.data.claimValue} ger nu rollen ${ROLE_LABEL[parsed.data.role]} vid nästa inloggning.`;
    res.redirect(303, '/admin/inloggning');
  });

  r.post('/admin/inloggning/:id/ta-bort', guard, async (req, res) => {
    await removeRoleMapping(db, clock, currentUser(req).id, idParam(req));
    req.session.flash = 'Kopplingen är borttagen. Den gäller från nästa inloggning.';
    res.redirect(303, '/admin/inloggning');
  });

  return r;
}
