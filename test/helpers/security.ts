import { DateTime, type DurationLike } from 'luxon';
import { createLogger } from '../../src/logger.ts';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { ZONE, type Clock } from '../../src/clock.ts';
import type { LoginThrottlePolicy } from '../../src/security/login-throttle.ts';
import { freshDb, TODAY, type TestApp } from './app.ts';

export interface SecurityTestApp extends TestApp {
  /** Moves the injected clock forward, as time passing between requests. */
  advance(by: DurationLike): void;
  /** Every delay the login throttle asked for, in order (tests do not really wait). */
  delays: number[];
}

/** A test app whose clock can move and whose login throttle records its delays instead of sleeping. */
export async function securityTestApp(
  options: { env?: Record<string, string>; throttle?: Partial<LoginThrottlePolicy> } = {},
): Promise<SecurityTestApp> {
  const db = await freshDb();
  let at = DateTime.fromISO(`${TODAY}T10:00:00`, { zone: ZONE });
  const clock: Clock = { now: () => at };
  const delays: number[] = [];
  const config = loadConfig({ DATABASE_PATH: ':memory:', ...options.env });
  const app = createApp({
    db,
    config,
    clock,
    sessionSecret: 'test-secret',
    logger: createLogger('silent'),
    loginThrottle: { sleep: async (ms) => void delays.push(ms), ...options.throttle },
  });
  return { app, db, clock, delays, advance: (by) => (at = at.plus(by)) };
}

/** The session id cookie a response sets, if any ("name=value" only). */
export function sessionCookie(res: { headers: Record<string, unknown> }): string | undefined {
  const all = ([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? []);
  return all.find((c) => c.startsWith('atgardsplan.sid='))?.split(';')[0];
}
