/**
 * The scripted SEV2 in Discord: the update form is a modal answered as the first response (five
 * text inputs, Discord's most), from `/incident update` and from the header's button; the
 * structured update, the initial notification and the resolution reach #status and the thread.
 */
import { afterEach, expect, it } from 'vitest';
import { ALERT, CAUSE_FOUND, CAUSE_FOUND_LINES, FIXED, FIXED_LINES, FOLLOW_UP, INITIAL_LINES, RESOLVED, START, at, resolutionLines } from '../../fakes/sev2-incident.js';
import { BOB, INCIDENTS, STATUS, click, deliver, interact, postAlert, slash, startDiscordApp, submit, withComponent, type DiscordTestApp } from './discord-app.js';

let t: DiscordTestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** A message's content lines as people read them: bold marks and escapes off, `-#` context lines left out. */
function plain(message: { content: string }): string[] {
  return message.content
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('-# '))
    .map((l) => l.replace(/\*\*/g, '').replace(/\\(.)/g, '$1'));
}

it('posts the initial notification, the updates from the modal and the resolution in #status and the thread', async () => {
  t = await startDiscordApp({ start: START });
  const { app, fake } = t;
  const status = () => fake.messagesIn(STATUS);

  await postAlert(app, ALERT);
  await deliver(app);
  const initial = status().at(-1)!;
  expect(plain(initial)).toEqual(INITIAL_LINES);
  expect(initial.content).toContain('**Next update:** 11:00 UTC (in 30 min)');
  const thread = [...fake.threads.values()][0]!.id;

  app.clock.set(at('10:32'));
  const ack = withComponent(fake, INCIDENTS, 'fb.ack')!;
  await interact(t, click(ack.message, ack.customId));
  await deliver(app);

  // 10:35: `/incident update` with no text answers with the modal, nothing stored first.
  app.clock.set(at('10:35'));
  await interact(t, slash(thread, 'status', [{ name: 'status', type: 3, value: 'identified' }]));
  const modal = await interact(t, slash(thread, 'update'));
  expect(modal.type).toBe(9);
  expect(modal.data.custom_id).toBe('fb.modal.update|INC-1');
  const inputs = (modal.data.components as { label: string; component: { custom_id: string; required: boolean; type: number } }[]).map((c) => [c.component.custom_id, c.component.type, c.component.required]);
  expect(inputs).toEqual([
    ['impact', 4, false],
    ['done', 4, false],
    ['current', 4, true],
    ['next', 4, false],
    ['eta', 4, false],
  ]);
  await interact(t, submit(thread, modal.data.custom_id, CAUSE_FOUND));
  await deliver(app);
  expect(plain(status().at(-1)!)).toEqual(CAUSE_FOUND_LINES);
  expect(status().at(-1)!.content).toContain('-# by Ann · 2026-01-05 10:35 UTC');
  const updatesInThread = () => fake.messagesIn(thread).filter((m) => m.content.startsWith('🔄 **Update · INC-1'));
  expect(updatesInThread().map(plain)).toEqual([CAUSE_FOUND_LINES]);

  // 10:42: the header's "Post update" button opens the same modal.
  app.clock.set(at('10:42'));
  await interact(t, slash(thread, 'status', [{ name: 'status', type: 3, value: 'monitoring' }]));
  const button = withComponent(fake, INCIDENTS, 'fb.update.open')!;
  const fromButton = await interact(t, click(button.message, button.customId, BOB));
  expect(fromButton).toMatchObject({ type: 9, data: { custom_id: 'fb.modal.update|INC-1', title: 'Status update · INC-1' } });
  await interact(t, submit(thread, fromButton.data.custom_id, FIXED, BOB));
  await deliver(app);
  expect(plain(status().at(-1)!)).toEqual(FIXED_LINES);
  expect(updatesInThread().map(plain)).toEqual([CAUSE_FOUND_LINES, FIXED_LINES]);

  await interact(t, slash(thread, 'followup', [{ name: 'text', type: 3, value: `<@${BOB.id}> ${FOLLOW_UP}` }]));
  app.clock.set(at('11:00'));
  const resolveButton = withComponent(fake, INCIDENTS, 'fb.resolve.open')!;
  const resolveModal = await interact(t, click(resolveButton.message, resolveButton.customId));
  await interact(t, submit(thread, resolveModal.data.custom_id, RESOLVED));
  await deliver(app);

  const owner = (await app.service.get('INC-1')).followUps[0]!.owner!.name;
  expect(plain(status().at(-1)!)).toEqual(resolutionLines(owner));
  const resolvedInThread = fake.messagesIn(thread).find((m) => m.content.startsWith('✅ **Resolved · INC-1'))!;
  expect(plain(resolvedInThread)).toEqual(resolutionLines(owner));
});
