import { expect } from 'chai';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { csrfFrom } from '../helpers/app.ts';
import { freePort } from '../helpers/server-process.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NOT_COPIED = new Set(['node_modules', '.git', 'data', 'dist', 'test-artifacts', 'bench-results']);

/** Every file under `dir` (not node_modules) with its size and modification time. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isSymbolicLink()) continue;
      if (e.isDirectory()) walk(full);
      else {
        const st = fs.statSync(full);
        out.set(path.relative(dir, full), `${st.size} ${st.mtimeMs}`);
      }
    }
  };
  walk(dir);
  out.set('.', fs.readdirSync(dir).sort().join(','));
  return out;
}

const chmodTree = (dir: string, writable: boolean) =>
  execFileSync('chmod', ['-R', writable ? 'u+w' : 'a-w', dir], { stdio: 'ignore' });

describe('npm start on an installed app folder that is read-only', function () {
  this.timeout(180_000);
  let app: string;
  let state: string;

  before(() => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'atgardsplan-start-'));
    app = path.join(base, 'app');
    state = path.join(base, 'state');
    fs.cpSync(ROOT, app, { recursive: true, filter: (src) => !NOT_COPIED.has(path.basename(src)) || src === ROOT });
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(app, 'node_modules'));
    // What `npm ci` leaves: the built server (its prepare script).
    execFileSync('npm', ['run', 'build'], { cwd: app, stdio: 'ignore' });
    fs.mkdirSync(state);
  });

  after(() => {
    chmodTree(path.dirname(app), true);
    fs.rmSync(path.dirname(app), { recursive: true, force: true });
  });

  it('when it starts, an administrator logs in and reads /halsa?detaljer, and it stops, then nothing in the app folder was written and the database lives in the state folder', async () => {
    const before = snapshot(app);
    chmodTree(app, false);
    const port = await freePort();
    const server = spawn('npm', ['start'], {
      cwd: app,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        DATABASE_PATH: path.join(state, 'atgardsplan.sqlite'),
        ADMIN_EMAIL: 'drift@exempelkommun.se',
        ADMIN_PASSWORD: 'tolv-fiskar-simmar-hem',
        LOG_LEVEL: 'warn',
      },
    });
    let out = '';
    server.stdout.on('data', (b: Buffer) => (out += b));
    server.stderr.on('data', (b: Buffer) => (out += b));
    const base = `http://127.0.0.1:${port}`;
    try {
      const deadline = Date.now() + 60_000;
      // Our server says it listens on the port (another process answering there would not).
      for (;;) {
        const res = out.includes(`lyssnar på ${base}`) ? await fetch(`${base}/halsa`).catch(() => null) : null;
        if (res?.ok) break;
        if (Date.now() > deadline || server.exitCode !== null) throw new Error(`The server did not start:\n${out}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      const loginPage = await fetch(`${base}/logga-in`);
      expect(loginPage.status).to.equal(200);
      const cookie = loginPage.headers.get('set-cookie')!.split(';')[0];
      const login = await fetch(`${base}/logga-in`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          email: 'drift@exempelkommun.se',
          password: 'tolv-fiskar-simmar-hem',
          _csrf: csrfFrom(await loginPage.text()),
        }),
      });
      expect(login.status, out).to.equal(303);
      const session = (login.headers.get('set-cookie') ?? cookie).split(';')[0];
      const details = await (await fetch(`${base}/halsa?detaljer`, { headers: { cookie: session } })).json();
      expect(details.version).to.equal(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
      expect(details.migrations.pending).to.deep.equal([]);
    } finally {
      if (server.exitCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        process.kill(-server.pid!, 'SIGTERM');
        await exited;
      }
    }
    chmodTree(app, true);
    expect([...snapshot(app)].filter(([f, v]) => before.get(f) !== v)).to.deep.equal([]);
    expect(fs.readdirSync(state)).to.include('atgardsplan.sqlite');
  });
});
