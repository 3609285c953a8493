import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { openDatabase } from '../../src/db/connection.ts';
import { buildApp, memoryOf, startServer, type Server } from './processes.ts';
import { csrfFrom, login, type BenchSession } from './session.ts';

// Export and import through the real server (built as `npm start` runs it), against a seeded
// database (npm run seed:scale): every action of the installation as .xlsx and as CSV, and an
// action plan of 2 000 rows previewed and confirmed. Each measurement gets a fresh server, so its
// peak memory (VmHWM) is that of the one request. The import writes into a copy of the database.
// Usage: DATABASE_PATH=/tmp/transfer-100k.sqlite node --import tsx scripts/bench/transfer.ts [--rows 2000]
// Prints one JSON line per measurement.

const source = process.env.DATABASE_PATH;
if (!source || !fs.existsSync(source)) throw new Error('Set DATABASE_PATH to a seeded database (npm run seed:scale).');
const rowsArg = process.argv.indexOf('--rows');
const importRows = rowsArg > 0 ? Number(process.argv[rowsArg + 1]) : 2000;
const DIRECTOR = 'forvaltningschef@exempelkommun.se';
const PASSWORD = 'bench-losenord-2026';

async function withServer<T>(dbPath: string, run: (server: Server, s: BenchSession) => Promise<T>): Promise<T> {
  const server = await startServer('dist/server.js', { DATABASE_PATH: dbPath }, /lyssnar på/);
  try {
    return await run(server, await login(server.base, DIRECTOR, PASSWORD));
  } finally {
    await server.stop();
  }
}

/** CPU seconds the process has used (user + system): on a shared, loaded machine, the fairer figure. */
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime and stime, in ticks of 1/100 s
}

/** Downloads the file, counting its bytes as they come (never holding it), and the server's peak memory. */
async function timedDownload(path: string) {
  return withServer(source!, async (server, s) => {
    const before = memoryOf(server.pid);
    const cpuBefore = cpuSeconds(server.pid);
    const started = performance.now();
    const res = await fetch(`${s.base}${path}`, { headers: { cookie: s.cookie } });
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
    let bytes = 0;
    let lines = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (const b of chunk) if (b === 10) lines += 1;
    }
    const ms = performance.now() - started;
    return {
      what: `GET ${path}`,
      seconds: Number((ms / 1000).toFixed(2)),
      serverCpuSeconds: Number((cpuSeconds(server.pid) - cpuBefore).toFixed(2)),
      megabytes: Number((bytes / 1e6).toFixed(1)),
      ...(path.includes('.csv') ? { csvRecords: lines } : {}),
      serverRssBeforeMb: Math.round(before.rssMb),
      serverPeakMb: Math.round(memoryOf(server.pid).peakMb),
    };
  });
}

/** A plan of `n` rows over existing matters: new brister and actions, owners among the chefer. */
async function planFile(n: number): Promise<Buffer> {
  const db = openDatabase(source!);
  // Matters named by an eget diarienummer no other matter has (the seed repeats them across kommuner).
  const matters = await db
    .selectFrom('matters')
    .select('own_reference')
    .where('own_reference', '!=', '')
    .groupBy('own_reference')
    .having((eb) => eb.fn.countAll(), '=', 1)
    .limit(n)
    .execute();
  const owners = await db
    .selectFrom('users')
    .select('email')
    .where('role', '=', 'manager')
    .where('active', '=', 1)
    .execute();
  await db.destroy();
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Åtgärdsplan');
  sheet.addRow(['Ärende', 'Brist', 'Kräver redovisning', 'Åtgärd', 'Ansvarig (e-post)', 'Slutdatum', 'Status']);
  for (let i = 0; i < n; i++) {
    const matter = matters[i % matters.length].own_reference;
    sheet.addRow([
      matter,
      `Importerad brist ${Math.floor(i / 2)}`,
      i % 3 === 0 ? 'Nej' : 'Ja',
      `Importerad åtgärd ${i}`,
      owners[i % owners.length].email,
      new Date(Date.UTC(2026, i % 12, 1 + (i % 28))),
      ['Ej påbörjad', 'Pågår', 'Klar'][i % 3],
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function timedImport(n: number) {
  const copy = `${source}.import-bench.sqlite`;
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(copy + suffix, { force: true });
  fs.copyFileSync(source!, copy);
  const file = await planFile(n);
  try {
    return await withServer(copy, async (server, s) => {
      const page = await fetch(`${s.base}/atgardsplan/importera`, { headers: { cookie: s.cookie } });
      const form = new FormData();
      form.set('_csrf', csrfFrom(await page.text()));
      form.set('fil', new Blob([new Uint8Array(file)]), 'plan.xlsx');
      const cpuBefore = cpuSeconds(server.pid);
      let started = performance.now();
      const preview = await fetch(`${s.base}/atgardsplan/importera`, {
        method: 'POST',
        body: form,
        headers: { cookie: s.cookie },
      });
      const html = await preview.text();
      const previewMs = performance.now() - started;
      if (preview.status !== 200) throw new Error(`preview: HTTP ${preview.status}\n${html.slice(0, 2000)}`);
      const field = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)![1];
      started = performance.now();
      const done = await fetch(`${s.base}/atgardsplan/importera/bekrafta`, {
        method: 'POST',
        body: new URLSearchParams({ _csrf: csrfFrom(html), token: field('token'), digest: field('digest') }),
        headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        redirect: 'manual',
      });
      const confirmMs = performance.now() - started;
      const cpu = cpuSeconds(server.pid) - cpuBefore;
      if (done.status !== 303) throw new Error(`confirm: HTTP ${done.status}`);
      return {
        what: `import of ${n} rows (.xlsx, ${Math.round(file.length / 1024)} kB)`,
        previewSeconds: Number((previewMs / 1000).toFixed(2)),
        previewPageKb: Math.round(html.length / 1024),
        confirmSeconds: Number((confirmMs / 1000).toFixed(2)),
        serverCpuSecondsBoth: Number(cpu.toFixed(2)),
        serverPeakMb: Math.round(memoryOf(server.pid).peakMb),
      };
    });
  } finally {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(copy + suffix, { force: true });
  }
}

buildApp();
const db = openDatabase(source);
const actions = await db
  .selectFrom('actions')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .executeTakeFirstOrThrow();
await db.destroy();
console.log(
  JSON.stringify({ actions: Number(actions.n), loadAverage: fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0] }),
);
console.log(JSON.stringify(await timedDownload('/atgarder.xlsx?status=alla')));
console.log(JSON.stringify(await timedDownload('/atgarder.csv?status=alla')));
console.log(JSON.stringify(await timedDownload('/arenden.xlsx?status=alla')));
console.log(JSON.stringify(await timedImport(importRows)));
