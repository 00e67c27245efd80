// The load generator of bench/intake.ts, in its own thread so it does not share the server's event loop.
import { parentPort, workerData } from 'node:worker_threads';

const { url, mode, connections, seconds, maxRequests } = workerData;
const latencies = [];
let next = 0;
let failures = 0;
const started = performance.now();
const deadline = started + seconds * 1000;

const body = (i) => {
  const key = mode === 'new' ? `new-${i}` : `resend-${i % 100}`;
  return JSON.stringify({ title: `Load ${key}`, dedupKey: key, severity: 'warning', labels: { service: 'bench', key } });
};

async function client() {
  while (performance.now() < deadline && next < maxRequests) {
    const i = next++;
    const t0 = performance.now();
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(i) });
      await res.arrayBuffer();
      if (res.status !== 202) failures++;
    } catch {
      failures++; // counted, not retried: a refused connection is a result here
    }
    latencies.push(performance.now() - t0);
  }
}

await Promise.all(Array.from({ length: connections }, client));
latencies.sort((a, b) => a - b);
const at = (p) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? NaN;
parentPort.postMessage({ requests: latencies.length, failures, seconds: (performance.now() - started) / 1000, p50: at(50), p99: at(99) });
