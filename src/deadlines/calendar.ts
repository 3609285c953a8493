export interface Holiday {
  date: string;
  name: string;
}

export interface DeadlineShift {
  date: string;
  /** The next vardag when the literal date is not one, otherwise null. */
  shiftedTo: string | null;
  /** Why the literal date is not a vardag, e.g. 'lördag' or 'långfredagen'. */
  reason: string | null;
}

// These run for every row of lists with thousands of rows, where parsing each date with luxon
// dominated the time; calendar dates have no time zone, so plain day numbers suffice.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days since 1970-01-01 (Howard Hinnant's days_from_civil). */
function dayNumberOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function isoOf(dayNumber: number): string {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function parse(date: string): { year: number; dayNumber: number } {
  const match = ISO_DATE.exec(date);
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)) {
      return { year, dayNumber: dayNumberOf(year, month, day) };
    }
  }
  throw new RangeError(`Not an ISO date (YYYY-MM-DD): ${date}`);
}

/** ISO weekday: 1 = måndag … 7 = söndag (day 0, 1970-01-01, was a Thursday). */
function weekdayOf(dayNumber: number): number {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

export function addDays(date: string, days: number): string {
  return isoOf(parse(date).dayNumber + days);
}

/** Calendar days from `from` to `to`; negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return parse(to).dayNumber - parse(from).dayNumber;
}

/** Gregorian Easter Sunday (the anonymous "Meeus/Jones/Butcher" algorithm). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}

/** The Saturday in the week starting at the given day, as midsommardagen and alla helgons dag are defined. */
function saturdayFrom(year: number, month: number, day: number): number {
  const start = dayNumberOf(year, month, day);
  return start + ((6 - weekdayOf(start) + 7) % 7);
}

interface Year {
  holidays: readonly Holiday[];
  /** Day number → why it is not a vardag, for the named days only (not plain weekends). */
  nonWorking: ReadonlyMap<number, string>;
}

const years = new Map<number, Year>();

/**
 * The law as amended in 2005 (nationaldagen in, annandag pingst out) is applied to every year;
 * matters older than that are not expected.
 */
function yearOf(year: number): Year {
  let cached = years.get(year);
  if (cached) return cached;

  const easter = parse(easterSunday(year)).dayNumber;
  const fixed = (month: number, day: number) => dayNumberOf(year, month, day);
  const midsommardagen = saturdayFrom(year, 6, 20);
  const named: Array<[number, string]> = [
    [fixed(1, 1), 'nyårsdagen'],
    [fixed(1, 6), 'trettondedag jul'],
    [easter - 2, 'långfredagen'],
    [easter, 'påskdagen'],
    [easter + 1, 'annandag påsk'],
    [fixed(5, 1), 'första maj'],
    [easter + 39, 'Kristi himmelsfärdsdag'],
    [fixed(6, 6), 'nationaldagen'],
    [easter + 49, 'pingstdagen'],
    [midsommardagen, 'midsommardagen'],
    [saturdayFrom(year, 10, 31), 'alla helgons dag'],
    [fixed(12, 25), 'juldagen'],
    [fixed(12, 26), 'annandag jul'],
  ];
  named.sort((x, y) => x[0] - y[0]);

  const nonWorking = new Map<number, string>();
  for (const [dayNumber, name] of named) {
    // Easter can put Kristi himmelsfärdsdag on första maj (e.g. 2008); name both.
    const existing = nonWorking.get(dayNumber);
    nonWorking.set(dayNumber, existing ? `${existing} och ${name}` : name);
  }
  // Lag 1930:173 2 § treats these aftnar like helgdagar although lag 1989:253 does not list them.
  nonWorking.set(midsommardagen - 1, 'midsommarafton');
  nonWorking.set(fixed(12, 24), 'julafton');
  nonWorking.set(fixed(12, 31), 'nyårsafton');

  cached = { holidays: named.map(([dayNumber, name]) => ({ date: isoOf(dayNumber), name })), nonWorking };
  years.set(year, cached);
  return cached;
}

/** Allmänna helgdagar under lag 1989:253 other than ordinary Sundays, in date order. */
export function swedishHolidays(year: number): Holiday[] {
  return yearOf(year).holidays.map((h) => ({ ...h }));
}

function nameOfNonWorkingDay(year: number, dayNumber: number): string | null {
  const named = yearOf(year).nonWorking.get(dayNumber);
  if (named) return named;
  const weekday = weekdayOf(dayNumber);
  if (weekday === 6) return 'lördag';
  if (weekday === 7) return 'söndag';
  return null;
}

/** Why `date` is not a vardag under lag 1930:173 2 §, or null when it is one. */
export function nonWorkingDayName(date: string): string | null {
  const { year, dayNumber } = parse(date);
  return nameOfNonWorkingDay(year, dayNumber);
}

function nextWorkingDayNumber(date: string): number {
  let { year, dayNumber } = parse(date);
  while (nameOfNonWorkingDay(year, dayNumber) !== null) {
    dayNumber += 1;
    // A shift reaches the next year only through nyårsafton, whose chain ends on 2 January at the latest.
    if (dayNumber === dayNumberOf(year + 1, 1, 1)) year += 1;
  }
  return dayNumber;
}

/** The date itself when it is a vardag, otherwise the next vardag (lag 1930:173 2 §). */
export function nextWorkingDay(date: string): string {
  return isoOf(nextWorkingDayNumber(date));
}

export function deadlineShift(date: string): DeadlineShift {
  const reason = nonWorkingDayName(date);
  return { date, shiftedTo: reason === null ? null : nextWorkingDay(date), reason };
}
