import crypto from 'node:crypto';
import type ExcelJS from 'exceljs';
import type { Db } from '../db/connection.ts';
import { millisOf, type Clock } from '../clock.ts';
import { asUser } from '../db/as-user.ts';
import { sha256 } from '../shared/sha256.ts';
import { parseCsv, type Cell, type Table } from '../shared/spreadsheet.ts';
import { InvalidInputError } from '../shared/errors.ts';
import { may } from '../users/roles.ts';
import type { User } from '../users/user.ts';
import { listAllUsers } from '../users/users.service.ts';
import { addFindingIn } from '../findings/findings.service.ts';
import { createActionIn } from '../actions/actions.service.ts';
import * as repo from './plan-import.repository.ts';
import * as drafts from './import-drafts.repository.ts';
import {
  PLAN_COLUMNS,
  PLAN_EXAMPLE,
  checkPlan,
  namedMatterIds,
  readPlanRows,
  type CheckedPlan,
  type FileCell,
  type PlanRow,
} from './plan-import.ts';

/** The template to fill in: the plan's columns and one example row of fictional data. */
export function planTemplate(): Table {
  async function* batches() {
    yield [PLAN_EXAMPLE as Cell[]];
  }
  return { sheet: 'Åtgärdsplan', fileName: 'mall-åtgärdsplan', columns: PLAN_COLUMNS, batches: batches() };
}

/** An Excel cell's value as text or a date; formulas by their last computed result. */
function fileCell(value: ExcelJS.CellValue): FileCell {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'Ja' : 'Nej';
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : '';
  if ('formula' in value || 'sharedFormula' in value) return fileCell((value.result ?? null) as ExcelJS.CellValue);
  if ('error' in value) return '';
  return '';
}

async function xlsxRecords(file: Buffer): Promise<FileCell[][] | null> {
  // Loaded on the first import, not with the server.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    return null;
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const records: FileCell[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const values = row.values as ExcelJS.CellValue[];
    records[n - 1] = values.slice(1).map(fileCell);
  });
  return Array.from(records, (r) => r ?? []);
}

/** CSV text: UTF-8 (with or without BOM), or Windows-1252 as older Excel saves "CSV (semikolonavgränsad)". */
function csvText(file: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(file);
  } catch {
    return new TextDecoder('windows-1252').decode(file);
  }
}

/**
 * The file's rows, judged by its content, not its name: an Excel workbook (.xlsx), or text (CSV).
 * Anything else gets a Swedish message for the file field.
 */
export async function readPlanFile(
  file: Buffer | null,
  options: { matterOptional: boolean },
): Promise<{ rows: PlanRow[] } | { problem: string }> {
  if (!file) return { problem: 'Välj en fil att importera: en Excel-fil (.xlsx) eller en CSV-fil.' };
  const { fileTypeFromBuffer } = await import('file-type');
  const type = await fileTypeFromBuffer(file);
  let records: FileCell[][] | null;
  if (type?.ext === 'xlsx') {
    records = await xlsxRecords(file);
    if (!records) return { problem: 'Excel-filen går inte att läsa. Spara den på nytt som .xlsx och försök igen.' };
  } else if (type?.ext === 'cfb' || type?.ext === 'xls') {
    return { problem: 'Filen är en äldre Excel-fil (.xls). Spara den som Excel-arbetsbok (.xlsx) eller CSV.' };
  } else if (!type && !file.subarray(0, 64 * 1024).includes(0)) {
    records = parseCsv(csvText(file));
  } else {
    return {
      problem: `Filen är ${type ? `en ${type.ext.toUpperCase()}-fil` : 'ingen textfil'}. Importera en Excel-fil (.xlsx) eller en CSV-fil.`,
    };
  }
  return readPlanRows(records, options);
}

export interface PlanPreview extends CheckedPlan {
  /** A checksum of what is written: the confirmation must match what the user saw. */
  digest: string;
  newFindings: number;
  newActions: number;
}

/** Checks the rows against the database as it is now. */
export async function previewPlan(db: Db, rows: PlanRow[], defaultMatterId?: number): Promise<PlanPreview> {
  const matters = await repo.listMatterNames(db);
  const ids = namedMatterIds(rows, matters, defaultMatterId);
  const checked = checkPlan(rows, {
    matters,
    findings: await repo.listFindingsOfMatters(db, ids),
    actions: await repo.listActionTitlesOfMatters(db, ids),
    users: (await listAllUsers(db)).map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
      mayOwn: u.active && may.ownActions(u.role),
    })),
    defaultMatterId,
  });
  return {
    ...checked,
    digest: sha256(Buffer.from(JSON.stringify(checked.plan))),
    newFindings: checked.plan.findings.length,
    newActions: checked.plan.actions.length,
  };
}

/**
 * Writes a valid plan in one transaction, through the services' own rules (an action's brister
 * in one nämnd, an active ansvarig): all of it with its ändringslogg rows, or nothing.
 */
export async function importPlan(db: Db, clock: Clock, user: User, preview: PlanPreview): Promise<void> {
  if (!preview.valid) throw new InvalidInputError({ fil: 'Filen har fel; inget har sparats.' });
  await asUser(db, clock, user.id, async (tx) => {
    const created = new Map<string, number>();
    for (const f of preview.plan.findings)
      created.set(
        f.key,
        await addFindingIn(tx, clock, f.matterId, {
          title: f.title,
          description: '',
          responseRequired: f.responseRequired,
        }),
      );
    for (const a of preview.plan.actions) {
      const findingIds = a.findings.map((f) => (typeof f === 'number' ? f : created.get(f)!));
      await createActionIn(
        tx,
        clock,
        user,
        { title: a.title, description: '', ownerId: a.ownerId, dueOn: a.dueOn, findingIds },
        a.status,
      );
    }
  });
}

/** How long an uploaded plan waits for its confirmation, and how much room the waiting ones may take. */
export const DRAFT_MINUTES = 30;
const MAX_DRAFT_BYTES = 50 * 1024 * 1024;

/**
 * Uploaded plans waiting for confirmation, kept in the database under a random token bound to the
 * user who uploaded (one each), so the confirmation may reach any of the server's processes: it
 * reads the file again and never trusts a plan sent back by the browser. The retention job purges
 * those older than DRAFT_MINUTES. Not an audited table, so a preview clears no remembered page.
 */
export async function keepDraft(
  db: Db,
  clock: Clock,
  userId: number,
  file: Buffer,
  matterId?: number,
): Promise<string> {
  const token = crypto.randomBytes(24).toString('base64url');
  await drafts.insertDraft(
    db,
    { token, userId, file, matterId: matterId ?? null, createdAt: millisOf(clock) },
    MAX_DRAFT_BYTES,
  );
  return token;
}

export async function findDraft(db: Db, clock: Clock, token: string, userId: number) {
  const draft = await drafts.findDraft(db, token, userId, millisOf(clock) - DRAFT_MINUTES * 60_000);
  return draft && { file: draft.file, matterId: draft.matterId ?? undefined };
}

export const dropDraft = drafts.deleteDraft;
