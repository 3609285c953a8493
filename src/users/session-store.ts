import session from 'express-session';
import type { Db } from '../db/connection.ts';
import * as sessions from './sessions.repository.ts';

type Callback = (err?: unknown, data?: any) => void;

const TOUCH_INTERVAL_MS = 60_000;

/**
 * express-session store on the app's own database, so sessions survive a restart.
 * A session ends after `idleTimeoutMs` without a request, measured on the injected clock
 * (the cookie's own expiry is the browser's business and uses the wall clock).
 */
export class DatabaseSessionStore extends session.Store {
  private readonly now: () => number;
  private readonly idleTimeoutMs: number;
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly db: Db,
    options: { now: () => number; idleTimeoutMs: number },
  ) {
    super();
    this.now = options.now;
    this.idleTimeoutMs = options.idleTimeoutMs;
  }

  get(sid: string, cb: Callback): void {
    sessions.findSession(this.db, sid, this.now()).then((data) => cb(null, data ? JSON.parse(data) : null), cb);
  }

  set(sid: string, data: session.SessionData, cb?: Callback): void {
    sessions.saveSession(this.db, sid, JSON.stringify(data), this.expiry(), data.userId ?? null).then(
      () => cb?.(),
      (e) => cb?.(e),
    );
  }

  touch(sid: string, _data: session.SessionData, cb?: Callback): void {
    // Moving the idle deadline once a minute is as good as on every request, and spares a write per page view.
    const now = this.now();
    if (now - (this.touched.get(sid) ?? 0) < TOUCH_INTERVAL_MS) return void cb?.();
    if (this.touched.size > 10_000) this.touched.clear();
    this.touched.set(sid, now);
    sessions.touchSession(this.db, sid, this.expiry()).then(
      () => cb?.(),
      (e) => cb?.(e),
    );
  }

  destroy(sid: string, cb?: Callback): void {
    this.touched.delete(sid);
    sessions.deleteSession(this.db, sid).then(
      () => cb?.(),
      (e) => cb?.(e),
    );
  }

  private expiry(): number {
    return this.now() + this.idleTimeoutMs;
  }
}
