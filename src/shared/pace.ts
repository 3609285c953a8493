/**
 * Called by a long job between pieces of its work: it may wait there, so that the pages served
 * beside the job (in the same process or another) keep their share of the machine.
 */
export type Pace = () => Promise<void>;

/** The job's own measure of time, and its way of waiting: injected, so a test decides both. */
export interface PaceMeter {
  /** A monotonic clock, in ms. */
  elapsedMs(): number;
  /** The CPU time this process has used, in ms. */
  cpuMs(): number;
  sleep(ms: number): Promise<void>;
}

export const processMeter: PaceMeter = {
  elapsedMs: () => performance.now(),
  cpuMs: () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  },
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Never waits; only gives way to what is already waiting (requests, when the job runs in the server). */
export const flatOut: Pace = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Waits whenever the process has used more than `share` of one core since the last wait, just long
 * enough to bring it back to `share`: a job that uses 40 ms of CPU at 0.25 then waits 160 ms less the
 * time the work took. CPU time rather than elapsed time, so a job that is already kept waiting by a
 * busy machine is not slowed twice. Pieces shorter than `quantumMs` of CPU are gathered before a
 * wait, so that the waits are not too short for timers.
 */
export function pacedTo(share: number, meter: PaceMeter = processMeter, quantumMs = 20): Pace {
  if (!(share > 0 && share <= 1)) throw new RangeError(`A pace is a share of one core, 0 < share ≤ 1: ${share}`);
  if (share === 1) return flatOut;
  let since = meter.elapsedMs();
  let cpuSince = meter.cpuMs();
  return async () => {
    const used = meter.cpuMs() - cpuSince;
    if (used < quantumMs) return;
    const wait = Math.round(used / share - (meter.elapsedMs() - since));
    if (wait > 0) await meter.sleep(wait);
    since = meter.elapsedMs();
    cpuSince = meter.cpuMs();
  };
}
