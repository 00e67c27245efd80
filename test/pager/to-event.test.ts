import { describe, expect, it } from 'vitest';
import type { PageRequest } from '../../src/core/ports.js';
import { routingKeyFor, toEvent, type EventRouting } from '../../src/pager/to-event.js';
import { parseRetryAfter } from '../../src/pager/upstream-error.js';

const routing: EventRouting = { routingKey: 'R-DEFAULT', services: { checkout: 'R-CHECKOUT' }, severities: { SEV4: 'warning' } };
const request = (extra: Partial<PageRequest> = {}): PageRequest => ({
  incidentId: 'INC-7',
  title: 'Checkout down',
  severity: 'SEV1',
  summary: 'INC-7 Checkout down (SEV1)',
  link: 'https://firebreak.example/incidents/INC-7',
  ...extra,
});

describe('Events v2 events', () => {
  it('maps SEV1–SEV4 to critical, error, warning, info; the policy overrides', () => {
    const severities = ['SEV1', 'SEV2', 'SEV3', 'SEV4', null].map((severity) => (toEvent(request({ severity }), 'R', { ...routing, severities: {} }, 'fb').payload as { severity: string }).severity);
    expect(severities).toEqual(['critical', 'error', 'warning', 'info', 'error']);
    expect((toEvent(request({ severity: 'SEV4' }), 'R', routing, 'fb').payload as { severity: string }).severity).toBe('warning');
  });

  it('caps the summary at 1024 characters and the dedup key at 255', () => {
    const event = toEvent(request({ summary: 'y'.repeat(5000), incidentId: `INC-${'9'.repeat(300)}` }), 'R', routing, 'fb');
    expect((event.payload as { summary: string }).summary).toHaveLength(1024);
    expect(String(event.dedup_key)).toHaveLength(255);
  });

  it('acknowledge and resolve carry only the key', () => {
    expect(toEvent(request({ action: 'resolve' }), 'R', routing, 'fb')).toEqual({ routing_key: 'R', event_action: 'resolve', dedup_key: 'INC-7' });
  });

  it('routes per service, else to the default key', () => {
    expect(routingKeyFor(request({ target: 'checkout' }), routing)).toBe('R-CHECKOUT');
    expect(routingKeyFor(request({ target: 'payments' }), routing)).toBe('R-DEFAULT');
    expect(routingKeyFor(request(), { ...routing, routingKey: undefined })).toBeUndefined();
  });

  it('reads Retry-After in seconds or as a date', () => {
    expect(parseRetryAfter('30')).toBe(30_000);
    expect(parseRetryAfter(new Date(Date.UTC(2026, 0, 1, 0, 1)).toUTCString(), Date.UTC(2026, 0, 1))).toBe(60_000);
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
