import type { Db } from '../db/connection.ts';
import { nowIso, todayOf, type Clock } from '../clock.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../shared/errors.ts';
import type { User } from '../users/user.ts';
import { asUser } from '../db/as-user.ts';
import { assertCommitteeChoosable } from '../committees/committees.service.ts';
import * as repo from './matters.repository.ts';
import { FINE_STATUS_LABEL, MATTER_KIND_LABEL, respondBySinceAfter, type Matter, type MatterInput } from './matter.ts';
import type { Cell, Column, Table } from '../shared/spreadsheet.ts';

export type { MatterFilter } from './matters.repository.ts';

export async function getMatter(db: Db, id: number): Promise<Matter> {
  const m = await repo.findMatter(db, id);
  if (!m) throw new NotFoundError('Ärendet finns inte.');
  return m;
}

function checkRespondBySince(input: MatterInput, today: string): void {
  if (input.respondBySince && input.respondBySince > today)
    throw new InvalidInputError({ respondBySince: 'Dagen då IVO begärde redovisningen kan inte ligga i framtiden.' });
}

export async function createMatter(db: Db, clock: Clock, user: User, input: MatterInput): Promise<number> {
  await assertCommitteeChoosable(db, input.committeeId);
  checkRespondBySince(input, todayOf(clock));
  const respondBySince = respondBySinceAfter(null, input, todayOf(clock));
  return asUser(db, clock, user.id, (tx) => repo.insertMatter(tx, input, respondBySince, user.id, nowIso(clock)));
}

export async function updateMatter(
  db: Db,
  clock: Clock,
  user: User,
  id: number,
  version: number,
  input: MatterInput,
): Promise<void> {
  const before = await getMatter(db, id);
  await assertCommitteeChoosable(db, input.committeeId, before.committeeId);
  checkRespondBySince(input, todayOf(clock));
  const respondBySince = respondBySinceAfter(before, input, todayOf(clock));
  const saved = await asUser(db, clock, user.id, (tx) =>
    repo.updateMatter(tx, id, version, input, respondBySince, user.id, nowIso(clock)),
  );
  if (!saved) throw new ConflictError(await getMatter(db, id));
}

export async function closeMatter(
  db: Db,
  clock: Clock,
  user: User,
  id: number,
  version: number,
  closedOn: string,
  note: string,
): Promise<void> {
  const m = await getMatter(db, id);
  if (m.closedOn) throw new InvalidInputError({ closedOn: 'Ärendet är redan avslutat.' });
  if (m.decidedOn && closedOn < m.decidedOn)
    throw new InvalidInputError({ closedOn: 'Avslutsdatum kan inte vara före beslutsdatum.' });
  // A closing is registered when it has happened: a future date would drop its vite from the Översikt now.
  if (closedOn > todayOf(clock)) throw new InvalidInputError({ closedOn: 'Avslutsdatum kan inte ligga i framtiden.' });
  if (
    !(await asUser(db, clock, user.id, (tx) =>
      repo.setMatterClosed(tx, id, version, { closedOn, closedNote: note }, user.id, nowIso(clock)),
    ))
  )
    throw new ConflictError(await getMatter(db, id));
}

export async function reopenMatter(db: Db, clock: Clock, user: User, id: number, version: number): Promise<void> {
  const m = await getMatter(db, id);
  if (!m.closedOn) return;
  // The closing note is kept in the matter's text so reopening never erases what was written.
  const note = m.closedNote ? `Tidigare avslutat ${m.closedOn}: ${m.closedNote}` : `Tidigare avslutat ${m.closedOn}.`;
  if (
    !(await asUser(db, clock, user.id, (tx) =>
      repo.setMatterClosed(tx, id, version, { closedOn: null, closedNote: note }, user.id, nowIso(clock)),
    ))
  )
    throw new ConflictError(await getMatter(db, id));
}

export const listMatters = repo.listMatters;
export const listMattersAfter = repo.listMattersAfter;

const EXPORT_BATCH = 500;

const EXPORT_COLUMNS: readonly Column[] = [
  { header: 'Rubrik', kind: 'text', width: 45 },
  { header: 'Ärendetyp', kind: 'text', width: 20 },
  { header: 'Nämnd', kind: 'text', width: 28 },
  { header: 'Verksamhet', kind: 'text', width: 28 },
  { header: 'IVO:s diarienummer', kind: 'text', width: 18 },
  { header: 'Eget diarienummer', kind: 'text', width: 18 },
  { header: 'Beslutsdatum', kind: 'date', width: 12 },
  { header: 'Svarsdatum', kind: 'date', width: 12 },
  { header: 'Brister att redovisa', kind: 'number', width: 12 },
  { header: 'Vitesbelopp', kind: 'kronor', width: 14 },
  { header: 'Vitesstatus', kind: 'text', width: 22 },
  { header: 'Laga kraft', kind: 'date', width: 12 },
  { header: 'Uppföljning', kind: 'date', width: 12 },
  { header: 'Brister', kind: 'number', width: 9 },
  { header: 'Ej avslutade åtgärder', kind: 'number', width: 12 },
  { header: 'Avslutat', kind: 'date', width: 12 },
];

/** Every matter the list's filter matches, in the list's order, as a table for Excel or CSV. */
export function matterExport(db: Db, filter: repo.MatterFilter): Table {
  async function* batches() {
    for (let offset = 0; ; offset += EXPORT_BATCH) {
      const { items } = await repo.listMatters(db, filter, { limit: EXPORT_BATCH, offset });
      if (items.length === 0) return;
      yield items.map((m): Cell[] => [
        m.title,
        MATTER_KIND_LABEL[m.kind],
        m.committeeName,
        m.unit,
        m.ivoReference,
        m.ownReference,
        m.decidedOn,
        m.respondBy,
        m.openResponseFindings,
        m.fineAmount,
        FINE_STATUS_LABEL[m.fineStatus],
        m.finalOn,
        m.followUpOn,
        m.findingCount,
        m.openActionCount,
        m.closedOn,
      ]);
      if (items.length < EXPORT_BATCH) return;
    }
  }
  return { sheet: 'Ärenden', fileName: 'ärenden', columns: EXPORT_COLUMNS, batches: batches() };
}
