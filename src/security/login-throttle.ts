import type { Db } from '../db/connection.ts';
import { millisOf, type Clock } from '../clock.ts';
import * as repo from './login-throttle.repository.ts';

export interface LoginThrottlePolicy {
  /** Failures for one e-mail address within the window that lock it. */
  accountLimit: number;
  /** Failures from one source address within the window that lock it (it may try many addresses). */
  sourceLimit: number;
  windowMinutes: number;
  lockMinutes: number;
  /** How long to wait before checking a password, given the recent failures. */
  delayMs: (recentFailures: number) => number;
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottlePolicy = {
  accountLimit: 5,
  sourceLimit: 20,
  windowMinutes: 15,
  lockMinutes: 15,
  // 0, 0, ¼ s, ½ s, 1 s, 2 s …: unnoticeable for a person who mistypes once, costly for a script.
  delayMs: (n) => (n <= 1 ? 0 : Math.min(250 * 2 ** (n - 2), 2000)),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The same words whether or not the e-mail address exists, so a lock reveals nothing. */
export function lockMessage(minutes: number): string {
  return `För många misslyckade inloggningsförsök. Försök igen om ${minutes} ${minutes === 1 ? 'minut' : 'minuter'}.`;
}

export interface LoginAttempt {
  /** The e-mail address as typed. */
  account: string;
  source: string;
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;

/**
 * Slows down and then locks repeated failed logins, per e-mail address and per source address.
 * Counts live in the database, so they hold across restarts and for every process.
 */
export function createLoginThrottle(db: Db, clock: Clock, overrides: Partial<LoginThrottlePolicy> = {}) {
  const policy = { ...DEFAULT_LOGIN_THROTTLE, ...overrides };
  const now = () => millisOf(clock);
  const windowStart = () => now() - policy.windowMinutes * 60_000;
  const key = (a: LoginAttempt) => ({
    account: a.account.trim().toLowerCase().slice(0, 254),
    source: a.source.slice(0, 100),
  });
  const minutesUntil = (until: number) => Math.max(1, Math.ceil((until - now()) / 60_000));

  return {
    /** Whole minutes left of a lock on the address or the source; null when not locked. */
    async lockedMinutes(attempt: LoginAttempt): Promise<number | null> {
      const k = key(attempt);
      const until = await repo.lockedUntil(
        db,
        [
          { kind: 'account', key: k.account },
          { kind: 'source', key: k.source },
        ],
        now(),
      );
      return until === null ? null : minutesUntil(until);
    },

    /** Waits longer the more recent failures there are, before the password is checked. */
    async pause(attempt: LoginAttempt): Promise<void> {
      const k = key(attempt);
      const since = windowStart();
      const byAccount = await repo.countFailuresSince(db, 'account', k.account, since);
      const bySource = await repo.countFailuresSince(db, 'source', k.source, since);
      const ms = policy.delayMs(Math.max(byAccount, Math.floor(bySource / 4)));
      if (ms > 0) await policy.sleep(ms);
    },

    /** Records a failure; returns the minutes of the lock it caused, or null. */
    async recordFailure(attempt: LoginAttempt): Promise<number | null> {
      const k = key(attempt);
      const at = now();
      // Old failures no longer count for anything; keep the table small.
      await repo.deleteFailuresBefore(db, at - 24 * 3600_000);
      await repo.insertFailure(db, { ...k, at });
      const since = windowStart();
      const until = at + policy.lockMinutes * 60_000;
      let locked = false;
      if ((await repo.countFailuresSince(db, 'account', k.account, since)) >= policy.accountLimit) {
        await repo.saveLock(db, 'account', k.account, until);
        locked = true;
      }
      if ((await repo.countFailuresSince(db, 'source', k.source, since)) >= policy.sourceLimit) {
        await repo.saveLock(db, 'source', k.source, until);
        locked = true;
      }
      return locked ? policy.lockMinutes : null;
    },

    /** A successful login (or a password reset) proves the person knows the account: start afresh. */
    async clearAccount(account: string): Promise<void> {
      const k = key({ account, source: '' });
      await repo.deleteFailuresOfAccount(db, k.account);
      await repo.deleteLock(db, 'account', k.account);
    },
  };
}
