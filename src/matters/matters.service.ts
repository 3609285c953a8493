import type { Db } from '../db/connection.ts';
import { nowIso, todayOf, type Clock } from '../clock.ts';
import { rememberedPerKeyUntilDataChanges } from '../audit/remembered.ts';
import { matterSubmissions, type SubmissionRecord } from '../submissions/submissions.service.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../http/errors.ts';
import { actionLight, respondByLight, daysLeft, type Light } from '../deadlines/lights.ts';
import type { User } from '../users/user.ts';
import { listFindingsOfMatter } from '../findings/findings.repository.ts';
import { listActionsOfMatter, type MatterActionItem } from '../actions/actions.repository.ts';
import type { Finding } from '../findings/finding.ts';
import { asUser } from '../audit/audit.ts';
import { auditEntries, type AuditEntry } from '../audit/audit.service.ts';
import * as repo from './matters.repository.ts';
import type { Matter, MatterInput } from './matter.ts';
import { withFields } from '../shared/objects.ts';

export async function getMatter(db: Db, id: number): Promise<Matter> {
  const m = await repo.findMatter(db, id);
  if (!m) throw new NotFoundError('Ärendet finns inte.');
  return m;
}

export async function createMatter(db: Db, clock: Clock, user: User, input: MatterInput): Promise<number> {
  return asUser(db, clock, user.id, (tx) => repo.insertMatter(tx, input, user.id, nowIso(clock)));
}

export async function updateMatter(
  db: Db,
  clock: Clock,
  user: User,
  id: number,
  version: number,
  input: MatterInput,
): Promise<void> {
  await getMatter(db, id);
  if (!(await asUser(db, clock, user.id, (tx) => repo.updateMatter(tx, id, version, input, user.id, nowIso(clock)))))
    throw new ConflictError(await getMatter(db, id));
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

export interface MatterPage {
  matter: Matter;
  respondByLight: Light | null;
  respondByDaysLeft: number | null;
  findings: (Finding & { actions: (MatterActionItem & { light: Light })[] })[];
  openResponseFindings: number;
  history: { items: AuditEntry[]; total: number };
  /** The redovisningar sent or drafted for the matter. */
  submissions: SubmissionRecord[];
}

/** The latest changes shown on the matter page; all of them are on its history page. */
export const HISTORY_ON_MATTER_PAGE = 10;

/** A page of the matter's whole change history (the audit entries of the matter, its findings and redovisningar), latest first. */
export async function getMatterHistory(db: Db, id: number, page: { limit: number; offset: number }) {
  const matter = await getMatter(db, id);
  return { matter, ...(await auditEntries(db, { matterId: id }, page)) };
}

/** Matter pages kept at once (≈ 25 kB of heap each); the oldest kept goes first. */
const MATTER_PAGES_REMEMBERED = 50;

/**
 * A matter's page as everyone who may read it sees it (what depends on the reader's role is the
 * route's), remembered until the data or the date changes, as the action list's pages are
 * (src/audit/remembered.ts).
 */
export function matterPages(db: Db, warningDays: number) {
  const pages = rememberedPerKeyUntilDataChanges<Readonly<MatterPage>>(db, MATTER_PAGES_REMEMBERED);
  return async (clock: Clock, id: number): Promise<Readonly<MatterPage>> => {
    const today = todayOf(clock);
    return (await pages(`${today} ${id}`, () => getMatterPage(db, today, id, warningDays))).value;
  };
}

/** What a matter's page shows on `today` (a date, so that a remembered page is kept for the day it was made on). */
async function getMatterPage(db: Db, today: string, id: number, warningDays: number): Promise<MatterPage> {
  const matter = await getMatter(db, id);
  const findings = await listFindingsOfMatter(db, id);
  const links = await listActionsOfMatter(db, id);
  const openResponseFindings = matter.closedOn ? 0 : findings.filter((f) => f.responseRequired).length;
  return {
    matter,
    respondByLight: respondByLight(
      { respondBy: matter.respondBy, openResponseFindings, closedOn: matter.closedOn },
      today,
      warningDays,
    ),
    respondByDaysLeft: matter.respondBy ? daysLeft(matter.respondBy, today) : null,
    openResponseFindings,
    history: await auditEntries(db, { matterId: id }, { limit: HISTORY_ON_MATTER_PAGE, offset: 0 }),
    submissions: await matterSubmissions(db, id),
    findings: findings.map((f) =>
      withFields(f, {
        actions: links
          .filter((l) => l.findingId === f.id)
          .map((l) => withFields(l.action, { light: actionLight(l.action, today, warningDays) })),
      }),
    ),
  };
}

export const listMatters = repo.listMatters;
