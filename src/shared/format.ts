import { DateTime } from 'luxon';
import { ZONE } from '../clock.ts';
import { deadlineShift } from '../deadlines/calendar.ts';

const LOCALE = 'sv';
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// Lists render thousands of rows over a few hundred distinct dates, and luxon's formatting
// costs tens of microseconds a call, so results are remembered per date (up to a bound).
const MEMO_LIMIT = 20000;
function memoized(format: (iso: string) => string): (iso: string) => string {
  const memo = new Map<string, string>();
  return (iso) => {
    let text = memo.get(iso);
    if (text === undefined) {
      text = format(iso);
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(iso, text);
    }
    return text;
  };
}

function calendarDate(iso: string): DateTime {
  const dt = ISO_DATE.test(iso) ? DateTime.fromISO(iso, { zone: ZONE, locale: LOCALE }) : null;
  if (!dt || !dt.isValid) throw new RangeError(`Not an ISO date (YYYY-MM-DD): ${iso}`);
  return dt;
}

const longDate = memoized((iso) => calendarDate(iso).toFormat('d MMMM yyyy'));
const longDateWeekday = memoized((iso) => calendarDate(iso).toFormat('EEEE d MMMM yyyy'));

// Views are untyped templates, so a missing value (null, undefined, '') renders as nothing.

/** '4 april 2014'; '' for null. */
export function formatDate(iso: string | null): string {
  return !iso ? '' : longDate(iso);
}

/** 'lördag 5 april 2014'; '' for null. */
export function formatDateWeekday(iso: string | null): string {
  return !iso ? '' : longDateWeekday(iso);
}

// Instants as the app stores them (UTC, 'Z'). Sweden's offset from UTC changes only on the hour
// (summer time starts and ends at 01:00 UTC), so it is looked up once per UTC hour and
// remembered; the local date is then the memoized long date, and the time is read off the
// shifted instant. A matter's page and the PDF format hundreds of instants.
const UTC_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;
const HOUR_MS = 3_600_000;
const twoDigits = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const offsetOfHour = new Map<number, number>();
function swedishOffsetMs(ms: number): number {
  const hour = Math.floor(ms / HOUR_MS);
  let offset = offsetOfHour.get(hour);
  if (offset === undefined) {
    offset = DateTime.fromMillis(hour * HOUR_MS, { zone: ZONE }).offset * 60_000;
    if (offsetOfHour.size >= MEMO_LIMIT) offsetOfHour.clear();
    offsetOfHour.set(hour, offset);
  }
  return offset;
}

/** '4 april 2014 kl. 13:05' in Swedish time, from an instant such as '2014-04-04T11:05:00.000Z'. */
export function formatDateTime(instantIso: string): string {
  if (UTC_INSTANT.test(instantIso)) {
    const ms = Date.parse(instantIso);
    const at = new Date(ms);
    // Date rolls an impossible date over (30 February → 2 March); luxon refuses it, below.
    if (at.getUTCDate() === Number(instantIso.slice(8, 10)) && at.getUTCHours() === Number(instantIso.slice(11, 13))) {
      const local = new Date(ms + swedishOffsetMs(ms));
      const year = local.getUTCFullYear();
      if (year >= 1000 && year <= 9999) {
        const date = `${year}-${twoDigits(local.getUTCMonth() + 1)}-${twoDigits(local.getUTCDate())}`;
        return `${longDate(date)} kl. ${twoDigits(local.getUTCHours())}:${twoDigits(local.getUTCMinutes())}`;
      }
    }
  }
  const dt = DateTime.fromISO(instantIso, { zone: ZONE, locale: LOCALE });
  if (!dt.isValid) throw new RangeError(`Not an ISO instant: ${instantIso}`);
  return dt.toFormat("d MMMM yyyy 'kl.' HH:mm");
}

/** '2014-04-04 13:05' in Swedish time (exports), from a stored instant such as '2014-04-04T11:05:00.000Z'. */
export function formatIsoDateTime(instantIso: string): string {
  const ms = Date.parse(instantIso);
  if (!UTC_INSTANT.test(instantIso) || Number.isNaN(ms)) {
    const dt = DateTime.fromISO(instantIso, { zone: ZONE });
    if (!dt.isValid) throw new RangeError(`Not an ISO instant: ${instantIso}`);
    return dt.toFormat('yyyy-MM-dd HH:mm');
  }
  const local = new Date(ms + swedishOffsetMs(ms));
  return local.toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * The literal deadline, and beside it the next vardag when lag 1930:173 moves it.
 * The literal date stays first because it is not settled that IVO applies the rule to its dates.
 */
export function formatDeadline(iso: string | null): string {
  if (!iso) return '';
  const { shiftedTo } = deadlineShift(iso);
  if (shiftedTo === null) return formatDate(iso);
  return `${formatDateWeekday(iso)} – får göras ${formatDateWeekday(shiftedTo)}`;
}

/** The Swedish word for `n` of something: plural('åtgärd', 'åtgärder', 1) is 'åtgärd'. Every count in the UI goes through it. */
export function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

/** '1 åtgärd', '3 åtgärder', '0 åtgärder'. */
export function countText(n: number, one: string, many: string): string {
  return `${n} ${plural(n, one, many)}`;
}

/** 'i dag', '1 dag kvar', '5 dagar kvar', '1 dag sedan', '3 dagar sedan'. */
export function daysLeftText(days: number): string {
  if (days === 0) return 'i dag';
  const text = countText(Math.abs(days), 'dag', 'dagar');
  return days > 0 ? `${text} kvar` : `${text} sedan`;
}

const kronorFormat = new Intl.NumberFormat('sv-SE', {
  style: 'currency',
  currency: 'SEK',
  minimumFractionDigits: 0,
  maximumFractionDigits: 0,
});

/** '600 000 kr' with no-break spaces and U+2212 for minus, as sv-SE writes it; '' for null. */
export function formatMoney(kronor: number | null): string {
  return kronor === null || kronor === undefined ? '' : kronorFormat.format(kronor);
}

/** A real calendar date written strictly as YYYY-MM-DD (years 1900–2199), else null. */
export function parseIsoDate(input: string): string | null {
  const text = input.trim();
  const match = ISO_DATE.exec(text);
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number);
  if (year < 1900 || year > 2199) return null;
  return DateTime.fromObject({ year, month, day }, { zone: 'utc' }).isValid ? text : null;
}

const MAX_KRONOR = 1e12;
// Spaces people paste from Word, Excel or the web: normal, no-break, thin, narrow no-break.
const SPACES = /[ \u00a0\u2009\u202f]/g;
// Whole kronor, either ungrouped or in groups of three, with optional ',00' and 'kr'/':-'.
const KRONOR = /^(\d+|\d{1,3}(?: \d{3})+)(?:[,.]00?)?(?: ?(?:kr|kronor|sek|:-))?$/i;

/** Whole kronor from text such as '600 000', '600 000 kr' or '600 000:-'; null when not that. */
export function parseKronor(input: string): number | null {
  const text = input.replace(SPACES, ' ').trim().replace(/ {2,}/g, ' ');
  const match = KRONOR.exec(text);
  if (!match) return null;
  const kronor = Number(match[1].replace(/ /g, ''));
  return Number.isSafeInteger(kronor) && kronor <= MAX_KRONOR ? kronor : null;
}

const bytesFormat = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 1 });

/** A file size the Swedish way: "512 kB", "1,5 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte`;
  if (bytes < 1024 * 1024) return `${bytesFormat.format(bytes / 1024)} kB`;
  if (bytes < 1024 ** 3) return `${bytesFormat.format(bytes / 1024 ** 2)} MB`;
  return `${bytesFormat.format(bytes / 1024 ** 3)} GB`;
}

/** Names in Swedish alphabetical order (å, ä, ö last), as localeCompare(…, 'sv') but with one collator, not one per call. */
export const compareSwedish = new Intl.Collator(LOCALE).compare;
