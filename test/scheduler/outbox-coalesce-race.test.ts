import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.js';
import type { OutboxStore } from '../../src/core/ports.js';
import { OutboxSender } from '../../src/scheduler/outbox-sender.js';
import { createTestApp, type TestApp } from '../fakes/test-app.js';
import { amGroup, post, threadMessages, visibleText } from '../http/helpers.js';

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => {
  await app.close();
});

const notify = (count: number) =>
  post(app, 'alertmanager', amGroup('Racy', Array.from({ length: count }, (_, k) => ({ fingerprint: `r${k}` }))));

/** The store as a sender sees it, with `beforeLease` run between reading the pending rows and leasing one. */
function storeWithGap(beforeLease: () => Promise<void>): OutboxStore {
  let done = false;
  return new Proxy(app.store.outbox, {
    get(target, prop) {
      if (prop === 'leaseOutbox') {
        return async (...args: Parameters<OutboxStore['leaseOutbox']>) => {
          if (!done) {
            done = true;
            await beforeLease();
          }
          return target.leaseOutbox(...args);
        };
      }
      const value = Reflect.get(target, prop) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('coalescing edits while a sender is delivering', () => {
  it('an edit coalesced into a row the sender has already read is not lost', async () => {
    await notify(1);
    await app.scheduler.tick();
    expect((await notify(2)).statusCode).toBe(202); // queues an edit of the alerts message

    // a sender reads the queued edit; before it leases the row, a third alert arrives and is coalesced into it
    const sender = new OutboxSender({ store: storeWithGap(async () => void (await notify(3))), chats: [app.webChat], clock: app.clock, log: silentLogger });
    await sender.drain();
    await app.scheduler.tick();

    const texts = (await threadMessages(app, 'INC-1')).map((m) => visibleText(m.message));
    expect(texts[0]).toContain('3 of 3 alerts firing');
    expect(texts.find((t) => t.includes('**Alerts**'))).toContain('3 firing, 0 resolved');
  });
});
