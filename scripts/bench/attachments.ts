// How long a bilaga of MAX_UPLOAD_MB (25 MB) takes to upload and to download, over HTTP against
// a database file, as a browser would send it (multipart, CSRF token first, the file last).
//   node --import tsx scripts/bench/attachments.ts [--runs 5] [--mb 25]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { openDatabase } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/clock.ts';
import { createUser } from '../../src/users/users.service.ts';
import { insertCommittee } from '../../src/committees/committees.repository.ts';
import { createMatter } from '../../src/matters/matters.service.ts';
import { findUserById } from '../../src/users/users.repository.ts';
import { csrfFrom, login } from './session.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const runs = arg('runs', 5);
const mb = arg('mb', 25);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atgardsplan-bilagor-'));
const db = openDatabase(path.join(dir, 'bench.sqlite'));
await migrateToLatest(db);
const password = 'bench-losenord-2026';
const directorId = await createUser(db, systemClock, {
  email: 'forvaltningschef@exempelkommun.se',
  name: 'Fia Förvaltningschef',
  role: 'director',
  password,
});
const committeeId = await insertCommittee(db, {
  name: 'Socialnämnden',
  administration: 'Socialförvaltningen',
  now: new Date().toISOString(),
});
const matterId = await createMatter(db, systemClock, (await findUserById(db, directorId))!, {
  committeeId,
  kind: 'ivo_supervision',
  title: 'Handläggning och dokumentation av utredningar',
  unit: '',
  ivoReference: '8.5-12345/2026',
  ownReference: '',
  decidedOn: '2026-02-02',
  respondBy: null,
  fineAmount: null,
  fineStatus: 'none',
  finalOn: null,
  followUpOn: null,
  legalBasis: '',
  description: '',
});
const config = loadConfig({ DATABASE_PATH: path.join(dir, 'bench.sqlite'), MAX_UPLOAD_MB: String(mb) });
const app = createApp({ db, config, clock: systemClock, sessionSecret: 'bench' });
const server = app.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

// A "PDF" just under the limit: the header is what file-type reads; the rest is filler.
const file = Buffer.alloc(mb * 1024 * 1024 - 4096, 0x20);
file.write('%PDF-1.4\n', 0, 'latin1');

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
const session = await login(base, 'forvaltningschef@exempelkommun.se', password);
const uploads: number[] = [];
const downloads: number[] = [];
for (let i = 0; i < runs; i++) {
  const page = await fetch(`${base}/arenden/${matterId}/bilagor`, { headers: { cookie: session.cookie } });
  const form = new FormData();
  form.append('_csrf', csrfFrom(await page.text()));
  form.append('kind', 'decision');
  form.append('description', `Mätning ${i + 1}`);
  form.append('file', new Blob([file], { type: 'application/pdf' }), `beslut-${i + 1}.pdf`);
  let t = performance.now();
  const res = await fetch(`${base}/arenden/${matterId}/bilagor`, {
    method: 'POST',
    body: form,
    redirect: 'manual',
    headers: { cookie: session.cookie },
  });
  await res.arrayBuffer();
  if (res.status !== 303) throw new Error(`upload answered ${res.status}`);
  uploads.push(performance.now() - t);
  const { id } = await db.selectFrom('attachments').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
  t = performance.now();
  const got = await fetch(`${base}/bilagor/${id}`, { headers: { cookie: session.cookie } });
  const body = Buffer.from(await got.arrayBuffer());
  downloads.push(performance.now() - t);
  if (!body.equals(file)) throw new Error('the download differs from the upload');
}
clearInterval(sampler);
server.close();
db.destroy();
fs.rmSync(dir, { recursive: true, force: true });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`Bilaga of ${mb} MB, ${runs} runs (server and client in one process, database on disk):`);
console.log(
  `  upload (POST to 303, stored with its audit row): median ${median(uploads).toFixed(0)} ms, max ${Math.max(...uploads).toFixed(0)} ms`,
);
console.log(
  `  download (GET, whole body):                      median ${median(downloads).toFixed(0)} ms, max ${Math.max(...downloads).toFixed(0)} ms`,
);
console.log(`  peak RSS of the process: ${(peakRss / 1024 / 1024).toFixed(0)} MB`);
