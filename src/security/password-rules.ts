import { createRequire } from 'node:module';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

// About 49 000 passwords seen most often in leaks (zxcvbn-ts's list), plus Swedish words
// that such lists miss and that people here reach for first. The set takes ≈ 15 MB, and only
// setting a password needs it, so it is read on first use rather than when the server starts.
const SWEDISH = [
  'lösenord',
  'losenord',
  'losen',
  'lösen',
  'hemligt',
  'sommar',
  'vinter',
  'varen',
  'våren',
  'hosten',
  'hösten',
  'sverige',
  'stockholm',
  'göteborg',
  'goteborg',
  'malmö',
  'malmo',
  'kommun',
  'kommunen',
  'socialtjänsten',
  'socialtjansten',
  'socialnämnden',
  'socialnamnden',
  'välkommen',
  'valkommen',
  'åtgärdsplan',
  'atgardsplan',
  'qwertyuiopå',
  'hejhej',
  'hejsan',
];
let common: Set<string> | null = null;
function commonPasswords(): Set<string> {
  if (!common) {
    const { dictionary } = createRequire(import.meta.url)(
      '@zxcvbn-ts/language-common',
    ) as typeof import('@zxcvbn-ts/language-common');
    common = new Set([...dictionary['passwords-common'].map((p) => p.toLowerCase()), ...SWEDISH]);
  }
  return common;
}

/**
 * A password on the common list, also when a number or a few symbols are added at the end
 * ("Sommar2026!"), the commonest way people make a listed word pass a length rule.
 */
export function isCommonPassword(password: string): boolean {
  const p = password.normalize('NFC').toLowerCase();
  const listed = commonPasswords();
  if (listed.has(p)) return true;
  const stem = p.replace(/[\d\s!?.,:;#*@$%&+_-]+$/u, '');
  return stem.length >= 4 && stem !== p && listed.has(stem);
}

/** The password is the e-mail address or contains the part before the @. */
export function resemblesEmail(password: string, email: string): boolean {
  const p = password.normalize('NFC').toLowerCase();
  const e = email.trim().toLowerCase();
  if (e === '') return false;
  const local = e.split('@')[0];
  return p === e || p.includes(e) || (local.length >= 3 && p.includes(local));
}

export const PASSWORD_RESEMBLES_EMAIL = 'Lösenordet får inte vara eller innehålla e-postadressen.';

/** What is wrong with a new password, in Swedish, or null when it may be used. */
export function passwordProblem(password: string, label = 'Lösenord'): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `${label} måste ha minst ${MIN_PASSWORD_LENGTH} tecken.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `${label} får vara högst ${MAX_PASSWORD_LENGTH} tecken.`;
  if (isCommonPassword(password))
    return 'Lösenordet är för vanligt och gissas lätt. Välj ett annat, gärna flera ord i följd.';
  return null;
}
