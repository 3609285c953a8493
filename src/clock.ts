import { DateTime } from 'luxon';

export const ZONE = 'Europe/Stockholm';

// Every rule takes "today" from a Clock so tests can pin it; only this file reads the wall clock.
export interface Clock {
  now(): DateTime;
}

export const systemClock: Clock = { now: () => DateTime.now().setZone(ZONE) };

export function fixedClock(isoInstantOrDate: string): Clock {
  const at = DateTime.fromISO(isoInstantOrDate, { zone: ZONE });
  return { now: () => at };
}

export function todayOf(clock: Clock): string {
  return clock.now().setZone(ZONE).toISODate()!;
}

export function nowIso(clock: Clock): string {
  return clock.now().toUTC().toISO()!;
}
