import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { Markers, SearchKind } from './search.ts';

// Every query matches one FTS5 index (migration 013) and reads the rest from the item's own tables.
// highlight() and snippet() run only for the rows of the page asked for.

/**
 * 'best': bm25, titles weighing most (the rank set in the migration); it scores every match, so
 * for a very common word 'newest' (the newest rows first, read straight off the index) is used.
 */
export type HitOrder = 'best' | 'newest';

export interface MatterHitRow {
  id: number;
  closed_on: string | null;
  committee_name: string;
  title: string;
  ivo_reference: string;
  own_reference: string;
  description: string;
}

export interface FindingHitRow {
  id: number;
  matter_id: number;
  matter_title: string;
  title: string;
  description: string;
}

export interface ActionHitRow {
  id: number;
  status: string;
  due_on: string;
  owner_name: string;
  title: string;
  description: string;
}

export interface CommentHitRow {
  id: number;
  action_id: number;
  action_title: string;
  user_name: string;
  created_at: string;
  comment: string;
}

export interface HitRows {
  matters: MatterHitRow;
  findings: FindingHitRow;
  actions: ActionHitRow;
  comments: CommentHitRow;
}

const SNIPPET_TOKENS = 16;

export async function countHits(db: Db, kind: SearchKind, match: string): Promise<number> {
  const index = sql.table(INDEX[kind]);
  const row = await sql<{ n: number }>`SELECT count(*) AS n FROM ${index} WHERE ${index} MATCH ${match}`.execute(db);
  return Number(row.rows[0].n);
}

export async function listHits<K extends SearchKind>(
  db: Db,
  kind: K,
  match: string,
  m: Markers,
  order: HitOrder,
  page: { limit: number; offset: number },
): Promise<HitRows[K][]> {
  // key: the order again, for the join around the hits (ascending); by: as FTS5 reads it off the index.
  const by = {
    key: sql.raw(order === 'best' ? 'rank' : '-rowid'),
    index: sql.raw(order === 'best' ? 'rank' : 'rowid DESC'),
  };
  const query = QUERY[kind](match, m, by, page.limit, page.offset) as RawBuilder<HitRows[K]>;
  return (await query.execute(db)).rows;
}

const INDEX: Record<SearchKind, string> = {
  matters: 'search_matters',
  findings: 'search_findings',
  actions: 'search_actions',
  comments: 'search_comments',
};

const QUERY: {
  [K in SearchKind]: (
    match: string,
    m: Markers,
    by: { key: RawBuilder<unknown>; index: RawBuilder<unknown> },
    limit: number,
    offset: number,
  ) => RawBuilder<HitRows[K]>;
} = {
  matters: (match, m, by, limit, offset) => sql<MatterHitRow>`
      WITH hits AS (
        SELECT rowid AS id, ${by.key} AS k,
          highlight(search_matters, 0, ${m.open}, ${m.close}) AS title,
          highlight(search_matters, 1, ${m.open}, ${m.close}) AS ivo_reference,
          highlight(search_matters, 2, ${m.open}, ${m.close}) AS own_reference,
          snippet(search_matters, 3, ${m.open}, ${m.close}, '…', ${SNIPPET_TOKENS}) AS description
        FROM search_matters WHERE search_matters MATCH ${match} ORDER BY ${by.index} LIMIT ${limit} OFFSET ${offset}
      )
      SELECT hits.id, hits.title, hits.ivo_reference, hits.own_reference, hits.description,
        mt.closed_on, c.name AS committee_name
      FROM hits JOIN matters mt ON mt.id = hits.id JOIN committees c ON c.id = mt.committee_id
      ORDER BY hits.k`,
  findings: (match, m, by, limit, offset) => sql<FindingHitRow>`
      WITH hits AS (
        SELECT rowid AS id, ${by.key} AS k,
          highlight(search_findings, 0, ${m.open}, ${m.close}) AS title,
          snippet(search_findings, 1, ${m.open}, ${m.close}, '…', ${SNIPPET_TOKENS}) AS description
        FROM search_findings WHERE search_findings MATCH ${match} ORDER BY ${by.index} LIMIT ${limit} OFFSET ${offset}
      )
      SELECT hits.id, hits.title, hits.description, f.matter_id, mt.title AS matter_title
      FROM hits JOIN findings f ON f.id = hits.id JOIN matters mt ON mt.id = f.matter_id
      ORDER BY hits.k`,
  actions: (match, m, by, limit, offset) => sql<ActionHitRow>`
      WITH hits AS (
        SELECT rowid AS id, ${by.key} AS k,
          highlight(search_actions, 0, ${m.open}, ${m.close}) AS title,
          snippet(search_actions, 1, ${m.open}, ${m.close}, '…', ${SNIPPET_TOKENS}) AS description
        FROM search_actions WHERE search_actions MATCH ${match} ORDER BY ${by.index} LIMIT ${limit} OFFSET ${offset}
      )
      SELECT hits.id, hits.title, hits.description, a.status, a.due_on, u.name AS owner_name
      FROM hits JOIN actions a ON a.id = hits.id JOIN users u ON u.id = a.owner_id
      ORDER BY hits.k`,
  comments: (match, m, by, limit, offset) => sql<CommentHitRow>`
      WITH hits AS (
        SELECT rowid AS id, ${by.key} AS k,
          snippet(search_comments, 0, ${m.open}, ${m.close}, '…', ${SNIPPET_TOKENS * 2}) AS comment
        FROM search_comments WHERE search_comments MATCH ${match} ORDER BY ${by.index} LIMIT ${limit} OFFSET ${offset}
      )
      SELECT hits.id, hits.comment, au.action_id, au.created_at, a.title AS action_title, u.name AS user_name
      FROM hits JOIN action_updates au ON au.id = hits.id JOIN actions a ON a.id = au.action_id
        JOIN users u ON u.id = au.user_id
      ORDER BY hits.k`,
};
