import { z } from 'zod';
import { findPersonalIdentityNumber } from '../shared/personnummer.ts';
import { parseIsoDate, parseKronor } from '../shared/format.ts';
import type { FieldErrors } from '../shared/errors.ts';
import { PASSWORD_RESEMBLES_EMAIL, passwordProblem, resemblesEmail } from '../security/password-rules.ts';

export type FormValues = Record<string, string | string[]>;

/** The request body as the form re-renders it: strings (or lists of strings) only. */
export function formValues(body: unknown): FormValues {
  const out: FormValues = {};
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (typeof v === 'string') out[k] = v;
      else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
    }
  }
  return out;
}

function asString(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0] : '';
  return '';
}

// Control characters other than tab and newline have no place in a record and can break PDFs.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

// Characters that show nothing (format characters such as U+200B, blank braille, Hangul fillers):
// at either end they are dropped, so a text of only these counts as empty and a required field stays
// required; inside a text they stay (a zero-width joiner belongs to the emoji around it).
const INVISIBLE_ENDS = /^[\s\p{Cf}\u2800\u3164\u115F\u1160\uFFA0]+|[\s\p{Cf}\u2800\u3164\u115F\u1160\uFFA0]+$/gu;

export function cleanText(v: unknown): string {
  return asString(v).replace(/\r\n?/g, '\n').replace(CONTROL, '').normalize('NFC').replace(INVISIBLE_ENDS, '');
}

export const PERSONAL_ID_MESSAGE =
  'Texten innehåller ett personnummer eller samordningsnummer. Uppgifter om enskilda klienter får inte lagras i Åtgärdsplan – ta bort numret.';

interface TextOptions {
  required?: boolean;
  max?: number;
}

/** Free text: trimmed, limited, and never a personnummer (client data must not be stored). */
export function text(label: string, { required = false, max = 4000 }: TextOptions = {}) {
  return z
    .unknown()
    .optional()
    .transform((v, ctx) => {
      const s = cleanText(v);
      if (required && s === '') {
        ctx.addIssue({ code: 'custom', message: `Fyll i ${label.toLowerCase()}.` });
        return z.NEVER;
      }
      if (s.length > max) {
        ctx.addIssue({ code: 'custom', message: `${label} får vara högst ${max} tecken (nu ${s.length}).` });
        return z.NEVER;
      }
      if (findPersonalIdentityNumber(s)) {
        ctx.addIssue({ code: 'custom', message: PERSONAL_ID_MESSAGE });
        return z.NEVER;
      }
      return s;
    });
}

export function email(label = 'E-postadress') {
  return z
    .unknown()
    .optional()
    .transform((v, ctx) => {
      const s = cleanText(v).toLowerCase();
      if (s === '') {
        ctx.addIssue({ code: 'custom', message: `Fyll i ${label.toLowerCase()}.` });
        return z.NEVER;
      }
      if (s.length > 254 || !z.email().safeParse(s).success) {
        ctx.addIssue({ code: 'custom', message: 'Ange en giltig e-postadress, t.ex. namn@exempelkommun.se.' });
        return z.NEVER;
      }
      return s;
    });
}

export function date(label: string, { required = false } = {}) {
  return z
    .unknown()
    .optional()
    .transform((v, ctx): string | null => {
      const s = cleanText(v);
      if (s === '') {
        if (!required) return null;
        ctx.addIssue({ code: 'custom', message: `Fyll i ${label.toLowerCase()} (ÅÅÅÅ-MM-DD).` });
        return z.NEVER;
      }
      const iso = parseIsoDate(s);
      if (!iso) {
        ctx.addIssue({
          code: 'custom',
          message: `${label} måste vara ett riktigt datum som ÅÅÅÅ-MM-DD, t.ex. 2026-04-04.`,
        });
        return z.NEVER;
      }
      return iso;
    });
}

export function requiredDate(label: string) {
  return date(label, { required: true }).transform((v) => v as string);
}

export function kronor(label: string) {
  return z
    .unknown()
    .optional()
    .transform((v, ctx): number | null => {
      const s = cleanText(v);
      if (s === '') return null;
      const n = parseKronor(s);
      if (n === null) {
        ctx.addIssue({ code: 'custom', message: `${label} anges i hela kronor, t.ex. 600 000 eller 600 000 kr.` });
        return z.NEVER;
      }
      return n;
    });
}

export function choice<T extends string>(label: string, values: readonly T[]) {
  return z
    .unknown()
    .optional()
    .transform((v, ctx): T => {
      const s = cleanText(v);
      if (!(values as readonly string[]).includes(s)) {
        ctx.addIssue({ code: 'custom', message: `Välj ${label.toLowerCase()}.` });
        return z.NEVER;
      }
      return s as T;
    });
}

export function yesNo(label: string) {
  return z
    .unknown()
    .optional()
    .transform((v, ctx): boolean => {
      const s = cleanText(v);
      if (s === 'ja') return true;
      if (s === 'nej') return false;
      ctx.addIssue({ code: 'custom', message: `Välj ja eller nej för ${label.toLowerCase()}.` });
      return z.NEVER;
    });
}

export function id(label: string) {
  return z
    .unknown()
    .optional()
    .transform((v, ctx): number => {
      const s = cleanText(v);
      if (!/^\d{1,12}$/.test(s) || Number(s) < 1) {
        ctx.addIssue({ code: 'custom', message: `Välj ${label.toLowerCase()}.` });
        return z.NEVER;
      }
      return Number(s);
    });
}

export function ids(label: string, { min = 0, max = 500 } = {}) {
  return z
    .unknown()
    .optional()
    .transform((v, ctx): number[] => {
      const list = (Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v])
        .map(cleanText)
        .filter((s) => s !== '');
      if (list.length > max || list.some((s) => !/^\d{1,12}$/.test(s))) {
        ctx.addIssue({ code: 'custom', message: `Ogiltigt val av ${label.toLowerCase()}.` });
        return z.NEVER;
      }
      const unique = [...new Set(list.map(Number))];
      if (unique.length < min) {
        ctx.addIssue({ code: 'custom', message: `Välj minst ${min === 1 ? 'en' : min} ${label.toLowerCase()}.` });
        return z.NEVER;
      }
      return unique;
    });
}

/** The optimistic-lock version a form was opened with. */
export const version = z
  .unknown()
  .optional()
  .transform((v, ctx): number => {
    const s = cleanText(v);
    if (!/^\d{1,9}$/.test(s)) {
      ctx.addIssue({ code: 'custom', message: 'Formuläret saknar versionsuppgift; ladda om sidan.' });
      return z.NEVER;
    }
    return Number(s);
  });

export type ParseResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

export function parseForm<S extends z.ZodType>(schema: S, body: unknown): ParseResult<z.output<S>> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? '_form');
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}

/** A new password: long enough, not too long, and not one of the passwords tried first. */
export function newPassword(label = 'Lösenord', { required = true } = {}) {
  return z
    .unknown()
    .optional()
    .transform((v, ctx): string | null => {
      const s = typeof v === 'string' ? v : '';
      if (s === '' && !required) return null;
      const problem = passwordProblem(s, label);
      if (problem) {
        ctx.addIssue({ code: 'custom', message: problem });
        return z.NEVER;
      }
      return s;
    });
}

/** For a form's refine(): the new password must not be or contain the account's e-mail address. */
export function passwordIsNotEmail(f: { email: string; password: string | null }): boolean {
  return f.password === null || !resemblesEmail(f.password, f.email);
}
export const PASSWORD_IS_EMAIL = { message: PASSWORD_RESEMBLES_EMAIL, path: ['password'] };
