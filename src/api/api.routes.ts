import { Router, type ErrorRequestHandler, type NextFunction, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { AppDeps } from '../app-deps.ts';
import { ForbiddenError, NotFoundError } from '../shared/errors.ts';
import { parseId } from '../http/params.ts';
import { nameFilter } from '../http/name-filter.ts';
import { may } from '../users/roles.ts';
import type { User } from '../users/user.ts';
import { actionListQuery } from '../actions/action-list-query.ts';
import { filterChoices } from '../actions/actions.service.ts';
import { matterListQuery } from '../matters/matter-list-query.ts';
import { listCommittees } from '../committees/committees.service.ts';
import { listCommitteeChoices } from '../meetings/meetings.service.ts';
import { checkApiToken, recordApiTokenUse } from './api-tokens.service.ts';
import { apiActions, apiMatter, apiMatters, apiMeetings, type KeysetPage } from './api.service.ts';
import { decodeCursor, encodeCursor, parseLimit } from './api-paging.ts';
import { openApiDocument } from './openapi.ts';
import { DatabaseRateLimitStore } from './api-rate-store.ts';

// The read-only JSON API (README: "The API"). It is mounted before the session and the CSRF check:
// a token, not a cookie, says who asks; nothing here writes but the log of a token's uses, and no
// answer sets a cookie. Every error is JSON ({ error: { code, message } }), never a page.

type ErrorCode = 'unauthorized' | 'forbidden' | 'not_found' | 'invalid_parameter' | 'rate_limited' | 'internal_error';

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

function sendError(res: Response, status: number, code: ErrorCode, message: string, invalidToken = false) {
  // RFC 6750: a token that was sent but does not work is an "invalid_token".
  if (status === 401)
    res.set('WWW-Authenticate', `Bearer realm="atgardsplan"${invalidToken ? ', error="invalid_token"' : ''}`);
  res.status(status).json({ error: { code, message } });
}

const UNAUTHORIZED: Record<string, string> = {
  missing: 'Ange en API-nyckel i huvudet Authorization: Bearer <nyckel>.',
  unknown: 'API-nyckeln är okänd.',
  revoked: 'API-nyckeln är återkallad.',
  expired: 'API-nyckeln har gått ut.',
  inactive: 'Användaren som API-nyckeln tillhör är inaktiverad.',
};

function apiUser(res: Response): User {
  return res.locals.apiUser as User;
}

/** The query's parameters as the pages read them (trimmed, cut to `max`), refusing repeated or unknown ones. */
function queryOf(req: Request, allowed: readonly string[]) {
  const bad = Object.entries(req.query)
    .filter(([name, v]) => !allowed.includes(name) || typeof v !== 'string')
    .map(([name]) => name);
  if (bad.length) throw invalid(bad);
  return (name: string, max = 200) => {
    const v = req.query[name];
    return typeof v === 'string' ? v.trim().slice(0, max) : '';
  };
}

const invalid = (names: string[]) =>
  new ApiError(400, 'invalid_parameter', `Ogiltig eller okänd parameter: ${names.join(', ')}.`);

const PAGING = ['cursor', 'limit'] as const;

function pageOf(list: string, get: (name: string) => string): { afterId: number; limit: number } {
  const limit = parseLimit(get('limit'));
  const afterId = get('cursor') === '' ? 0 : decodeCursor(list, get('cursor'));
  const bad = [...(afterId === null ? ['cursor'] : []), ...(limit === null ? ['limit'] : [])];
  if (bad.length) throw invalid(bad);
  return { afterId: afterId!, limit: limit! };
}

/** The page as JSON: its items, and the cursor and address of the next page while there is one. */
function sendPage<T>(req: Request, res: Response, list: string, page: KeysetPage<T>) {
  const nextCursor = page.lastId === null ? null : encodeCursor(list, page.lastId);
  let next: string | null = null;
  if (nextCursor) {
    const url = new URL(req.originalUrl, 'http://localhost');
    url.searchParams.set('cursor', nextCursor);
    next = `${url.pathname}${url.search}`;
  }
  res.json({ data: page.items, nextCursor, next });
}

export function apiRoutes({ db, clock, config }: AppDeps): Router {
  const r = Router();
  const actionChoices = filterChoices(db);

  r.get('/api/v1/openapi.json', (_req, res) => {
    res.json(openApiDocument);
  });

  async function authenticate(req: Request, res: Response, next: NextFunction) {
    const presented = /^Bearer +(\S+) *$/i.exec(req.get('authorization') ?? '')?.[1];
    if (!presented) return sendError(res, 401, 'unauthorized', UNAUTHORIZED.missing);
    const check = await checkApiToken(db, clock, presented);
    if (check.tokenId !== null) {
      const tokenId = check.tokenId;
      // Every use of a known token is logged with its answer, refused ones too (README: "The API").
      res.on('finish', () => {
        recordApiTokenUse(db, clock, {
          tokenId,
          method: req.method,
          path: req.originalUrl,
          status: res.statusCode,
        }).catch((e) => console.error(`[${res.locals.requestId}] an API use could not be logged`, e));
      });
    }
    if (!check.ok) return sendError(res, 401, 'unauthorized', UNAUTHORIZED[check.reason], true);
    res.locals.apiUser = check.user;
    res.locals.apiTokenId = check.tokenId;
    next();
  }

  const limiter = rateLimit({
    windowMs: 60_000,
    limit: config.apiRateLimit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    store: new DatabaseRateLimitStore(db),
    // Per token: one integration's loop cannot starve another.
    keyGenerator: (_req, res) => `token:${res.locals.apiTokenId}`,
    handler: (_req, res) =>
      sendError(res, 429, 'rate_limited', `För många anrop: högst ${config.apiRateLimit} i minuten per API-nyckel.`),
  });

  r.use('/api', authenticate, limiter);

  /** The API asks the same `may` as the pages do. */
  const allowApi = (rule: (role: User['role']) => boolean) => (_req: Request, res: Response, next: NextFunction) =>
    rule(apiUser(res).role) ? next() : next(new ForbiddenError());

  r.get('/api/v1/arenden', allowApi(may.readMatters), async (req, res) => {
    const get = queryOf(req, ['namnd', 'namnd_namn', 'typ', 'status', 'q', ...PAGING]);
    const { filter, invalid: bad } = matterListQuery(get, await listCommittees(db, { activeOnly: false }));
    if (bad.length) throw invalid(bad);
    sendPage(req, res, 'arenden', await apiMatters(db, clock, config, filter, pageOf('arenden', get)));
  });

  r.get('/api/v1/arenden/:id', allowApi(may.readMatters), async (req, res) => {
    queryOf(req, []);
    const id = parseId(String(req.params.id));
    if (!id) throw new NotFoundError('Ärendet finns inte.');
    res.json(await apiMatter(db, clock, config, id));
  });

  r.get('/api/v1/atgarder', allowApi(may.readMatters), async (req, res) => {
    const get = queryOf(req, [
      'status',
      'ansvarig',
      'ansvarig_namn',
      'namnd',
      'namnd_namn',
      'arende',
      'fore',
      ...PAGING,
    ]);
    const { filter, invalid: bad } = actionListQuery(get, await actionChoices());
    if (bad.length) throw invalid(bad);
    sendPage(req, res, 'atgarder', await apiActions(db, clock, config, filter, pageOf('atgarder', get)));
  });

  r.get('/api/v1/sammantraden', allowApi(may.readMatters), async (req, res) => {
    const get = queryOf(req, ['namnd', 'namnd_namn', ...PAGING]);
    const committeeId = parseId(get('namnd'));
    if (committeeId === undefined && get('namnd') !== '') throw invalid(['namnd']);
    const committee = nameFilter(await listCommitteeChoices(db), committeeId, get('namnd_namn', 100));
    const filter = { committeeId, committeeIds: committee.ids };
    sendPage(req, res, 'sammantraden', await apiMeetings(db, clock, filter, pageOf('sammantraden', get)));
  });

  r.use('/api', (_req, _res, next) => next(new NotFoundError('Det finns ingen sådan adress i API:et.')));
  r.use('/api', apiErrorHandler);
  return r;
}

const apiErrorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (res.headersSent) return;
  if (err instanceof ApiError) return sendError(res, err.status, err.code, err.message);
  if (err instanceof NotFoundError) return sendError(res, 404, 'not_found', err.message);
  if (err instanceof ForbiddenError) return sendError(res, 403, 'forbidden', err.message);
  // E.g. an address whose %-encoding is broken: the request's fault, not the server's.
  if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500)
    return sendError(res, 400, 'invalid_parameter', 'Begäran kunde inte tolkas.');
  console.error(`[${res.locals.requestId}] ${req.method} ${req.originalUrl}`, err);
  sendError(
    res,
    500,
    'internal_error',
    `Ett oväntat fel inträffade. Ange felkod ${res.locals.requestId} om du kontaktar support.`,
  );
};
