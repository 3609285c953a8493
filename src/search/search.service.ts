import { randomBytes } from 'node:crypto';
import type { Db } from '../db/connection.ts';
import { formatDate, formatDateTime } from '../shared/format.ts';
import { may } from '../users/roles.ts';
import type { Role } from '../users/roles.ts';
import { ACTION_STATUS_LABEL, type ActionStatus } from '../actions/action.ts';
import * as repo from './search.repository.ts';
import { ftsQuery } from '../db/fts-query.ts';
import {
  hasMatch,
  markersOf,
  SEARCH_KIND_LABEL,
  SEARCH_KIND_PARAM,
  SEARCH_KINDS,
  type Markers,
  type SearchKind,
} from './search.ts';

/** One hit as the results page shows it; title and lines hold the search's markers (html.marked). */
export interface SearchHit {
  href: string;
  title: string;
  lines: string[];
  details: string[];
}

export interface SearchGroup {
  kind: SearchKind;
  label: string;
  param: string;
  total: number;
  /** Best first, or (beyond RANKED_MAX hits) newest first. */
  order: repo.HitOrder;
  hits: SearchHit[];
}

export interface SearchResults {
  /** False when nothing typed was a word to search for (empty, or punctuation only). */
  searched: boolean;
  groups: SearchGroup[];
  markers: Markers;
}

/** Hits per group when all four are shown together; "Visa alla" lists a group page by page. */
export const GROUP_LIMIT = 5;

/**
 * Up to this many hits in a group are ranked best first; beyond it the newest come first, since
 * ranking scores every hit (≈ 45 ms for 70 000 at 100 000 actions, BENCHMARKS.md).
 */
export const RANKED_MAX = 2000;

/**
 * Which kinds of item a role may find: exactly those whose pages it may open. Every logged-in role
 * may read every ärende with its brister, åtgärder and statusuppdateringar (the matter and action
 * pages have no other check, whatever the nämnd, status or ansvarig), so this is may.readMatters.
 */
function mayFind(role: Role, _kind: SearchKind): boolean {
  return may.readMatters(role);
}

/**
 * Searches ärenden, brister, åtgärder and kommentarer for what the user typed (each word a
 * prefix, all required, case folded, å ä ö kept apart from a and o); with a kind, only that
 * group, one page of it.
 */
export async function search(
  db: Db,
  user: { role: Role },
  typed: string,
  scope: { kind?: SearchKind; page: { limit: number; offset: number } },
): Promise<SearchResults> {
  const match = ftsQuery(typed);
  const markers = markersOf(randomBytes(8).toString('hex'));
  if (match === null) return { searched: false, groups: [], markers };
  const kinds = SEARCH_KINDS.filter((k) => (scope.kind ? k === scope.kind : true) && mayFind(user.role, k));
  const page = scope.kind ? scope.page : { limit: GROUP_LIMIT, offset: 0 };
  const groups: SearchGroup[] = [];
  for (const kind of kinds) {
    const total = await repo.countHits(db, kind, match);
    const order = total <= RANKED_MAX ? 'best' : 'newest';
    const rows = total > page.offset ? await repo.listHits(db, kind, match, markers, order, page) : [];
    groups.push({
      kind,
      label: SEARCH_KIND_LABEL[kind],
      param: SEARCH_KIND_PARAM[kind],
      total,
      order,
      hits: rows.map((r) => HIT[kind](r as never, markers)),
    });
  }
  return { searched: true, groups, markers };
}

/** A snippet of a text column, shown only where the match is (snippet() gives a text's start otherwise). */
const ifMatched = (marked: string, m: Markers) => (hasMatch(marked, m) ? [marked] : []);

const HIT: { [K in SearchKind]: (row: repo.HitRows[K], m: Markers) => SearchHit } = {
  matters: (r, m) => ({
    href: `/arenden/${r.id}`,
    title: r.title,
    lines: [[r.ivo_reference, r.own_reference].filter(Boolean).join(' · '), ...ifMatched(r.description, m)].filter(
      Boolean,
    ),
    details: [r.committee_name, ...(r.closed_on ? [`Avslutat ${formatDate(r.closed_on)}`] : [])],
  }),
  findings: (r, m) => ({
    href: `/arenden/${r.matter_id}#finding-${r.id}`,
    title: r.title,
    lines: ifMatched(r.description, m),
    details: [`Ärende: ${r.matter_title}`],
  }),
  actions: (r, m) => ({
    href: `/atgarder/${r.id}`,
    title: r.title,
    lines: ifMatched(r.description, m),
    details: [
      ACTION_STATUS_LABEL[r.status as ActionStatus] ?? r.status,
      `Ansvarig: ${r.owner_name}`,
      `Slutdatum: ${formatDate(r.due_on)}`,
    ],
  }),
  comments: (r, m) => ({
    href: `/atgarder/${r.action_id}#uppdatering-${r.id}`,
    title: r.action_title,
    lines: [r.comment],
    details: [r.user_name, formatDateTime(r.created_at)],
  }),
};
