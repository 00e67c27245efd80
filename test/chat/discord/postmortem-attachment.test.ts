/** The SEV2 orders incident in Discord: the post-mortem draft is a file attached to the message in the incident thread. */
import { afterEach, expect, it } from 'vitest';
import { SEV2_START, runSev2 } from '../../fakes/sev2-scenario.js';
import { deliver, startDiscordApp, type DiscordTestApp } from './discord-app.js';

let t: DiscordTestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const discordCtx = (name: string, incidentId: string) => ({ actor: { id: `discord:${name.toLowerCase()}`, name }, surface: 'discord', incidentId });

it('posts the draft as a multipart attachment, with the nonce that keeps a re-post from doubling it', async () => {
  t = await startDiscordApp({ listen: false });
  const { app, fake } = t;
  app.clock.set(Date.parse(SEV2_START));
  const id = await runSev2({ app, as: discordCtx, owner: '<@1100000000000000101>', between: () => deliver(app) });
  await app.interactions.command('postmortem', discordCtx('Ann', id));
  await deliver(app);

  const thread = [...fake.threads.values()][0]!;
  const draft = fake.messagesIn(thread.id).find((m) => m.attachments?.length);
  expect(draft?.content).toContain('Post-mortem draft');
  expect(draft!.attachments).toEqual([
    expect.objectContaining({ filename: 'INC-1-postmortem.md', content_type: 'text/markdown; charset=utf-8' }),
  ]);
  const body = draft!.attachments![0]!.content;
  expect(body).toContain('# Post-mortem: INC-1');
  expect(body).toContain('**Time to acknowledge:** 2 min (at 2026-03-04 10:32 UTC by Alice)');
  expect(body).toContain('## Runbook log');
  expect(body).toContain('- 10:42 UTC, Alice: Rollback to payments 2.13 done at 10:42; error rate falling.');
  expect(draft!.attachments![0]!.size).toBe(Buffer.byteLength(body));

  const call = fake.calls.find((c) => c.files?.length);
  expect(call?.body).toMatchObject({ attachments: [{ id: 0, filename: 'INC-1-postmortem.md' }], enforce_nonce: true, nonce: expect.any(String) });
  expect(call!.files![0]).toMatchObject({ field: 'files[0]', filename: 'INC-1-postmortem.md' });
});
