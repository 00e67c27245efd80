import { describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../../src/core/errors.js';
import * as life from '../../src/core/incident.js';
import * as followUps from '../../src/core/follow-ups.js';
import * as people from '../../src/core/incident-people.js';

const alice = { id: 'web:alice', name: 'Alice' };
const bob = { id: 'web:bob', name: 'Bob' };
const T0 = Date.parse('2026-03-02T10:00:00Z');

function declared(severity: string | null = null) {
  return life.declareIncident(7, { title: ' Checkout is down ', severity, declaredBy: alice, source: 'web' }, T0).incident;
}

describe('incident lifecycle', () => {
  it('declares INC-n with a trimmed title and a declared event', () => {
    const { incident, events } = life.declareIncident(7, { title: ' Checkout is down ', declaredBy: alice, source: 'web' }, T0);
    expect(incident).toMatchObject({ id: 'INC-7', title: 'Checkout is down', severity: null, status: 'investigating', declaredAt: T0 });
    expect(events).toEqual([expect.objectContaining({ kind: 'declared', actor: alice, at: T0, incidentId: 'INC-7' })]);
  });

  it('refuses an empty title with a typed error', () => {
    expect(() => life.declareIncident(1, { title: '  ', declaredBy: alice, source: 'web' }, T0)).toThrow(ValidationError);
  });

  it('acknowledging makes the first responder commander; a second person joins as a responder', () => {
    const { incident, events } = people.acknowledge(declared(), bob, T0 + 60_000);
    expect(incident.acknowledgedAt).toBe(T0 + 60_000);
    expect(incident.roles.commander).toEqual(bob);
    expect(events.map((e) => e.kind)).toEqual(['acknowledged', 'role_assigned']);
    const second = people.acknowledge(incident, alice, T0 + 120_000);
    expect(second.incident).toMatchObject({ acknowledgedAt: T0 + 60_000, roles: { commander: bob }, responders: [alice] });
    expect(second.events.map((e) => e.kind)).toEqual(['responder_joined']);
    expect(() => people.acknowledge(second.incident, alice, T0 + 180_000)).toThrow(/You're on INC-7 already/);
    expect(() => people.acknowledge(second.incident, bob, T0 + 180_000)).toThrow(/You're the commander of INC-7 already/);
  });

  it('acknowledging keeps an assigned commander', () => {
    const withCommander = people.assignRole(declared(), 'commander', alice, alice, T0).incident;
    const { incident, events } = people.acknowledge(withCommander, bob, T0 + 1);
    expect(incident.roles.commander).toEqual(alice);
    expect(events.map((e) => e.kind)).toEqual(['acknowledged']);
  });

  it('records before and after on a severity change', () => {
    const { events } = life.setSeverity(declared('SEV3'), 'SEV1', alice, T0);
    expect(events[0]).toMatchObject({ kind: 'severity_changed', before: 'SEV3', after: 'SEV1' });
    expect(() => life.setSeverity(declared('SEV1'), 'SEV1', alice, T0)).toThrow(ConflictError);
  });

  it('walks the status machine and refuses illegal transitions', () => {
    let incident = declared('SEV2');
    incident = life.setStatus(incident, 'identified', alice, T0 + 1).incident;
    incident = life.setStatus(incident, 'monitoring', alice, T0 + 2).incident;
    expect(() => life.setStatus(incident, 'monitoring', alice, T0 + 3)).toThrow(ConflictError);
    const resolved = life.resolve(incident, alice, T0 + 4, 'Rolled back v142').incident;
    expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: T0 + 4, summary: 'Rolled back v142' });
    expect(() => life.setStatus(resolved, 'identified', alice, T0 + 5)).toThrow(/reopen it/);
    expect(() => life.resolve(resolved, alice, T0 + 5)).toThrow(ConflictError);
    const reopened = life.reopen(resolved, bob, T0 + 6);
    expect(reopened.incident).toMatchObject({ status: 'investigating', resolvedAt: null });
    expect(reopened.events[0]).toMatchObject({ kind: 'reopened', before: 'resolved', after: 'investigating' });
    expect(() => life.reopen(reopened.incident, bob, T0 + 7)).toThrow(ConflictError);
  });

  it('keeps status updates, notes and numbered follow-ups', () => {
    let incident = life.postStatusUpdate(declared(), 'Rolling back', alice, T0 + 5).incident;
    expect(incident.lastUpdateAt).toBe(T0 + 5);
    incident = followUps.addFollowUp(incident, 'Alert on pool saturation', alice, T0 + 6).incident;
    const second = followUps.addFollowUp(incident, 'Load test the pool', bob, T0 + 7);
    expect(second.incident.followUps.map((f) => f.id)).toEqual([1, 2]);
    expect(() => life.addNote(incident, ' ', alice, T0)).toThrow(ValidationError);
  });

  it('parses incident ids case-insensitively', () => {
    expect(life.parseIncidentId('inc-042')).toBe('INC-42');
    expect(life.parseIncidentId('INC-x')).toBeUndefined();
  });
});
