import type { Db } from '../db/connection.ts';
import { millisOf, type Clock } from '../clock.ts';
import * as repo from './login-throttle.repository.ts';

export interface LoginThrottlePolicy {
  /** Failures for one e-mail address from one source address within the window that lock that pair. */
  pairLimit: number;
  /**
   * Failures for one e-mail address from all sources within the window that lock the address for
   * everyone: far above pairLimit, so one guesser cannot lock a colleague out (OWASP), only many.
   */
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
  pairLimit: 5,
  accountLimit: 100,
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
 * Slows down and then locks repeated failed logins: per e-mail address and source address together
 * (the lock a mistyping person or a single guesser meets), per source address, and per e-mail
 * address from everywhere at a much higher count. Counts live in the database, so they hold across
 * restarts and for every process.
 */
export function createLoginThrottle(db: Db, clock: Clock, overrides: Partial<LoginThrottlePolicy> = {}) {
  const policy = { ...DEFAULT_LOGIN_THROTTLE, ...overrides };
  const now = () => millisOf(clock);
  const windowStart = () => now() - policy.windowMinutes * 60_000;
  const key = (a: LoginAttempt) => {
    const account = a.account.trim().toLowerCase().slice(0, 254);
    const source = a.source.slice(0, 100);
    return { account, source, pair: repo.pairKey(source, account) };
  };
  const minutesUntil = (until: number) => Math.max(1, Math.ceil((until - now()) / 60_000));

  return {
    /** Whole minutes left of a lock on the pair, the address or the source; null when not locked. */
    async lockedMinutes(attempt: LoginAttempt): Promise<number | null> {
      const k = key(attempt);
      const until = await repo.lockedUntil(
        db,
        [
          { kind: 'pair', key: k.pair },
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
      const byPair = await repo.countPairFailuresSince(db, k.source, k.account, since);
      const byAccount = await repo.countFailuresSince(db, 'account', k.account, since);
      const bySource = await repo.countFailuresSince(db, 'source', k.source, since);
      const ms = policy.delayMs(Math.max(byPair, Math.floor(byAccount / 20), Math.floor(bySource / 4)));
      if (ms > 0) await policy.sleep(ms);
    },

    /** Records a failure; returns the minutes of the lock it caused, or null. */
    async recordFailure(attempt: LoginAttempt): Promise<number | null> {
      const k = key(attempt);
      const at = now();
      // Old failures no longer count for anything; keep the table small.
      await repo.deleteFailuresBefore(db, at - 24 * 3600_000);
      await repo.insertFailure(db, { account: k.account, source: k.source, at });
      const since = windowStart();
      const until = at + policy.lockMinutes * 60_000;
      const reached = [
        ['pair', k.pair, await repo.countPairFailuresSince(db, k.source, k.account, since), policy.pairLimit],
        ['account', k.account, await repo.countFailuresSince(db, 'account', k.account, since), policy.accountLimit],
        ['source', k.source, await repo.countFailuresSince(db, 'source', k.source, since), policy.sourceLimit],
      ] as const;
      let locked = false;
      for (const [kind, lockKey, failures, limit] of reached) {
        if (failures < limit) continue;
        await repo.saveLock(db, kind, lockKey, until);
        locked = true;
      }
      return locked ? policy.lockMinutes : null;
    },

    /**
     * A successful login proves the person knows the account from where they are: that address
     * starts afresh on it, while another address's guesses keep their count and lock.
     */
    async clearAttempt(attempt: LoginAttempt): Promise<void> {
      const k = key(attempt);
      await repo.deleteFailuresOfPair(db, k.source, k.account);
      await repo.deleteLock(db, 'pair', k.pair);
    },

    /** A password reset by a one-time link proves who they are: every lock on the account goes. */
    async clearAccount(account: string): Promise<void> {
      const k = key({ account, source: '' });
      await repo.deleteFailuresOfAccount(db, k.account);
      await repo.deleteLocksOfAccount(db, k.account);
    },
  };
}
