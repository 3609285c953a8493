import Database from 'better-sqlite3';

// A second process writing to the database as fast as it can, as a busy server would: one committed
// row per step, its number printed once the commit has returned (acknowledged). Usage:
// node --import tsx test/helpers/write-load.ts DATABASE_FILE
const db = new Database(process.argv[2]);
db.pragma('journal_mode = WAL');
db.pragma('busy_timeout = 5000');
const insert = db.prepare("INSERT INTO settings (key, value) VALUES ('belastning-' || ?, ?)");
let n = 0;
const step = () => {
  n += 1;
  insert.run(n, 'x'.repeat(200));
  process.stdout.write(`${n}\n`);
  setImmediate(step);
};
step();
