import type { Config } from './config.ts';
import type { Db } from './db/connection.ts';
import type { Clock } from './clock.ts';
import type { LoginThrottlePolicy } from './security/login-throttle.ts';

/** What the app is built from (src/server.ts, the tests): each feature's routes take what they need of it. */
export interface AppDeps {
  db: Db;
  config: Config;
  clock: Clock;
  /** Random, kept in the database so logins survive a restart (see settings.repository). */
  sessionSecret: string;
  /** Login throttling; tests shorten its delays. */
  loginThrottle?: Partial<LoginThrottlePolicy>;
}
