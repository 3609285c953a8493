import type { ExpressionBuilder } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';
import { toMatter, withCommittee } from '../matters/matters.repository.ts';
import { toFinding } from '../findings/findings.repository.ts';
import { actionsWithLastComment, toAction } from '../actions/actions.repository.ts';
import type { MatterTree, SubmissionRecord, TreeAction } from './matter-tree.ts';
import { groupBy } from '../shared/objects.ts';

/** One matter, or every matter of one nämnd. */
export type TreeScope = { matterId: number } | { committeeId: number };

function mattersInScope(eb: ExpressionBuilder<Database, 'matters'>, scope: TreeScope) {
  return 'matterId' in scope
    ? eb('matters.id', '=', scope.matterId)
    : eb('matters.committee_id', '=', scope.committeeId);
}

/** The ids of the findings of the matters in scope. */
function findingIdsInScope(db: Db, scope: TreeScope) {
  return db
    .selectFrom('findings')
    .innerJoin('matters', 'matters.id', 'findings.matter_id')
    .where((eb) => mattersInScope(eb, scope))
    .select('findings.id');
}

/**
 * The matters in scope, each with its findings, the actions addressing them and the
 * redovisningar sent to IVO: the one tree that a matter's page, the återrapportering and the
 * redovisning are made from. Matters and findings in id order, actions by slutdatum.
 */
export async function loadMatterTrees(db: Db, scope: TreeScope): Promise<MatterTree[]> {
  return (await loadPlan(db, scope)).trees;
}

/**
 * The trees of the matters in scope, and every action of the plan once: those addressing the
 * findings and, for a nämnd, its actions that address none of its findings (so that the
 * återrapportering still lists them).
 */
export async function loadPlan(db: Db, scope: TreeScope): Promise<{ trees: MatterTree[]; actions: TreeAction[] }> {
  const matters = (
    await withCommittee(db)
      .where((eb) => mattersInScope(eb, scope))
      .orderBy('matters.id')
      .execute()
  ).map(toMatter);
  if (matters.length === 0 && 'matterId' in scope) return { trees: [], actions: [] };
  const findings = await db
    .selectFrom('findings')
    .selectAll('findings')
    .where('findings.id', 'in', findingIdsInScope(db, scope))
    .orderBy('findings.id')
    .execute();
  const links = await db
    .selectFrom('action_findings')
    .select(['action_id', 'finding_id'])
    .where('finding_id', 'in', findingIdsInScope(db, scope))
    .orderBy('finding_id')
    .execute();
  const actionRows = await actionsWithLastComment(db)
    .where((eb) => {
      const addressing = eb(
        'actions.id',
        'in',
        eb.selectFrom('action_findings').select('action_id').where('finding_id', 'in', findingIdsInScope(db, scope)),
      );
      return 'committeeId' in scope
        ? eb.or([addressing, eb('actions.committee_id', '=', scope.committeeId)])
        : addressing;
    })
    .orderBy('actions.due_on')
    .orderBy('actions.id')
    .execute();
  const submissions = await listSubmissionRecords(db, scope);

  const findingIdsByAction = groupBy(
    links,
    (l) => l.action_id,
    (l) => l.finding_id,
  );
  const actions: TreeAction[] = actionRows.map((r) =>
    Object.assign(toAction(r), { lastComment: r.last_comment, findingIds: findingIdsByAction.get(r.id) ?? [] }),
  );
  // Under each finding, its actions in the tree's order (by slutdatum).
  const actionIdsByFinding = groupBy(
    actions.flatMap((a) => a.findingIds.map((findingId) => ({ findingId, actionId: a.id }))),
    (l) => l.findingId,
    (l) => l.actionId,
  );
  const findingsByMatter = groupBy(
    findings,
    (f) => f.matter_id,
    (f) => Object.assign(toFinding(f), { actionIds: actionIdsByFinding.get(f.id) ?? [] }),
  );
  const submissionsByMatter = groupBy(
    submissions,
    (s) => s.matterId,
    (s) => s,
  );
  const trees = matters.map((matter) => {
    const own = findingsByMatter.get(matter.id) ?? [];
    const ownIds = new Set(own.flatMap((f) => f.actionIds));
    return {
      matter,
      findings: own,
      actions: actions.filter((a) => ownIds.has(a.id)),
      submissions: submissionsByMatter.get(matter.id) ?? [],
    };
  });
  return { trees, actions };
}

/** The redovisningar of the matters in scope, oldest round first, with the titles of the findings each covered. */
export async function listSubmissionRecords(db: Db, scope: TreeScope): Promise<SubmissionRecord[]> {
  const rows = await db
    .selectFrom('submissions')
    .innerJoin('users', 'users.id', 'submissions.registered_by')
    .innerJoin('matters', 'matters.id', 'submissions.matter_id')
    .select([
      'submissions.id',
      'submissions.matter_id',
      'submissions.round_no',
      'submissions.sent_on',
      'submissions.note',
      'submissions.document_id',
      'submissions.sha256',
      'submissions.registered_at',
      'users.name as registered_by_name',
    ])
    .select((eb) => eb('submissions.docx', 'is not', null).as('has_docx'))
    .where((eb) => mattersInScope(eb, scope))
    .orderBy('submissions.matter_id')
    .orderBy('submissions.round_no')
    .execute();
  const covered = rows.length
    ? await db
        .selectFrom('submission_findings')
        .innerJoin('findings', 'findings.id', 'submission_findings.finding_id')
        .select(['submission_findings.submission_id', 'findings.id', 'findings.title'])
        .where(
          'submission_findings.submission_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('findings.id')
        .execute()
    : [];
  const coveredBySubmission = groupBy(
    covered,
    (c) => c.submission_id,
    (c) => c,
  );
  return rows.map((r) => ({
    id: r.id,
    matterId: r.matter_id,
    roundNo: r.round_no,
    sentOn: r.sent_on,
    note: r.note,
    documentId: r.document_id,
    sha256: r.sha256,
    registeredByName: r.registered_by_name,
    registeredAt: r.registered_at,
    hasDocx: Boolean(r.has_docx),
    findingIds: (coveredBySubmission.get(r.id) ?? []).map((c) => c.id),
    findingTitles: (coveredBySubmission.get(r.id) ?? []).map((c) => c.title),
  }));
}
