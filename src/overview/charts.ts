import { DateTime } from 'luxon';
import type { ActionStatus } from '../actions/action.ts';
import { withFields } from '../shared/objects.ts';
import { countText } from '../shared/format.ts';

// The Översikt's two pictures, as pure functions: figures in, figures and SVG geometry out.
// The view only draws what these return, and prints the same figures as tables.

/** Months shown on the timeline, starting with the current one. */
export const TIMELINE_MONTHS = 6;

export interface TimelinePeriod {
  /** 'passed' for deadlines already behind us, otherwise the month as ÅÅÅÅ-MM. */
  key: string;
  label: string;
  /** Svarsdatum to IVO falling in the period. */
  responses: number;
  /** Slutdatum of unfinished actions falling in the period. */
  actions: number;
}

function monthLabel(month: DateTime): string {
  return month.setLocale('sv').toFormat('LLLL yyyy');
}

/**
 * Coming deadlines per month, plus those already passed. The callers pass only what is
 * still owed: svarsdatum with findings that require a response, and unfinished actions.
 * Dates beyond the last month are left out, since the picture is about the near future.
 */
export function deadlineTimeline(
  today: string,
  responseDates: readonly string[],
  actionDueDates: readonly string[],
  months = TIMELINE_MONTHS,
): TimelinePeriod[] {
  const first = DateTime.fromISO(today, { zone: 'utc' }).startOf('month');
  const periods: TimelinePeriod[] = [{ key: 'passed', label: 'Passerat', responses: 0, actions: 0 }];
  for (let i = 0; i < months; i++) {
    const month = first.plus({ months: i });
    periods.push({ key: month.toFormat('yyyy-MM'), label: monthLabel(month), responses: 0, actions: 0 });
  }
  const periodOf = (date: string) => (date < today ? periods[0] : periods.find((p) => p.key === date.slice(0, 7)));
  for (const d of responseDates) {
    const p = periodOf(d);
    if (p) p.responses += 1;
  }
  for (const d of actionDueDates) {
    const p = periodOf(d);
    if (p) p.actions += 1;
  }
  return periods;
}

/** The same periods as deadlineTimeline, from counts already made per period ('passed' or ÅÅÅÅ-MM). */
export function deadlineTimelineFromCounts(
  today: string,
  responses: ReadonlyMap<string, number>,
  actions: ReadonlyMap<string, number>,
  months = TIMELINE_MONTHS,
): TimelinePeriod[] {
  return deadlineTimeline(today, [], [], months).map((p) =>
    withFields(p, { responses: responses.get(p.key) ?? 0, actions: actions.get(p.key) ?? 0 }),
  );
}

/** The last day the timeline covers, so queries can stop there. */
export function timelineEnd(today: string, months = TIMELINE_MONTHS): string {
  return DateTime.fromISO(today, { zone: 'utc' }).startOf('month').plus({ months }).minus({ days: 1 }).toISODate()!;
}

export type StatusSegment = 'overdue' | ActionStatus;

/** Segments of a matter's bar, in drawing order. Försenad is its own segment so the parts add up. */
export const STATUS_SEGMENTS: readonly { key: StatusSegment; label: string }[] = [
  { key: 'overdue', label: 'Försenad' },
  { key: 'not_started', label: 'Ej påbörjad' },
  { key: 'in_progress', label: 'Pågår' },
  { key: 'done', label: 'Klar' },
  { key: 'cancelled', label: 'Avbruten' },
];

export interface MatterStatus {
  matterId: number;
  title: string;
  counts: Record<StatusSegment, number>;
  total: number;
}

// --- Geometry. Units are SVG user units; the SVG scales to its box, about 1:1 on a phone.

export const CHART_WIDTH = 330;

export interface Bar {
  kind: 'responses' | 'actions';
  x: number;
  y: number;
  width: number;
  height: number;
  value: number;
  text: string;
  textX: number;
  textY: number;
}

export interface TimelineGeometry {
  width: number;
  height: number;
  rows: { key: string; label: string; labelY: number; ruleY: number; bars: Bar[] }[];
}

const TL_BAR_MAX = 215;
const TL_BAR_HEIGHT = 12;
const TL_ROW_HEIGHT = 52;

/** Bar length in proportion to the largest value; anything above zero stays visible. */
export function barLength(value: number, max: number, full: number): number {
  if (value <= 0 || max <= 0) return 0;
  return Math.max(3, Math.round((value / max) * full));
}

/** One row per period: its name, then a bar for svarsdatum and one for åtgärder, each with its count. */
export function timelineGeometry(periods: readonly TimelinePeriod[]): TimelineGeometry {
  const max = Math.max(0, ...periods.flatMap((p) => [p.responses, p.actions]));
  const rows = periods.map((p, i) => {
    const top = i * TL_ROW_HEIGHT;
    const bars: Bar[] = (
      [
        ['responses', p.responses, countText(p.responses, 'svarsdatum', 'svarsdatum')],
        ['actions', p.actions, countText(p.actions, 'åtgärd', 'åtgärder')],
      ] as const
    ).map(([kind, value, text], j) => {
      const y = top + 19 + j * (TL_BAR_HEIGHT + 3);
      const width = barLength(value, max, TL_BAR_MAX);
      return {
        kind,
        x: 0,
        y,
        width,
        height: TL_BAR_HEIGHT,
        value,
        text,
        textX: width + (width > 0 ? 5 : 0),
        textY: y + TL_BAR_HEIGHT - 1,
      };
    });
    return { key: p.key, label: p.label, labelY: top + 14, ruleY: top + 0.5, bars };
  });
  return { width: CHART_WIDTH, height: periods.length * TL_ROW_HEIGHT - 4, rows };
}

export interface Segment {
  key: StatusSegment;
  label: string;
  value: number;
  x: number;
  width: number;
}

/** Splits a bar of `width` into the status segments; rounding never makes the parts overrun the whole. */
export function stackedSegments(counts: Record<StatusSegment, number>, width: number): Segment[] {
  const total = STATUS_SEGMENTS.reduce((s, { key }) => s + counts[key], 0);
  if (total === 0) return [];
  const out: Segment[] = [];
  let before = 0;
  for (const { key, label } of STATUS_SEGMENTS) {
    const value = counts[key];
    if (value === 0) continue;
    const x = Math.round((before / total) * width);
    before += value;
    out.push({ key, label, value, x, width: Math.round((before / total) * width) - x });
  }
  return out;
}

export interface StatusGeometry {
  width: number;
  height: number;
  barWidth: number;
  rows: {
    matterId: number;
    title: string;
    fullTitle: string;
    titleY: number;
    barY: number;
    barHeight: number;
    segments: Segment[];
    totalText: string;
    totalX: number;
    totalY: number;
  }[];
}

const ST_BAR_WIDTH = 230;
const ST_BAR_HEIGHT = 18;
const ST_ROW_HEIGHT = 50;
const ST_TITLE_CHARS = 40;

export function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

export function statusGeometry(matters: readonly MatterStatus[]): StatusGeometry {
  const rows = matters.map((m, i) => {
    const top = i * ST_ROW_HEIGHT;
    return {
      matterId: m.matterId,
      title: shorten(m.title, ST_TITLE_CHARS),
      fullTitle: m.title,
      titleY: top + 14,
      barY: top + 21,
      barHeight: ST_BAR_HEIGHT,
      segments: stackedSegments(m.counts, ST_BAR_WIDTH),
      totalText: m.total === 0 ? 'inga åtgärder' : countText(m.total, 'åtgärd', 'åtgärder'),
      totalX: ST_BAR_WIDTH + 6,
      totalY: top + 35,
    };
  });
  return { width: CHART_WIDTH, height: Math.max(1, matters.length * ST_ROW_HEIGHT - 8), barWidth: ST_BAR_WIDTH, rows };
}

/** One sentence per period, for the picture's text alternative. */
export function timelineDescription(periods: readonly TimelinePeriod[]): string {
  return periods
    .map(
      (p) =>
        `${p.label}: ${countText(p.responses, 'svarsdatum', 'svarsdatum')} och ${countText(p.actions, 'åtgärd', 'åtgärder')}.`,
    )
    .join(' ');
}

export function statusDescription(matters: readonly MatterStatus[]): string {
  return matters
    .map((m) => {
      if (m.total === 0) return `${m.title}: inga åtgärder.`;
      const parts = STATUS_SEGMENTS.filter(({ key }) => m.counts[key] > 0).map(
        ({ key, label }) => `${label.toLowerCase()} ${m.counts[key]}`,
      );
      return `${m.title}: ${countText(m.total, 'åtgärd', 'åtgärder')}, ${parts.join(', ')}.`;
    })
    .join(' ');
}
