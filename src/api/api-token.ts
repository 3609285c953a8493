import crypto from 'node:crypto';
import { addDays } from '../deadlines/calendar.ts';

/** Recognisable in logs and secret scanners ("Åtgärdsplan token"). */
export const TOKEN_PREFIX = 'atp_';
/** A token is valid for at most a year; an integration asks for a new one, and its owner is reminded who uses it. */
export const MAX_VALIDITY_DAYS = 365;

export interface ApiToken {
  id: number;
  userId: number;
  userName: string;
  userActive: boolean;
  name: string;
  hint: string;
  expiresOn: string;
  createdAt: string;
  createdByName: string;
  revokedAt: string | null;
  revokedByName: string | null;
  lastUsedAt: string | null;
}

export interface ApiTokenUse {
  id: number;
  at: string;
  method: string;
  path: string;
  status: number;
}

export type TokenState = 'active' | 'expired' | 'revoked';

export const TOKEN_STATE_LABEL: Record<TokenState, string> = {
  active: 'Giltig',
  expired: 'Utgången',
  revoked: 'Återkallad',
};

/** Revoked goes before expired: a revoked token never works again, whatever its date. */
export function tokenState(t: Pick<ApiToken, 'revokedAt' | 'expiresOn'>, today: string): TokenState {
  if (t.revokedAt !== null) return 'revoked';
  return today > t.expiresOn ? 'expired' : 'active';
}

/** The last day a token made today may be valid. */
export function latestExpiry(today: string): string {
  return addDays(today, MAX_VALIDITY_DAYS);
}

/** A new secret: the prefix and 32 random bytes (256 bits), base64url. */
export function newApiToken(): string {
  return TOKEN_PREFIX + crypto.randomBytes(32).toString('base64url');
}

/** What lists show of a token: its first characters, never enough to use it. */
export function tokenHint(token: string): string {
  return token.slice(0, TOKEN_PREFIX.length + 4);
}
