import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startServerProcess } from '../../helpers/server-process.ts';
import { openDatabase } from '../../../src/db/connection.ts';
import { migrateToLatest } from '../../../src/db/migrate.ts';
import { clockFrom, nowIso } from '../../../src/clock.ts';
import { createUser } from '../../../src/users/users.service.ts';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from '../../../scripts/seed-demo.ts';
import { CHOICES_MAX } from '../../../src/http/name-filter.ts';
import { insertCommittee } from '../../../src/committees/committees.repository.ts';
import { insertAction } from '../../../src/actions/actions.repository.ts';
import { insertMatter } from '../../../src/matters/matters.repository.ts';
import { insertFinding } from '../../../src/findings/findings.repository.ts';
import { insertUser } from '../../../src/users/users.repository.ts';
import { insertMeeting } from '../../../src/meetings/meetings.repository.ts';

/**
 * The instant the app's clock (and the tests' own) starts from: a Monday in spring, so what the
 * journeys type and expect does not depend on the day CI runs (a helgdag, a year's end). The
 * server honours it through TEST_NOW, which production refuses.
 */
export const BROWSER_NOW = '2026-03-16T09:00:00+01:00';
export const browserClock = clockFrom(BROWSER_NOW);

/**
 * What the database holds when the server starts:
 * - demo: the README's demo data (scripts/seed-demo.ts), the "full" state of every list;
 * - users: the demo users and nothing else, the "empty" state;
 * - none: no users at all, so the server prints a one-time set-up link;
 * - many: the demo data and more than a hundred nämnder and action owners, so the Nämnd and
 *   Ansvarig filters are searches on the name (src/http/name-filter.ts).
 */
export type Seed = 'demo' | 'users' | 'none' | 'many';

export interface RunningApp {
  baseUrl: string;
  databasePath: string;
  /** The set-up link the server printed (only for seed 'none'). */
  setupPath: string | null;
  /** Everything the server wrote to stdout and stderr, for failure messages. */
  output(): string;
  /** Runs read-only SQL against the server's database, to find ids for URLs. */
  query<T>(sql: string, ...params: unknown[]): T[];
  stop(): Promise<void>;
}

async function prepareDatabase(file: string, seed: Seed): Promise<void> {
  if (seed === 'none') return;
  const db = openDatabase(file);
  try {
    await migrateToLatest(db);
    switch (seed) {
      case 'demo':
        await seedDemo(db, browserClock);
        break;
      case 'many':
        await seedDemo(db, browserClock);
        await addManyCommitteesAndOwners(db);
        break;
      case 'users':
        for (const u of DEMO_USERS)
          await createUser(db, browserClock, { email: u.email, name: u.name, role: u.role, password: DEMO_PASSWORD });
        break;
    }
  } finally {
    await db.destroy();
  }
}

/**
 * One more nämnd and one more chef than the filters list, fictional all: in each Utskott an
 * ärende with a brist, an action on it owned by that Utskott's chef (an action belongs to the
 * nämnd of its findings), and a sammanträde.
 */
async function addManyCommitteesAndOwners(db: ReturnType<typeof openDatabase>): Promise<void> {
  const now = nowIso(browserClock);
  const author = await db.selectFrom('users').select('id').where('role', '=', 'director').executeTakeFirstOrThrow();
  for (let i = 1; i <= CHOICES_MAX + 1; i++) {
    const committeeId = await insertCommittee(db, { name: `Utskott ${i} i Exempelkommun`, administration: '', now });
    const matterId = await insertMatter(
      db,
      {
        committeeId,
        kind: 'lex_sarah_investigation',
        title: `Utredning i utskott ${i}`,
        unit: `Enhet ${i}`,
        ivoReference: '',
        ownReference: `LS-${i}`,
        decidedOn: null,
        respondBy: null,
        fineAmount: null,
        fineStatus: 'none',
        finalOn: null,
        followUpOn: null,
        legalBasis: '',
        description: '',
      },
      null,
      author.id,
      now,
    );
    const findingId = await insertFinding(
      db,
      matterId,
      { title: `Brist i utskott ${i}`, description: '', responseRequired: false },
      now,
    );
    // Owners who never log in: no password.
    const ownerId = await insertUser(db, {
      email: `enhetschef${i}@exempelkommun.se`,
      name: `Enhetschef ${i} Exempelsson`,
      role: 'manager',
      passwordHash: null,
      now,
    });
    await insertAction(
      db,
      {
        committeeId,
        title: `Uppföljning i utskott ${i}`,
        description: '',
        ownerId,
        dueOn: '2027-01-15',
        findingIds: [findingId],
      },
      author.id,
      now,
    );
    await insertMeeting(
      db,
      { committeeId, heldOn: '2027-02-10', title: '', ownReference: '', place: '', note: '' },
      author.id,
      now,
    );
  }
}

/**
 * Starts the app as a user runs it: its own process, `node --import tsx src/server.ts`, a database
 * file of its own, on a free local port; its clock starts at BROWSER_NOW (so NODE_ENV is 'test':
 * production refuses a pinned clock).
 */
export async function startApp(seed: Seed): Promise<RunningApp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atgardsplan-browser-'));
  const databasePath = path.join(dir, 'atgardsplan.sqlite');
  await prepareDatabase(databasePath, seed);
  const server = await startServerProcess(databasePath, { TEST_NOW: BROWSER_NOW });
  const out = server.output();
  const setupPath = /\/installera\/[A-Za-z0-9_-]+/.exec(out)?.[0] ?? null;
  const reader = new Database(databasePath, { readonly: true, fileMustExist: true });
  return {
    baseUrl: server.baseUrl,
    databasePath,
    setupPath,
    output: server.output,
    query: <T>(sql: string, ...params: unknown[]) => reader.prepare(sql).all(...params) as T[],
    async stop() {
      reader.close();
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
