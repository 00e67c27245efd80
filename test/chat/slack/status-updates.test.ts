/**
 * The scripted SEV2 in Slack: the update form opens with `views.open` from `/incident update` and
 * from the header's button, its submission posts the structured update in the thread and in
 * #status, and the initial notification and the resolution reach #status as Block Kit sections.
 */
import { afterEach, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { ALERT, CAUSE_FOUND, CAUSE_FOUND_LINES, FIXED, FIXED_LINES, FOLLOW_UP, INITIAL_LINES, RESOLVED, START, at, resolutionLines } from '../../fakes/sev2-incident.js';
import { click, deliver, postAlert, posted, slashCommand, startSlack, submitView, type SlackHarness } from './slack-harness.js';

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

type SlackBlock = { type: string; text?: { text: string }; elements?: { text?: string; action_id?: string }[] };

/** The mrkdwn lines of a message's sections, as Slack received them. */
function sectionLines(message: { blocks?: unknown[] }): string[] {
  return ((message.blocks ?? []) as SlackBlock[]).filter((b) => b.type === 'section' && b.text).flatMap((b) => b.text!.text.split('\n'));
}

/** Section lines with Slack's bold marks taken off, to compare with the scripted lines. */
const plain = (message: { blocks?: unknown[] }) => sectionLines(message).map((l) => l.replace(/\*/g, ''));

const contextOf = (message: { blocks?: unknown[] }) => ((message.blocks ?? []) as SlackBlock[]).filter((b) => b.type === 'context').map((b) => b.elements![0]!.text);

it('posts the initial notification, the updates from the form and the resolution in #status and the thread', async () => {
  h = await startSlack({ app: { clock: new ManualClock(START) } });
  const { app, fake } = h;
  const status = () => posted(h!, 'C_STATUS');

  await postAlert(h, ALERT);
  await deliver(h);
  const initial = status().at(-1)!;
  expect(plain(initial)).toEqual(INITIAL_LINES);
  expect(sectionLines(initial)).toContain('*Next update:* 11:00 UTC (in 30 min)');
  expect(initial.text).toBe('🟠 INC-1 declared: Orders failing (SEV2)');
  const header = posted(h, 'C_INC')[0]!;
  const thread = () => posted(h!, 'C_INC', header.ts);

  app.clock.set(at('10:32'));
  await click(h, header.ts, 'fb.ack#0', 'INC-1');
  await deliver(h);

  // 10:35: `/incident update` with no text opens the form at once, with the trigger.
  app.clock.set(at('10:35'));
  await slashCommand(h, 'status INC-1 identified');
  await slashCommand(h, 'update INC-1', { trigger: 'trig-update-1' });
  const open = fake.callsOf('views.open').at(-1)!;
  expect(open.args.trigger_id).toBe('trig-update-1');
  expect(open.args.view.callback_id).toBe('fb.modal.update');
  expect((open.args.view.blocks as { block_id: string; optional: boolean }[]).map((b) => [b.block_id, b.optional])).toEqual([
    ['impact', true],
    ['done', true],
    ['current', false],
    ['next', true],
    ['eta', true],
  ]);
  await submitView(h, CAUSE_FOUND);
  await deliver(h);
  expect(plain(status().at(-1)!)).toEqual(CAUSE_FOUND_LINES);
  expect(contextOf(status().at(-1)!)).toEqual(['by Person UALICE · 2026-01-05 10:35 UTC']);
  const inThread = thread().filter((m) => m.text.startsWith('Status update on INC-1'));
  expect(inThread.map(plain)).toEqual([CAUSE_FOUND_LINES]);

  // 10:42: the header's "Post update" button opens the same form.
  app.clock.set(at('10:42'));
  await slashCommand(h, 'status INC-1 monitoring');
  const headerNow = posted(h, 'C_INC')[0]!;
  await click(h, headerNow.ts, 'fb.update.open#2', 'INC-1');
  expect(fake.callsOf('views.open').at(-1)!.args.view.callback_id).toBe('fb.modal.update');
  await submitView(h, FIXED);
  await deliver(h);
  expect(plain(status().at(-1)!)).toEqual(FIXED_LINES);
  expect(thread().filter((m) => m.text.startsWith('Status update on INC-1')).map(plain)).toEqual([CAUSE_FOUND_LINES, FIXED_LINES]);

  await slashCommand(h, `followup INC-1 <@UBOB> ${FOLLOW_UP}`);
  app.clock.set(at('11:00'));
  const resolveButton = (posted(h, 'C_INC')[0]!.blocks as { elements?: { action_id?: string }[] }[]).flatMap((b) => b.elements ?? []).find((e) => e.action_id?.startsWith('fb.resolve.open#'))!;
  await click(h, header.ts, resolveButton.action_id!, 'INC-1');
  expect((fake.callsOf('views.open').at(-1)!.args.view.blocks as { block_id: string }[]).map((b) => b.block_id)).toEqual(['summary', 'cause', 'steps']);
  await submitView(h, RESOLVED);
  await deliver(h);

  const owner = (await app.service.get('INC-1')).followUps[0]!.owner!.name;
  const resolution = status().at(-1)!;
  expect(resolution.text).toBe('🟢 INC-1 resolved: Orders failing');
  expect(plain(resolution)).toEqual(resolutionLines(owner));
  const resolvedInThread = thread().find((m) => m.text.includes('INC-1 resolved after 30 min'))!;
  expect(plain(resolvedInThread)).toEqual(resolutionLines(owner));
  expect(((resolvedInThread.blocks ?? []) as SlackBlock[]).some((b) => b.type === 'actions' && b.elements!.some((e) => e.action_id?.startsWith('fb.postmortem')))).toBe(true);
});
