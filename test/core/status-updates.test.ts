/**
 * Structured status messages through the web console: the scripted SEV2 is driven by the
 * console's own API (clicks, commands, forms) and its initial notification, updates and
 * resolution are read back as the console shows them, in the thread and in the status channel.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION, MODAL } from '../../src/core/actions.js';
import type { ChatMessage, Modal } from '../../src/core/message.js';
import type { WebMessageRow } from '../../src/chat/web/web-message-log.js';
import { createTestApp, type TestApp } from '../fakes/test-app.js';
import {
  ALERT,
  CAUSE_FOUND,
  CAUSE_FOUND_LINES,
  FIXED,
  FIXED_LINES,
  FOLLOW_UP,
  INITIAL_LINES,
  RESOLVED,
  START,
  at,
  linesOf,
  resolutionLines,
} from '../fakes/sev2-incident.js';

let app: TestApp;
afterEach(async () => {
  await app.close();
});

const COOKIE = 'fb_name=Alice';

async function consoleCall(path: string, body: unknown): Promise<{ modal?: Modal; message?: ChatMessage }> {
  const res = await app.server.inject({ method: 'POST', url: `/console/api/${path}`, remoteAddress: '127.0.0.1', headers: { cookie: COOKIE }, payload: body as object });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function consoleMessages(query: string): Promise<WebMessageRow[]> {
  await app.scheduler.tick();
  const res = await app.server.inject({ method: 'GET', url: `/console/api/messages?${query}`, remoteAddress: '127.0.0.1', headers: { cookie: COOKIE } });
  expect(res.statusCode).toBe(200);
  return res.json();
}

const statusChannel = () => consoleMessages('channel=status');
async function thread(): Promise<WebMessageRow[]> {
  const root = (await consoleMessages('channel=incidents')).find((r) => r.incidentId === 'INC-1')!;
  return consoleMessages(`thread=${root.id}`);
}

/** Opens the update form from the header's button and submits it with `values`. */
async function postUpdateByForm(values: Record<string, string>): Promise<ChatMessage | undefined> {
  const { modal } = await consoleCall('action', { actionId: ACTION.openUpdate, value: 'INC-1' });
  expect(modal!.inputs.map((i) => i.id)).toEqual(['impact', 'done', 'current', 'next', 'eta']);
  return (await consoleCall('submit', { modalId: modal!.id, privateValue: modal!.privateValue, values })).message;
}

async function alertAt1030(policy?: string): Promise<void> {
  app = await createTestApp({ start: START, ...(policy ? { policy } : {}) });
  const res = await app.server.inject({ method: 'POST', url: '/webhooks/generic', remoteAddress: '127.0.0.1', payload: ALERT });
  expect(res.statusCode).toBe(202);
}

describe('the scripted SEV2 in the web console', () => {
  it('announces, updates and resolves with the structured templates, in the thread and the status channel', async () => {
    await alertAt1030();
    const initial = (await statusChannel()).at(-1)!;
    expect(linesOf(initial.message)).toEqual(INITIAL_LINES);
    expect(initial.message.text).toBe('INC-1 declared: Orders failing (SEV2)');

    app.clock.set(at('10:32'));
    await consoleCall('action', { actionId: ACTION.ack, value: 'INC-1' });

    app.clock.set(at('10:35'));
    await consoleCall('command', { text: 'status identified', incidentId: 'INC-1' });
    const reply = await postUpdateByForm(CAUSE_FOUND);
    expect(reply!.text).toBe('Update posted to the thread and the status channel. Next update due at 11:05 UTC; the reminder clock restarted.');
    const first = (await statusChannel()).at(-1)!;
    expect(linesOf(first.message)).toEqual(CAUSE_FOUND_LINES);
    expect(first.message.blocks.at(-1)).toEqual({ type: 'context', text: 'by Alice · 2026-01-05 10:35 UTC' });
    const inThread = (await thread()).filter((r) => r.message.text.startsWith('Status update on INC-1'));
    expect(inThread.map((r) => linesOf(r.message))).toEqual([CAUSE_FOUND_LINES]);
    expect(inThread[0]!.message.alsoInChannel).toBe(true);

    app.clock.set(at('10:40'));
    await consoleCall('command', { text: 'note rollback to v142 started', incidentId: 'INC-1' });
    app.clock.set(at('10:42'));
    await consoleCall('command', { text: 'status monitoring', incidentId: 'INC-1' });
    await postUpdateByForm({ ...FIXED, impact: '', eta: '' });
    expect(linesOf((await statusChannel()).at(-1)!.message)).toEqual(FIXED_LINES);
    // The reminder is due when the update said the next one would be.
    expect((await app.store.transaction((tx) => tx.getTimer('INC-1', 'status_reminder')))?.dueAt).toBe(at('11:12'));

    await consoleCall('command', { text: `followup <@web:bob|Bob> ${FOLLOW_UP}`, incidentId: 'INC-1' });
    app.clock.set(at('11:00'));
    const { modal } = await consoleCall('action', { actionId: ACTION.openResolve, value: 'INC-1' });
    expect(modal!.inputs.map((i) => i.id)).toEqual(['summary', 'cause', 'steps']);
    await consoleCall('submit', { modalId: MODAL.resolve, privateValue: 'INC-1', values: RESOLVED });

    const resolution = (await statusChannel()).at(-1)!;
    expect(resolution.message.text).toBe('INC-1 resolved: Orders failing');
    expect(linesOf(resolution.message)).toEqual(resolutionLines('Bob'));
    const resolvedInThread = (await thread()).find((r) => r.message.text === 'INC-1 resolved after 30 min')!;
    expect(linesOf(resolvedInThread.message)).toEqual(resolutionLines('Bob'));
    expect(resolvedInThread.message.blocks.some((b) => b.type === 'actions' && b.elements.some((e) => e.actionId === ACTION.postmortem))).toBe(true);

    // The timeline keeps each update's fields, and a one-line summary for the post-mortem and the status page.
    const updates = (await app.store.timeline('INC-1')).filter((e) => e.kind === 'status_update');
    expect(updates.map((e) => e.text)).toEqual([
      'Cause identified; rolling back. Done: Found the cause: deploy v143 broke the payment client. Next: Roll back to v142. ETA: 10:45 UTC. Impact: Checkout fails for about 60% of users.',
      'Error rate falling; monitoring recovery. Done: Rolled back to v142 (10:40–10:42). Next: Watch the error rate until it is back to normal.',
    ]);
    expect(updates[0]!.data).toMatchObject({ impact: CAUSE_FOUND.impact, done: [CAUSE_FOUND.done], next: [CAUSE_FOUND.next], eta: CAUSE_FOUND.eta, nextUpdateAt: at('11:05') });
    const resolved = (await app.store.timeline('INC-1')).find((e) => e.kind === 'resolved')!;
    expect(resolved.data).toMatchObject({ rootCause: RESOLVED.cause, steps: ['Rolled back to v142', 'Pinned the payment client timeout'] });
  });

  it('keeps `/incident update <text>` as a one-line update, and opens the form without text', async () => {
    await alertAt1030();
    app.clock.set(at('10:50'));
    await app.interactions.command('snooze 45m INC-1', { actor: { id: 'web:alice', name: 'Alice' }, surface: 'web' });
    const bare = await consoleCall('command', { text: 'update', incidentId: 'INC-1' });
    expect(bare.modal).toMatchObject({ id: MODAL.update, privateValue: 'INC-1' });
    expect(bare.modal!.inputs.filter((i) => i.type === 'text' && !i.optional).map((i) => i.id)).toEqual(['current']);

    await consoleCall('command', { text: 'update Rolled back; errors falling', incidentId: 'INC-1' });
    const update = (await statusChannel()).at(-1)!;
    expect(update.message.text).toBe('INC-1: Rolled back; errors falling');
    // A snooze beyond the cadence moves the next update with it: 10:50 + 45 min.
    expect(linesOf(update.message)).toEqual([
      '🔄 Update · INC-1 · Orders failing',
      'Severity: SEV2 · Status: Investigating',
      'User impact: Orders failing for ~60% of users',
      'Current status: Rolled back; errors falling',
      'Next update: 11:35 UTC (in 45 min)',
    ]);
  });

  it('takes the resolve form on a resolved incident as an edit of its summary', async () => {
    await alertAt1030();
    await consoleCall('command', { text: 'resolve rolled back', incidentId: 'INC-1' });
    const reply = await consoleCall('submit', { modalId: MODAL.resolve, privateValue: 'INC-1', values: { summary: '', cause: RESOLVED.cause, steps: '' } });
    expect(reply.message!.text).toBe('INC-1 stays resolved; its summary was updated. The post-mortem uses it.');
    expect(await app.service.get('INC-1')).toMatchObject({ status: 'resolved', summary: RESOLVED.cause });
  });

  it('posts the resolution template when every alert resolved and the route resolves by itself', async () => {
    await alertAt1030('alerts:\n  routes:\n    - match: { labels: { service: orders } }\n      autoResolve: true\n');
    app.clock.set(at('10:50'));
    const res = await app.server.inject({ method: 'POST', url: '/webhooks/generic', remoteAddress: '127.0.0.1', payload: { ...ALERT, status: 'resolved' } });
    expect(res.statusCode).toBe(202);
    const resolution = (await statusChannel()).at(-1)!.message;
    expect(resolution.text).toBe('INC-1 resolved');
    expect(linesOf(resolution).slice(0, 7)).toEqual([
      '✅ Resolved · INC-1 · Orders failing',
      'Severity: SEV2',
      'Detected: 2026-01-05 10:30 UTC',
      'Resolved: 2026-01-05 10:50 UTC',
      'Duration: 20 min',
      'Root cause: To be confirmed in the post-mortem.',
      'Resolution:',
    ]);
    expect(resolution.blocks.at(-1)).toEqual({ type: 'context', text: 'Every alert resolved (auto-resolve).' });
  });

  it('refuses an empty form', async () => {
    await alertAt1030();
    const res = await app.server.inject({
      method: 'POST',
      url: '/console/api/submit',
      remoteAddress: '127.0.0.1',
      headers: { cookie: COOKIE },
      payload: { modalId: MODAL.update, privateValue: 'INC-1', values: { impact: ' ', current: '' } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('The update is empty: say where things stand.');
  });

  it('renders the templates the policy gives instead of the defaults', async () => {
    const policy = [
      'updates:',
      '  templates:',
      '    initial: "NEW {{id}} {{severity}}: {{impact}} — next {{next_update}}"',
      '    update: |',
      '      UPD {{id}} [{{status}}]',
      '      {{#done}}',
      '      + {{text}}',
      '      {{/done}}',
      '      {{^eta}}',
      '      no ETA',
      '      {{/eta}}',
      '    resolution: "END {{id}} after {{duration}}{{#followups}} / {{number}} {{owner}}{{/followups}}"',
      'severities:',
      '  SEV2:',
      '    updateEveryMinutes: 20',
    ].join('\n');
    await alertAt1030(policy);
    expect(linesOf((await statusChannel()).at(-1)!.message)).toEqual(['NEW INC-1 SEV2: Orders failing for ~60% of users — next 10:50 UTC (in 20 min)']);

    app.clock.set(at('10:35'));
    await postUpdateByForm({ done: 'one\ntwo', current: 'ok' });
    expect(linesOf((await statusChannel()).at(-1)!.message)).toEqual(['UPD INC-1 [Investigating]', '+ one', '+ two', 'no ETA']);

    await consoleCall('command', { text: 'followup <@web:dana|Dana> write it up', incidentId: 'INC-1' });
    app.clock.set(at('11:00'));
    await consoleCall('command', { text: 'resolve rolled back', incidentId: 'INC-1' });
    expect(linesOf((await statusChannel()).at(-1)!.message)).toEqual(['END INC-1 after 30 min / 1 Dana']);
  });
});
