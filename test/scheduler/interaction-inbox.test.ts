/** Two-phase interactions: stored before the ack, run once, finished after a crash. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/interactions.js';
import type { ChatResponder, InboxEntry, StoredInboxEntry } from '../../src/core/ports.js';
import { createTestApp, person, type TestApp } from '../fakes/test-app.js';

class RecordingResponder implements ChatResponder {
  readonly answers: { replyTo: unknown; text: string | undefined }[] = [];
  constructor(readonly surface = 'test') {}
  async respond(replyTo: unknown, reply: Reply, _entry: StoredInboxEntry): Promise<void> {
    this.answers.push({ replyTo, text: reply.message?.text });
  }
}

let apps: TestApp[] = [];
afterEach(async () => {
  for (const app of apps) await app.close();
  apps = [];
});

async function start(dir?: string) {
  const app = await createTestApp(dir ? { dir } : {});
  apps.push(app);
  const responder = new RecordingResponder();
  app.inbox.register(responder);
  return { app, responder };
}

function entry(app: TestApp, deliveryId: string, text: string, incidentId = 'INC-1'): InboxEntry {
  return {
    surface: 'test',
    deliveryId,
    inbound: { kind: 'command', text },
    ctx: { actor: person('Alice', 'test'), surface: 'test', incidentId },
    replyTo: { user: 'U1', channel: 'C1' },
    receivedAt: app.clock.now(),
  };
}

const notes = async (app: TestApp) => (await app.store.timeline('INC-1')).filter((e) => e.kind === 'note').map((e) => e.text);

describe('the interaction inbox', () => {
  it('stores an interaction before acknowledging the platform, then runs it and answers the person', async () => {
    const { app, responder } = await start();
    await app.service.declare({ title: 'Checkout down', severity: 'SEV2', declaredBy: person('Alice'), source: 'test' });
    let storedAtAck: number | undefined;
    const { duplicate, done } = await app.inbox.receive(entry(app, 'E1', 'note rolled back'), async () => {
      storedAtAck = (await app.store.db.selectFrom('inbox').select('id').where('delivery_id', '=', 'E1').execute()).length;
      expect(await notes(app)).toEqual([]); // acknowledged before it ran
    });
    await done;

    expect(duplicate).toBe(false);
    expect(storedAtAck).toBe(1);
    expect(await notes(app)).toEqual(['rolled back']);
    expect(responder.answers).toEqual([{ replyTo: { user: 'U1', channel: 'C1' }, text: 'Note added to the timeline.' }]);
  });

  it('runs a retried or duplicated delivery once, by its delivery id', async () => {
    const { app, responder } = await start();
    await app.service.declare({ title: 'Checkout down', severity: 'SEV2', declaredBy: person('Alice'), source: 'test' });
    const first = await app.inbox.receive(entry(app, 'E1', 'note once'), async () => {});
    const again = await app.inbox.receive(entry(app, 'E1', 'note once'), async () => {});
    await Promise.all([first.done, again.done]);

    expect([first.duplicate, again.duplicate]).toEqual([false, true]);
    expect(await notes(app)).toEqual(['once']);
    expect(responder.answers).toHaveLength(1);
  });

  it('finishes an interaction that was acknowledged when the process died, after a restart', async () => {
    const first = await start();
    await first.app.service.declare({ title: 'Checkout down', severity: 'SEV2', declaredBy: person('Alice'), source: 'test' });
    // Stored and acknowledged; the process dies before it runs.
    await first.app.store.inbox.acceptInteraction(entry(first.app, 'E1', 'note after the crash'));
    await first.app.stop();
    apps = [];

    const second = await start(first.app.dir);
    await second.app.scheduler.tick();

    expect(await notes(second.app)).toEqual(['after the crash']);
    expect(second.responder.answers.map((a) => a.text)).toEqual(['Note added to the timeline.']);
  });

  it('does not change the incident twice when it ran but was not marked finished', async () => {
    const { app, responder } = await start();
    await app.service.declare({ title: 'Checkout down', severity: 'SEV2', declaredBy: person('Alice'), source: 'test' });
    const complete = app.store.inbox.completeInteraction.bind(app.store.inbox);
    let crashed = false;
    app.store.inbox.completeInteraction = async (id, at) => {
      if (!crashed) {
        crashed = true;
        throw new Error('process killed');
      }
      return complete(id, at);
    };
    const { done } = await app.inbox.receive(entry(app, 'E1', 'note exactly once'), async () => {});
    await done;
    expect(app.logs.some((l) => l.msg === 'interaction left unfinished')).toBe(true);
    app.clock.advance(31_000); // its lease ends; recovery takes it up
    await app.scheduler.tick();

    expect(await notes(app)).toEqual(['exactly once']);
    expect(responder.answers).toHaveLength(1);
    expect(await app.store.inbox.strandedInteractions(app.clock.now(), 10)).toEqual([]);
  });

  it('answers a refused interaction with the reason, privately, and changes nothing', async () => {
    const { app, responder } = await start();
    const { done } = await app.inbox.receive({ ...entry(app, 'E1', 'sev 2'), ctx: { actor: person('Alice', 'test'), surface: 'test' } }, async () => {});
    await done;

    expect(responder.answers.map((a) => a.text)).toEqual([expect.stringMatching(/^⚠️ Which incident\? Run sev inside the incident's thread, or name it/)]);
    expect(await app.store.listIncidents()).toEqual([]);
  });
});

describe('evidence', () => {
  it('keeps a thread message on the timeline with its author, time and link', async () => {
    const { app, responder } = await start();
    await app.service.declare({ title: 'Checkout down', severity: 'SEV2', declaredBy: person('Alice'), source: 'test' });
    const postedAt = app.clock.now() - 60_000;
    const evidence = { author: person('Bob', 'test'), text: 'p99 went from 80 ms to 4 s at 10:31', postedAt, link: 'https://chat.example/p/1' };
    const { done } = await app.inbox.receive({ ...entry(app, 'E1', ''), inbound: { kind: 'evidence', evidence } }, async () => {});
    await done;

    const kept = (await app.store.timeline('INC-1')).filter((e) => e.kind === 'evidence');
    expect(kept).toEqual([expect.objectContaining({ text: evidence.text, actor: person('Alice', 'test'), data: { author: evidence.author, postedAt, link: evidence.link } })]);
    expect(responder.answers.map((a) => a.text)).toEqual(['Added to the timeline of INC-1.']);
  });
});

describe('forms that open at once', () => {
  it('names the form of declare, update and resolve without text, and of the form buttons, without touching the store', async () => {
    const { app } = await start();
    const c = { actor: person('Alice', 'test'), surface: 'test', incidentId: 'INC-9' };
    const modal = (inbound: Parameters<TestApp['interactions']['modalFor']>[0]) => app.interactions.modalFor(inbound, c)?.id;

    expect(modal({ kind: 'command', text: 'declare Checkout down' })).toBe('fb.modal.declare');
    expect(modal({ kind: 'command', text: 'update' })).toBe('fb.modal.update');
    expect(modal({ kind: 'command', text: 'resolve' })).toBe('fb.modal.resolve');
    expect(modal({ kind: 'command', text: 'resolve rolled back' })).toBeUndefined();
    expect(modal({ kind: 'command', text: 'note hi' })).toBeUndefined();
    expect(modal({ kind: 'command', text: 'nonsense' })).toBeUndefined();
    expect(modal({ kind: 'action', actionId: 'fb.update.open', value: 'INC-9' })).toBe('fb.modal.update');
    expect(modal({ kind: 'action', actionId: 'fb.ack', value: 'INC-9' })).toBeUndefined();
    expect(await app.store.listIncidents()).toEqual([]);
  });
});
