/**
 * Intake benchmark (`npm run bench:intake`): alert webhooks over real HTTP on loopback, from a load
 * generator in its own thread, bounded in count and time. Two loads: every request a new alert
 * (a new incident and thread each), and resends of 100 firing alerts (what Alertmanager does every
 * group_interval). The scheduler runs meanwhile, delivering threads to the console as in production.
 */
import { Worker } from 'node:worker_threads';
import { SystemClock } from '../src/clock/system-clock.js';
import { createBenchApp, createBenchDir } from './bench-app.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

interface Result {
  requests: number;
  failures: number;
  seconds: number;
  p50: number;
  p99: number;
}

const work = createBenchDir();
const app = await createBenchApp(work.dir, new SystemClock());
const url = await app.listen();
app.scheduler.start();

function load(mode: 'new' | 'resend'): Promise<Result> {
  const worker = new Worker(new URL('./intake-load.mjs', import.meta.url), {
    workerData: { url: `${url}/webhooks/generic`, mode, connections: CONNECTIONS, seconds: SECONDS, maxRequests: 100_000 },
  });
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

const fresh = await load('new');
const resend = await load('resend');
const incidents = (await app.store.countIncidents()).declared;

const row = (name: string, r: Result) =>
  `| ${name} | ${Math.round(r.requests / r.seconds).toLocaleString('en-US')} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.requests.toLocaleString('en-US')} | ${r.failures} |`;
console.log(`\n${CONNECTIONS} connections, ${SECONDS} s per load, SQLite file (WAL, synchronous=FULL), scheduler delivering to the console\n`);
console.log('| load | requests/s | p50 ms | p99 ms | requests | non-202 |');
console.log('|---|---|---|---|---|---|');
console.log(row('every request a new incident', fresh));
console.log(row('resends of 100 firing alerts', resend));
console.log(`\n${incidents.toLocaleString('en-US')} incidents stored. Node ${process.version}, ${process.platform}/${process.arch}`);

await app.stop();
work.remove();
