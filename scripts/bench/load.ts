import autocannon from 'autocannon';
import { cpuMsOf } from './processes.ts';

/** The server's processes: one pid, or a function giving them (a cluster's primary and workers). */
export type Pids = number | (() => number[]);
const cpuMsOfAll = (pids: Pids) =>
  (typeof pids === 'number' ? [pids] : pids()).reduce((sum, pid) => sum + cpuMsOf(pid), 0);

// autocannon generates the load; latencies are collected here from its 'response' events,
// because its own histogram keeps whole milliseconds, too coarse for pages answered in 2–5 ms.
// A measurement is made of several short samples so that the app and its ceiling can take
// turns (noise on a shared machine then hits both alike); the samples are pooled afterwards.

export interface Sample {
  times: Float64Array;
  statuses: Record<string, number>;
  bytes: number;
  seconds: number;
  errors: number;
  /** CPU time (user + system) the server process spent during the sample. */
  serverCpuMs: number;
}

export interface LoadResult {
  /** Completed requests per second over the measured time. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Responses without the expected status, plus connection errors and timeouts. */
  failures: number;
  statuses: Record<string, number>;
  bytesPerResponse: number;
  seconds: number;
  /** Server CPU time per request: robust against other load on the machine, unlike req/s. */
  cpuMsPerRequest: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

async function sample(opts: autocannon.Options, pid: Pids): Promise<Sample> {
  let times = new Float64Array(1 << 14);
  let n = 0;
  let bytes = 0;
  const statuses: Record<string, number> = {};
  const cpuBefore = cpuMsOfAll(pid);
  let instance!: autocannon.Instance;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
  });
  instance.on('response', (_client: unknown, status: number, resBytes: number, ms: number) => {
    if (n === times.length) {
      const bigger = new Float64Array(times.length * 2);
      bigger.set(times);
      times = bigger;
    }
    times[n++] = ms;
    bytes += resBytes;
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const result = await finished;
  return {
    times: times.slice(0, n),
    statuses,
    bytes,
    seconds: result.duration,
    errors: result.errors + result.timeouts,
    serverCpuMs: cpuMsOfAll(pid) - cpuBefore,
  };
}

export function summarize(samples: Sample[], expectStatus: number): LoadResult {
  const n = samples.reduce((s, x) => s + x.times.length, 0);
  const all = new Float64Array(n);
  let at = 0;
  const statuses: Record<string, number> = {};
  for (const s of samples) {
    all.set(s.times, at);
    at += s.times.length;
    for (const [k, v] of Object.entries(s.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  }
  all.sort();
  const seconds = samples.reduce((s, x) => s + x.seconds, 0);
  return {
    rps: n / seconds,
    p50Ms: percentile(all, 50),
    p99Ms: percentile(all, 99),
    requests: n,
    failures: n - (statuses[expectStatus] ?? 0) + samples.reduce((s, x) => s + x.errors, 0),
    statuses,
    bytesPerResponse: n ? samples.reduce((s, x) => s + x.bytes, 0) / n : 0,
    seconds,
    cpuMsPerRequest: n ? samples.reduce((s, x) => s + x.serverCpuMs, 0) / n : NaN,
  };
}

/** How long a sample lasts: a time, or a number of responses for pages too slow to time-box. */
export type Limit = { seconds: number } | { amount: number };

const limitOptions = (l: Limit): Partial<autocannon.Options> =>
  'seconds' in l ? { duration: l.seconds } : { amount: l.amount };

export interface Target {
  /** Measures one sample against this server. */
  sample(limit: Limit): Promise<Sample>;
  /** Brings client-side state back in line with the server between samples. */
  resync?(): Promise<void>;
}

/**
 * Load on each target in turn, `seconds` in all (two passes over them), before anything is measured:
 * a server just started runs slower for its first ≈ 20–40 s under load (V8 optimises the hot code, the
 * heap grows to its working size; the eleventh round's matter page went from 720 to 1 010 req/s over
 * 40 s), so whichever row came first carried its warm-up. Production servers run warm.
 */
export async function warmUp(targets: Target[], seconds: number): Promise<void> {
  for (let pass = 0; pass < 2; pass++)
    for (const t of targets) await t.sample({ seconds: seconds / 2 / targets.length });
}

export function getTarget(url: string, headers: Record<string, string>, connections: number, pid: Pids): Target {
  return {
    sample: (limit) => sample({ url, connections, pipelining: 1, headers, timeout: 60, ...limitOptions(limit) }, pid),
  };
}

export interface PostTarget {
  actionId: number;
  version: number;
}

/**
 * Status updates as a browser sends them: form-encoded, with the session's CSRF token (csrf-sync
 * keeps one synchronizer token per session) and the version the form was rendered with. Each
 * request leases an action from the pool and returns it with the version increased once the
 * update is accepted (303), so no two concurrent requests race for one action and every request
 * carries the current version. autocannon builds one request per connection before connecting
 * and never sends it, and a sample can end with requests in flight; so the pool is refilled and
 * the versions re-read (`resync`) between samples, and a 409 page's version is taken over.
 */
export function statusUpdateTarget(
  base: string,
  session: { cookie: string; csrf: string },
  pool: PostTarget[],
  connections: number,
  pid: Pids,
  readVersions?: (ids: number[]) => Promise<number[]>,
): Target {
  if (pool.length < connections * 3) throw new Error('the pool needs at least three actions per connection');
  let free: PostTarget[] = [];
  let sent = 0;
  const requests: autocannon.Request[] = [
    {
      method: 'POST',
      setupRequest: (req: autocannon.Request, context: { target?: PostTarget }) => {
        const target = free.shift();
        if (!target) throw new Error('the pool of actions ran dry');
        context.target = target;
        sent += 1;
        const body = statusUpdateForm(
          target,
          `Lägesrapport ${sent} från belastningstestet: arbetet fortgår enligt plan.`,
          session.csrf,
        );
        return {
          ...req,
          method: 'POST',
          path: statusUpdatePath(target),
          headers: { cookie: session.cookie, 'content-type': FORM },
          body,
        };
      },
      onResponse: (status: number, body: string, context: { target?: PostTarget }) => {
        const target = context.target!;
        followVersion(target, status, body);
        free.push(target);
      },
    },
  ];
  return {
    sample: (limit) => {
      free = [...pool];
      return sample({ url: base, connections, pipelining: 1, requests, timeout: 60, ...limitOptions(limit) }, pid);
    },
    resync: async () => {
      if (!readVersions) return;
      const versions = await readVersions(pool.map((t) => t.actionId));
      pool.forEach((t, i) => (t.version = versions[i]));
    },
  };
}

/**
 * Warms both servers up, then takes `rounds` samples from each in turn (ceiling first),
 * so that whatever else the machine is doing falls on both sides alike. A side that answers
 * fewer than three requests per connection during its warm-up is sampled by count instead
 * (two responses per connection a round), so a very slow page still gets a latency.
 */
export async function alternate(
  app: Target,
  ceiling: Target,
  o: { seconds: number; warmupSeconds: number; rounds: number; connections: number; expectStatus: number },
): Promise<{ app: LoadResult; ceiling: LoadResult }> {
  const each: Limit = { seconds: o.seconds / o.rounds };
  const limits: { app: Limit; ceiling: Limit } = { app: each, ceiling: each };
  if (o.warmupSeconds > 0) {
    const slow = (s: Sample): Limit => (s.times.length < 3 * o.connections ? { amount: 2 * o.connections } : each);
    limits.ceiling = slow(await ceiling.sample({ seconds: o.warmupSeconds }));
    limits.app = slow(await app.sample({ seconds: o.warmupSeconds }));
  }
  const samples = { app: [] as Sample[], ceiling: [] as Sample[] };
  for (let r = 0; r < o.rounds; r++) {
    await ceiling.resync?.();
    samples.ceiling.push(await ceiling.sample(limits.ceiling));
    await app.resync?.();
    samples.app.push(await app.sample(limits.app));
  }
  return { app: summarize(samples.app, o.expectStatus), ceiling: summarize(samples.ceiling, o.expectStatus) };
}

/**
 * The same target, measured while the data changes: one status update every `intervalMs` on
 * actions of `pool` (in turn), sent beside the load, so that whatever the app remembers until
 * the data changes is read afresh as often as a busy installation would make it. The updates'
 * own CPU (≈ 1–2 ms each) is a fraction of a percent of the sample's, and is counted in it.
 */
export function whileWriting(
  inner: Target,
  base: string,
  session: { cookie: string; csrf: string },
  pool: PostTarget[],
  intervalMs: number,
): Target & { writes(): number } {
  let writes = 0;
  let next = 0;
  return {
    writes: () => writes,
    resync: inner.resync,
    sample: async (limit) => {
      const sent: Promise<number>[] = [];
      const timer = setInterval(() => {
        // Caught at once (an update that fails is reported after the sample, not as an unhandled rejection).
        const update = sendStatusUpdate(
          base,
          session,
          pool[next++ % pool.length],
          `Lägesrapport under läsningar ${writes + sent.length + 1}.`,
        );
        update.catch(() => undefined);
        sent.push(update);
      }, intervalMs);
      try {
        return await inner.sample(limit);
      } finally {
        clearInterval(timer);
        for (const status of await Promise.all(sent)) if (status === 303) writes += 1;
      }
    },
  };
}

const FORM = 'application/x-www-form-urlencoded';
const statusUpdatePath = (target: PostTarget) => `/atgarder/${target.actionId}/statusuppdateringar`;

/** A status update's form as a browser sends it: the session's CSRF token and the version the form was rendered with. */
function statusUpdateForm(target: PostTarget, comment: string, csrf: string): string {
  return new URLSearchParams({
    status: 'in_progress',
    comment,
    version: String(target.version),
    _csrf: csrf,
  }).toString();
}

/** Keeps the target's version in step with the server's: one more after an accepted update, the 409 page's after a refused one. */
function followVersion(target: PostTarget, status: number, body: string): void {
  if (status === 303) target.version += 1;
  const current = status === 409 ? /name="version" value="(\d+)"/.exec(body) : null;
  if (current) target.version = Number(current[1]);
}

/** One status update, sent at once; resolves to its HTTP status (303 or 409), and fails on any other. */
export async function sendStatusUpdate(
  base: string,
  session: { cookie: string; csrf: string },
  target: PostTarget,
  comment: string,
): Promise<number> {
  const res = await fetch(`${base}${statusUpdatePath(target)}`, {
    method: 'POST',
    body: statusUpdateForm(target, comment, session.csrf),
    redirect: 'manual',
    headers: { cookie: session.cookie, 'content-type': FORM },
  });
  followVersion(target, res.status, await res.text());
  if (res.status !== 303 && res.status !== 409)
    throw new Error(`status update on action ${target.actionId}: HTTP ${res.status}`);
  return res.status;
}
