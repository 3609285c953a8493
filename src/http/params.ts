import type { Request } from 'express';
import { NotFoundError } from '../shared/errors.ts';
import type { FormValues } from './forms.ts';

/** A numeric route id; anything else is a page that does not exist. */
export function idParam(req: Request, name = 'id', notFound?: string): number {
  const v = req.params[name];
  if (typeof v !== 'string' || !/^\d{1,12}$/.test(v)) throw new NotFoundError(notFound);
  return Number(v);
}

export function queryString(req: Request, name: string, max = 200): string {
  const v = req.query[name];
  return typeof v === 'string' ? v.trim().slice(0, max) : '';
}

export function queryId(req: Request, name: string): number | undefined {
  return parseId(queryString(req, name));
}

/** An id as a query parameter gives it; anything else is no id. */
export function parseId(v: string): number | undefined {
  return /^\d{1,12}$/.test(v) ? Number(v) : undefined;
}

export interface Page {
  page: number;
  limit: number;
  offset: number;
}

export function pageParam(req: Request, limit = 50): Page {
  const n = Number(queryString(req, 'sida'));
  const page = Number.isInteger(n) && n >= 1 && n <= 100000 ? n : 1;
  return { page, limit, offset: (page - 1) * limit };
}

export interface Pager {
  page: number;
  pages: number;
  total: number;
  from: number;
  to: number;
}

export function pager(p: Page, total: number): Pager {
  return {
    page: p.page,
    pages: Math.max(1, Math.ceil(total / p.limit)),
    total,
    from: total === 0 ? 0 : p.offset + 1,
    to: Math.min(total, p.offset + p.limit),
  };
}

/**
 * Where to send a request for a page past the last one (a bookmark, or a link from when the list
 * was longer): the same list with its filters, at its last page. Undefined when the page exists.
 */
export function lastPageIfBeyond(req: Request, p: Page, total: number): string | undefined {
  const last = Math.max(1, Math.ceil(total / p.limit));
  if (p.page <= last) return undefined;
  const url = new URL(req.originalUrl, 'http://localhost');
  url.searchParams.set('sida', String(last));
  return `${url.pathname}${url.search}`;
}

/** The fields that differ between what the user typed and what someone else saved meanwhile. */
export function conflictRows(fields: [string, string][], mine: FormValues, theirs: FormValues) {
  const norm = (v: string | string[] | undefined) => (Array.isArray(v) ? [...v].sort().join(', ') : (v ?? '')).trim();
  return fields
    .filter(([name]) => norm(mine[name]) !== norm(theirs[name]))
    .map(([name, label]) => ({ name, label, mine: norm(mine[name]), theirs: norm(theirs[name]) }));
}
