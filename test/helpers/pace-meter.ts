import type { PaceMeter } from '../../src/shared/pace.ts';

/** A job's time made by hand: `work` is CPU used (and time passed) between two calls of the pace. */
export function aMeter() {
  let elapsed = 1000;
  let cpu = 500;
  const waits: number[] = [];
  const meter: PaceMeter = {
    elapsedMs: () => elapsed,
    cpuMs: () => cpu,
    sleep: async (ms) => {
      waits.push(ms);
      elapsed += ms;
    },
  };
  return {
    meter,
    waits,
    work(cpuMs: number, tookMs = cpuMs) {
      cpu += cpuMs;
      elapsed += tookMs;
    },
    /** The share of one core used since the meter was made. */
    share: () => (cpu - 500) / (elapsed - 1000),
  };
}
