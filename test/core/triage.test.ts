/** Triage under concurrent and stale clicks: the first answer to a question wins. */
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/core/actions.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { ChatMessage } from '../../src/core/message.js';
import { createTestApp, ctx, type TestApp } from '../fakes/test-app.js';

let app: TestApp;
afterEach(async () => {
  await app?.close();
});

async function untriaged() {
  app = await createTestApp();
  const { id } = await app.service.declare({ title: 'Search is slow', severity: null, declaredBy: ctx('Alice').actor, source: 'web' });
  return id;
}

/** The value of a triage button, as the message that was posted carries it. */
function buttonValue(message: ChatMessage, label: string): string {
  for (const block of message.blocks) {
    if (block.type !== 'actions') continue;
    const button = block.elements.find((e) => e.type === 'button' && e.label === label);
    if (button && button.type === 'button') return button.value;
  }
  throw new Error(`no button ${label}`);
}

async function triageMessage(id: string): Promise<ChatMessage> {
  await app.scheduler.tick();
  const rows = await app.store.webMessages.list({});
  return rows.filter((r) => r.incidentId === id && r.message.text.startsWith('Triage ')).at(-1)!.message;
}

describe('triage', () => {
  it('lets the first of two people finishing at once win; the second click changes nothing and says why', async () => {
    const id = await untriaged();
    const first = await triageMessage(id);
    const yes = buttonValue(first, 'Yes, all users');
    const no = buttonValue(first, 'No');
    const results = await Promise.allSettled([
      app.interactions.action(ACTION.triageAnswer, yes, ctx('Alice')),
      app.interactions.action(ACTION.triageAnswer, no, ctx('Bob')),
    ]);

    expect((await app.service.get(id)).severity).toBe('SEV1');
    expect(results[1]).toMatchObject({ status: 'rejected', reason: { code: 'stale', message: expect.stringContaining('already over: Alice triaged it as SEV1') } });
    expect((await app.store.timeline(id)).filter((e) => e.kind === 'triaged' || e.kind === 'severity_changed')).toHaveLength(1);
  });

  it('refuses a second answer to a question already answered, and buttons of an earlier round', async () => {
    const id = await untriaged();
    const round1 = await triageMessage(id);
    await app.interactions.action(ACTION.triageAnswer, buttonValue(round1, 'No'), ctx('Alice'));
    await expect(app.interactions.action(ACTION.triageAnswer, buttonValue(round1, 'Yes, all users'), ctx('Bob'))).rejects.toMatchObject({
      code: 'stale',
      message: expect.stringContaining('already answered'),
    });
    await app.interactions.command('triage', ctx('Alice', id)); // a new round
    await expect(app.interactions.action(ACTION.triageAnswer, buttonValue(round1, 'No'), ctx('Bob'))).rejects.toMatchObject({
      code: 'stale',
      message: expect.stringContaining('superseded'),
    });
    expect((await app.service.get(id)).severity).toBeNull();
  });

  it('closes an open round when the severity is set by hand; a late answer does not override it', async () => {
    const id = await untriaged();
    const round1 = await triageMessage(id);
    await app.interactions.command('sev 3', ctx('Alice', id));
    await expect(app.interactions.action(ACTION.triageAnswer, buttonValue(round1, 'Yes, all users'), ctx('Bob'))).rejects.toMatchObject({
      message: expect.stringContaining('Alice set the severity to SEV3'),
    });

    expect((await app.service.get(id)).severity).toBe('SEV3');
    expect((await triageMessage(id)).text).toBe(`Triage of ${id} closed: severity set to SEV3`);
  });

  it('refuses a button from before this version (answer positions instead of question ids)', async () => {
    const id = await untriaged();
    await expect(app.interactions.action(ACTION.triageAnswer, `${id}|1.0`, ctx('Bob'))).rejects.toMatchObject({ code: 'validation_failed' });
  });
});

describe('the triage tree in the policy', () => {
  it('is refused at start-up when its questions go round in a loop, naming the loop', () => {
    const text = [
      'triage:',
      '  start: a',
      '  questions:',
      '    - { id: a, text: A?, answers: [{ label: "Yes", severity: SEV1 }, { label: "No", next: b }] }',
      '    - { id: b, text: B?, answers: [{ label: "Yes", next: a }, { label: "No", severity: SEV4 }] }',
    ].join('\n');
    expect(() => loadConfig({}, { path: 'p.yml', text })).toThrow('p.yml: triage: the questions go round in a loop (a → b → a); every path must end in a severity');
  });
});
