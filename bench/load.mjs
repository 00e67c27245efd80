// The load generator of the HTTP benchmarks, run as its own process (`node bench/load.mjs '<json>'`)
// so it never shares the event loop or the CPU accounting of the server it measures. Prints one
// JSON result on stdout.
//
//   {"kind":"intake","url":…,"mode":"new"|"resend","connections":50,"seconds":10}
//       autocannon posting Alertmanager webhooks (the shared fixture, ~1.3 KB): "new" gives every
//       request a group of its own, "resend" cycles through 100 groups (each sent once, unmeasured, first).
//   {"kind":"probe","base":…,"seconds":10,"intervalMs":20,"requests":[{name,method,path,headers,body,slackSecret?}]}
//       one request at a time on one kept-alive node:http connection, in turn, each timed on its own:
//       clicks while another load runs.
//       PROBE_SEQ in a body is replaced by the request's number; slackSecret signs it as Slack does.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import autocannon from 'autocannon';

const options = JSON.parse(process.argv[2] ?? '{}');
const FIXTURE = new URL('../../shared/fixtures/alertmanager/captured-firing.json', import.meta.url);

/** The fixture with its group key and fingerprints made unique by `id`. */
function alertmanagerBody(id) {
  const payload = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  payload.groupKey = `{}:{alertname="HighErrorRate", service="checkout", bench="${id}"}`;
  payload.groupLabels.bench = id;
  payload.alerts.forEach((alert, i) => {
    alert.fingerprint = `${id}-${i}`;
    alert.labels.bench = id;
  });
  return JSON.stringify(payload);
}

async function intake({ url, mode, connections, seconds }) {
  const headers = { 'content-type': 'application/json' };
  const requests =
    mode === 'new'
      ? [{ method: 'POST', headers, body: alertmanagerBody('[<id>]') }]
      : Array.from({ length: 100 }, (_, i) => ({ method: 'POST', headers, body: alertmanagerBody(`resend-${i}`) }));
  // Resends are of groups already told once: each group's first delivery goes before the clock starts.
  if (mode === 'resend') for (const r of requests) await (await fetch(url, r)).arrayBuffer();
  const result = await autocannon({ url, connections, duration: seconds, requests, idReplacement: mode === 'new' });
  const statuses = result.statusCodeStats ?? {};
  return {
    requests: result.requests.total,
    rps: result.requests.average,
    seconds: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    accepted: statuses['202']?.count ?? 0,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    bodyBytes: Buffer.byteLength(requests[0].body),
  };
}

function slackHeaders(secret, body) {
  const ts = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': ts, 'x-slack-signature': signature };
}

/** One request on the probe's one keep-alive connection; resolves with the status once the whole answer is read. */
function send(agent, url, { method, headers, body }) {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, agent, headers: { ...headers, 'content-length': Buffer.byteLength(body ?? '') } }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode));
      res.once('error', reject);
    });
    request.once('error', reject);
    request.end(body);
  });
}

async function probe({ base, seconds, intervalMs, requests }) {
  // node:http on one kept-alive connection, as a platform's client would hold it: the figure is the
  // bot's answer, with as little of the probe's own work in it as node allows.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const samples = Object.fromEntries(requests.map((r) => [r.name, { ms: [], statuses: {} }]));
  const deadline = performance.now() + seconds * 1000;
  for (let i = 0; performance.now() < deadline; i++) {
    const r = requests[i % requests.length];
    // PROBE_SEQ in a body becomes the request's number: every click its own delivery, never a retry.
    const body = r.body?.replaceAll('PROBE_SEQ', String(i));
    const headers = { ...r.headers, ...(r.slackSecret ? slackHeaders(r.slackSecret, body) : {}) };
    const t0 = performance.now();
    let status = 'error';
    try {
      status = String(await send(agent, base + r.path, { method: r.method ?? 'POST', headers, body }));
    } catch {
      // A refused or reset connection is a result here, counted under "error".
    }
    const s = samples[r.name];
    s.ms.push(performance.now() - t0);
    s.statuses[status] = (s.statuses[status] ?? 0) + 1;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  agent.destroy();
  const at = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? null;
  return Object.fromEntries(
    Object.entries(samples).map(([name, s]) => {
      const sorted = [...s.ms].sort((a, b) => a - b);
      return [name, { count: sorted.length, p50: at(sorted, 50), p99: at(sorted, 99), max: sorted.at(-1) ?? null, statuses: s.statuses }];
    }),
  );
}

const run = { intake, probe }[options.kind];
if (!run) {
  console.error(`bench/load.mjs: unknown kind ${JSON.stringify(options.kind)}`);
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(await run(options))}\n`);
