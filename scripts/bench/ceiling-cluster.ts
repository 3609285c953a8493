import cluster from 'node:cluster';

// The page ceiling (scripts/bench/ceiling-server.ts) as a node cluster of BENCH_PROCESSES processes
// sharing its port, as WORKERS runs the app: the ceiling's own gain from a second process.
// Same input; one JSON line on stdout once every process is ready.

const processes = Number(process.env.BENCH_PROCESSES ?? 2);
cluster.setupPrimary({ exec: new URL('./ceiling-server.ts', import.meta.url).pathname });
let ready = 0;
for (let i = 0; i < processes; i++)
  cluster.fork().on('message', (m: { ready?: boolean }) => {
    if (m.ready && ++ready === processes) console.log(JSON.stringify(m));
  });
process.once('SIGTERM', () => {
  cluster.on('exit', () => {
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
  });
  for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
});
