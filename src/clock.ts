import { DateTime } from 'luxon';

export const ZONE = 'Europe/Stockholm';

// Every rule takes "today" from a Clock so tests can pin it; only this file reads the wall clock.
export interface Clock {
  now(): DateTime;
  /** Optional fast paths for what every request asks: today's date in Sweden, and the instant in ms. */
  today?(): string;
  millis?(): number;
}

// Every request asks for today's date and the time; a luxon DateTime in a named zone costs tens
// of microseconds (its zone offset comes from Intl each time), one cached Intl formatter a few.
const SWEDISH_DATE = new Intl.DateTimeFormat('sv-SE', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The date in Sweden at an instant, 'YYYY-MM-DD'. */
export function swedishDateAt(ms: number): string {
  return SWEDISH_DATE.format(ms);
}

export const systemClock: Clock = {
  now: () => DateTime.now().setZone(ZONE),
  today: () => swedishDateAt(Date.now()),
  millis: () => Date.now(),
};

/**
 * A clock that starts at `isoInstant` when made and runs on in real time: for a test's server
 * process (TEST_NOW), so dates are pinned while sessions and throttling still see time pass.
 */
export function clockFrom(isoInstant: string): Clock {
  const offset = DateTime.fromISO(isoInstant).toMillis() - Date.now();
  const millis = () => Date.now() + offset;
  return {
    now: () => DateTime.fromMillis(millis(), { zone: ZONE }),
    today: () => swedishDateAt(millis()),
    millis,
  };
}

/** The app's clock: the wall clock, or TEST_NOW's pinned start where the configuration allows it (not in production). */
export function configuredClock(config: { readonly testNow: string | null }): Clock {
  return config.testNow ? clockFrom(config.testNow) : systemClock;
}

export function fixedClock(isoInstantOrDate: string): Clock {
  const at = DateTime.fromISO(isoInstantOrDate, { zone: ZONE });
  return { now: () => at };
}

export function todayOf(clock: Clock): string {
  return clock.today ? clock.today() : clock.now().setZone(ZONE).toISODate()!;
}

export function millisOf(clock: Clock): number {
  return clock.millis ? clock.millis() : clock.now().toMillis();
}

export function nowIso(clock: Clock): string {
  return clock.now().toUTC().toISO()!;
}

/** The instant a day began in Sweden, as the database stores instants (ISO, UTC). */
export function swedishDayStart(day: string): string {
  return DateTime.fromISO(day, { zone: ZONE }).startOf('day').toUTC().toISO()!;
}
