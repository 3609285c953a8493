import {
  countText,
  daysLeftText,
  formatDate,
  formatDateTime,
  formatDateWeekday,
  formatDeadline,
  formatMoney,
  plural,
} from '../shared/format.ts';
import { deadlineShift } from '../deadlines/calendar.ts';
import ejs from 'ejs';
import { LIGHTS, daysLeft, type Light } from '../deadlines/lights.ts';

/** Text made safe inside HTML (the escaping EJS's `<%=` does), for markup built in code. */
export const escapeHtml = (text: string) => ejs.escapeXML(text);
const escape = escapeHtml;

// The next three are drawn once per table row, so they are functions rather than partials: an
// EJS include copies every local of the page into a new object and looks for the file on disk,
// which made the includes half of the action list's rendering and 60 % of what it allocated.

/** A traffic light: the symbol (hidden from screen readers) and its label, so it reads without colour. */
function lightBadge(light: Light | null | undefined): string {
  if (!light) return '';
  const { symbol, label } = LIGHTS[light];
  return `<span class="light light-${escape(light)}"><span aria-hidden="true">${escape(symbol)}</span> ${escape(label)}</span>`;
}

/** The light beside an action's status: none once it is done or cancelled, which the status itself says. */
function actionLightBadge(light: Light | null | undefined): string {
  return light === 'done' || light === 'cancelled' ? '' : lightBadge(light);
}

/** Nothing is owed to IVO any more: "Redovisad till IVO <datum>", as a light of its own (text and symbol). */
function answeredBadge(sentOn: string): string {
  const { symbol } = LIGHTS.done;
  return `<span class="light light-done"><span aria-hidden="true">${escape(symbol)}</span> Redovisad till IVO <time datetime="${escape(sentOn)}">${escape(formatDate(sentOn))}</time></span>`;
}

/** Where a deadline falls on a non-working day, the next vardag it may be met on (lag 1930:173). */
function shiftNote(date: string, format: (iso: string) => string): string {
  const sh = deadlineShift(date);
  if (!sh.shiftedTo) return '';
  return `<span class="shift">(${escape(sh.reason ?? '')} – får göras <time datetime="${escape(sh.shiftedTo)}">${escape(format(sh.shiftedTo))}</time>)</span>`;
}

/**
 * Text in which a search marked its matches (src/search: markers made from a nonce, so stored text
 * never holds them): all of it escaped, then only the markers become <mark>.
 */
function marked(text: string, markers: { open: string; close: string }): string {
  return escape(text).split(markers.open).join('<mark>').split(markers.close).join('</mark>');
}

/** A deadline in running text: the date in words, and the next vardag beside it when it must move. */
function deadlineText(date: string | null | undefined): string {
  if (!date) return '–';
  const shift = shiftNote(date, formatDateWeekday);
  return `<time datetime="${escape(date)}">${escape(formatDate(date))}</time>${shift ? ` ${shift}` : ''}`;
}

/** A deadline in a table: the ISO date, and below it the next vardag when it must move. */
function deadlineCell(date: string): string {
  const shift = shiftNote(date, (iso) => iso);
  return `<time datetime="${escape(date)}">${escape(date)}</time>${shift ? `<br>${shift}` : ''}`;
}

/** Functions and labels every view may use (set on app.locals). */
export const viewHelpers = {
  formatDate,
  formatDateTime,
  formatDateWeekday,
  formatDeadline,
  formatMoney,
  /** Markup made (and escaped) in code; the only output besides include() that views write unescaped. */
  html: { lightBadge, actionLightBadge, answeredBadge, deadlineText, deadlineCell, marked },
  daysLeft,
  daysLeftText,
  plural,
  countText,
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
