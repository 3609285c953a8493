import cluster, { type Worker } from 'node:cluster';
import type { Logger } from './logger.ts';

/** How long to wait before starting a worker again, given how many died in the last minute (this one too). */
export function restartDelayMs(diedInLastMinute: number): number {
  return Math.min(60_000, 1000 * 2 ** Math.max(0, diedInLastMinute - 1));
}

export interface Workers {
  /** Resolves with the workers' pids once all of them listen. */
  listening: Promise<number[]>;
  /** Stops every worker (SIGTERM: each finishes its requests and closes its database), then resolves. */
  stop(): Promise<void>;
}

/**
 * The primary's side of WORKERS: forks `count` workers (each runs src/server.ts again and serves the
 * shared port), starts one again when it dies, later each time it keeps dying, and stops them all.
 */
export function superviseWorkers(count: number, logger: Logger): Workers {
  let stopping = false;
  const deaths: number[] = [];
  const listeningPids = new Set<number>();
  let allListening!: (pids: number[]) => void;
  const listening = new Promise<number[]>((resolve) => (allListening = resolve));
  let restarts: NodeJS.Timeout[] = [];

  const fork = () => {
    const worker = cluster.fork();
    worker.once('listening', () => {
      listeningPids.add(worker.process.pid!);
      if (listeningPids.size === count) allListening([...listeningPids]);
    });
  };

  cluster.on('exit', (worker: Worker, code: number | null, signal: string | null) => {
    listeningPids.delete(worker.process.pid!);
    if (stopping) return;
    const now = Date.now();
    deaths.push(now);
    while (deaths[0] < now - 60_000) deaths.shift();
    const delay = restartDelayMs(deaths.length);
    logger.error(
      { worker: worker.process.pid, code, signal, restartInMs: delay },
      'en arbetsprocess avslutades oväntat; en ny startas',
    );
    const timer = setTimeout(() => {
      restarts = restarts.filter((t) => t !== timer);
      if (!stopping) fork();
    }, delay);
    restarts.push(timer);
  });

  for (let i = 0; i < count; i++) fork();

  return {
    listening,
    async stop() {
      stopping = true;
      restarts.forEach(clearTimeout);
      const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve) => {
              w.once('exit', () => resolve());
              w.process.kill('SIGTERM');
              // A worker stuck on a request is not waited for forever.
              setTimeout(() => w.process.kill('SIGKILL'), 8000).unref();
            }),
        ),
      );
    },
  };
}
