/** A scripted incident end to end in Slack, asserted on the calls the fake Slack received, in order. */
import { afterEach, expect, it } from 'vitest';
import type { FakeSlack } from '../../fakes/fake-slack.js';
import { actionsOf, click, deliver, postAlert, posted, slashCommand, startSlack, submitView, type SlackHarness } from './slack-harness.js';

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** `method channel [thread] text…` of each call after `from`, users.info lookups left out. */
function transcript(fake: FakeSlack, from: number): string[] {
  return fake.calls
    .slice(from)
    .filter((c) => c.method !== 'users.info')
    .map((c) => [c.method, c.args.channel, c.args.thread_ts ? '(thread)' : undefined, c.args.view?.callback_id ?? words(String(c.args.text ?? ''))].filter(Boolean).join(' '));
}

/** The first words of a text, so a line names its message without repeating it. */
function words(text: string): string {
  return text.split(' ').slice(0, 6).join(' ');
}

it('runs a whole incident in Slack: alert, thread, triage, ack, runbook steps, update, resolve, post-mortem', async () => {
  h = await startSlack();
  const fake = h.fake;

  // alert → header in #incidents, the thread under it, the broadcast in #status
  await postAlert(h, { title: 'Checkout returns 502', dedupKey: 'checkout-502', labels: { service: 'checkout' } });
  await deliver(h);
  const header = posted(h, 'C_INC')[0]!;
  const thread = () => posted(h!, 'C_INC', header.ts);
  expect(transcript(fake, 0).filter((t) => !t.startsWith('auth.test'))).toEqual([
    'chat.postMessage C_STATUS 🔴 INC-1 declared: Checkout returns 502',
    'chat.postMessage C_INC INC-1 · Checkout returns 502 —',
    'chat.postMessage C_INC (thread) 🟠 INC-1: 1 of 1 alerts',
    'chat.postMessage C_INC (thread) Triage INC-1: Are all users affected?',
  ]);
  expect(fake.callsOf('chat.postMessage')[1]!.args.metadata).toEqual({ event_type: 'firebreak_message', event_payload: { key: expect.stringMatching(/^fb-\d+$/) } });
  expect(actionsOf(header).map((a) => a.actionId)).toEqual(['fb.ack#0', 'fb.triage.start#1', 'fb.update.open#2', 'fb.runbook.pick#3', 'fb.resolve.open#4', 'fb.sev.set#0', 'fb.status.set#1']);

  // triage: "all users affected? yes" → SEV1; the question is edited into the result, the header follows
  let mark = fake.calls.length;
  const triage = thread().find((m) => m.text.startsWith('Triage INC-1'))!;
  await click(h, triage.ts, actionsOf(triage)[0]!.actionId, actionsOf(triage)[0]!.value!);
  await deliver(h);
  expect(transcript(fake, mark)).toEqual([
    'chat.postMessage C_STATUS 🟠 INC-1 triaged as SEV1: Checkout',
    'chat.update C_INC INC-1 triaged as SEV1',
    'chat.update C_INC 🔴 INC-1 · Checkout returns 502',
  ]);
  expect(fake.callsOf('chat.update')[0]!.args.ts).toBe(triage.ts);

  // ack: private confirmation, a line in the thread, the header edited
  mark = fake.calls.length;
  await click(h, header.ts, 'fb.ack#0', 'INC-1');
  await deliver(h);
  expect(transcript(fake, mark)).toEqual([
    "chat.postEphemeral C_INC (thread) You're on INC-1. Post an update",
    'chat.postMessage C_INC (thread) @Person UALICE is on it and',
    'chat.update C_INC 🔴 INC-1 · Checkout returns 502',
  ]);
  expect(fake.callsOf('chat.postEphemeral')[0]!.args.user).toBe('UALICE');
  expect(JSON.stringify(thread().at(-1)!.blocks)).toContain('<@UALICE>');

  // runbook: attached by command, steps clicked Done / Skip / Failed… (a note form)
  await slashCommand(h, 'runbook INC-1 service-down');
  await deliver(h);
  const step = (n: number) => thread().find((m) => m.text.includes(`step ${n}:`))!;
  expect(actionsOf(step(1)).map((a) => a.actionId)).toEqual(['fb.runbook.step#0', 'fb.runbook.step#1', 'fb.runbook.failed#2']);
  mark = fake.calls.length;
  await click(h, step(1).ts, 'fb.runbook.step#0', actionsOf(step(1))[0]!.value!);
  await click(h, step(2).ts, 'fb.runbook.step#1', actionsOf(step(2))[1]!.value!);
  await click(h, step(3).ts, 'fb.runbook.failed#2', actionsOf(step(3))[2]!.value!);
  expect(transcript(fake, mark)).toEqual([
    'views.open fb.modal.step-failed',
  ]);
  await submitView(h, { note: 'backends still 502' });
  await deliver(h);
  const stepTs = [step(1).ts, step(2).ts, step(3).ts];
  expect(fake.calls.slice(mark).filter((c) => c.method === 'chat.update' && stepTs.includes(c.args.ts)).map((c) => c.args.ts)).toEqual(stepTs);
  expect(step(3).text).toContain('🔴');
  expect(JSON.stringify(step(3).blocks)).toContain('backends still 502');
  expect(actionsOf(step(3)).map((a) => a.actionId)).toEqual(['fb.runbook.undo#0']);

  // status update: thread and status channel; the reminder clock restarts
  mark = fake.calls.length;
  await slashCommand(h, 'update INC-1 Rolled back to v142; errors falling');
  await deliver(h);
  expect(transcript(fake, mark)).toEqual([
    'chat.postEphemeral C_INC Update posted to the thread and',
    'chat.postMessage C_STATUS INC-1: Rolled back to v142; errors',
    'chat.postMessage C_INC (thread) Status update on INC-1: Rolled back',
    'chat.update C_INC 🔴 INC-1 · Checkout returns 502',
  ]);

  // resolve through the form (a danger button with a confirmation), then the post-mortem
  const resolveButton = (header.blocks as any[]).flatMap((b) => b.elements ?? []).find((e: any) => e.action_id?.startsWith('fb.resolve.open#'));
  expect(resolveButton.confirm).toMatchObject({ style: 'danger' });
  mark = fake.calls.length;
  await click(h, header.ts, resolveButton.action_id, 'INC-1');
  await submitView(h, { summary: 'Bad deploy; rolled back' });
  await deliver(h);
  const resolved = thread().find((m) => m.text.includes('INC-1 resolved after'))!;
  await click(h, resolved.ts, actionsOf(resolved)[0]!.actionId, actionsOf(resolved)[0]!.value!);
  await deliver(h);
  expect(transcript(fake, mark)).toEqual([
    'views.open fb.modal.resolve',
    'chat.postEphemeral C_INC (thread) INC-1 resolved.',
    'chat.postMessage C_STATUS 🟢 INC-1 resolved: Checkout returns 502',
    'chat.postMessage C_INC (thread) 🟢 INC-1 resolved after 0 min',
    'chat.update C_INC 🟢 INC-1 · Checkout returns 502',
    'chat.postMessage C_INC (thread) Post-mortem draft for INC-1: http://127.0.0.1:0/api/incidents/INC-1/postmortem.md',
    'files.getUploadURLExternal',
    'files.completeUploadExternal (thread)',
    'chat.update C_INC 🟢 INC-1 · Checkout returns 502',
  ]);
  const incident = await h.app.service.get('INC-1');
  expect(incident.status).toBe('resolved');
  expect(incident.summary).toBe('Bad deploy; rolled back');
  expect(incident.roles.commander).toEqual({ id: 'slack:UALICE', name: 'Person UALICE' });
  // every post went out once: no key was posted twice
  const keys = fake.callsOf('chat.postMessage').map((c) => c.args.metadata.event_payload.key);
  expect(new Set(keys).size).toBe(keys.length);
});
