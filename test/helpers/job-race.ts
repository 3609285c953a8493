import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/connection.ts';
import { createLogger } from '../../src/logger.ts';
import { configuredClock } from '../../src/clock.ts';
import { runOccurrence, scheduledJobs, type ScheduledJob } from '../../src/jobs/scheduler.ts';

// One of two processes racing for the same scheduled runs on one database (test/integration/workers.test.ts):
// waits until both are ready (a file each in RACE_DIR) so they begin together, then tries OCCURRENCES runs of a job
// that counts its runs, and the day's reminders; prints what this process ran, as JSON.

const config = loadConfig();
const db = openDatabase(config.databasePath);
const logger = createLogger('silent');
const reminders = scheduledJobs(db, configuredClock(config), config, logger).find((j) => j.name === 'paminnelser')!;
let runs = 0;
const counting: ScheduledJob = { name: 'prov', pattern: '* * * * *', run: async () => void runs++ };

const raceDir = process.env.RACE_DIR!;
fs.writeFileSync(path.join(raceDir, `ready-${process.pid}`), '');
while (fs.readdirSync(raceDir).filter((f) => f.startsWith('ready-')).length < 2)
  await new Promise((resolve) => setTimeout(resolve, 1));
const won: number[] = [];
// The two go through the runs from opposite ends (ORDER=down), so they meet and both win some
// however unevenly the machine shares its cores between them.
const count = Number(process.env.OCCURRENCES);
const order = Array.from({ length: count }, (_, i) => (process.env.ORDER === 'down' ? count - 1 - i : i));
for (const i of order)
  if (await runOccurrence(db, logger, counting, new Date(Date.UTC(2026, 2, 16, 0, i)).toISOString())) won.push(i);
won.sort((x, y) => x - y);
const ranReminders = await runOccurrence(db, logger, reminders, '2026-03-16T06:00:00.000Z');
await db.destroy();
console.log(JSON.stringify({ won, runs, ranReminders }));
