import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import type { Db } from '../db/connection.ts';
import { countRequest, deleteRateCount, uncountRequest } from './api-rate-counts.repository.ts';

/**
 * express-rate-limit's counts kept in the database: its own store counts per process, so with
 * WORKERS server processes a token would get WORKERS times its limit. On the wall clock, as
 * express-rate-limit reads the reset time (Retry-After) on it.
 */
export class DatabaseRateLimitStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;

  constructor(private readonly db: Db) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const { hits, resetsAt } = await countRequest(this.db, key, Date.now(), this.windowMs);
    return { totalHits: hits, resetTime: new Date(resetsAt) };
  }

  async decrement(key: string): Promise<void> {
    await uncountRequest(this.db, key);
  }

  async resetKey(key: string): Promise<void> {
    await deleteRateCount(this.db, key);
  }
}
