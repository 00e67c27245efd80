/** Policy `slack.room: channel`: a channel per incident, people invited, a pointer in #incidents, archived when closed. */
import { afterEach, expect, it } from 'vitest';
import { UpstreamError } from '../../../src/core/errors.js';
import { message } from '../../../src/core/message.js';
import type { Delivery, MessageRef } from '../../../src/core/ports.js';
import { RecordingPager } from '../../fakes/recording-pager.js';
import { deliver, posted, startSlack, type SlackHarness } from './slack-harness.js';

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const policy = 'slack: { room: channel }\nrooms: { closeAfterMinutes: 60 }\n';

function delivery(key: string, attempt = 1, progress?: MessageRef): Delivery & { saved: MessageRef[] } {
  const saved: MessageRef[] = [];
  return { key, attempt, progress, saved, saveProgress: async (ref) => void saved.push(ref) };
}

it('opens a channel of its own, invites the declarer and the on-call, points to it from #incidents, and archives it when closed', async () => {
  h = await startSlack({ policy, app: { pager: new RecordingPager([{ schedule: 'Platform', person: 'Dana', level: 1, email: 'dana@example.com' }, { schedule: 'Platform', person: 'Erin', level: 2, email: 'erin@example.com' }]) } });
  h.fake.emails.set('dana@example.com', 'UDANA');
  h.fake.channels.set('CTAKEN', { id: 'CTAKEN', name: 'inc-1-checkout-returns-502', archived: false, members: new Set() });
  await h.app.service.declare({ title: 'Checkout returns 502', severity: 'SEV2', declaredBy: { id: 'slack:UALICE', name: 'Alice' }, source: 'slack' });
  await deliver(h);
  const created = h.fake.callsOf('conversations.create').map((c) => c.args.name);
  expect(created).toEqual(['inc-1-checkout-returns-502', 'inc-1-checkout-returns-502-2']);
  const room = [...h.fake.channels.values()].find((c) => c.name === 'inc-1-checkout-returns-502-2')!;
  expect(h.fake.callsOf('conversations.invite')[0]!.args).toMatchObject({ channel: room.id, users: 'UALICE,UDANA' }); // the declarer and the first level on call
  const header = posted(h, room.id)[0]!;
  expect(header.text).toContain('INC-1 · Checkout returns 502');
  expect(JSON.stringify(posted(h, 'C_INC')[0]!.blocks)).toContain(`<#${room.id}>`);
  // everything else of the incident goes into its room, not into a thread
  await h.app.interactions.command('note INC-1 rolled back', { actor: { id: 'slack:UALICE', name: 'Alice' }, surface: 'slack' });
  await deliver(h);
  expect(posted(h, room.id).map((m) => m.text)).toEqual([header.text, 'Note: rolled back']);
  expect(h.fake.messages.filter((m) => m.thread_ts)).toEqual([]);
  // a command typed in the room implies its incident
  expect(await h.app.store.outbox.incidentOfThread('slack', room.id)).toBe('INC-1');

  const ref = (await h.app.store.outbox.getMessageRef('slack', 'INC-1', 'thread'))!;
  expect(ref).toEqual({ channelId: room.id, messageId: header.ts });
  await h.app.interactions.command('resolve INC-1 fixed', { actor: { id: 'slack:UALICE', name: 'Alice' }, surface: 'slack' });
  await deliver(h);
  h.app.clock.advance(59 * 60_000);
  await deliver(h);
  expect(room.archived).toBe(false);
  h.app.clock.advance(2 * 60_000); // the policy's rooms.closeAfterMinutes after resolution
  await deliver(h);
  expect(room.archived).toBe(true);
  expect(posted(h, room.id).filter((m) => m.text === 'INC-1 is resolved; this room is archived')).toHaveLength(1);
});

it('resumes a room whose channel was made before a crash instead of making a second one', async () => {
  h = await startSlack({ policy });
  await h.app.service.declare({ title: 'Search is slow', severity: 'SEV3', declaredBy: { id: 'slack:UALICE', name: 'Alice' }, source: 'slack' });
  const d = delivery('fb-1', 1);
  h.fake.failNext(1, { destroy: true }, 'chat.postMessage');
  await expect(h.slack.chat.openThread('INC-1', message('INC-1 · Search is slow'), d)).rejects.toBeInstanceOf(UpstreamError);
  expect(d.saved).toHaveLength(1);
  const again = delivery('fb-1', 2, d.saved[0]);
  const ref = await h.slack.chat.openThread('INC-1', message('INC-1 · Search is slow'), again);
  expect(h.fake.callsOf('conversations.create')).toHaveLength(1);
  expect(ref.channelId).toBe(d.saved[0]!.channelId);
  expect(again.saved.at(-1)).toEqual(ref);
});

it('with replyBroadcast, shows status updates and the resolution of a thread in the channel too, and nothing else', async () => {
  h = await startSlack({ policy: 'slack: { replyBroadcast: true }\n' });
  const alice = { actor: { id: 'slack:UALICE', name: 'Alice' }, surface: 'slack' };
  await h.app.service.declare({ title: 'Checkout returns 502', severity: 'SEV2', declaredBy: alice.actor, source: 'slack' });
  await deliver(h);
  await h.app.interactions.command('note INC-1 rolled back', alice);
  await h.app.interactions.command('update INC-1 Rolled back; errors are falling', alice);
  await h.app.interactions.command('resolve INC-1 fixed', alice);
  await deliver(h);

  const broadcast = h.fake.messages.filter((m) => m.thread_ts && m.reply_broadcast).map((m) => m.text);
  expect(broadcast).toEqual(['Status update on INC-1: Rolled back; errors are falling', expect.stringMatching(/INC-1 resolved after/)]);
});
