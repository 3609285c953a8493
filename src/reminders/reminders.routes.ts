import { Router, type Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { currentUser } from '../users/auth.middleware.ts';
import { cleanText, formValues, parseForm, type FormValues } from '../http/forms.ts';
import {
  SECTIONS,
  SECTION_TITLE,
  reminderSettings,
  saveReminderSettings,
  sectionsFor,
  type Section,
} from './reminders.service.ts';

export const WEEKDAYS: [string, string][] = [
  ['', 'Varje vardag'],
  ['1', 'En gång i veckan, på måndagar'],
  ['2', 'En gång i veckan, på tisdagar'],
  ['3', 'En gång i veckan, på onsdagar'],
  ['4', 'En gång i veckan, på torsdagar'],
  ['5', 'En gång i veckan, på fredagar'],
];

const settingsForm = z.object({
  enabled: z
    .unknown()
    .optional()
    .transform((v) => cleanText(v) === 'ja'),
  weeklyOn: z
    .unknown()
    .optional()
    .transform((v, ctx): number | null => {
      const s = cleanText(v);
      if (s === '') return null;
      if (!/^[1-5]$/.test(s)) {
        ctx.addIssue({ code: 'custom', message: 'Välj varje vardag eller en veckodag.' });
        return z.NEVER;
      }
      return Number(s);
    }),
  // The kinds ticked; the form lists those the user's role gets.
  kinds: z
    .unknown()
    .optional()
    .transform((v) => ([] as unknown[]).concat(v ?? []).map(String)),
});

/** Mina påminnelser: whether the user gets reminders by e-mail, and how often. */
export function reminderRoutes({ db, clock }: AppDeps): Router {
  const r = Router();
  const render = (res: Response, status: number, values: FormValues, errors: Record<string, string>, role: string) =>
    res.status(status).render('account/reminders', {
      values,
      errors,
      weekdays: WEEKDAYS,
      kinds: sectionsFor(role).map((k) => [k, SECTION_TITLE[k]]),
    });
  r.get('/konto/paminnelser', async (req, res) => {
    const user = currentUser(req);
    const s = await reminderSettings(db, user.id);
    const muted = new Set((s?.muted ?? '').split(','));
    render(
      res,
      200,
      {
        enabled: !s || s.enabled ? 'ja' : '',
        weeklyOn: s?.weekly_on ? String(s.weekly_on) : '',
        kinds: sectionsFor(user.role).filter((k) => !muted.has(k)),
      },
      {},
      user.role,
    );
  });
  r.post('/konto/paminnelser', async (req, res) => {
    const user = currentUser(req);
    const parsed = parseForm(settingsForm, req.body);
    if (!parsed.ok) return render(res, 422, formValues(req.body), parsed.errors, user.role);
    const ticked = new Set(parsed.data.kinds);
    // What is not ticked is turned off; kinds another role gets are kept off as they are.
    const muted = SECTIONS.filter((k): k is Section => !ticked.has(k));
    await saveReminderSettings(db, clock, user.id, { ...parsed.data, muted });
    req.session.flash = parsed.data.enabled
      ? 'Dina påminnelser är sparade.'
      : 'Du får inga påminnelser via e-post längre. Du kan slå på dem här igen.';
    res.redirect(303, '/konto/paminnelser');
  });
  return r;
}
