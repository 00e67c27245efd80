/**
 * The console answers every click and stays calm: a compact #incidents with ten incidents at
 * 1280×800 and at phone width (screenshots in `.tmp/`), the full header in the thread, the runbook
 * picker closing once used, `declare` opening its thread, "Post-mortem draft" showing the draft.
 */
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../fakes/test-app.js';
import { PHONE, header, headerField, launchChromium, openConsole, reply, runCommand, startLiveApp, type ConsolePage } from './helpers.js';

const actor = { id: 'web:dana-kim', name: 'Dana Kim' };
const TITLES = ['Checkout returns 502', 'Search latency p99 > 2 s', 'Login emails delayed', 'Payments webhook backlog', 'CDN errors in eu-west', 'Cache evictions spiking', 'Mobile push failing', 'Reports export stuck', 'Inventory sync lagging', 'Status page unreachable'];

describe('console feedback and the compact #incidents', () => {
  let app: TestApp;
  let url: string;
  let browser: Browser;
  let alice: ConsolePage;
  let page: Page;

  beforeAll(async () => {
    ({ app, url } = await startLiveApp());
    browser = await launchChromium();
    await mkdir('.tmp', { recursive: true });
    for (const [i, title] of TITLES.entries()) {
      const incident = await app.service.declare({ title, severity: ['SEV1', 'SEV2', 'SEV3', null][i % 4]!, declaredBy: actor, source: 'web' });
      if (i % 3 === 0) await app.interactions.command('ack', { actor, surface: 'web', incidentId: incident.id });
    }
    alice = await openConsole(browser, url, 'Alice Martin');
    page = alice.page;
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('lists ten incidents compactly at 1280×800: one line, one action, the rest behind More', async () => {
    const roots = page.locator('#channel-messages .msg.root');
    await expect.poll(() => roots.count()).toBe(10);
    await page.locator('#channel-messages .msg.root', { hasText: 'Status page unreachable' }).waitFor();
    for (const root of await roots.all()) {
      expect(await root.locator('.blk-fields').isVisible()).toBe(false);
      expect(await root.locator('.compact-header > .blk-actions > .btn:visible, .compact-header > .blk-actions > button:visible').count()).toBeLessThanOrEqual(1);
      expect(await root.locator('select:visible').count()).toBe(0);
      await root.locator('summary', { hasText: 'More' }).waitFor();
    }
    const first = page.locator('#channel-messages .msg.root', { hasText: 'INC-1 · Checkout returns 502' });
    expect(await first.locator('.blk-context').first().textContent()).toBe('SEV1 · Investigating · commander @Dana Kim');
    await page.screenshot({ path: '.tmp/incidents-compact.png' });

    await first.locator('summary', { hasText: 'More' }).click();
    expect(await first.locator('select:visible').count()).toBeGreaterThan(0);
    await first.locator('summary', { hasText: 'More' }).click();
  });

  it('shows the full header in the thread', async () => {
    await page.locator('#channel-messages .msg.root', { hasText: 'INC-1 · Checkout returns 502' }).getByRole('button', { name: 'View thread' }).click();
    await page.locator('#thread-topic', { hasText: 'INC-1' }).waitFor();
    expect(await headerField(page, 'Severity').textContent()).toContain('SEV1');
    expect(await header(page).locator('select').count()).toBeGreaterThan(0);
  });

  it('closes the runbook picker once a runbook is picked, and the thread says which', async () => {
    await runCommand(page, 'thread', '/incident runbook');
    const picker = page.locator('#thread-notices .notice', { hasText: 'Which runbook' });
    await picker.locator('select').selectOption({ label: 'Cache (Redis) down or refusing writes' });
    await picker.waitFor({ state: 'detached' });
    await reply(page, 'attached runbook Cache (Redis) down or refusing writes').waitFor();
  });

  it('"Post-mortem draft" takes the reader to the draft', async () => {
    await app.interactions.command('resolve rolled back', { actor, surface: 'web', incidentId: 'INC-1' });
    await header(page).getByRole('button', { name: 'Post-mortem draft' }).click();
    const draft = reply(page, 'Post-mortem draft for INC-1');
    await draft.waitFor();
    await expect.poll(() => draft.evaluate((el) => el.classList.contains('msg-highlight'))).toBe(true);
    await expect.poll(() => draft.isVisible()).toBe(true);
  });

  it('declare opens the new incident’s thread', async () => {
    await page.goto(url);
    await runCommand(page, 'channel', '/incident declare Queue consumers stalled');
    const modal = page.getByRole('dialog', { name: 'Declare an incident' });
    await modal.getByRole('button', { name: 'Declare' }).click();
    await page.locator('#thread-topic', { hasText: 'INC-11' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/incidents/INC-11');
  });

  it('stays calm at phone width', async () => {
    const phone = await openConsole(browser, url, 'Bob', { viewport: PHONE, isMobile: true, hasTouch: true });
    await phone.page.locator('#channel-messages .msg.root', { hasText: 'Status page unreachable' }).waitFor();
    const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
    await phone.page.screenshot({ path: '.tmp/incidents-compact-phone.png' });
    expect([...alice.problems, ...phone.problems]).toEqual([]);
  });
});
