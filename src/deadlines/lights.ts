import { daysBetween } from './calendar.ts';

/** Derived from status, due date and today; 'overdue' (Försenad) is never stored. */
export type Light = 'overdue' | 'soon' | 'on_track' | 'done' | 'cancelled';

export const LIGHTS: Readonly<Record<Light, { readonly label: string; readonly symbol: string }>> = {
  // Symbols differ in shape so the light reads without colour (WCAG 1.4.1); all are in DejaVu Sans.
  overdue: { label: 'Försenad', symbol: '⚠' },
  soon: { label: 'Snart', symbol: '◔' },
  on_track: { label: 'I tid', symbol: '○' },
  done: { label: 'Klar', symbol: '✓' },
  cancelled: { label: 'Avbruten', symbol: '✕' },
};

export const DEFAULT_WARNING_DAYS = 14;

/** Calendar days from today until `due`; negative once it has passed. */
export function daysLeft(due: string, today: string): number {
  return daysBetween(today, due);
}

/** The light of a deadline not yet met: Försenad once passed, Snart within the warning window. */
export function deadlineLight(due: string | null, today: string, warningDays: number): Light {
  if (due === null) return 'on_track';
  const days = daysLeft(due, today);
  if (days < 0) return 'overdue';
  if (days <= warningDays) return 'soon';
  return 'on_track';
}

/**
 * The light for a matter's svarsdatum, or null when there is nothing owed to IVO:
 * no svarsdatum, the matter is closed, or the only open findings are ones IVO merely
 * "skickar med" — those must never show as overdue.
 */
export function respondByLight(
  m: { respondBy: string | null; openResponseFindings: number; closedOn: string | null },
  today: string,
  warningDays = DEFAULT_WARNING_DAYS,
): Light | null {
  if (m.respondBy === null || m.closedOn !== null || m.openResponseFindings <= 0) return null;
  return deadlineLight(m.respondBy, today, warningDays);
}
