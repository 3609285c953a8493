import type { Db } from '../db/connection.ts';
import type { ApiToken, ApiTokenUse } from './api-token.ts';

function tokens(db: Db) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .innerJoin('users as creator', 'creator.id', 'api_tokens.created_by')
    .leftJoin('users as revoker', 'revoker.id', 'api_tokens.revoked_by')
    .select([
      'api_tokens.id',
      'api_tokens.user_id',
      'users.name as user_name',
      'users.active as user_active',
      'api_tokens.name',
      'api_tokens.hint',
      'api_tokens.expires_on',
      'api_tokens.created_at',
      'creator.name as created_by_name',
      'api_tokens.revoked_at',
      'revoker.name as revoked_by_name',
    ])
    .select((eb) =>
      eb
        .selectFrom('api_token_uses')
        .whereRef('api_token_uses.token_id', '=', 'api_tokens.id')
        .select('api_token_uses.at')
        .orderBy('api_token_uses.id', 'desc')
        .limit(1)
        .as('last_used_at'),
    );
}

type Row = Awaited<ReturnType<ReturnType<typeof tokens>['execute']>>[number];

function toApiToken(r: Row): ApiToken {
  return {
    id: r.id,
    userId: r.user_id,
    userName: r.user_name,
    userActive: r.user_active === 1,
    name: r.name,
    hint: r.hint,
    expiresOn: r.expires_on,
    createdAt: r.created_at,
    createdByName: r.created_by_name,
    revokedAt: r.revoked_at,
    revokedByName: r.revoked_by_name,
    lastUsedAt: r.last_used_at,
  };
}

/** Every token (of one user, when given), newest first. */
export async function listTokens(db: Db, userId?: number): Promise<ApiToken[]> {
  let q = tokens(db).orderBy('api_tokens.id', 'desc');
  if (userId !== undefined) q = q.where('api_tokens.user_id', '=', userId);
  return (await q.execute()).map(toApiToken);
}

export async function findToken(db: Db, id: number): Promise<ApiToken | undefined> {
  const r = await tokens(db).where('api_tokens.id', '=', id).executeTakeFirst();
  return r && toApiToken(r);
}

/** The token with this hash, with what deciding whether it works needs. */
export async function findTokenByHash(db: Db, sha256: string) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['api_tokens.id', 'api_tokens.user_id', 'api_tokens.expires_on', 'api_tokens.revoked_at'])
    .select('users.active as user_active')
    .where('api_tokens.token_sha256', '=', sha256)
    .executeTakeFirst();
}

export async function insertToken(
  db: Db,
  t: { userId: number; name: string; sha256: string; hint: string; expiresOn: string; by: number; now: string },
): Promise<number> {
  const r = await db
    .insertInto('api_tokens')
    .values({
      user_id: t.userId,
      name: t.name,
      token_sha256: t.sha256,
      hint: t.hint,
      expires_on: t.expiresOn,
      created_by: t.by,
      created_at: t.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Revokes the token unless it already is; false when it was. */
export async function revokeToken(db: Db, id: number, by: number, now: string): Promise<boolean> {
  const r = await db
    .updateTable('api_tokens')
    .set({ revoked_by: by, revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertUse(
  db: Db,
  u: { tokenId: number; at: string; method: string; path: string; status: number },
): Promise<void> {
  await db
    .insertInto('api_token_uses')
    .values({ token_id: u.tokenId, at: u.at, method: u.method, path: u.path, status: u.status })
    .execute();
}

/** A token's newest uses, and how many there are in all. */
export async function listUses(
  db: Db,
  tokenId: number,
  limit: number,
): Promise<{ items: ApiTokenUse[]; total: number }> {
  const items = await db
    .selectFrom('api_token_uses')
    .select(['id', 'at', 'method', 'path', 'status'])
    .where('token_id', '=', tokenId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  const total = await db
    .selectFrom('api_token_uses')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('token_id', '=', tokenId)
    .executeTakeFirstOrThrow();
  return { items, total: Number(total.n) };
}
