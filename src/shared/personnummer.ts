import { DateTime } from 'luxon';

// Ten digits (YYMMDD, optional -, + or space, NNNN) or twelve (YYYYMMDD, optional - or space,
// NNNN), never part of a longer run of digits. A space is how many type it off a paper form.
const SHORT_FORM = /(?<!\d)(\d{2})(\d{2})(\d{2})[-+ ]?(\d{4})(?!\d)/g;
const LONG_FORM = /(?<!\d)(1[89]|20)(\d{2})(\d{2})(\d{2})[- ]?(\d{4})(?!\d)/g;

/** Luhn over the ten digits YYMMDDNNNC, as Skatteverket computes the check digit. */
function hasValidCheckDigit(tenDigits: string): boolean {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let digit = Number(tenDigits[i]) * (i % 2 === 0 ? 2 : 1);
    if (digit > 9) digit -= 9;
    sum += digit;
  }
  return sum % 10 === 0;
}

/** A real birth date; samordningsnummer add 60 to the day. */
function isBirthDate(year: number, month: number, day: number): boolean {
  const realDay = day > 60 ? day - 60 : day;
  return DateTime.fromObject({ year, month, day: realDay }, { zone: 'utc' }).isValid;
}

interface Candidate {
  index: number;
  text: string;
}

function* candidates(text: string): Generator<Candidate> {
  for (const m of text.matchAll(SHORT_FORM)) {
    const [, yy, mm, dd, serial] = m;
    // Without the century any leap year fits, and 2000–2099 has them exactly when yy % 4 === 0.
    if (isBirthDate(2000 + Number(yy), Number(mm), Number(dd)) && hasValidCheckDigit(yy + mm + dd + serial)) {
      yield { index: m.index, text: m[0] };
    }
  }
  for (const m of text.matchAll(LONG_FORM)) {
    const [, cc, yy, mm, dd, serial] = m;
    if (isBirthDate(Number(cc + yy), Number(mm), Number(dd)) && hasValidCheckDigit(yy + mm + dd + serial)) {
      yield { index: m.index, text: m[0] };
    }
  }
}

/**
 * The first Swedish personnummer or samordningsnummer in `text`, or null.
 * Only numbers with a real date and a valid check digit count, so ordinary figures,
 * dates, phone numbers and diarienummer pass.
 */
export function findPersonalIdentityNumber(text: string): string | null {
  let first: Candidate | null = null;
  for (const candidate of candidates(text)) {
    if (first === null || candidate.index < first.index) first = candidate;
  }
  return first === null ? null : first.text;
}
