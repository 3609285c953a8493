import { expect } from 'chai';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { openDatabase, type Db } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { fixedClock } from '../../src/clock.ts';
import { createUser } from '../../src/users/users.service.ts';
import type { Role } from '../../src/users/roles.ts';
import { serverPidFile } from '../../src/backups/backups.service.ts';
import { PASSWORD, textOf } from '../helpers/app.ts';
import { aCommittee, aFinding, aMatter, anAction } from '../helpers/builders.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { HttpSession } from '../helpers/http-session.ts';

// WORKERS (README: "Running for real"): the server as several processes over one database. Each
// test's servers are real processes (src/server.ts) on a database file built by the real migrations.

const NOW = '2026-03-16T10:00:00+01:00'; // a Monday
const ROOT = path.resolve(import.meta.dirname, '../..');

interface Installation {
  dir: string;
  databasePath: string;
  emails: Record<'admin' | 'director' | 'manager', string>;
  matterId: number;
  actionIds: number[];
}

/** A database file with an administrator, a förvaltningschef, a chef and the chef's five actions on one matter. */
async function anInstallation(): Promise<Installation> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atgardsplan-workers-'));
  const databasePath = path.join(dir, 'atgardsplan.sqlite');
  const db: Db = openDatabase(databasePath);
  await migrateToLatest(db);
  const clock = fixedClock('2026-03-12T09:00:00');
  const user = async (role: Role, name: string) => {
    const email = `${role}@exempelkommun.se`;
    await createUser(db, clock, { email, name, role, password: PASSWORD });
    return email;
  };
  const emails = {
    admin: await user('admin', 'Ada Admin'),
    director: await user('director', 'Eva Exempel'),
    manager: await user('manager', 'Karin Exempelsson'),
  };
  const managerId = (
    await db.selectFrom('users').select('id').where('email', '=', emails.manager).executeTakeFirstOrThrow()
  ).id;
  const committeeId = await aCommittee(db, 'Socialnämnden');
  const matterId = await aMatter(db, { committeeId, title: 'Tillsyn av hemtjänsten', ownReference: 'SN 2026/7' });
  const finding = await aFinding(db, matterId, 'Genomförandeplaner saknas', true);
  const actionIds: number[] = [];
  for (const [i, dueOn] of ['2026-03-10', '2026-03-20', '2026-04-30', '2026-05-31', '2026-06-30'].entries())
    actionIds.push(
      await anAction(db, {
        committeeId,
        ownerId: managerId,
        findingIds: [finding],
        title: `Åtgärd nummer ${i + 1}`,
        dueOn,
      }),
    );
  await db.destroy();
  return { dir, databasePath, emails, matterId, actionIds };
}

const serverEnv = (workers: number) => ({ WORKERS: String(workers), TEST_NOW: NOW, LOG_LEVEL: 'warn' });

/** How often `word` stands in the page's text. */
const count = (html: string, word: string) => textOf(html).split(word).length - 1;

async function versionOf(s: HttpSession, actionId: number, base?: string): Promise<number> {
  const page = await s.get(`/atgarder/${actionId}`, base);
  return Number(/name="version" value="(\d+)"/.exec(page.body)![1]);
}

function historyOf(databasePath: string, actionId: number) {
  const db = openDatabase(databasePath);
  return db
    .selectFrom('action_updates')
    .select(['comment', 'to_status'])
    .where('action_id', '=', actionId)
    .orderBy('id')
    .execute()
    .finally(() => db.destroy());
}

describe('two server processes on one database', function () {
  this.timeout(180_000);
  let site: Installation;
  let one: ServerProcess;
  let other: ServerProcess;

  before(async () => {
    site = await anInstallation();
    [one, other] = await Promise.all([
      startServerProcess(site.databasePath, serverEnv(1), { startSeconds: 90 }),
      startServerProcess(site.databasePath, serverEnv(1), { startSeconds: 90 }),
    ]);
  });
  after(async () => {
    await Promise.all([one?.stop(), other?.stop()]);
    fs.rmSync(site.dir, { recursive: true, force: true });
  });

  it('when a chef updates a status through one process, then the next view of the list, the action, the matter and the Översikt through the other shows it', async () => {
    const chef = new HttpSession(one.baseUrl);
    await chef.login(site.emails.manager, PASSWORD);
    const director = new HttpSession(other.baseUrl);
    await director.login(site.emails.director, PASSWORD);
    const pages = ['/atgarder', `/arenden/${site.matterId}`, '/'];
    // Read first, so the other process remembers each page as it was.
    const before = await Promise.all(pages.map(async (p) => (await director.get(p)).body));

    const actionId = site.actionIds[0];
    const version = await versionOf(chef, actionId);
    const update = await chef.post(
      `/atgarder/${actionId}/statusuppdateringar`,
      { status: 'in_progress', comment: 'Arbetet med planerna har börjat.', version: String(version) },
      `/atgarder/${actionId}`,
    );
    expect(update.status).to.equal(303);

    const after = await Promise.all(pages.map(async (p) => (await director.get(p)).body));
    for (const [i, body] of after.entries())
      expect(count(body, 'Pågår'), pages[i]).to.be.greaterThan(count(before[i], 'Pågår'));
    const actionPage = textOf((await director.get(`/atgarder/${actionId}`)).body);
    expect(actionPage).to.contain('Arbetet med planerna har börjat.');
  });

  it('when a session starts on one process, then the other knows it and takes its CSRF token; a login lock set through one holds on the other', async () => {
    const s = new HttpSession(one.baseUrl);
    await s.login(site.emails.director, PASSWORD);
    expect((await s.get('/atgarder', other.baseUrl)).status).to.equal(200);
    const csrfFromOne = /name="_csrf" value="([^"]+)"/.exec((await s.get('/atgarder', one.baseUrl)).body)![1];
    const logout = await s.postWithToken('/logga-ut', { _csrf: csrfFromOne }, other.baseUrl);
    expect(logout.status).to.equal(303);
    expect((await s.get('/atgarder', one.baseUrl)).status).to.not.equal(200);

    const guesser = new HttpSession(one.baseUrl);
    for (let i = 0; i < 5; i++) {
      const base = i % 2 === 0 ? one.baseUrl : other.baseUrl;
      await guesser.post('/logga-in', { email: site.emails.admin, password: `fel-losenord-${i}` }, '/logga-in', base);
    }
    const locked = await guesser.post(
      '/logga-in',
      { email: site.emails.admin, password: PASSWORD },
      '/logga-in',
      other.baseUrl,
    );
    expect(locked.status).to.equal(429);
    expect(textOf(locked.body)).to.contain('För många misslyckade inloggningsförsök');
  });

  it('when a plan is previewed on one process, then it is confirmed on the other, once', async () => {
    const director = new HttpSession(one.baseUrl);
    await director.login(site.emails.director, PASSWORD);
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Åtgärdsplan');
    sheet.addRow(['Ärende', 'Brist', 'Kräver redovisning', 'Åtgärd', 'Ansvarig (e-post)', 'Slutdatum', 'Status']);
    sheet.addRow([
      'SN 2026/7',
      'Rutiner saknas',
      'ja',
      'Skriva rutin för delegering',
      site.emails.manager,
      '2026-05-15',
      'ej påbörjad',
    ]);
    const content = Buffer.from(await wb.xlsx.writeBuffer());
    const form = await director.get('/atgardsplan/importera');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1];
    const preview = await director.upload(
      '/atgardsplan/importera',
      { _csrf: csrf },
      { field: 'fil', name: 'plan.xlsx', content },
    );
    expect(preview.status, textOf(preview.body).slice(0, 400)).to.equal(200);
    const token = /name="token" value="([^"]+)"/.exec(preview.body)![1];
    const digest = /name="digest" value="([^"]+)"/.exec(preview.body)![1];

    const confirmed = await director.postWithToken(
      '/atgardsplan/importera/bekrafta',
      { _csrf: csrf, token, digest },
      other.baseUrl,
    );
    expect(confirmed.status, textOf(confirmed.body).slice(0, 400)).to.equal(303);
    expect(textOf((await director.get(`/arenden/${site.matterId}`)).body)).to.contain('Skriva rutin för delegering');
    const again = await director.postWithToken(
      '/atgardsplan/importera/bekrafta',
      { _csrf: csrf, token, digest },
      one.baseUrl,
    );
    expect(again.status).to.equal(422);
    expect(textOf(again.body)).to.contain('Förhandsvisningen finns inte längre');
  });
});

describe('a server with WORKERS=2', function () {
  this.timeout(180_000);
  let site: Installation;
  let server: ServerProcess;

  before(async () => {
    site = await anInstallation();
    server = await startServerProcess(site.databasePath, serverEnv(2), { startSeconds: 90 });
    // /halsa answers once one worker listens; the primary says when both do.
    const deadline = Date.now() + 90_000;
    while (!/lyssnar på .*2 arbetsprocesser/.test(server.output())) {
      if (Date.now() > deadline) throw new Error(`the workers did not all listen within 90 s:\n${server.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.error(`The server's output:\n${server.output()}`);
  });
  after(async () => {
    await server?.stop();
    fs.rmSync(site.dir, { recursive: true, force: true });
  });

  it('when many status updates race through both workers, then each accepted one is in the history once, each refused one got 409 and is absent', async () => {
    const chef = new HttpSession(server.baseUrl);
    await chef.login(site.emails.manager, PASSWORD);
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await chef.get('/atgarder')).body)![1];
    const accepted = new Map<number, string[]>();
    for (let round = 0; round < 3; round++) {
      // Six posts per action at once, all with the version they read: one may win, the others are refused.
      const posts = await Promise.all(
        site.actionIds.map(async (actionId) => {
          const version = await versionOf(chef, actionId);
          return Promise.all(
            Array.from({ length: 6 }, async (_, i) => {
              const comment = `Runda ${round}, försök ${i}, åtgärd ${actionId}.`;
              const status = round % 2 === 0 ? 'in_progress' : 'not_started';
              const res = await chef.postWithToken(`/atgarder/${actionId}/statusuppdateringar`, {
                _csrf: csrf,
                status,
                comment,
                version: String(version),
              });
              return { actionId, comment, status: res.status };
            }),
          );
        }),
      );
      for (const p of posts.flat()) {
        expect([303, 409], p.comment).to.include(p.status);
        if (p.status === 303) accepted.set(p.actionId, [...(accepted.get(p.actionId) ?? []), p.comment]);
      }
      for (const actionId of site.actionIds)
        expect(posts.flat().filter((p) => p.actionId === actionId && p.status === 303)).to.have.length(1);
    }
    for (const actionId of site.actionIds) {
      const comments = (await historyOf(site.databasePath, actionId))
        .map((u) => u.comment)
        .filter((c) => c.startsWith('Runda'));
      expect(comments).to.deep.equal(accepted.get(actionId));
    }
  });

  it('when a status changes through one worker, then the next requests, whichever worker takes them, show it', async () => {
    const chef = new HttpSession(server.baseUrl);
    await chef.login(site.emails.manager, PASSWORD);
    const actionId = site.actionIds[4];
    for (let i = 0; i < 4; i++) await chef.get('/atgarder'); // both workers remember the list
    const before = count((await chef.get('/atgarder')).body, 'Klar');
    const version = await versionOf(chef, actionId);
    const update = await chef.post(
      `/atgarder/${actionId}/statusuppdateringar`,
      { status: 'done', comment: 'Klart.', version: String(version) },
      `/atgarder/${actionId}`,
    );
    expect(update.status).to.equal(303);
    for (let i = 0; i < 4; i++) {
      const list = await chef.get('/atgarder?status=alla');
      expect(count(list.body, 'Klar'), `request ${i}`).to.be.greaterThan(before);
    }
  });

  it('when a worker dies, then the primary logs it and starts another, and the server keeps answering', async () => {
    const admin = new HttpSession(server.baseUrl);
    await admin.login(site.emails.admin, PASSWORD);
    const pid = JSON.parse((await admin.get('/halsa?detaljer')).body).process as number;
    process.kill(pid, 'SIGKILL');
    const deadline = Date.now() + 60_000;
    const answering = new Set<number>();
    while (answering.size < 2 && Date.now() < deadline) {
      const details = await admin.get('/halsa?detaljer').catch(() => null);
      if (details?.status === 200) answering.add(JSON.parse(details.body).process);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(answering.size).to.equal(2);
    expect([...answering]).to.not.include(pid);
    expect(server.output()).to.contain('en arbetsprocess avslutades oväntat; en ny startas');
  });

  it('when it runs, then two workers with pids of their own answer, the pid file names the primary, and a stop ends them all and removes it', async () => {
    const admin = new HttpSession(server.baseUrl);
    await admin.login(site.emails.admin, PASSWORD);
    const primary = Number(fs.readFileSync(serverPidFile(site.databasePath), 'utf8'));
    const answering = new Set<number>();
    for (let i = 0; i < 40 && answering.size < 2; i++) {
      const details = await admin.get('/halsa?detaljer');
      expect(details.status).to.equal(200);
      answering.add(JSON.parse(details.body).process);
    }
    expect(answering.size).to.equal(2);
    expect([...answering]).to.not.include(primary);

    await server.stop();
    expect(fs.existsSync(serverPidFile(site.databasePath))).to.equal(false);
    for (const pid of [primary, ...answering]) expect(() => process.kill(pid, 0), `pid ${pid}`).to.throw();
  });
});

describe('scheduled jobs under several processes', function () {
  this.timeout(120_000);

  it('when two processes race for the same runs on one database, then each run is made by exactly one of them, and the reminders go out once', async () => {
    const site = await anInstallation();
    const race = (order: 'up' | 'down') =>
      new Promise<{ won: number[]; runs: number; ranReminders: boolean }>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/job-race.ts'], {
          cwd: ROOT,
          env: {
            ...process.env,
            NODE_ENV: 'test',
            DATABASE_PATH: site.databasePath,
            TEST_NOW: '2026-03-16T07:00:00+01:00',
            RACE_DIR: site.dir,
            OCCURRENCES: '300',
            ORDER: order,
          },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let out = '';
        child.stdout.on('data', (b: Buffer) => (out += b.toString()));
        child.once('exit', (code) =>
          code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`exit ${code}`)),
        );
      });
    const [a, b] = await Promise.all([race('up'), race('down')]);
    // Both took part in the race, or it proved nothing.
    expect(a.won.length).to.be.greaterThan(0);
    expect(b.won.length).to.be.greaterThan(0);
    expect(a.runs).to.equal(a.won.length);
    expect(b.runs).to.equal(b.won.length);
    expect(a.won.filter((i) => b.won.includes(i))).to.deep.equal([]);
    expect([...a.won, ...b.won].sort((x, y) => x - y)).to.deep.equal(Array.from({ length: 300 }, (_, i) => i));
    expect([a.ranReminders, b.ranReminders].filter(Boolean)).to.have.length(1);

    const db = openDatabase(site.databasePath);
    try {
      const digests = await db.selectFrom('outbox').select('to_address').execute();
      expect(digests.length).to.be.greaterThan(0);
      expect(new Set(digests.map((d) => d.to_address)).size).to.equal(digests.length);
    } finally {
      await db.destroy();
      fs.rmSync(site.dir, { recursive: true, force: true });
    }
  });
});

describe('writes from several processes on one database', function () {
  this.timeout(60_000);

  it('when a change that reads before it writes meets another process’s write, then the other waits and both are kept', async () => {
    const site = await anInstallation();
    const db = openDatabase(site.databasePath);
    try {
      let writer!: Promise<number | null>;
      await db.transaction().execute(async (tx) => {
        await tx.selectFrom('committees').select('id').execute();
        // Another process writes while this transaction is open, as better-sqlite3 does in the app.
        const child = spawn(
          process.execPath,
          [
            '-e',
            `const db = new (require('better-sqlite3'))(process.argv[1]);
             db.pragma('busy_timeout = 5000');
             console.log('skriver');
             db.prepare("INSERT INTO committees (name, administration, created_at) VALUES ('Nämnden från en annan process', '', '2026-03-16')").run();`,
            site.databasePath,
          ],
          { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
        );
        writer = new Promise((resolve) => child.once('exit', resolve));
        await new Promise((resolve) => child.stdout.once('data', resolve));
        await new Promise((resolve) => setTimeout(resolve, 300));
        await tx
          .insertInto('committees')
          .values({ name: 'Nämnden från den här processen', administration: '', created_at: '2026-03-16' })
          .execute();
      });
      expect(await writer).to.equal(0);
      const names = (await db.selectFrom('committees').select('name').execute()).map((c) => c.name);
      expect(names).to.include.members(['Nämnden från den här processen', 'Nämnden från en annan process']);
    } finally {
      await db.destroy();
      fs.rmSync(site.dir, { recursive: true, force: true });
    }
  });
});
