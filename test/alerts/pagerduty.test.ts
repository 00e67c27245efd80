import { describe, expect, it } from 'vitest';
import { pagerdutySource } from '../../src/alerts/pagerduty.js';
import { fixtureBytes, fixtureJson, intake, issuePaths, NO_SECRETS } from './helpers.js';

const parse = (body: Buffer | object) => pagerdutySource.parse(intake(body));
const vector = fixtureJson<Record<string, string>>('pagerduty/signature-test-vector.json');
const SECRET = vector['secret'] ?? '';
const body = fixtureBytes('pagerduty/signature-test-vector.body.json');
const signed = (signature: string | undefined, bytes = body) => intake(bytes, { 'x-pagerduty-signature': signature });

describe('pagerduty fixtures', () => {
  it.each([
    ['incident.triggered.derived.json', 'firing', 'triggered'],
    ['incident.acknowledged.derived.json', 'firing', 'acknowledged'],
    ['incident.priority_updated.vendor-doc.json', 'firing', 'triggered'],
    ['incident.resolved.derived.json', 'resolved', 'resolved'],
  ])('maps %s', (file, status, incidentStatus) => {
    const batch = parse(fixtureBytes(`pagerduty/${file}`));
    expect(batch.truncated).toBe(false);
    expect(batch.alerts).toHaveLength(1);
    const alert = batch.alerts[0];
    expect(alert).toMatchObject({
      source: 'pagerduty',
      groupKey: 'PGR0VU2',
      dedupKey: 'PGR0VU2',
      status,
      title: 'A little bump in the road',
      severityHint: 'P1',
      links: [{ label: 'PagerDuty', url: 'https://acme.pagerduty.com/incidents/PGR0VU2' }],
      startedAt: Date.parse('2020-04-09T15:16:27Z'),
    });
    expect(alert?.labels).toEqual({
      event_type: file.replace(/\.(derived|vendor-doc)\.json$/, ''),
      service: 'API Service',
      urgency: 'high',
      incident_status: incidentStatus,
    });
  });

  it('sets endedAt on resolution only', () => {
    expect(parse(fixtureBytes('pagerduty/incident.resolved.derived.json')).alerts[0]?.endedAt).toBe(
      Date.parse('2020-10-02T19:05:00.000Z'),
    );
    expect(parse(fixtureBytes('pagerduty/incident.triggered.derived.json')).alerts[0]?.endedAt).toBeUndefined();
  });

  it('takes an incident note as no change of alert state', () => {
    expect(parse(fixtureBytes('pagerduty/incident.annotated.derived.json'))).toMatchObject({ alerts: [], truncated: false });
  });

  it('accepts non-incident events with nothing to do', () => {
    expect(parse(fixtureBytes('pagerduty/service.updated.vendor-doc.json'))).toEqual({ alerts: [], truncated: false });
  });

  it('parses the signature vector body (urgency falls back when there is no priority)', () => {
    expect(parse(body).alerts[0]).toMatchObject({ groupKey: 'PGR0VU2', status: 'firing' });
    const json = JSON.parse(body.toString()) as { event: { data: Record<string, unknown> } };
    json.event.data['priority'] = null;
    expect(parse(json).alerts[0]?.severityHint).toBe('high');
  });

  it('turns only incident data into alerts; the other documented data types carry no alert state', () => {
    const types = fixtureJson<Record<string, Record<string, unknown>>>('pagerduty/event-data-types.vendor-doc.json');
    const expected: Record<string, string | undefined> = {
      incident: 'PGR0VU2',
      incident_conference_bridge: undefined,
      incident_field_values: undefined,
      incident_note: undefined,
      incident_role_assignment: undefined,
      incident_status_update: undefined,
      incident_responder: undefined,
      incident_task: undefined,
      incident_workflow_instance: undefined,
      incident_action_invocation: undefined,
      service: undefined,
      service_field_values: undefined,
    };
    expect(Object.keys(types).sort()).toEqual(Object.keys(expected).sort());
    for (const [type, data] of Object.entries(types)) {
      const eventType = type.startsWith('incident') ? `incident.${type}` : 'service.updated';
      const batch = parse({ event: { id: `E-${type}`, event_type: eventType, data } });
      expect(batch.alerts.map((a) => a.dedupKey), type).toEqual(expected[type] ? [expected[type]] : []);
    }
  });

  it('names failing fields', () => {
    const incident = fixtureJson<{ event: { data: Record<string, unknown> } }>('pagerduty/incident.triggered.derived.json');
    delete incident.event.data['id'];
    incident.event.data['title'] = 5;
    expect(issuePaths(() => parse(incident)).sort()).toEqual(['event.data.id', 'event.data.title']);
    expect(issuePaths(() => parse({ events: [] }))).toEqual(['event']);
    expect(issuePaths(() => parse({ event: { id: 'x', data: {} } }))).toEqual(['event.event_type']);
  });

  it('reads the delivery id', () => {
    expect(pagerdutySource.deliveryId?.(intake(body, { 'x-webhook-id': 'w-1' }))).toBe('w-1');
    expect(pagerdutySource.deliveryId?.(intake(body))).toBeUndefined();
  });
});

describe('pagerduty signatures', () => {
  const secrets = { ...NO_SECRETS, pagerdutyWebhookSecrets: [SECRET] };
  const valid = vector['header_valid'] ?? '';
  const mismatch = vector['header_mismatch'] ?? '';

  it('verifies the go-pagerduty vector', () => {
    expect(pagerdutySource.authenticate(signed(valid), secrets, false)).toEqual({ ok: true });
    expect(pagerdutySource.authenticate(signed(mismatch), secrets, true).ok).toBe(false);
  });

  it('refuses a tampered body, a wrong secret and a missing header', () => {
    const tampered = Buffer.from(body.toString().replace('"urgency":"high"', '"urgency":"low"'));
    expect(pagerdutySource.authenticate(signed(valid, tampered), secrets, true).ok).toBe(false);
    expect(pagerdutySource.authenticate(signed(valid), { ...NO_SECRETS, pagerdutyWebhookSecrets: ['x'] }, true).ok).toBe(false);
    expect(pagerdutySource.authenticate(signed(undefined), secrets, true).ok).toBe(false);
  });

  it('accepts during rotation: several secrets, several signatures', () => {
    const rotating = { ...NO_SECRETS, pagerdutyWebhookSecrets: ['old-secret', SECRET] };
    expect(pagerdutySource.authenticate(signed(valid), rotating, false)).toEqual({ ok: true });
    expect(pagerdutySource.authenticate(signed(`${mismatch}, ${valid}`), secrets, false)).toEqual({ ok: true });
    expect(pagerdutySource.authenticate(signed(vector['header_rotation_example_from_docs']), rotating, false).ok).toBe(false);
  });

  it('ignores entries that are not v1', () => {
    const hex = valid.slice(3);
    expect(pagerdutySource.authenticate(signed(`v0=${hex}`), secrets, false).ok).toBe(false);
    expect(pagerdutySource.authenticate(signed(`v2=abc,${valid}`), secrets, false)).toEqual({ ok: true });
  });

  it('falls back to the token rule without secrets', () => {
    expect(pagerdutySource.authenticate(signed(valid), NO_SECRETS, false).ok).toBe(false);
    expect(pagerdutySource.authenticate(signed(undefined), NO_SECRETS, true)).toEqual({ ok: true });
  });
});
