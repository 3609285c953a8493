import { findPersonalIdentityNumber } from '../shared/personnummer.ts';
import { parseForm, PERSONAL_ID_MESSAGE } from '../http/forms.ts';
import { ACTION_STATUSES, ACTION_STATUS_LABEL, type ActionStatus } from '../actions/action.ts';
import { actionForm } from '../actions/actions.forms.ts';
import { findingForm } from '../findings/findings.forms.ts';
import type { Column } from '../shared/spreadsheet.ts';

/**
 * An existing action plan, one row per brist and åtgärd, read from .xlsx or CSV.
 *
 * Rules (also in README.md):
 * - "Ärende" names an existing ärende by its eget diarienummer, else its IVO:s diarienummer, else
 *   its rubrik (exactly, ignoring case and spacing); a name that fits several ärenden is refused.
 *   Opened from a matter's page, an empty Ärende means that matter. Ärenden are not created here.
 * - "Brist" is found by its title within the ärende, or created (Kräver redovisning: Ja unless Nej).
 * - A row without Åtgärd only adds its brist. Rows with the same ärende and Åtgärd are one action
 *   addressing each row's brist (they must agree on ansvarig, slutdatum and status).
 * - An åtgärd the ärende already has (same title) is refused, so a plan is never imported twice.
 */
export const PLAN_COLUMNS = [
  { key: 'matter', header: 'Ärende', kind: 'text', width: 30 },
  { key: 'finding', header: 'Brist', kind: 'text', width: 45 },
  { key: 'responseRequired', header: 'Kräver redovisning', kind: 'text', width: 12 },
  { key: 'action', header: 'Åtgärd', kind: 'text', width: 45 },
  { key: 'owner', header: 'Ansvarig (e-post)', kind: 'text', width: 32 },
  { key: 'dueOn', header: 'Slutdatum', kind: 'date', width: 12 },
  { key: 'status', header: 'Status', kind: 'text', width: 12 },
] as const satisfies readonly (Column & { key: string })[];

export type PlanField = (typeof PLAN_COLUMNS)[number]['key'];

/** The template's example row: fictional data, in the order of PLAN_COLUMNS. */
export const PLAN_EXAMPLE = [
  'SN 2026/123',
  'Utredningar har inte inletts skyndsamt',
  'Ja',
  'Införa veckovis genomgång av inkomna anmälningar',
  'anna.berg@exempelkommun.se',
  '2026-06-30',
  'Ej påbörjad',
];

/** A cell as read from the file: text, or a date (an Excel date cell). */
export type FileCell = string | Date;

/** Rows beyond this are refused: a plan this long is split, and the preview stays readable. */
export const MAX_PLAN_ROWS = 5000;

export interface PlanRow {
  /** The row's number in the file (1 is the first line), as a spreadsheet shows it. */
  line: number;
  cells: Record<PlanField, string>;
  /** The Slutdatum cell was an Excel date. */
  dueDate: Date | null;
}

const HEADER_ALIASES: Record<string, PlanField> = {
  ärende: 'matter',
  brist: 'finding',
  'kräver redovisning': 'responseRequired',
  åtgärd: 'action',
  'ansvarig (e-post)': 'owner',
  'ansvarig e-post': 'owner',
  ansvarig: 'owner',
  slutdatum: 'dueOn',
  status: 'status',
};

/** Text as the import compares it: NFC, spacing collapsed, Swedish lower case. */
export function matchKey(text: string): string {
  return text.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('sv');
}

function cellText(cell: FileCell | undefined): string {
  if (cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return cell.normalize('NFC').trim();
}

/**
 * The plan's rows under its header (the first non-empty row), or a problem with the file as a
 * whole, in Swedish. Empty rows are skipped; unknown columns are ignored.
 */
export function readPlanRows(
  records: FileCell[][],
  { matterOptional }: { matterOptional: boolean },
): { rows: PlanRow[] } | { problem: string } {
  const headerIndex = records.findIndex((r) => r.some((c) => cellText(c) !== ''));
  if (headerIndex < 0) return { problem: 'Filen är tom. Använd mallen och fyll i en rad per brist och åtgärd.' };
  const columns = new Map<PlanField, number>();
  records[headerIndex].forEach((c, i) => {
    const field = HEADER_ALIASES[matchKey(cellText(c))];
    if (field && !columns.has(field)) columns.set(field, i);
  });
  const required = PLAN_COLUMNS.filter((c) => c.key === 'finding' || (c.key === 'matter' && !matterOptional));
  const missing = required.filter((c) => !columns.has(c.key)).map((c) => c.header);
  if (missing.length > 0)
    return {
      problem: `Filen saknar kolumnen ${missing.join(' och ')} på första raden. Använd mallen: ${PLAN_COLUMNS.map((c) => c.header).join(', ')}.`,
    };
  const rows: PlanRow[] = [];
  for (let i = headerIndex + 1; i < records.length; i++) {
    const record = records[i];
    const cells = Object.fromEntries(
      PLAN_COLUMNS.map((c) => [c.key, columns.has(c.key) ? cellText(record[columns.get(c.key)!]) : '']),
    ) as Record<PlanField, string>;
    if (Object.values(cells).every((v) => v === '')) continue;
    const due = columns.has('dueOn') ? record[columns.get('dueOn')!] : undefined;
    rows.push({ line: i + 1, cells, dueDate: due instanceof Date ? due : null });
  }
  if (rows.length === 0) return { problem: 'Filen har inga rader under rubrikraden.' };
  if (rows.length > MAX_PLAN_ROWS)
    return { problem: `Filen har ${rows.length} rader; högst ${MAX_PLAN_ROWS} importeras åt gången. Dela upp den.` };
  return { rows };
}

export interface KnownMatter {
  id: number;
  title: string;
  ownReference: string;
  ivoReference: string;
}

export interface KnownOwner {
  id: number;
  name: string;
  email: string;
  /** Active and in a role that may own actions. */
  mayOwn: boolean;
}

/** What the import checks the rows against, read from the database just before. */
export interface PlanContext {
  matters: readonly KnownMatter[];
  /** Existing brister of those matters. */
  findings: readonly { id: number; matterId: number; title: string; responseRequired: boolean }[];
  /** Titles of the actions each matter already has. */
  actions: readonly { matterId: number; title: string }[];
  users: readonly KnownOwner[];
  /** The matter an empty Ärende means (the import was opened from its page). */
  defaultMatterId?: number;
}

export interface CheckedRow {
  line: number;
  cells: Record<PlanField, string>;
  errors: string[];
  matter: KnownMatter | null;
  /** An existing brist's id, or null when the row creates it. */
  findingId: number | null;
  newFinding: boolean;
  responseRequired: boolean;
  owner: KnownOwner | null;
  /** The åtgärd as the form cleans it; null for a row that only adds a brist (or has errors). */
  actionTitle: string | null;
  dueOn: string | null;
  status: ActionStatus;
}

/** What is written when every row is valid: new brister, and actions addressing them by their keys. */
export interface ImportPlan {
  findings: { key: string; matterId: number; title: string; responseRequired: boolean }[];
  actions: {
    matterId: number;
    title: string;
    ownerId: number;
    dueOn: string;
    status: ActionStatus;
    /** Existing brister by id, new ones by key. */
    findings: (number | string)[];
  }[];
}

export interface CheckedPlan {
  rows: CheckedRow[];
  valid: boolean;
  plan: ImportPlan;
}

/** An åtgärd's title and slutdatum, by the action form's own rules. */
const ACTION_ROW = actionForm.pick({ title: true, dueOn: true });

const STATUS_BY_LABEL = new Map(ACTION_STATUSES.map((s) => [matchKey(ACTION_STATUS_LABEL[s]), s]));

function findingKey(matterId: number, title: string): string {
  return `${matterId}\u0000${matchKey(title)}`;
}

/** Each matter by each of its names, in the order they are tried. */
function matterIndex(matters: readonly KnownMatter[]) {
  const by = (name: (m: KnownMatter) => string) => {
    const index = new Map<string, KnownMatter[]>();
    for (const m of matters) {
      const key = matchKey(name(m));
      if (key !== '') index.set(key, [...(index.get(key) ?? []), m]);
    }
    return index;
  };
  return [by((m) => m.ownReference), by((m) => m.ivoReference), by((m) => m.title)];
}

/** The matters the rows name (as checkPlan finds them), so that only their brister and åtgärder are read. */
export function namedMatterIds(
  rows: readonly PlanRow[],
  matters: readonly KnownMatter[],
  defaultMatterId?: number,
): number[] {
  const names = matterIndex(matters);
  const ids = new Set<number>(defaultMatterId ? [defaultMatterId] : []);
  for (const row of rows) {
    const found = names.map((index) => index.get(matchKey(row.cells.matter))).find((list) => list);
    if (found?.length === 1) ids.add(found[0].id);
  }
  return [...ids];
}

/**
 * Checks every row against the forms' rules and the database's ärenden, brister and users, and
 * builds the plan. Every error names its column, in Swedish; `valid` only when no row has one.
 */
export function checkPlan(rows: readonly PlanRow[], ctx: PlanContext): CheckedPlan {
  const matterNames = matterIndex(ctx.matters);
  const mattersById = new Map(ctx.matters.map((m) => [m.id, m]));
  const findings = new Map(ctx.findings.map((f) => [findingKey(f.matterId, f.title), f]));
  const existingActions = new Set(ctx.actions.map((a) => findingKey(a.matterId, a.title)));
  const users = new Map(ctx.users.map((u) => [matchKey(u.email), u]));
  const newFindings = new Map<string, { line: number; responseRequired: boolean; title: string; matterId: number }>();
  const actions = new Map<string, { line: number; row: CheckedRow; findings: Map<number | string, number> }>();
  const checked: CheckedRow[] = [];

  for (const row of rows) {
    const { cells } = row;
    const errors: string[] = [];
    const clean = new Set<PlanField>();
    for (const c of PLAN_COLUMNS) {
      if (findPersonalIdentityNumber(cells[c.key])) errors.push(`${c.header}: ${PERSONAL_ID_MESSAGE}`);
      else clean.add(c.key);
    }

    let matter: KnownMatter | null = null;
    if (clean.has('matter')) {
      if (cells.matter === '' && ctx.defaultMatterId) matter = mattersById.get(ctx.defaultMatterId) ?? null;
      else if (cells.matter === '') errors.push('Ärende: fyll i ärendets diarienummer eller rubrik.');
      else {
        const found = matterNames.map((index) => index.get(matchKey(cells.matter))).find((list) => list);
        if (!found) errors.push(`Ärende: inget ärende har diarienummer eller rubrik ”${cells.matter}”.`);
        else if (found.length > 1)
          errors.push(`Ärende: ${found.length} ärenden heter ”${cells.matter}”; ange ärendets eget diarienummer.`);
        else matter = found[0];
      }
    }

    let responseRequired = true;
    if (clean.has('responseRequired')) {
      const answer = matchKey(cells.responseRequired);
      if (answer === 'nej') responseRequired = false;
      else if (answer !== '' && answer !== 'ja') errors.push('Kräver redovisning: skriv Ja eller Nej.');
    }

    let findingId: number | null = null;
    let findingTitle: string | null = null;
    if (clean.has('finding')) {
      const parsed = parseForm(findingForm, {
        title: cells.finding,
        description: '',
        responseRequired: responseRequired ? 'ja' : 'nej',
      });
      if (!parsed.ok) errors.push(`Brist: ${parsed.errors.title}`);
      else findingTitle = parsed.data.title;
      if (matter && findingTitle !== null) {
        const key = findingKey(matter.id, findingTitle);
        const existing = findings.get(key);
        const earlier = newFindings.get(key);
        const stated = cells.responseRequired !== '';
        if (existing) {
          findingId = existing.id;
          if (stated && existing.responseRequired !== responseRequired)
            errors.push(
              `Kräver redovisning: bristen finns redan i ärendet med ${existing.responseRequired ? 'Ja' : 'Nej'}; ändra den i ärendet eller i filen.`,
            );
          responseRequired = existing.responseRequired;
        } else if (earlier) {
          if (stated && earlier.responseRequired !== responseRequired)
            errors.push(`Kräver redovisning: samma brist står på rad ${earlier.line} med ett annat svar.`);
          responseRequired = earlier.responseRequired;
        } else if (errors.length === 0)
          newFindings.set(key, { line: row.line, responseRequired, title: findingTitle, matterId: matter.id });
      }
    }

    const hasAction = cells.action !== '' || cells.owner !== '' || cells.dueOn !== '' || cells.status !== '';
    let owner: KnownOwner | null = null;
    let actionTitle: string | null = null;
    let dueOn: string | null = null;
    let status: ActionStatus = 'not_started';
    if (hasAction) {
      const due = row.dueDate ? row.dueDate.toISOString().slice(0, 10) : cells.dueOn;
      const form = parseForm(ACTION_ROW, { title: cells.action, dueOn: due });
      if (!form.ok) {
        if (form.errors.title && clean.has('action')) errors.push(`Åtgärd: ${form.errors.title}`);
        if (form.errors.dueOn && clean.has('dueOn')) errors.push(`Slutdatum: ${form.errors.dueOn}`);
      } else {
        actionTitle = form.data.title;
        dueOn = form.data.dueOn;
      }
      if (clean.has('owner')) {
        if (cells.owner === '') errors.push('Ansvarig (e-post): fyll i den ansvariges e-postadress.');
        else {
          owner = users.get(matchKey(cells.owner)) ?? null;
          if (!owner) errors.push(`Ansvarig (e-post): ingen användare har e-postadressen ${cells.owner}.`);
          else if (!owner.mayOwn) {
            errors.push(
              `Ansvarig (e-post): ${owner.name} kan inte vara ansvarig (bara aktiva chefer och förvaltningschefer).`,
            );
            owner = null;
          }
        }
      }
      if (clean.has('status') && cells.status !== '') {
        const known = STATUS_BY_LABEL.get(matchKey(cells.status));
        if (known) status = known;
        else if (matchKey(cells.status) === 'försenad')
          errors.push('Status: Försenad räknas fram av slutdatum; skriv Ej påbörjad eller Pågår.');
        else errors.push(`Status: skriv ${ACTION_STATUSES.map((s) => ACTION_STATUS_LABEL[s]).join(', ')}.`);
      }
      if (matter && actionTitle !== null && findingTitle !== null) {
        const key = findingKey(matter.id, actionTitle);
        if (existingActions.has(key))
          errors.push('Åtgärd: ärendet har redan en åtgärd med samma namn; en plan importeras inte två gånger.');
        const same = actions.get(key);
        const addressed = findingId ?? findingKey(matter.id, findingTitle);
        if (same) {
          const first = same.row;
          if (first.owner?.id !== owner?.id || first.dueOn !== dueOn || first.status !== status)
            errors.push(
              `Åtgärd: samma åtgärd står på rad ${same.line} med annan ansvarig, slutdatum eller status; skriv dem lika.`,
            );
          else if (same.findings.has(addressed))
            errors.push(`Åtgärd: samma brist och åtgärd står redan på rad ${same.findings.get(addressed)}.`);
        }
      }
    }

    const result: CheckedRow = {
      line: row.line,
      cells,
      errors,
      matter,
      findingId,
      newFinding: findingId === null,
      responseRequired,
      owner,
      actionTitle,
      dueOn,
      status,
    };
    checked.push(result);
    if (matter && actionTitle !== null && findingTitle !== null && errors.length === 0) {
      const key = findingKey(matter.id, actionTitle);
      const group = actions.get(key) ?? { line: row.line, row: result, findings: new Map() };
      group.findings.set(findingId ?? findingKey(matter.id, findingTitle), row.line);
      actions.set(key, group);
    }
  }

  const valid = checked.every((r) => r.errors.length === 0);
  const plan: ImportPlan = {
    findings: [...newFindings.entries()].map(([key, f]) => ({
      key,
      matterId: f.matterId,
      title: f.title,
      responseRequired: f.responseRequired,
    })),
    actions: [...actions.values()].map(({ row, findings: addressed }) => ({
      matterId: row.matter!.id,
      title: row.actionTitle!,
      ownerId: row.owner!.id,
      dueOn: row.dueOn!,
      status: row.status,
      findings: [...addressed.keys()],
    })),
  };
  return { rows: checked, valid, plan };
}
