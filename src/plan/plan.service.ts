import type { Db } from '../db/connection.ts';
import { todayOf, type Clock } from '../clock.ts';
import { rememberedPerKeyUntilDataChanges } from '../db/remembered.ts';
import { NotFoundError } from '../shared/errors.ts';
import { daysLeft, respondByLight, type Light } from '../deadlines/lights.ts';
import { actionLight, actionsOn } from '../actions/action.ts';
import { listUpdatesOf } from '../actions/actions.service.ts';
import { effectFollowUp, type EffectFollowUp } from './effect.ts';
import type { Matter } from '../matters/matter.ts';
import { owedToIvo } from '../matters/owed.ts';
import type { Finding } from '../findings/finding.ts';
import { auditEntries, type AuditEntry } from '../audit/audit.service.ts';
import { getMatter } from '../matters/matters.service.ts';
import { withFields } from '../shared/objects.ts';
import type { SubmissionRecord, TreeAction } from './matter-tree.ts';
import { listSubmissionRecords, loadMatterTrees, loadPlan } from './matter-tree.repository.ts';
import { listAttachments } from '../attachments/attachments.service.ts';
import type { Attachment } from '../attachments/attachment.ts';

/** The latest changes shown on the matter page; all of them are on its history page. */
export const HISTORY_ON_MATTER_PAGE = 10;

/** A page of the matter's whole change history (the audit entries of the matter, its findings and redovisningar), latest first. */
export async function getMatterHistory(db: Db, id: number, page: { limit: number; offset: number }) {
  const matter = await getMatter(db, id);
  return { matter, ...(await auditEntries(db, { matterId: id }, page)) };
}
/** A matter's åtgärdsplan, loaded as one tree
 (src/plan/matter-tree.repository.ts). */
export async function getMatterTree(db: Db, matterId: number) {
  const [tree] = await loadMatterTrees(db, { matterId });
  if (!tree) throw new NotFoundError('Ärendet finns inte.');
  return tree;
}

/** The rounds of redovisning registered for a matter, first round first. */
export function matterSubmissions(db: Db, matterId: number): Promise<SubmissionRecord[]> {
  return listSubmissionRecords(db, { matterId });
}

/** Every matter of a nämnd with its findings, actions and redovisningar, and each of its actions once. */
export function getCommitteePlan(db: Db, committeeId: number) {
  return loadPlan(db, { committeeId });
}

export interface MatterPage {
  matter: Matter;
  respondByLight: Light | null;
  respondByDaysLeft: number | null;
  findings: (Finding & {
    actions: (TreeAction & { light: Light })[];
    effectFollowUp: EffectFollowUp;
    attachments: Attachment[];
  })[];
  openResponseFindings: number;
  /** When nothing is owed to IVO but something was asked: the day the last redovisning was sent. */
  answeredOn: string | null;
  history: { items: AuditEntry[]; total: number };
  /** The redovisningar sent or drafted for the matter. */
  submissions: SubmissionRecord[];
  /** The matter's own bilagor (IVO:s beslut, protokollsutdrag…); a brist's are on the brist. */
  attachments: Attachment[];
  /** How many bilagor each redovisning has, by its id. */
  submissionAttachmentCounts: Record<number, number>;
}

/** Matter pages kept at once (≈ 25 kB of heap each); the oldest kept goes first. */
const MATTER_PAGES_REMEMBERED = 50;

/**
 * A matter's page as everyone who may read it sees it (what depends on the reader's role is the
 * route's), remembered until the data or the date changes, as the action list's pages are
 * (src/db/remembered.ts).
 */
export function matterPages(db: Db, days: PageDays) {
  const pages = rememberedPerKeyUntilDataChanges<Readonly<MatterPage>>(db, MATTER_PAGES_REMEMBERED);
  return async (clock: Clock, id: number): Promise<Readonly<MatterPage>> => {
    const today = todayOf(clock);
    return (await pages(`${today} ${id}`, () => getMatterPage(db, today, id, days))).value;
  };
}

/** The configured windows a matter's page depends on: Snart (WARNING_DAYS), Uppföljning saknas (FOLLOW_UP_DAYS). */
export interface PageDays {
  warningDays: number;
  followUpDays: number;
}

/** What a matter's page shows on `today` (a date, so that a remembered page is kept for the day it was made on). */
async function getMatterPage(db: Db, today: string, id: number, days: PageDays): Promise<MatterPage> {
  const { warningDays, followUpDays } = days;
  const { matter, findings, actions, submissions } = await getMatterTree(db, id);
  const statesToday = actionsOn(await listUpdatesOf(db, { actionIds: actions.map((a) => a.id) }), today);
  const actionById = new Map(actions.map((a) => [a.id, withFields(a, { light: actionLight(a, today, warningDays) })]));
  const owed = owedToIvo({ matter, findings, submissions });
  const attachments = await listAttachments(db, { matterIds: [id], actionIds: [] });
  const submissionAttachmentCounts: Record<number, number> = {};
  for (const a of attachments)
    if (a.item === 'submission') submissionAttachmentCounts[a.itemId] = (submissionAttachmentCounts[a.itemId] ?? 0) + 1;
  const openResponseFindings = owed.owedFindingIds.length;
  return {
    matter,
    respondByLight: respondByLight(
      { respondBy: matter.respondBy, openResponseFindings, closedOn: matter.closedOn },
      today,
      warningDays,
    ),
    respondByDaysLeft: matter.respondBy ? daysLeft(matter.respondBy, today) : null,
    openResponseFindings,
    answeredOn: owed.answeredOn,
    history: await auditEntries(db, { matterId: id }, { limit: HISTORY_ON_MATTER_PAGE, offset: 0 }),
    submissions,
    attachments: attachments.filter((a) => a.item === 'matter'),
    submissionAttachmentCounts,
    findings: findings.map((f) => {
      const own = f.actionIds.map((a) => actionById.get(a)!);
      const states = own.map((a) => statesToday.get(a.id) ?? { status: a.status, finishedOn: null });
      return withFields(f, {
        actions: own,
        effectFollowUp: effectFollowUp(f, states, today, followUpDays),
        attachments: attachments.filter((a) => a.item === 'finding' && a.itemId === f.id),
      });
    }),
  };
}
