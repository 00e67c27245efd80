import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { parseCommand } from '../../src/core/parse-command.js';

describe('the /incident grammar', () => {
  it.each([
    ['declare Checkout is down', { command: { name: 'declare', title: 'Checkout is down' } }],
    ['/incident declare', { command: { name: 'declare' } }],
    ['sev 2', { command: { name: 'sev', severity: 'SEV2' } }],
    ['sev SEV1 INC-4', { command: { name: 'sev', severity: 'SEV1' }, incidentId: 'INC-4' }],
    ['sev INC-4 3', { command: { name: 'sev', severity: 'SEV3' }, incidentId: 'INC-4' }],
    ['status ident', { command: { name: 'status', status: 'identified' } }],
    ['ack', { command: { name: 'ack' } }],
    ['update INC-9 rolled back, error rate falling', { command: { name: 'update', text: 'rolled back, error rate falling' }, incidentId: 'INC-9' }],
    ['note saw INC-3 mentioned in logs', { command: { name: 'note', text: 'saw INC-3 mentioned in logs' } }],
    ['assign comms @bob', { command: { name: 'assign', role: 'comms', person: '@bob' } }],
    ['assign ic <@U123|alice>', { command: { name: 'assign', role: 'commander', person: '<@U123|alice>' } }],
    ['runbook db-pool', { command: { name: 'runbook', query: 'db-pool' } }],
    ['snooze 1h', { command: { name: 'snooze', durationMs: 3_600_000 } }],
    ['snooze', { command: { name: 'snooze', durationMs: 1_800_000 } }],
    ['resolve', { command: { name: 'resolve' } }],
    ['oncall platform', { command: { name: 'oncall', schedule: 'platform' } }],
    ['followup INC-2 <@U123|Ann Lee> add a canary', { command: { name: 'followup', text: 'add a canary', owner: '<@U123|Ann Lee>' }, incidentId: 'INC-2' }],
    ['', { command: { name: 'help' } }],
  ])('parses %j', (input, expected) => {
    expect(parseCommand(input)).toEqual(expected);
  });

  it.each(['sev 0', 'sev high', 'status done', 'assign boss @x', 'note', 'snooze soon', 'frobnicate'])('refuses %j with usage', (input) => {
    expect(() => parseCommand(input)).toThrow(ValidationError);
  });
});
