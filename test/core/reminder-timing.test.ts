/** When reminders and escalations come due, under snoozes, severity changes and reopening. */
import { afterEach, describe, expect, it } from 'vitest';
import type { StoreTx } from '../../src/core/ports.js';
import { createTestApp, ctx, type TestApp } from '../fakes/test-app.js';

const MIN = 60_000;
let app: TestApp;
afterEach(async () => {
  await app.close();
});

async function start(policy?: string) {
  app = await createTestApp({ policy, start: '2026-03-04T10:00:00Z' });
}

async function declare(severity: string | null) {
  const { id } = await app.service.declare({ title: 'Checkout down', severity, declaredBy: ctx('Alice').actor, source: 'web' });
  await app.interactions.command('ack', ctx('Alice', id)); // no acknowledgement escalation in the way
  return id;
}

/** Moves time minute by minute, firing what is due; answers the minutes (since start) reminders fired at. */
async function reminderMinutes(id: string, minutes: number): Promise<number[]> {
  const startAt = app.clock.now();
  for (let m = 0; m < minutes; m++) {
    app.clock.advance(MIN);
    await app.scheduler.tick();
  }
  return (await app.store.timeline(id)).filter((e) => e.kind === 'reminder_sent' && e.at > startAt).map((e) => Math.round((e.at - startAt) / MIN));
}

describe('status-update reminders', () => {
  it('keep a snooze through a severity change', async () => {
    await start();
    const id = await declare('SEV3');
    await app.interactions.command('snooze 2h', ctx('Alice', id));
    app.clock.advance(MIN);
    await app.interactions.command('sev 2', ctx('Alice', id));

    expect(await reminderMinutes(id, 125)).toEqual([119]); // 2 h after the snooze, not 30 min after the change
  });

  it('do not come twice in a row when the severity rises right after one', async () => {
    await start('severities: { SEV1: { updateEveryMinutes: 15 } }');
    const id = await declare('SEV3');
    expect(await reminderMinutes(id, 30)).toEqual([30]);
    app.clock.advance(MIN);
    await app.interactions.command('sev 1', ctx('Alice', id)); // SEV1 wants an update every 15 min here

    expect(await reminderMinutes(id, 20)).toEqual([14]); // 15 min after the last reminder, not at once
  });

  it('follow the configured default cadence while an incident is untriaged', async () => {
    await start('reminders: { updateEveryMinutes: 10 }');
    const id = await declare(null);

    expect(await reminderMinutes(id, 25)).toEqual([10, 20]);
  });

  it('refuse snoozes that are no duration or out of range, and keep the reminder as it was', async () => {
    await start();
    const id = await declare('SEV3');
    for (const text of ['snooze abc', 'snooze 30d', 'snooze 0m', 'snooze 99999999999999h']) {
      await expect(app.interactions.command(text, ctx('Alice', id))).rejects.toMatchObject({ code: 'validation_failed' });
    }
    await expect(app.interactions.action('fb.snooze', `${id}|Infinity`, ctx('Alice', id))).rejects.toMatchObject({ code: 'validation_failed' });

    expect(await reminderMinutes(id, 31)).toEqual([30]);
  });
});

describe('escalation after reopening', () => {
  it('prompts again when a reopened incident stays open past the threshold', async () => {
    await start();
    const id = await declare('SEV1'); // SEV1: prompt after 30 min open
    app.clock.advance(31 * MIN);
    await app.scheduler.tick();
    await app.interactions.command('resolve rolled back', ctx('Alice', id));
    app.clock.advance(10 * MIN);
    await app.interactions.action('fb.reopen', id, ctx('Alice', id));
    app.clock.advance(29 * MIN);
    await app.scheduler.tick();
    const early = (await app.store.timeline(id)).filter((e) => e.kind === 'escalated').length;
    app.clock.advance(2 * MIN);
    await app.scheduler.tick();

    expect(early).toBe(1);
    expect((await app.store.timeline(id)).filter((e) => e.kind === 'escalated')).toHaveLength(2);
  });

  it('shows no stale resolution summary once reopened', async () => {
    await start();
    const id = await declare('SEV2');
    await app.interactions.command('resolve All alerts resolved.', ctx('Alice', id));
    await app.interactions.action('fb.reopen', id, ctx('Alice', id));

    expect((await app.service.get(id)).summary).toBeNull();
    const reopened = (await app.store.timeline(id)).find((e) => e.kind === 'reopened');
    expect(reopened?.data).toEqual({ summary: 'All alerts resolved.' });
  });
});

describe('timer handlers', () => {
  it('lock the incident before reading the timer they fire', async () => {
    await start();
    const id = await declare('SEV3');
    const calls: string[] = [];
    const transaction = app.store.transaction.bind(app.store);
    app.store.transaction = (work) =>
      transaction((tx) =>
        work(
          new Proxy(tx, {
            get(target, prop) {
              const value = Reflect.get(target, prop, target) as unknown;
              if (typeof value !== 'function') return value;
              return (...args: unknown[]) => {
                calls.push(String(prop));
                return (value as (...a: unknown[]) => unknown).apply(target, args);
              };
            },
          }) as StoreTx,
        ),
      );
    app.clock.advance(31 * MIN);
    await app.scheduler.tick();

    expect(calls.indexOf('lockIncident')).toBeGreaterThanOrEqual(0);
    expect(calls.indexOf('lockIncident')).toBeLessThan(calls.indexOf('getTimer'));
    expect((await app.store.timeline(id)).some((e) => e.kind === 'reminder_sent')).toBe(true);
  });
});
