/** The status channel hears every change stakeholders care about, whoever or whatever made it. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/core/actions.js';
import { createTestApp, ctx, type TestApp } from '../fakes/test-app.js';
import { amGroup, post, type IntakeReply } from '../http/helpers.js';

const MIN = 60_000;
let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => {
  await app.close();
});

async function statusTexts(): Promise<string[]> {
  await app.scheduler.tick();
  return (await app.store.webMessages.list({ channel: 'status' })).map((r) => r.message.text);
}

describe('the status channel', () => {
  it('hears an alert-driven reopen', async () => {
    const res = await post(app, 'alertmanager', amGroup('Flapping', [{ fingerprint: 'f1' }]));
    const [id] = res.json<IntakeReply>().incidents;
    await post(app, 'alertmanager', amGroup('Flapping', [{ fingerprint: 'f1', status: 'resolved', endsAt: new Date(app.clock.now()).toISOString() }]));
    await app.interactions.command('resolve rolled back the deploy', ctx('Alice', id));
    app.clock.advance(5 * MIN);
    await post(app, 'alertmanager', amGroup('Flapping', [{ fingerprint: 'f1', startsAt: new Date(app.clock.now()).toISOString() }]));

    expect((await app.service.get(id!)).status).toBe('investigating');
    const texts = await statusTexts();
    expect(texts.filter((t) => t.startsWith(`${id} reopened`))).toHaveLength(1);
    expect(texts.at(-1)).toBe(`${id} reopened: Flapping`);
  });

  it('hears severity raised, lowered, and set by triage', async () => {
    const id = (await app.service.declare({ title: 'Checkout down', severity: null, declaredBy: ctx('Alice').actor, source: 'web' })).id;
    await app.interactions.action(ACTION.setSeverity, `${id}|SEV2`, ctx('Alice'));
    await app.interactions.command('sev 1', ctx('Bob', id));
    await app.interactions.command('sev 3', ctx('Bob', id));
    const texts = await statusTexts();
    expect(texts.slice(1)).toEqual([
      `${id} triaged as SEV2: Checkout down`,
      `${id} raised to SEV1 (was SEV2): Checkout down`,
      `${id} lowered to SEV3 (was SEV1): Checkout down`,
    ]);
  });

  it('hears a severity chosen by the triage questions', async () => {
    const id = (await app.service.declare({ title: 'Search slow', severity: null, declaredBy: ctx('Alice').actor, source: 'web' })).id;
    // Answer each question with its first answer until a severity comes out.
    for (let round = 0; round < 10 && !(await app.service.get(id)).severity; round++) {
      const triage = (await app.service.get(id)).triage!;
      await app.interactions.action(ACTION.triageAnswer, `${id}|${triage.round}|0|${triage.questionId}`, ctx('Alice'));
    }
    const severity = (await app.service.get(id)).severity;
    expect(severity).toMatch(/^SEV/);
    expect(await statusTexts()).toContain(`${id} triaged as ${severity}: Search slow`);
  });

  it('hears a resolution', async () => {
    const id = (await app.service.declare({ title: 'Checkout down', severity: 'SEV2', declaredBy: ctx('Alice').actor, source: 'web' })).id;
    await app.interactions.command('resolve rolled back', ctx('Alice', id));
    expect((await statusTexts()).at(-1)).toBe(`${id} resolved: Checkout down`);
  });
});

describe('a command on a resolved incident', () => {
  it('sev refuses, says why, and changes nothing', async () => {
    const id = (await app.service.declare({ title: 'Checkout down', severity: 'SEV2', declaredBy: ctx('Alice').actor, source: 'web' })).id;
    await app.interactions.command('resolve rolled back', ctx('Alice', id));
    await expect(app.interactions.command('sev 1', ctx('Alice', id))).rejects.toThrow(`${id} is resolved at SEV2; nothing was changed. Reopen it to change its severity.`);
    expect((await app.service.get(id)).severity).toBe('SEV2');
  });
});
