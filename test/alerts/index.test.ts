import { describe, expect, it } from 'vitest';
import { ALERT_SOURCES_BY_NAME } from '../../src/alerts/index.js';
import { ALERT_SOURCES } from '../../src/core/alert.js';
import { intake, NO_SECRETS } from './helpers.js';

describe('ALERT_SOURCES_BY_NAME', () => {
  it('has one definition per core source, under its own name', () => {
    expect(Object.keys(ALERT_SOURCES_BY_NAME).sort()).toEqual([...ALERT_SOURCES].sort());
    for (const [name, source] of Object.entries(ALERT_SOURCES_BY_NAME)) {
      expect(source.name).toBe(name);
      expect(source.contentTypes).toContain('application/json');
    }
    expect(ALERT_SOURCES_BY_NAME.statuscake.contentTypes).toContain('application/x-www-form-urlencoded');
  });

  it('with nothing configured, every source accepts loopback and refuses other clients', () => {
    for (const source of Object.values(ALERT_SOURCES_BY_NAME)) {
      expect(source.authenticate(intake('{}'), NO_SECRETS, true), source.name).toEqual({ ok: true });
      expect(source.authenticate(intake('{}'), NO_SECRETS, false).ok, source.name).toBe(false);
    }
  });

  it('only PagerDuty reports a delivery id', () => {
    const withIds = Object.values(ALERT_SOURCES_BY_NAME).filter((s) => s.deliveryId);
    expect(withIds.map((s) => s.name)).toEqual(['pagerduty']);
  });
});
