// Checks the import rules of .dependency-cruiser.cjs (npm run check:deps, part of npm test).
// A parser dependency-cruiser cannot load makes it read no module and report no violation, so a
// cruise that read next to nothing fails too.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const MIN_MODULES = 50;
const ROOT = path.resolve(import.meta.dirname, '..');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
  cycle?: { name: string }[];
}

const json = execFileSync(
  path.join(ROOT, 'node_modules/.bin/depcruise'),
  ['src', 'db', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'],
  { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
).toString();
const { summary } = JSON.parse(json) as { summary: { totalCruised: number; violations: Violation[] } };

for (const v of summary.violations) {
  const through = v.cycle?.length ? ` (${[v.from, ...v.cycle.map((c) => c.name)].join(' → ')})` : '';
  console.error(`${v.rule.name}: ${v.from} → ${v.to}${through}`);
}
if (summary.totalCruised < MIN_MODULES) {
  console.error(`Only ${summary.totalCruised} modules were read: is the parser (@swc/core) installed?`);
}
if (summary.violations.length > 0 || summary.totalCruised < MIN_MODULES) process.exit(1);
console.log(`Import rules kept (${summary.totalCruised} modules, .dependency-cruiser.cjs).`);
