import session from 'express-session';
import type { Db } from '../db/connection.ts';
import * as sessions from './sessions.repository.ts';

type Callback = (err?: unknown, data?: any) => void;

/** express-session store on the app's own database, so sessions survive a restart. */
export class DatabaseSessionStore extends session.Store {
  constructor(private readonly db: Db, private readonly now: () => number) {
    super();
  }

  get(sid: string, cb: Callback): void {
    sessions.findSession(this.db, sid, this.now()).then((data) => cb(null, data ? JSON.parse(data) : null), cb);
  }

  set(sid: string, data: session.SessionData, cb?: Callback): void {
    sessions.saveSession(this.db, sid, JSON.stringify(data), this.expiry(data)).then(() => cb?.(), (e) => cb?.(e));
  }

  touch(sid: string, data: session.SessionData, cb?: Callback): void {
    sessions.touchSession(this.db, sid, this.expiry(data)).then(() => cb?.(), (e) => cb?.(e));
  }

  destroy(sid: string, cb?: Callback): void {
    sessions.deleteSession(this.db, sid).then(() => cb?.(), (e) => cb?.(e));
  }

  private expiry(data: session.SessionData): number {
    const expires = data.cookie?.expires;
    return expires ? new Date(expires).getTime() : this.now() + 24 * 3600 * 1000;
  }
}
