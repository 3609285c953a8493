import { formatDate, formatDateTime, formatDateWeekday, formatDeadline, formatMoney } from '../shared/format.ts';
import { deadlineShift } from '../deadlines/calendar.ts';
import { ACTION_STATUS_LABEL, LIGHTS, daysLeft, daysLeftText } from '../deadlines/lights.ts';
import { ROLE_LABEL } from '../users/roles.ts';
import { FINE_STATUS_LABEL, MATTER_KIND_LABEL } from '../matters/matter.ts';

/** Functions and labels every view may use (set on app.locals). */
export const viewHelpers = {
  formatDate,
  formatDateTime,
  formatDateWeekday,
  formatDeadline,
  formatMoney,
  deadlineShift,
  daysLeft,
  daysLeftText,
  LIGHTS,
  ACTION_STATUS_LABEL,
  ROLE_LABEL,
  MATTER_KIND_LABEL,
  FINE_STATUS_LABEL,
  /** Builds a query string from the current filters, overriding some. */
  query(params: Record<string, unknown>, override: Record<string, unknown> = {}): string {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...params, ...override })) {
      if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
    }
    const s = q.toString();
    return s ? `?${s}` : '';
  },
};
