/** Socket Mode: `apps.connections.open` through SLACK_API_URL, a local WebSocket, envelopes stored then acknowledged. */
import { afterEach, expect, it } from 'vitest';
import { deliver, postAlert, posted, startSlack, type SlackHarness } from './slack-harness.js';

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

it('connects over Socket Mode, is ready once connected, and acknowledges envelopes after storing them', async () => {
  h = await startSlack({ env: { SLACK_APP_TOKEN: 'xapp-test', SLACK_SIGNING_SECRET: '' } });
  await h.fake.startSocket();
  await postAlert(h, { title: 'Checkout returns 502', dedupKey: 'c1' });
  await deliver(h);
  const header = posted(h, 'C_INC')[0]!;
  expect((await h.app.server.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);

  await h.app.listen();
  await until(() => h!.fake.sockets.length === 1, 'the socket');
  const open = h.fake.callsOf('apps.connections.open');
  expect(open).toHaveLength(1);
  expect(open[0]!.token).toBe('xapp-test');
  await until(async () => (await h!.app.server.inject({ method: 'GET', url: '/readyz' })).statusCode === 200, 'readiness');
  expect((await h.app.server.inject({ method: 'POST', url: '/slack/events', payload: {} })).statusCode).toBe(404);

  const envelope = (id: string, retry = 0) => ({
    envelope_id: id,
    type: 'events_api',
    accepts_response_payload: false,
    retry_attempt: retry,
    retry_reason: retry ? 'timeout' : '',
    payload: {
      type: 'event_callback',
      team_id: 'T1',
      api_app_id: 'A1',
      event_id: 'EvSocket1',
      event_time: 1,
      event: { type: 'app_mention', user: 'UALICE', channel: 'C_INC', thread_ts: header.ts, ts: '1767603700.000100', text: '<@UBOT> note via socket' },
    },
  });
  h.fake.sockets[0]!.send(JSON.stringify(envelope('env-1')));
  await until(() => h!.fake.socketMessages.some((m: any) => m.envelope_id === 'env-1'), 'the ack');
  h.fake.sockets[0]!.send(JSON.stringify(envelope('env-2', 1)));
  await until(() => h!.fake.socketMessages.some((m: any) => m.envelope_id === 'env-2'), 'the second ack');
  await h.slack.whenIdle();
  const notes = (await h.app.store.timeline('INC-1')).filter((e) => e.kind === 'note');
  expect(notes.map((e) => e.text)).toEqual(['via socket']);
});
