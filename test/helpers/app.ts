import request from 'supertest';
import type { Express } from 'express';
import { openDatabase, type Db } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createApp } from '../../src/app.ts';
import { createLogger, type Logger } from '../../src/logger.ts';
import { loadConfig } from '../../src/config.ts';
import { fixedClock, type Clock } from '../../src/clock.ts';
import { createUser } from '../../src/users/users.service.ts';
import type { Role } from '../../src/users/roles.ts';

// Hundreds of users are made and logged in: a cheaper scrypt (honoured outside production only,
// src/users/password.ts) keeps the suites fast; the stored hash says its cost, the code is the same.
process.env.SCRYPT_N_FOR_TESTS ??= '1024';

/** Every test runs against a fresh in-memory database built by the real migrations. */
export const TODAY = '2026-03-16'; // a Monday

export interface TestApp {
  app: Express;
  db: Db;
  clock: Clock;
}

export async function freshDb(): Promise<Db> {
  const db = openDatabase(':memory:');
  await migrateToLatest(db);
  return db;
}

/** Tests read what is logged through `logger` (tests/integration/logging.test.ts); by default nothing is. */
export async function testApp(
  today = TODAY,
  { logger = createLogger('silent') }: { logger?: Logger } = {},
): Promise<TestApp> {
  const db = await freshDb();
  const clock = fixedClock(`${today}T10:00:00`);
  const config = loadConfig({ DATABASE_PATH: ':memory:' });
  const app = createApp({ db, config, clock, sessionSecret: 'test-secret', logger });
  return { app, db, clock };
}

export const PASSWORD = 'korrekt-hast-batteri';

let emailCounter = 0;
export async function makeUser(
  t: TestApp,
  role: Role,
  name?: string,
): Promise<{ id: number; email: string; name: string }> {
  emailCounter += 1;
  const email = `${role}${emailCounter}@exempelkommun.se`;
  const display = name ?? `Testperson ${role} ${emailCounter}`;
  const id = await createUser(t.db, t.clock, { email, name: display, role, password: PASSWORD });
  return { id, email, name: display };
}

/** A supertest agent logged in as the user, with a helper that adds the CSRF token to forms. */
export async function loginAs(t: TestApp, email: string, password = PASSWORD) {
  const agent = request.agent(t.app);
  const loginPage = await agent.get('/logga-in');
  const res = await agent
    .post('/logga-in')
    .type('form')
    .send({ email, password, _csrf: csrfFrom(loginPage.text) });
  if (res.status !== 303) throw new Error(`login failed for ${email}: ${res.status}`);
  return {
    agent,
    get: (url: string) => agent.get(url),
    /** GETs `formUrl` for its CSRF token, then POSTs the fields to `postUrl`. */
    async post(postUrl: string, fields: Record<string, string | string[]>, formUrl = '/') {
      const page = await agent.get(formUrl);
      return agent
        .post(postUrl)
        .type('form')
        .send({ ...fields, _csrf: csrfFrom(page.text) });
    },
  };
}

export type Session = Awaited<ReturnType<typeof loginAs>>;

export async function loggedIn(t: TestApp, role: Role, name?: string) {
  const u = await makeUser(t, role, name);
  return { user: u, session: await loginAs(t, u.email) };
}

export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token in page');
  return m[1];
}

/** The page's visible text, roughly: tags stripped, entities decoded, whitespace collapsed. */
export function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&#34;|&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\u00a0/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/ ([),.:])/g, '$1')
    .trim();
}
