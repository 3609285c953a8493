import { expect } from 'chai';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { openDatabase, type Db } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { fixedClock } from '../../src/clock.ts';
import { nightlyBackup } from '../../src/backups/backups.service.ts';
import { aCommittee } from '../helpers/builders.ts';
import { startServerProcess } from '../helpers/server-process.ts';

const run = promisify(execFile);

/** `npm run backup` / `npm run restore` as an operator runs them, on the database file. */
async function script(name: 'backup' | 'restore', databasePath: string, ...args: string[]) {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', `scripts/${name}.ts`, ...args], {
      env: { ...process.env, NODE_ENV: 'test', DATABASE_PATH: databasePath },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const failed = e as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const committeeNames = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT name FROM committees ORDER BY name').all() as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
};

describe('backups and restore', function () {
  this.timeout(180_000);
  let dir: string;
  let databasePath: string;
  let db: Db;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atgardsplan-backup-'));
    databasePath = path.join(dir, 'atgardsplan.sqlite');
    db = openDatabase(databasePath);
    await migrateToLatest(db);
    await aCommittee(db, 'Socialnämnden');
  });

  afterEach(async () => {
    await db.destroy().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when a backup is taken while another process writes without pause, then it passes integrity_check and holds every write acknowledged before it began', async () => {
    // Some bulk, so the copy takes a while and the writes land during it.
    await db
      .insertInto('settings')
      .values(Array.from({ length: 5000 }, (_, i) => ({ key: `fyllnad-${i}`, value: 'y'.repeat(1000) })))
      .execute();
    const writer = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/write-load.ts', databasePath]);
    let acknowledged = 0;
    writer.stdout.on('data', (b: Buffer) => {
      const lines = b.toString().trim().split('\n');
      acknowledged = Math.max(acknowledged, Number(lines.at(-1)));
    });
    try {
      while (acknowledged < 200) await new Promise((r) => setTimeout(r, 20));
      const before = acknowledged;
      const backupFile = path.join(dir, 'kopia.sqlite');
      const result = await script('backup', databasePath, '--to', backupFile);
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout).to.contain('är tagen och kontrollerad');
      const during = acknowledged;
      expect(during, 'the writer kept writing while the backup ran').to.be.greaterThan(before);

      const copy = new Database(backupFile, { readonly: true });
      expect(copy.pragma('integrity_check', { simple: true })).to.equal('ok');
      const rows = copy.prepare("SELECT count(*) AS n FROM settings WHERE key LIKE 'belastning-%'").get() as {
        n: number;
      };
      const highest = copy
        .prepare("SELECT max(CAST(substr(key, 12) AS INTEGER)) AS n FROM settings WHERE key LIKE 'belastning-%'")
        .get() as { n: number };
      copy.close();
      expect(highest.n).to.be.at.least(before);
      expect(rows.n, 'no gaps: each write up to the newest in the copy is there').to.equal(highest.n);
    } finally {
      writer.kill();
    }
  });

  it('when a server runs on the database, then restore is refused and nothing changes; stopped, the restore puts the backup back, keeps the replaced database and ends every session', async () => {
    const backupFile = path.join(dir, 'kopia.sqlite');
    expect((await script('backup', databasePath, '--to', backupFile)).code).to.equal(0);
    await aCommittee(db, 'Nämnden som kom efter kopian');
    await db.insertInto('sessions').values({ sid: 'en-session', data: '{}', expires_at: 4102444800000 }).execute();
    await db.destroy();

    const server = await startServerProcess(databasePath);
    try {
      const refused = await script('restore', databasePath, backupFile);
      expect(refused.code).to.equal(1);
      expect(refused.stderr).to.match(/Servern kör på databasen \(process \d+\)\. Stoppa den innan du återställer\./);
    } finally {
      await server.stop();
    }
    expect(committeeNames(databasePath)).to.include('Nämnden som kom efter kopian');

    const restored = await script('restore', databasePath, backupFile);
    expect(restored.code, restored.stderr).to.equal(0);
    expect(restored.stdout).to.contain('Alla måste logga in igen.');
    expect(committeeNames(databasePath)).to.deep.equal(['Socialnämnden']);
    const kept = fs.readdirSync(dir).find((f) => f.startsWith('atgardsplan.sqlite.fore-aterstallning-'));
    expect(kept, 'the replaced database is kept').to.be.a('string');
    expect(committeeNames(path.join(dir, kept!))).to.include('Nämnden som kom efter kopian');
    const check = new Database(databasePath, { readonly: true });
    expect(check.prepare('SELECT count(*) AS n FROM sessions').get()).to.deep.equal({ n: 0 });
    check.close();
  });

  it('when the file to restore is not a sound Åtgärdsplan database, then the restore is refused and the database is untouched', async () => {
    await db.destroy();
    const garbage = path.join(dir, 'skrap.sqlite');
    fs.writeFileSync(garbage, Buffer.alloc(8192, 7));
    const other = path.join(dir, 'annan.sqlite');
    new Database(other).exec('CREATE TABLE t (x)');
    for (const file of [garbage, other, path.join(dir, 'finns-inte.sqlite')]) {
      const r = await script('restore', databasePath, file);
      expect(r.code, file).to.equal(1);
      expect(r.stderr).to.contain('Återställningen avbröts, inget är ändrat');
    }
    expect(committeeNames(databasePath)).to.deep.equal(['Socialnämnden']);
    expect(fs.readdirSync(dir).some((f) => f.includes('fore-aterstallning'))).to.equal(false);
  });

  it('when the nightly backups run, then each is checked, the newest BACKUP_KEEP are kept and the last is noted', async () => {
    const backups = path.join(dir, 'backups');
    for (const night of ['2026-03-14', '2026-03-15', '2026-03-16'])
      await nightlyBackup(db, fixedClock(`${night}T02:30:00`), backups, 2);
    expect(fs.readdirSync(backups).sort()).to.deep.equal([
      'atgardsplan-2026-03-15-0230.sqlite',
      'atgardsplan-2026-03-16-0230.sqlite',
    ]);
    const noted = await db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', 'last_backup')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(noted.value)).to.include({
      file: path.join(backups, 'atgardsplan-2026-03-16-0230.sqlite'),
      at: '2026-03-16T01:30:00.000Z',
    });
  });
});
