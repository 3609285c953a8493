import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { linkBase } from '../config.ts';
import { PASSWORD_RESET_OFF, mayUsePassword } from './password-login.ts';
import { allow, currentUser } from './auth.middleware.ts';
import { ConflictError, InvalidInputError, type FieldErrors } from '../shared/errors.ts';
import {
  choice,
  cleanText,
  email,
  formValues,
  newPassword,
  parseForm,
  PASSWORD_IS_EMAIL,
  passwordIsNotEmail,
  text,
  version,
  type FormValues,
} from '../http/forms.ts';
import { conflictRows, idParam } from '../http/params.ts';
import { may, ROLE_LABEL, ROLES } from './roles.ts';
import type { User } from './user.ts';
import { createResetLink, createUser, getUser, listAllUsers, updateUserAsAdmin } from './users.service.ts';

const newUserForm = z
  .object({
    name: text('Namn', { required: true, max: 120 }),
    email: email(),
    role: choice('Roll', ROLES),
    password: newPassword(),
  })
  .refine(passwordIsNotEmail, PASSWORD_IS_EMAIL);

const editUserForm = z
  .object({
    name: text('Namn', { required: true, max: 120 }),
    email: email(),
    role: choice('Roll', ROLES),
    // An unticked checkbox sends nothing, so absence means "not active".
    active: z
      .unknown()
      .optional()
      .transform((v) => cleanText(v) === 'ja'),
    password: newPassword('Nytt lösenord', { required: false }),
    version,
  })
  .refine(passwordIsNotEmail, PASSWORD_IS_EMAIL);

const ROLE_OPTIONS = ROLES.map((r) => [r, ROLE_LABEL[r]]);

/** What was typed, to re-render; a password is never sent back to the browser. */
function typedValues(req: Request): FormValues {
  const values = formValues(req.body);
  delete values.password;
  delete values._csrf;
  return values;
}

function userValues(u: User): FormValues {
  return { name: u.name, email: u.email, role: u.role, active: u.active ? 'ja' : '', version: String(u.version) };
}

const CONFLICT_FIELDS: [string, string][] = [
  ['name', 'Namn'],
  ['email', 'E-postadress'],
  ['role', 'Roll'],
  ['active', 'Aktiv'],
];

/** Form values as a person reads them, for comparing two versions side by side. */
function readable(v: FormValues): FormValues {
  const role = String(v.role ?? '');
  return { ...v, role: ROLE_LABEL[role as User['role']] ?? role, active: v.active === 'ja' ? 'Ja' : 'Nej' };
}

export function userRoutes({ db, clock, config }: AppDeps): Router {
  const r = Router();
  const guard = allow(may.manageUsers);

  const renderNew = (res: Response, status: number, values: FormValues, errors: FieldErrors) =>
    res.status(status).render('admin/user-new', { values, errors, roleOptions: [['', 'Välj roll'], ...ROLE_OPTIONS] });

  const renderEdit = (
    res: Response,
    status: number,
    stored: User,
    values: FormValues,
    errors: FieldErrors,
    conflict: User | null = null,
    resetLink: string | null = null,
  ) =>
    res.status(status).render('admin/user-edit', {
      stored,
      values,
      errors,
      resetLink,
      passwordLogin: mayUsePassword(config, stored),
      roleOptions: ROLE_OPTIONS,
      conflict: conflict && conflictRows(CONFLICT_FIELDS, readable(values), readable(userValues(conflict))),
    });

  r.get('/admin/anvandare', guard, async (_req, res) => {
    res.render('admin/users', { users: await listAllUsers(db) });
  });

  r.get('/admin/anvandare/ny', guard, (_req, res) => {
    renderNew(res, 200, { role: '' }, {});
  });

  r.post('/admin/anvandare/ny', guard, async (req, res) => {
    const parsed = parseForm(newUserForm, req.body);
    if (!parsed.ok) return renderNew(res, 422, typedValues(req), parsed.errors);
    try {
      await createUser(db, clock, parsed.data, currentUser(req).id);
    } catch (err) {
      if (err instanceof InvalidInputError) return renderNew(res, 422, typedValues(req), err.errors);
      throw err;
    }
    req.session.flash = `Användaren ${parsed.data.name} är skapad och kan logga in med ${parsed.data.email}.`;
    res.redirect(303, '/admin/anvandare');
  });

  r.get('/admin/anvandare/:id', guard, async (req, res) => {
    const user = await getUser(db, idParam(req));
    // The link is shown once, right after it was made; only its hash is stored.
    const link = req.session.resetLink?.userId === user.id ? req.session.resetLink.url : null;
    delete req.session.resetLink;
    renderEdit(res, 200, user, userValues(user), {}, null, link);
  });

  r.post('/admin/anvandare/:id/aterstallningslank', guard, async (req, res) => {
    const stored = await getUser(db, idParam(req));
    if (!mayUsePassword(config, stored))
      return renderEdit(res, 422, stored, userValues(stored), { _form: PASSWORD_RESET_OFF });
    let token: string;
    try {
      token = await createResetLink(db, clock, stored.id);
    } catch (err) {
      if (err instanceof InvalidInputError) return renderEdit(res, 422, stored, userValues(stored), err.errors);
      throw err;
    }
    req.session.resetLink = { userId: stored.id, url: `${linkBase(config, req)}/aterstall/${token}` };
    res.redirect(303, `/admin/anvandare/${stored.id}`);
  });

  r.post('/admin/anvandare/:id', guard, async (req, res) => {
    const stored = await getUser(db, idParam(req));
    const parsed = parseForm(editUserForm, req.body);
    if (!parsed.ok) return renderEdit(res, 422, stored, typedValues(req), parsed.errors);
    const { version: expected, ...input } = parsed.data;
    try {
      await updateUserAsAdmin(db, clock, currentUser(req), stored.id, expected, input);
    } catch (err) {
      if (err instanceof InvalidInputError) return renderEdit(res, 422, stored, typedValues(req), err.errors);
      if (err instanceof ConflictError) {
        const current = err.current as User;
        // Saving again from this form deliberately replaces the newer version.
        const values = { ...typedValues(req), version: String(current.version) };
        return renderEdit(res, 409, current, values, {}, current);
      }
      throw err;
    }
    req.session.flash = `Ändringarna för ${input.name} är sparade.`;
    res.redirect(303, '/admin/anvandare');
  });

  return r;
}
