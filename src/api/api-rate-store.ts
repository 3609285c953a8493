import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import type { Db } from '../db/connection.ts';
import { millisOf, type Clock } from '../clock.ts';
import { countRequest, deleteRateCount, uncountRequest } from './api-rate-counts.repository.ts';

/**
 * express-rate-limit's counts kept in the database: its own store counts per process, so with
 * WORKERS server processes a token would get WORKERS times its limit.
 */
export class DatabaseRateLimitStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const { hits, resetsAt } = await countRequest(this.db, key, millisOf(this.clock), this.windowMs);
    return { totalHits: hits, resetTime: new Date(resetsAt) };
  }

  async decrement(key: string): Promise<void> {
    await uncountRequest(this.db, key);
  }

  async resetKey(key: string): Promise<void> {
    await deleteRateCount(this.db, key);
  }
}
