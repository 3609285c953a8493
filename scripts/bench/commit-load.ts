import Database from 'better-sqlite3';

// Commits and nothing else: COMMITS one-row writes to a table that is not audited (settings), WAIT_MS
// apart, from a process of its own, as the reminders job commits its outbox beside the server. To
// tell what another process's commits cost the server's pages from what the job's CPU does.
// Usage: DATABASE_PATH=… [COMMITS=1000] [WAIT_MS=20] node --import tsx scripts/bench/commit-load.ts
const db = new Database(process.env.DATABASE_PATH!);
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = NORMAL'); // as the app's connections (src/db/connection.ts)
const write = db.prepare(
  "INSERT INTO settings (key, value) VALUES ('bench_commit_load', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
);
const commits = Number(process.env.COMMITS ?? 1000);
for (let i = 0; i < commits; i += 1) {
  write.run(String(i));
  await new Promise((resolve) => setTimeout(resolve, Number(process.env.WAIT_MS ?? 20)));
}
db.prepare("DELETE FROM settings WHERE key = 'bench_commit_load'").run();
db.close();
