/**
 * Intake benchmark (`npm run bench:intake`): alert webhooks over real HTTP on loopback, bounded in
 * count and time. Two loads: every request a new alert group (a new incident and thread each), and
 * resends of firing groups (what Alertmanager does every group_interval). Markdown table on stdout.
 */
import { SystemClock } from '../src/clock/system-clock.js';
import { createBenchApp, createBenchDir, percentile } from './bench-app.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const MAX_REQUESTS = 50_000;

const work = createBenchDir();
const app = await createBenchApp(work.dir, new SystemClock());
const url = await app.listen();

interface Result {
  requests: number;
  failures: number;
  seconds: number;
  latencies: number[];
}

async function load(body: (i: number) => string): Promise<Result> {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  const worker = async () => {
    while (performance.now() < deadline && next < MAX_REQUESTS) {
      const i = next++;
      const t0 = performance.now();
      const res = await fetch(`${url}/webhooks/generic`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(i) });
      await res.arrayBuffer();
      if (res.status !== 202) failures++;
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  return { requests: latencies.length, failures, seconds: (performance.now() - started) / 1000, latencies };
}

const alert = (key: string) => JSON.stringify({ title: `Load ${key}`, dedupKey: key, severity: 'warning', labels: { service: 'bench', key } });
const fresh = await load((i) => alert(`new-${i}`));
await app.scheduler.tick();
const resend = await load((i) => alert(`new-${i % 100}`));

const row = (name: string, r: Result) => (r.latencies.sort((a, b) => a - b), 0) ||
  `| ${name} | ${Math.round(r.requests / r.seconds).toLocaleString('en-US')} | ${percentile(r.latencies, 50).toFixed(1)} | ${percentile(r.latencies, 99).toFixed(1)} | ${r.requests.toLocaleString('en-US')} | ${r.failures} |`;
console.log(`\n${CONNECTIONS} connections, ${SECONDS} s each, SQLite file (WAL, synchronous=FULL)\n`);
console.log('| load | requests/s | p50 ms | p99 ms | requests | non-202 |');
console.log('|---|---|---|---|---|---|');
console.log(row('every request a new incident', fresh));
console.log(row('resends of 100 firing alerts', resend));
console.log(`\nNode ${process.version}, ${process.platform}/${process.arch}`);

await app.stop();
work.remove();
