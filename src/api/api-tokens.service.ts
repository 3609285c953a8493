import type { Db } from '../db/connection.ts';
import { nowIso, todayOf, type Clock } from '../clock.ts';
import { InvalidInputError, NotFoundError } from '../shared/errors.ts';
import { sha256 } from '../shared/sha256.ts';
import { asUser } from '../db/as-user.ts';
import { findActiveUser } from '../users/users.service.ts';
import type { User } from '../users/user.ts';
import { formatDate } from '../shared/format.ts';
import * as repo from './api-tokens.repository.ts';
import {
  latestExpiry,
  newApiToken,
  tokenHint,
  tokenState,
  TOKEN_PREFIX,
  type ApiToken,
  type ApiTokenUse,
  type TokenState,
} from './api-token.ts';

const hashOf = (token: string) => sha256(Buffer.from(token, 'utf8'));

export type ApiTokenWithState = ApiToken & { state: TokenState };

const withState = (t: ApiToken, today: string): ApiTokenWithState => ({ ...t, state: tokenState(t, today) });

export async function listApiTokens(db: Db, clock: Clock, userId?: number): Promise<ApiTokenWithState[]> {
  const today = todayOf(clock);
  return (await repo.listTokens(db, userId)).map((t) => withState(t, today));
}

/** Uses shown on a token's page, newest first. */
const USES_SHOWN = 200;

export async function getApiTokenPage(
  db: Db,
  clock: Clock,
  id: number,
): Promise<{ token: ApiTokenWithState; uses: ApiTokenUse[]; useCount: number }> {
  const token = await repo.findToken(db, id);
  if (!token) throw new NotFoundError('API-nyckeln finns inte.');
  const uses = await repo.listUses(db, id, USES_SHOWN);
  return { token: withState(token, todayOf(clock)), uses: uses.items, useCount: uses.total };
}

/**
 * An administrator makes a token for an active user, valid to `expiresOn` (at most a year ahead).
 * The secret is returned once, to be shown once; only its SHA-256 is stored. Audited.
 */
export async function createApiToken(
  db: Db,
  clock: Clock,
  admin: User,
  input: { userId: number; name: string; expiresOn: string },
): Promise<{ id: number; token: string }> {
  const today = todayOf(clock);
  const errors: Record<string, string> = {};
  if (!(await findActiveUser(db, input.userId))) errors.userId = 'Välj en aktiv användare.';
  if (input.expiresOn < today) errors.expiresOn = 'Giltig till kan inte ligga före i dag.';
  else if (input.expiresOn > latestExpiry(today))
    errors.expiresOn = `En API-nyckel gäller högst ett år, till och med ${formatDate(latestExpiry(today))}.`;
  if (Object.keys(errors).length) throw new InvalidInputError(errors);
  const token = newApiToken();
  const id = await asUser(db, clock, admin.id, (tx) =>
    repo.insertToken(tx, {
      userId: input.userId,
      name: input.name,
      sha256: hashOf(token),
      hint: tokenHint(token),
      expiresOn: input.expiresOn,
      by: admin.id,
      now: nowIso(clock),
    }),
  );
  return { id, token };
}

/** Revokes the token at once (a revoked one is left as it is). Audited. */
export async function revokeApiToken(db: Db, clock: Clock, admin: User, id: number): Promise<void> {
  if (!(await repo.findToken(db, id))) throw new NotFoundError('API-nyckeln finns inte.');
  await asUser(db, clock, admin.id, (tx) => repo.revokeToken(tx, id, admin.id, nowIso(clock)));
}

/** Who a presented token acts as: its user, while the token is valid and the user active. */
export type TokenCheck =
  | { ok: true; tokenId: number; user: User }
  | { ok: false; tokenId: number | null; reason: 'unknown' | TokenState | 'inactive' };

export async function checkApiToken(db: Db, clock: Clock, presented: string): Promise<TokenCheck> {
  // A string that cannot be a token is not looked up.
  if (!presented.startsWith(TOKEN_PREFIX) || presented.length > 100)
    return { ok: false, tokenId: null, reason: 'unknown' };
  const row = await repo.findTokenByHash(db, hashOf(presented));
  if (!row) return { ok: false, tokenId: null, reason: 'unknown' };
  const state = tokenState({ revokedAt: row.revoked_at, expiresOn: row.expires_on }, todayOf(clock));
  if (state !== 'active') return { ok: false, tokenId: row.id, reason: state };
  const user = row.user_active === 1 ? await findActiveUser(db, row.user_id) : undefined;
  if (!user) return { ok: false, tokenId: row.id, reason: 'inactive' };
  return { ok: true, tokenId: row.id, user };
}

/**
 * Records one use of a token in api_token_uses. Not in an audited table: an audited write moves
 * the newest audit id and would forget every remembered page at each API call (src/db/remembered.ts).
 */
export async function recordApiTokenUse(
  db: Db,
  clock: Clock,
  use: { tokenId: number; method: string; path: string; status: number },
): Promise<void> {
  await repo.insertUse(db, { ...use, path: use.path.slice(0, 500), at: nowIso(clock) });
}
