import { sql, type Kysely } from 'kysely';

// Frozen in time: this migration never imports application code.
// Fresh pages (issue 20): the Översikt's counts cost in proportion to the installation when read
// from the actions and their histories. These tables keep them per day (or per instant bucket),
// written by triggers, so every writer (the app, import, the API, the seed script) keeps them
// right; a page sums a few hundred rows instead of reading 100 000. None of them is a record:
// each is derived from audited tables (rebuildDerived below), so none is audited.

const OPEN = `('not_started', 'in_progress')`;
const FINISHED = `('done', 'cancelled')`;

/**
 * An instant's bucket: its UTC date, except that the hours 22 and 23 get one each. A day in Sweden
 * begins at 22:00 or 23:00 UTC, so "before the start of a Swedish day" is "in a smaller bucket than
 * that instant's": counts kept per bucket answer it exactly with ≈ 3 rows a day. Null (no history) is ''.
 */
const bucket = (t: string) => `(CASE WHEN ${t} IS NULL THEN ''
  WHEN substr(${t}, 12, 2) >= '22' THEN substr(${t}, 1, 13) ELSE substr(${t}, 1, 10) END)`;

/** Adds `delta` to the count of `key` in `table`, dropping a count that reaches 0 (keys are columns = values). */
function bump(table: string, key: Record<string, string>, delta: number): string {
  const columns = Object.keys(key);
  const where = columns.map((c) => `${c} = ${key[c]}`).join(' AND ');
  return `INSERT INTO ${table} (${columns.join(', ')}, n) VALUES (${columns.map((c) => key[c]).join(', ')}, ${delta})
      ON CONFLICT (${columns.join(', ')}) DO UPDATE SET n = n + ${delta};
    DELETE FROM ${table} WHERE ${where} AND n = 0;`;
}

/** The follow-up candidates among the findings `ids` (a subquery or one id, in parentheses) and since when. */
const followUpCandidates = (ids: string) => `
      SELECT af.finding_id, max(h.finished_at) FROM action_findings af
      JOIN findings f ON f.id = af.finding_id
      LEFT JOIN action_histories h ON h.action_id = af.action_id
      WHERE af.finding_id IN ${ids} AND f.effect IS NULL
      GROUP BY af.finding_id HAVING count(*) = count(h.finished_at)`;

const recountFollowUps = (ids: string) => `
    DELETE FROM follow_up_candidates WHERE finding_id IN ${ids};
    INSERT INTO follow_up_candidates (finding_id, finished_at) ${followUpCandidates(ids)};`;

/**
 * The open matters among `ids` that owe IVO a redovisning (owedFindingCount of
 * src/matters/matters.repository.ts, as it stands now), with their svarsdatum.
 */
const owedMatters = (ids: string) => `
      SELECT m.id, m.respond_by FROM matters m
      WHERE m.id IN ${ids} AND m.closed_on IS NULL AND m.respond_by IS NOT NULL AND EXISTS (
        SELECT 1 FROM findings f
        WHERE f.matter_id = m.id AND f.response_required = 1 AND NOT EXISTS (
          SELECT 1 FROM submission_findings sf JOIN submissions s ON s.id = sf.submission_id
          WHERE sf.finding_id = f.id AND (m.respond_by_since IS NULL OR s.sent_on >= m.respond_by_since)))`;

const recountOwed = (ids: string) => `
    DELETE FROM owed_matters WHERE matter_id IN ${ids};
    INSERT INTO owed_matters (matter_id, respond_by) ${owedMatters(ids)};`;

/**
 * The open matters among `ids` with actions, each action counted once per matter in the segments
 * of the Översikt's status picture as they stand on the day kept in matter_action_counts_day.
 */
const matterActionCounts = (ids: string) => `
      SELECT matter_id,
        sum(status IN ${OPEN} AND due_on < d.day), sum(status = 'not_started' AND due_on >= d.day),
        sum(status = 'in_progress' AND due_on >= d.day), sum(status = 'done'), sum(status = 'cancelled'),
        sum(status IN ${OPEN}), count(*)
      FROM (SELECT DISTINCT f.matter_id, a.id, a.status, a.due_on FROM findings f
        JOIN matters m ON m.id = f.matter_id
        JOIN action_findings af ON af.finding_id = f.id JOIN actions a ON a.id = af.action_id
        WHERE f.matter_id IN ${ids} AND m.closed_on IS NULL)
      JOIN matter_action_counts_day d GROUP BY matter_id`;

// Without a day (before the Översikt first asks, e.g. while a database is seeded) nothing is kept.
const WITH_DAY = 'WHEN EXISTS (SELECT 1 FROM matter_action_counts_day)';
const recountMatters = (ids: string) => `
    DELETE FROM matter_action_counts WHERE matter_id IN ${ids};
    INSERT INTO matter_action_counts
      (matter_id, overdue, not_started, in_progress, done, cancelled, open, total) ${matterActionCounts(ids)};`;
const mattersOfAction = (actionId: string) =>
  `(SELECT f.matter_id FROM action_findings af JOIN findings f ON f.id = af.finding_id
    WHERE af.action_id = ${actionId})`;

const isOpen = (actionId: string) => `(SELECT status IN ${OPEN} FROM actions WHERE id = ${actionId})`;
const lastUpdateOf = (actionId: string) =>
  `(SELECT last_update_at FROM action_histories WHERE action_id = ${actionId})`;

const TRIGGERS: Record<string, string> = {
  // Actions per status and slutdatum: counts by status, overdue, due soon and per month are sums over a few days.
  action_counts_insert: `AFTER INSERT ON actions BEGIN
    ${bump('action_counts', { status: 'NEW.status', due_on: 'NEW.due_on' }, 1)} END`,
  action_counts_delete: `AFTER DELETE ON actions BEGIN
    ${bump('action_counts', { status: 'OLD.status', due_on: 'OLD.due_on' }, -1)} END`,
  action_counts_update: `AFTER UPDATE OF status, due_on ON actions
    WHEN OLD.status IS NOT NEW.status OR OLD.due_on IS NOT NEW.due_on BEGIN
    ${bump('action_counts', { status: 'OLD.status', due_on: 'OLD.due_on' }, -1)}
    ${bump('action_counts', { status: 'NEW.status', due_on: 'NEW.due_on' }, 1)} END`,

  // Actions per ansvarig: the list's filter offers those who own any.
  owner_counts_insert: `AFTER INSERT ON actions BEGIN
    ${bump('action_owner_counts', { owner_id: 'NEW.owner_id' }, 1)} END`,
  owner_counts_delete: `AFTER DELETE ON actions BEGIN
    ${bump('action_owner_counts', { owner_id: 'OLD.owner_id' }, -1)} END`,
  owner_counts_update: `AFTER UPDATE OF owner_id ON actions WHEN OLD.owner_id <> NEW.owner_id BEGIN
    ${bump('action_owner_counts', { owner_id: 'OLD.owner_id' }, -1)}
    ${bump('action_owner_counts', { owner_id: 'NEW.owner_id' }, 1)} END`,

  // An action's history in brief: its newest entry, and when its trailing run of Klar (or of Avbruten) began.
  action_histories_append: `AFTER INSERT ON action_updates BEGIN
    INSERT INTO action_histories (action_id, last_update_at, last_status, finished_at)
      VALUES (NEW.action_id, NEW.created_at, NEW.to_status,
        CASE WHEN NEW.to_status IN ${FINISHED} THEN NEW.created_at END)
      ON CONFLICT (action_id) DO UPDATE SET
        last_update_at = max(last_update_at, excluded.last_update_at),
        last_status = excluded.last_status,
        finished_at = CASE
          WHEN excluded.last_status NOT IN ${FINISHED} THEN NULL
          WHEN last_status = excluded.last_status THEN min(finished_at, excluded.finished_at)
          ELSE excluded.finished_at END;
    END`,

  // Open actions per bucket of their newest history entry: "Ej uppdaterade" is a sum over buckets.
  stale_counts_action_insert: `AFTER INSERT ON actions WHEN NEW.status IN ${OPEN} BEGIN
    ${bump('open_action_update_counts', { bucket: bucket(lastUpdateOf('NEW.id')) }, 1)} END`,
  stale_counts_action_delete: `AFTER DELETE ON actions WHEN OLD.status IN ${OPEN} BEGIN
    ${bump('open_action_update_counts', { bucket: bucket(lastUpdateOf('OLD.id')) }, -1)} END`,
  stale_counts_action_opened: `AFTER UPDATE OF status ON actions
    WHEN NEW.status IN ${OPEN} AND OLD.status NOT IN ${OPEN} BEGIN
    ${bump('open_action_update_counts', { bucket: bucket(lastUpdateOf('NEW.id')) }, 1)} END`,
  stale_counts_action_finished: `AFTER UPDATE OF status ON actions
    WHEN OLD.status IN ${OPEN} AND NEW.status NOT IN ${OPEN} BEGIN
    ${bump('open_action_update_counts', { bucket: bucket(lastUpdateOf('NEW.id')) }, -1)} END`,
  stale_counts_history_insert: `AFTER INSERT ON action_histories WHEN ${isOpen('NEW.action_id')} BEGIN
    ${bump('open_action_update_counts', { bucket: "''" }, -1)}
    ${bump('open_action_update_counts', { bucket: bucket('NEW.last_update_at') }, 1)} END`,
  stale_counts_history_update: `AFTER UPDATE OF last_update_at ON action_histories
    WHEN OLD.last_update_at IS NOT NEW.last_update_at AND ${isOpen('NEW.action_id')} BEGIN
    ${bump('open_action_update_counts', { bucket: bucket('OLD.last_update_at') }, -1)}
    ${bump('open_action_update_counts', { bucket: bucket('NEW.last_update_at') }, 1)} END`,

  // Brister without an uppföljning av effekt whose actions are all finished, and since when.
  follow_ups_history_insert: `AFTER INSERT ON action_histories BEGIN
    ${recountFollowUps('(SELECT finding_id FROM action_findings WHERE action_id = NEW.action_id)')} END`,
  follow_ups_history_update: `AFTER UPDATE OF finished_at ON action_histories
    WHEN OLD.finished_at IS NOT NEW.finished_at BEGIN
    ${recountFollowUps('(SELECT finding_id FROM action_findings WHERE action_id = NEW.action_id)')} END`,
  follow_ups_link_insert: `AFTER INSERT ON action_findings BEGIN ${recountFollowUps('(NEW.finding_id)')} END`,
  follow_ups_link_delete: `AFTER DELETE ON action_findings BEGIN ${recountFollowUps('(OLD.finding_id)')} END`,
  follow_ups_effect: `AFTER UPDATE OF effect ON findings WHEN (OLD.effect IS NULL) <> (NEW.effect IS NULL) BEGIN
    ${recountFollowUps('(NEW.id)')} END`,
  follow_ups_finding_delete: `AFTER DELETE ON findings BEGIN
    DELETE FROM follow_up_candidates WHERE finding_id = OLD.id; END`,
  follow_up_counts_insert: `AFTER INSERT ON follow_up_candidates BEGIN
    ${bump('follow_up_candidate_counts', { bucket: bucket('NEW.finished_at') }, 1)} END`,
  follow_up_counts_delete: `AFTER DELETE ON follow_up_candidates BEGIN
    ${bump('follow_up_candidate_counts', { bucket: bucket('OLD.finished_at') }, -1)} END`,

  // Open matters owing IVO a redovisning, with their svarsdatum (the timeline counts them per month).
  owed_matter_insert: `AFTER INSERT ON matters BEGIN ${recountOwed('(NEW.id)')} END`,
  owed_matter_update: `AFTER UPDATE OF closed_on, respond_by, respond_by_since ON matters BEGIN
    ${recountOwed('(NEW.id)')} END`,
  owed_matter_delete: `AFTER DELETE ON matters BEGIN DELETE FROM owed_matters WHERE matter_id = OLD.id; END`,
  owed_finding_insert: `AFTER INSERT ON findings BEGIN ${recountOwed('(NEW.matter_id)')} END`,
  owed_finding_update: `AFTER UPDATE OF matter_id, response_required ON findings BEGIN
    ${recountOwed('(OLD.matter_id, NEW.matter_id)')} END`,
  owed_finding_delete: `AFTER DELETE ON findings BEGIN ${recountOwed('(OLD.matter_id)')} END`,
  owed_submission_finding_insert: `AFTER INSERT ON submission_findings BEGIN
    ${recountOwed('(SELECT matter_id FROM findings WHERE id = NEW.finding_id)')} END`,
  owed_submission_finding_delete: `AFTER DELETE ON submission_findings BEGIN
    ${recountOwed('(SELECT matter_id FROM findings WHERE id = OLD.finding_id)')} END`,
  owed_submission_update: `AFTER UPDATE OF sent_on ON submissions BEGIN ${recountOwed(
    `(SELECT f.matter_id FROM submission_findings sf JOIN findings f ON f.id = sf.finding_id
      WHERE sf.submission_id = NEW.id)`,
  )} END`,

  // Each open matter's actions per segment of the status picture, on the kept day.
  matter_counts_action: `AFTER UPDATE OF status, due_on ON actions ${WITH_DAY} BEGIN
    ${recountMatters(mattersOfAction('NEW.id'))} END`,
  matter_counts_link_insert: `AFTER INSERT ON action_findings ${WITH_DAY} BEGIN
    ${recountMatters('(SELECT matter_id FROM findings WHERE id = NEW.finding_id)')} END`,
  matter_counts_link_delete: `AFTER DELETE ON action_findings ${WITH_DAY} BEGIN
    ${recountMatters('(SELECT matter_id FROM findings WHERE id = OLD.finding_id)')} END`,
  matter_counts_finding_update: `AFTER UPDATE OF matter_id ON findings ${WITH_DAY} BEGIN
    ${recountMatters('(OLD.matter_id, NEW.matter_id)')} END`,
  matter_counts_finding_delete: `AFTER DELETE ON findings ${WITH_DAY} BEGIN
    ${recountMatters('(OLD.matter_id)')} END`,
  matter_counts_closed: `AFTER UPDATE OF closed_on ON matters ${WITH_DAY} BEGIN
    ${recountMatters('(NEW.id)')} END`,
  matter_counts_day_insert: `AFTER INSERT ON matter_action_counts_day BEGIN
    ${recountMatters('(SELECT id FROM matters)')} END`,
  matter_counts_day_update: `AFTER UPDATE OF day ON matter_action_counts_day BEGIN
    ${recountMatters('(SELECT id FROM matters)')} END`,
  matter_counts_matter_delete: `AFTER DELETE ON matters BEGIN
    DELETE FROM matter_action_counts WHERE matter_id = OLD.id; END`,
};

/** The tables this migration derives (not audited: test/integration/audit.test.ts reads this list). */
export const DERIVED_TABLES = [
  'action_counts',
  'action_owner_counts',
  'action_histories',
  'open_action_update_counts',
  'follow_up_candidates',
  'follow_up_candidate_counts',
  'owed_matters',
  'matter_action_counts_day',
  'matter_action_counts',
];

/** Fills the derived tables from the audited ones, before their triggers exist. */
async function rebuildDerived(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`INSERT INTO action_counts (status, due_on, n) SELECT status, due_on, count(*) FROM actions GROUP BY 1, 2`)
    .execute(db);
  await sql
    .raw(`INSERT INTO action_owner_counts (owner_id, n) SELECT owner_id, count(*) FROM actions GROUP BY 1`)
    .execute(db);
  // What the trigger makes entry by entry: the newest entry, and the start of a trailing run of one finished status.
  await sql
    .raw(
      `WITH runs AS (
        SELECT action_id, created_at, to_status,
          max(created_at) OVER (PARTITION BY action_id) AS last_update_at,
          last_value(to_status) OVER (PARTITION BY action_id ORDER BY id
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS last_status,
          NOT EXISTS (SELECT 1 FROM action_updates later WHERE later.action_id = u.action_id AND later.id > u.id
            AND later.to_status <> u.to_status) AS trailing
        FROM action_updates u)
      INSERT INTO action_histories (action_id, last_update_at, last_status, finished_at)
        SELECT action_id, last_update_at, last_status,
          min(CASE WHEN trailing AND to_status IN ${FINISHED} THEN created_at END)
        FROM runs GROUP BY action_id`,
    )
    .execute(db);
  await sql
    .raw(
      `INSERT INTO open_action_update_counts (bucket, n)
        SELECT ${bucket('h.last_update_at')}, count(*) FROM actions a LEFT JOIN action_histories h ON h.action_id = a.id
        WHERE a.status IN ${OPEN} GROUP BY 1`,
    )
    .execute(db);
  await sql
    .raw(
      `INSERT INTO follow_up_candidates (finding_id, finished_at) ${followUpCandidates('(SELECT id FROM findings)')}`,
    )
    .execute(db);
  await sql
    .raw(`INSERT INTO owed_matters (matter_id, respond_by) ${owedMatters('(SELECT id FROM matters)')}`)
    .execute(db);
  await sql
    .raw(
      `INSERT INTO follow_up_candidate_counts (bucket, n)
        SELECT ${bucket('finished_at')}, count(*) FROM follow_up_candidates GROUP BY 1`,
    )
    .execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE action_counts (status TEXT NOT NULL, due_on TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (status, due_on)) WITHOUT ROWID`.execute(db);
  await sql`CREATE TABLE action_owner_counts (owner_id INTEGER PRIMARY KEY, n INTEGER NOT NULL)`.execute(db);
  await sql`CREATE TABLE action_histories (action_id INTEGER PRIMARY KEY, last_update_at TEXT NOT NULL,
    last_status TEXT NOT NULL, finished_at TEXT)`.execute(db);
  await sql`CREATE TABLE open_action_update_counts (bucket TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID`.execute(
    db,
  );
  await sql`CREATE TABLE follow_up_candidates (finding_id INTEGER PRIMARY KEY, finished_at TEXT NOT NULL)`.execute(db);
  await sql`CREATE INDEX follow_up_candidates_finished ON follow_up_candidates (finished_at)`.execute(db);
  await sql`CREATE TABLE follow_up_candidate_counts (bucket TEXT PRIMARY KEY, n INTEGER NOT NULL)
    WITHOUT ROWID`.execute(db);
  await sql`CREATE TABLE owed_matters (matter_id INTEGER PRIMARY KEY, respond_by TEXT NOT NULL)`.execute(db);
  await sql`CREATE INDEX owed_matters_respond_by ON owed_matters (respond_by)`.execute(db);
  // The day the per-matter segments are counted for: the app sets it when the day changes, and its
  // triggers recount every matter.
  await sql`CREATE TABLE matter_action_counts_day (only INTEGER PRIMARY KEY CHECK (only = 1),
    day TEXT NOT NULL)`.execute(db);
  await sql`CREATE TABLE matter_action_counts (matter_id INTEGER PRIMARY KEY, overdue INTEGER NOT NULL,
    not_started INTEGER NOT NULL, in_progress INTEGER NOT NULL, done INTEGER NOT NULL, cancelled INTEGER NOT NULL,
    open INTEGER NOT NULL, total INTEGER NOT NULL)`.execute(db);
  await sql`CREATE INDEX matter_action_counts_rank ON matter_action_counts (overdue, open, total)`.execute(db);
  await rebuildDerived(db);
  for (const [name, body] of Object.entries(TRIGGERS)) await sql.raw(`CREATE TRIGGER ${name} ${body}`).execute(db);

  // Slutdatum moved lately (the Översikt's card) and requests waiting for an answer: few entries of 300 000.
  await sql`CREATE INDEX action_updates_moves ON action_updates (created_at)
    WHERE to_due_on IS NOT NULL AND (due_request IS NULL OR due_request = 'approved')`.execute(db);
  await sql`CREATE INDEX action_updates_due_requests ON action_updates (action_id, id, due_request)
    WHERE due_request IS NOT NULL`.execute(db);
  // The brister lacking an uppföljning are listed by their matter's title; a redovisning's brister found by brist.
  await sql`CREATE INDEX matters_title ON matters (title, id)`.execute(db);
  await sql`CREATE INDEX submission_findings_finding ON submission_findings (finding_id, submission_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of Object.keys(TRIGGERS)) await sql.raw(`DROP TRIGGER IF EXISTS ${name}`).execute(db);
  for (const index of [
    'action_updates_moves',
    'action_updates_due_requests',
    'matters_title',
    'submission_findings_finding',
  ])
    await sql.raw(`DROP INDEX IF EXISTS ${index}`).execute(db);
  for (const table of DERIVED_TABLES) await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db);
}
