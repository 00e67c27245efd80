/**
 * In Chromium: a reply that arrives live while the thread's first page is still on its way stays in
 * the thread once that page lands, though the page was read before the reply existed. (Under load,
 * a declared incident's first reply often comes this way.)
 */
import type { Browser, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fakes/test-app.js';
import { launchChromium, openConsole, reply, type ConsolePage } from './helpers.js';

const actor = { id: 'web:dana-kim', name: 'Dana Kim' };

describe('the console thread and the live feed', () => {
  let app: TestApp;
  let url: string;
  let browser: Browser;
  let dana: ConsolePage;

  beforeAll(async () => {
    // The outbox delivers only when the test ticks the scheduler: it decides when a reply exists.
    app = await createTestApp({ env: { LOG_LEVEL: 'warn' }, app: { autoSchedule: false } });
    url = await app.listen();
    browser = await launchChromium();
    await app.service.declare({ title: 'Orders failing', severity: 'SEV2', declaredBy: actor, source: 'web' });
    await app.scheduler.tick();
    dana = await openConsole(browser, url, 'Dana Kim');
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('keeps a reply that came live while the first page of the thread was loading', async () => {
    const { page } = dana;
    await page.locator('#incident-list a', { hasText: 'INC-1' }).waitFor();

    // The thread's first page is read now (no replies yet) and handed to the page only when released.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held!: () => void;
    const holding = new Promise<void>((resolve) => (held = resolve));
    let first = true;
    await page.route(/\/console\/api\/messages\?.*thread=/, async (route: Route) => {
      // Only the first page; older pages (`before=`) and later reloads go straight through.
      if (!first || route.request().url().includes('before=')) return route.continue();
      first = false;
      const response = await route.fetch();
      held();
      await released;
      await route.fulfill({ response });
    });
    await page.locator('#incident-list a', { hasText: 'INC-1' }).click();
    await holding;

    await app.interactions.command('note rolled back payments to 2.13', { actor, surface: 'web', incidentId: 'INC-1' });
    await app.scheduler.tick();
    await reply(page, 'rolled back payments to 2.13').waitFor();

    const landed = page.waitForResponse(/\/console\/api\/messages\?.*thread=/);
    release();
    await landed;
    // A second live reply, so the first page has long been rendered when it shows.
    await app.interactions.command('note error rate back to normal', { actor, surface: 'web', incidentId: 'INC-1' });
    await app.scheduler.tick();
    await reply(page, 'error rate back to normal').waitFor();
    expect(await reply(page, 'rolled back payments to 2.13').count()).toBe(1);
    expect(dana.problems).toEqual([]);
  });
});
