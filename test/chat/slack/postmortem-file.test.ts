/** The SEV2 orders incident in Slack: the post-mortem draft goes into the thread as a file, uploaded with files.uploadV2. */
import { afterEach, expect, it } from 'vitest';
import { postmortemMarkdown } from '../../../src/core/postmortem-flow.js';
import { SEV2_START, runSev2 } from '../../fakes/sev2-scenario.js';
import { deliver, posted, slashCommand, startSlack, type SlackHarness } from './slack-harness.js';

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const slackCtx = (name: string, incidentId: string) => ({ actor: { id: `slack:U${name.toUpperCase()}`, name }, surface: 'slack', incidentId });

it('uploads the draft into the incident thread: upload URL, the bytes, then completeUploadExternal with the thread', async () => {
  h = await startSlack();
  h.app.clock.set(Date.parse(SEV2_START));
  const id = await runSev2({ app: h.app, as: slackCtx, owner: '<@UBOB>', between: () => deliver(h!) });
  const header = posted(h, 'C_INC')[0]!;

  await slashCommand(h, `postmortem ${id}`);
  await deliver(h);

  const [reserve] = h.fake.callsOf('files.getUploadURLExternal');
  expect(reserve?.args).toMatchObject({ filename: 'INC-1-postmortem.md' });
  const [complete] = h.fake.callsOf('files.completeUploadExternal');
  expect(complete?.args).toMatchObject({ channel_id: 'C_INC', thread_ts: header.ts });

  const file = [...h.fake.files.values()][0]!;
  expect(file).toMatchObject({ filename: 'INC-1-postmortem.md', completed: true, channel: 'C_INC', thread_ts: header.ts });
  expect(Number(reserve!.args.length)).toBe(Buffer.byteLength(file.content!));
  expect(file.content).toContain('# Post-mortem: INC-1');
  expect(file.content).toContain('**Time to acknowledge:** 2 min');
  expect(file.content).toContain('**Duration:** 30 min (10:30 → 11:00 UTC)');
  expect(file.content).toContain('- [ ] #1 Add a canary stage to payments deploys — owner UBOB, due 2026-03-18');
  expect(file.content).toBe((await postmortemMarkdown(h.app.service, id)).replace(/\n- 11:00 2026-03-04 — postmortem drafted \(Person UALICE\)/, ''));

  // the message with the link came first, the file right after it, both in the thread
  const thread = posted(h, 'C_INC', header.ts);
  const link = thread.findIndex((m) => m.text.startsWith('Post-mortem draft for INC-1'));
  expect(link).toBeGreaterThan(-1);
  expect(thread[link + 1]?.files).toEqual([expect.objectContaining({ name: 'INC-1-postmortem.md' })]);
});

it('uploads once when the upload is retried after an answer got lost', async () => {
  h = await startSlack();
  h.app.clock.set(Date.parse(SEV2_START));
  const id = await runSev2({ app: h.app, as: slackCtx, owner: '<@UBOB>', between: () => deliver(h!) });
  // Slack completes the upload, but the answer is a 500: the row is retried.
  let failed = false;
  h.fake.hooks.push((call) => {
    if (call.method !== 'files.completeUploadExternal' || failed) return undefined;
    failed = true;
    const files = (typeof call.args.files === 'string' ? JSON.parse(call.args.files) : call.args.files) as { id: string }[];
    const stored = h!.fake.files.get(files[0]!.id)!;
    Object.assign(stored, { completed: true, channel: call.args.channel_id, thread_ts: call.args.thread_ts });
    h!.fake.addMessage({ channel: call.args.channel_id, thread_ts: call.args.thread_ts, text: '', user: 'UBOT', bot_id: 'BBOT', files: [{ id: stored.id, name: stored.filename }] });
    return { status: 500, body: { ok: false, error: 'internal_error' } };
  });
  await slashCommand(h, `postmortem ${id}`);
  await deliver(h);
  expect(failed).toBe(true);
  expect([...h.fake.files.values()].filter((f) => f.completed)).toHaveLength(1);
  expect(h.fake.callsOf('chat.postMessage').filter((c) => String(c.args.text).startsWith('Post-mortem draft'))).toHaveLength(1);
});
