import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

export const ROOT = new URL('../../', import.meta.url).pathname;

export interface Server {
  child: ChildProcess;
  pid: number;
  port: number;
  base: string;
  /** The first stdout line that made the server count as ready. */
  readyLine: string;
  stop(): Promise<void>;
}

// Servers still running when the benchmark exits (normally or by an error) are stopped with it.
const running = new Set<ChildProcess>();
process.once('exit', () => running.forEach((c) => c.kill('SIGKILL')));
process.once('SIGINT', () => process.exit(130));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts the script on 127.0.0.1 (`node <script>` for built JavaScript, `node --import tsx
 * <script>` for TypeScript) and waits until a stdout line matches `ready`. The pid is node's
 * own (tsx loads in-process), so /proc/<pid>/status describes the server.
 */
export async function startServer(
  script: string,
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs = 120_000,
): Promise<Server> {
  const port = await freePort();
  const built = script.endsWith('.js');
  const child = spawn(process.execPath, built ? [...startFlags(), script] : ['--import', 'tsx', script], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...(built ? startEnv() : {}),
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      // One server process unless the caller asks for more (WORKERS defaults to the cores).
      WORKERS: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
  });
  const readyLine = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(
      () => reject(new Error(`${script} did not start within ${timeoutMs} ms\n${stderr}`)),
      timeoutMs,
    );
    child.stdout!.on('data', (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (ready.test(line)) {
          clearTimeout(timer);
          resolve(line);
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before it was ready\n${stderr}`));
    });
  });
  child.stdout!.resume();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    pid: child.pid!,
    port,
    base: `http://127.0.0.1:${port}`,
    readyLine,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface Memory {
  /** Resident set size now, in MB. */
  rssMb: number;
  /** The peak resident set size since the process started (VmHWM), in MB. */
  peakMb: number;
}

/** The processes the given one has started (the app's PDF process), from /proc/<pid>/task/<tid>/children. */
export function childPids(pid: number): number[] {
  return fs
    .readdirSync(`/proc/${pid}/task`)
    .flatMap((tid) =>
      fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
    );
}

export function memoryOf(pid: number): Memory {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** Runs a script to completion and returns its stdout (stderr passes through). */
export async function runScript(script: string, args: string[], env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${script} ${args.join(' ')} exited with ${code}`);
  return out;
}

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** CPU time (user + system) the process has used so far, in ms (resolution: one clock tick). */
export function cpuMsOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of /proc/<pid>/stat (utime, stime); the slice starts at field 3.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

function startScript(): string {
  return (JSON.parse(fs.readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts
    .start;
}

/** The node flags `npm start` runs dist/server.js with (package.json), so the benchmark runs it the same way. */
export function startFlags(): string[] {
  const start = startScript();
  const flags = /\bnode((?: --\S+)*) dist\/server\.js/.exec(start);
  if (!flags) throw new Error(`package.json "start" does not run node … dist/server.js: ${start}`);
  return flags[1].trim().split(' ').filter(Boolean);
}

/** The environment `npm start` sets before node (`NAME=value …`, e.g. MALLOC_ARENA_MAX), for the same reason. */
export function startEnv(): Record<string, string> {
  const prefix = /^((?:[A-Z_]+=\S+\s+)*)/.exec(startScript())![1];
  return Object.fromEntries([...prefix.matchAll(/([A-Z_]+)=(\S+)/g)].map((m) => [m[1], m[2]]));
}

/** Builds the app as `npm start` does (`npm run build`: dist/server.js), so it is measured as it runs. */
export function buildApp(): void {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}
