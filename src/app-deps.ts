import type { Config } from './config.ts';
import type { Db } from './db/connection.ts';
import type { Clock } from './clock.ts';
import type { LoginThrottlePolicy } from './security/login-throttle.ts';
import type { Logger } from './logger.ts';

/** What the app is built from (src/server.ts, the tests): each feature's routes take what they need of it. */
export interface AppDeps {
  db: Db;
  config: Config;
  clock: Clock;
  /** Random, kept in the database so logins survive a restart (see settings.repository). */
  sessionSecret: string;
  /** Where requests and errors are logged; by default JSON lines on stdout at config.logLevel. */
  logger?: Logger;
  /** Login throttling; tests shorten its delays. */
  loginThrottle?: Partial<LoginThrottlePolicy>;
}
