import { sql } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { MatterStatus } from './charts.ts';
import { countByDue, countOverdue } from '../actions/actions.repository.ts';
import { OPEN_ACTION_STATUSES } from '../actions/action.ts';
import { addDays } from '../deadlines/calendar.ts';

/**
 * The `limit` open matters with actions that most need attention, their actions counted per
 * status segment (an action addressing two findings of a matter counts once), how many open
 * matters have actions and how many open matters there are. Same order as statusPerMatter.
 * Migration 016's triggers keep each matter's counts for one day: a new day recounts them all once.
 */
export async function topMatterStatus(
  db: Db,
  today: string,
  limit: number,
): Promise<{ matters: MatterStatus[]; withActions: number; openMatters: number }> {
  // Read first: a write, even one that changes nothing, would wait for the write lock on every view.
  const kept = await sql<{ day: string }>`SELECT day FROM matter_action_counts_day`.execute(db);
  if (kept.rows[0]?.day !== today)
    await sql`INSERT INTO matter_action_counts_day (only, day) VALUES (1, ${today})
      ON CONFLICT (only) DO UPDATE SET day = excluded.day`.execute(db);
  const rows = await sql<{
    id: number;
    title: string;
    overdue: number;
    not_started: number;
    in_progress: number;
    done: number;
    cancelled: number;
    total: number;
  }>`
    SELECT m.id, m.title, c.overdue, c.not_started, c.in_progress, c.done, c.cancelled, c.total
    FROM matter_action_counts c JOIN matters m ON m.id = c.matter_id
    ORDER BY c.overdue DESC, c.open DESC, c.total DESC, m.title, m.id
    LIMIT ${limit}`.execute(db);
  const withActions = await sql<{ n: number }>`SELECT count(*) AS n FROM matter_action_counts`.execute(db);
  // Kept by migration 019's triggers: counting 6 000 open matters on an index took 0.3 ms at 100 000 actions.
  const open = await sql<{ n: number }>`SELECT n FROM matter_counts WHERE closed = 0`.execute(db);
  return {
    openMatters: Number(open.rows[0]?.n ?? 0),
    withActions: Number(withActions.rows[0].n),
    matters: rows.rows.map((r) => ({
      matterId: r.id,
      title: r.title,
      counts: {
        overdue: r.overdue,
        not_started: r.not_started,
        in_progress: r.in_progress,
        done: r.done,
        cancelled: r.cancelled,
      },
      total: r.total,
    })),
  };
}

/** How many slutdatum were moved (entries of the actions' histories) from `since` (an instant) on. */
export async function countMovedDueDates(db: Db, since: string): Promise<number> {
  // A direct move or an approved request moves the date; a request or a declined one does not
  // (isDueDateMove). Written as migration 016's partial index is, so that only its entries are read.
  const r = await sql<{ n: number }>`
    SELECT count(*) AS n FROM action_updates
    WHERE to_due_on IS NOT NULL AND (due_request IS NULL OR due_request = 'approved')
      AND created_at >= ${since}`.execute(db);
  return Number(r.rows[0].n);
}

/** How many chefs' requests for a new slutdatum wait for the förvaltningschef's answer (pendingDueRequest). */
export async function countPendingDueRequests(db: Db): Promise<number> {
  // Every condition names due_request, so only the entries of migration 016's partial index are read.
  const r = await sql<{ n: number }>`
    SELECT count(*) AS n FROM action_updates u
    WHERE u.due_request = 'requested'
      AND NOT EXISTS (SELECT 1 FROM action_updates later
        WHERE later.action_id = u.action_id AND later.id > u.id AND later.due_request IS NOT NULL)`.execute(db);
  return Number(r.rows[0].n);
}

/** Unfinished actions due up to `until`, counted per month ('passed' for those already overdue). */
export async function openActionsPerPeriod(db: Db, today: string, until: string): Promise<Map<string, number>> {
  const passed = await countOverdue(db, today);
  const perMonth = await countByDue(db, OPEN_ACTION_STATUSES, today, addDays(until, 1), 'month');
  return passed ? perMonth.set('passed', passed) : perMonth;
}

/**
 * Svarsdatum of matters that owe IVO a redovisning (owedToIvo, kept by migration 016) up to `until`,
 * per month: those passed counted on the index alone, the few ahead grouped by month.
 */
export async function owedResponsesPerPeriod(db: Db, today: string, until: string): Promise<Map<string, number>> {
  const passed = await sql<{ n: number }>`SELECT count(*) AS n FROM owed_matters WHERE respond_by < ${today}`.execute(
    db,
  );
  const ahead = await sql<{ k: string; n: number }>`
    SELECT substr(respond_by, 1, 7) AS k, count(*) AS n
    FROM owed_matters WHERE respond_by >= ${today} AND respond_by <= ${until} GROUP BY k`.execute(db);
  const perMonth = new Map(ahead.rows.map((r) => [r.k, Number(r.n)]));
  const n = Number(passed.rows[0].n);
  return n > 0 ? perMonth.set('passed', n) : perMonth;
}

export interface FollowUpMissing {
  findingId: number;
  findingTitle: string;
  matterId: number;
  matterTitle: string;
  committeeName: string;
}

/**
 * Brister whose uppföljning av effekt is missing (effectFollowUp's 'missing'): no assessment, at
 * least one action, and every action finished (its trailing run of Klar or Avbruten begun, as
 * actionsOn reads it) before `finishedBefore`, the instant the day `followUpDays` before today began
 * in Sweden. Migration 016's triggers keep the candidates (and since when) with each write, and
 * their counts per bucket of that instant. Held to effectFollowUp by a property test
 * (test/integration/overview-counts.test.ts).
 */
export async function listFollowUpsMissing(
  db: Db,
  finishedBefore: string,
  limit: number,
): Promise<{ total: number; items: FollowUpMissing[] }> {
  const counted = await sql<{ n: number | null }>`
    SELECT sum(n) AS n FROM follow_up_candidate_counts WHERE bucket < ${finishedBefore.slice(0, 13)}`.execute(db);
  const total = Number(counted.rows[0]?.n ?? 0);
  if (total === 0) return { total, items: [] };
  // Few of them: found by date and sorted. Many: the matters walked in title order until `limit` are found.
  const rows = await (
    total <= FEW_FOLLOW_UPS
      ? sql<FollowUpRow>`
        SELECT f.id AS finding_id, f.title AS finding_title, m.id AS matter_id, m.title AS matter_title,
          c.name AS committee_name
        FROM follow_up_candidates ff CROSS JOIN findings f CROSS JOIN matters m CROSS JOIN committees c
        WHERE f.id = ff.finding_id AND m.id = f.matter_id AND c.id = m.committee_id
          AND ff.finished_at < ${finishedBefore}
        ORDER BY m.title, m.id, f.id LIMIT ${limit}`
      : sql<FollowUpRow>`
        SELECT f.id AS finding_id, f.title AS finding_title, m.id AS matter_id, m.title AS matter_title,
          c.name AS committee_name
        FROM matters m CROSS JOIN findings f CROSS JOIN follow_up_candidates ff CROSS JOIN committees c
        WHERE f.matter_id = m.id AND ff.finding_id = f.id AND c.id = m.committee_id
          AND ff.finished_at < ${finishedBefore}
        ORDER BY m.title, m.id, f.id LIMIT ${limit}`
  ).execute(db);
  return {
    total,
    items: rows.rows.map((r) => ({
      findingId: r.finding_id,
      findingTitle: r.finding_title,
      matterId: r.matter_id,
      matterTitle: r.matter_title,
      committeeName: r.committee_name,
    })),
  };
}

const FEW_FOLLOW_UPS = 500;

interface FollowUpRow {
  finding_id: number;
  finding_title: string;
  matter_id: number;
  matter_title: string;
  committee_name: string;
}
