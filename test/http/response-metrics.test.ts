/**
 * A scripted week of incidents with known acknowledge and resolve times: the histograms on
 * /metrics, `/incident stats` and the console's metrics page all tell the same story.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, ctx, type TestApp } from '../fakes/test-app.js';

const MIN = 60_000;
/** [severity, declared at, ack after (min), resolved after (min)]: the last two optional. */
const WEEK: [string, string, number | null, number | null][] = [
  ['SEV3', '2026-02-17T09:00:00Z', 5, 60], // three weeks back: in 30d only
  ['SEV1', '2026-03-02T10:00:00Z', 2, 45],
  ['SEV2', '2026-03-04T09:00:00Z', 4, 30],
  ['SEV1', '2026-03-04T14:00:00Z', 10, 180],
  ['SEV2', '2026-03-06T20:00:00Z', 20, 90],
  ['SEV3', '2026-03-07T08:00:00Z', 60, null],
  ['SEV4', '2026-03-08T12:00:00Z', null, null],
];
const NOW = '2026-03-09T00:00:00Z';

let app: TestApp | undefined;
let dir: string | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function scriptWeek(a: TestApp): Promise<void> {
  // Declared, acknowledged and resolved in time order, as they would have happened.
  const steps = WEEK.flatMap(([severity, at, ack, resolve], n) => {
    const id = `INC-${n + 1}`;
    const t = Date.parse(at);
    return [
      { at: t, run: () => a.server.inject({ method: 'POST', url: '/api/incidents', remoteAddress: '127.0.0.1', payload: { title: `Incident ${n + 1}`, severity } }) },
      ...(ack === null ? [] : [{ at: t + ack * MIN, run: () => a.interactions.command('ack', ctx('Alice', id)) }]),
      ...(resolve === null ? [] : [{ at: t + resolve * MIN, run: () => a.interactions.command('resolve fixed', ctx('Alice', id)) }]),
    ];
  }).sort((x, y) => x.at - y.at);
  for (const step of steps) {
    a.clock.set(step.at);
    await step.run();
  }
  a.clock.set(Date.parse(NOW));
}

async function scrape(a: TestApp): Promise<string> {
  return (await a.server.inject({ url: '/metrics', remoteAddress: '127.0.0.1' })).body;
}

function series(text: string, name: string): string[] {
  return text.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
}

describe('response metrics after a scripted week', () => {
  it('exports time-to-acknowledge and time-to-resolve histograms by severity, in minute-to-day buckets', async () => {
    dir = mkdtempSync(join(tmpdir(), 'firebreak-metrics-'));
    app = await createTestApp({ dir, start: '2026-02-17T08:00:00Z' });
    await scriptWeek(app);
    const text = await scrape(app);

    expect(text).toContain('# TYPE firebreak_time_to_acknowledge_seconds histogram');
    expect(text).toContain('# TYPE firebreak_time_to_resolve_seconds histogram');
    const ack = series(text, 'firebreak_time_to_acknowledge_seconds_bucket');
    expect(ack.filter((l) => l.includes('severity="SEV1"'))).toEqual([
      'firebreak_time_to_acknowledge_seconds_bucket{le="60",severity="SEV1"} 0',
      'firebreak_time_to_acknowledge_seconds_bucket{le="300",severity="SEV1"} 1',
      'firebreak_time_to_acknowledge_seconds_bucket{le="600",severity="SEV1"} 2',
      'firebreak_time_to_acknowledge_seconds_bucket{le="900",severity="SEV1"} 2',
      'firebreak_time_to_acknowledge_seconds_bucket{le="1800",severity="SEV1"} 2',
      'firebreak_time_to_acknowledge_seconds_bucket{le="3600",severity="SEV1"} 2',
      'firebreak_time_to_acknowledge_seconds_bucket{le="7200",severity="SEV1"} 2',
      'firebreak_time_to_acknowledge_seconds_bucket{le="14400",severity="SEV1"} 2',
      'firebreak_time_to_acknowledge_seconds_bucket{le="28800",severity="SEV1"} 2',
      'firebreak_time_to_acknowledge_seconds_bucket{le="86400",severity="SEV1"} 2',
      'firebreak_time_to_acknowledge_seconds_bucket{le="+Inf",severity="SEV1"} 2',
    ]);
    expect(text).toContain('firebreak_time_to_acknowledge_seconds_sum{severity="SEV1"} 720');
    expect(text).toContain('firebreak_time_to_acknowledge_seconds_count{severity="SEV1"} 2');
    expect(text).toContain('firebreak_time_to_acknowledge_seconds_bucket{le="900",severity="SEV2"} 1');
    expect(text).toContain('firebreak_time_to_acknowledge_seconds_bucket{le="1800",severity="SEV2"} 2');
    expect(text).toContain('firebreak_time_to_acknowledge_seconds_sum{severity="SEV2"} 1440');
    expect(text).toContain('firebreak_time_to_acknowledge_seconds_bucket{le="300",severity="SEV3"} 1');
    expect(text).toContain('firebreak_time_to_acknowledge_seconds_bucket{le="1800",severity="SEV3"} 1');
    expect(text).toContain('firebreak_time_to_acknowledge_seconds_bucket{le="3600",severity="SEV3"} 2');
    // never acknowledged: no observation at all
    expect(text).not.toContain('firebreak_time_to_acknowledge_seconds_count{severity="SEV4"}');

    expect(text).toContain('firebreak_time_to_resolve_seconds_bucket{le="1800",severity="SEV1"} 0');
    expect(text).toContain('firebreak_time_to_resolve_seconds_bucket{le="3600",severity="SEV1"} 1');
    expect(text).toContain('firebreak_time_to_resolve_seconds_bucket{le="7200",severity="SEV1"} 1');
    expect(text).toContain('firebreak_time_to_resolve_seconds_bucket{le="14400",severity="SEV1"} 2');
    expect(text).toContain('firebreak_time_to_resolve_seconds_sum{severity="SEV1"} 13500');
    expect(text).toContain('firebreak_time_to_resolve_seconds_bucket{le="1800",severity="SEV2"} 1');
    expect(text).toContain('firebreak_time_to_resolve_seconds_bucket{le="7200",severity="SEV2"} 2');
    expect(text).toContain('firebreak_time_to_resolve_seconds_count{severity="SEV3"} 1');
    expect(text).not.toContain('firebreak_time_to_resolve_seconds_count{severity="SEV4"}');

    // A second scrape, and a restart on the same database, count each incident once.
    const histograms = (t: string) => t.split('\n').filter((l) => l.startsWith('firebreak_time_to_')).join('\n');
    const before = histograms(text);
    expect(histograms(await scrape(app))).toBe(before);
    await app.close();
    app = await createTestApp({ dir, start: NOW });
    expect(histograms(await scrape(app))).toBe(before);
    expect(histograms(await scrape(app))).toBe(before);
  });

  it('answers /incident stats with counts, MTTA and MTTR per severity for 7 and 30 days', async () => {
    app = await createTestApp({ start: '2026-02-17T08:00:00Z' });
    await scriptWeek(app);
    const week = (await app.interactions.command('stats 7d', ctx('Alice'))).message!.text;
    expect(week).toContain('6 incidents in the last 7 days');
    expect(week).toContain('SEV1 · 2 (0 open) · MTTA 6 min · MTTR 1 h 53 min');
    expect(week).toContain('SEV2 · 2 (0 open) · MTTA 12 min · MTTR 1 h');
    expect(week).toContain('SEV3 · 1 (1 open) · MTTA 1 h · MTTR —');
    expect(week).toContain('SEV4 · 1 (1 open) · MTTA — · MTTR —');
    const month = (await app.interactions.command('stats 30d', ctx('Alice'))).message!.text;
    expect(month).toContain('7 incidents in the last 30 days');
    expect(month).toContain('SEV3 · 2 (1 open) · MTTA 33 min · MTTR 1 h');
  });

  it('draws the metrics page: incidents per day by severity and MTTA/MTTR per severity, with no external asset', async () => {
    app = await createTestApp({ start: '2026-02-17T08:00:00Z' });
    await scriptWeek(app);
    const res = await app.server.inject({ url: '/console/metrics', remoteAddress: '127.0.0.1' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    const html = res.body;
    expect(html).toContain('6 incidents declared in the last 7 days.');
    expect(html).toContain('<svg role="img" aria-label="Incidents per day by severity"');
    expect(html.match(/<title>03-04: 1 SEV1<\/title>/g)).toHaveLength(1);
    expect(html.match(/<title>03-04: 1 SEV2<\/title>/g)).toHaveLength(1);
    expect(html).toContain('<title>03-02: 1 SEV1</title>');
    expect(html).toContain('<title>03-08: 1 SEV4</title>');
    expect(html).not.toContain('02-17');
    expect(html).toContain('<title>SEV1 MTTA 6 min</title>');
    expect(html).toContain('<title>SEV1 MTTR 1 h 53 min</title>');
    expect(html).toContain('<tr><th scope="row">SEV1</th><td class="num">2</td><td class="num">0</td><td class="num">6 min</td><td class="num">1 h 53 min</td></tr>');
    expect(html).toContain('<tr><th scope="row">SEV3</th><td class="num">1</td><td class="num">1</td><td class="num">1 h</td><td class="num">—</td></tr>');
    // served by the bot: no script, no stylesheet or image from anywhere else
    expect(html).not.toMatch(/<script|<link rel="stylesheet"|src="https?:|href="https?:\/\/(?!127)/);
    expect(html).toContain('href="/console/metrics"');

    const month = (await app.server.inject({ url: '/console/metrics?window=30d', remoteAddress: '127.0.0.1' })).body;
    expect(month).toContain('7 incidents declared in the last 30 days.');
    expect(month).toContain('<title>02-17: 1 SEV3</title>');
    expect(month).toContain('<tr><th scope="row">SEV3</th><td class="num">2</td><td class="num">1</td><td class="num">33 min</td><td class="num">1 h</td></tr>');
  });

  it('is linked from the console navigation and closed to remote clients without the token', async () => {
    app = await createTestApp({ env: { FIREBREAK_CONSOLE_TOKEN: 'secret-token-123456' } });
    const page = await app.server.inject({ url: '/', remoteAddress: '127.0.0.1' });
    expect(page.body).toContain('href="/console/metrics"');
    expect(page.body).toContain('href="/console/follow-ups"');
    const remote = await app.server.inject({ url: '/console/metrics', remoteAddress: '203.0.113.9', headers: { host: '127.0.0.1' } });
    expect([401, 302, 403]).toContain(remote.statusCode);
  });
});
