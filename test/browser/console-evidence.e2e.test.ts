/**
 * In Chromium: "Add to timeline" under a thread message keeps it on the timeline, the post-mortem
 * draft arrives as a downloadable file, and the sidebar leads to the metrics and follow-ups pages.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../fakes/test-app.js';
import { launchChromium, openConsole, reply, runCommand, startLiveApp, type ConsolePage } from './helpers.js';

const actor = { id: 'web:dana-kim', name: 'Dana Kim' };

describe('evidence, the post-mortem file and the report pages in the console', () => {
  let app: TestApp;
  let url: string;
  let browser: Browser;
  let alice: ConsolePage;

  beforeAll(async () => {
    ({ app, url } = await startLiveApp());
    browser = await launchChromium();
    await app.service.declare({ title: 'Orders failing', severity: 'SEV2', declaredBy: actor, source: 'web' });
    await app.interactions.command('note rolled back payments to 2.13', { actor, surface: 'web', incidentId: 'INC-1' });
    alice = await openConsole(browser, `${url}/incidents/INC-1`, 'Alice Martin');
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('keeps a thread message on the timeline with "Add to timeline"', async () => {
    const { page } = alice;
    const note = reply(page, 'rolled back payments to 2.13');
    await note.hover();
    await note.getByRole('button', { name: 'Add to timeline' }).click();
    await page.locator('.toast', { hasText: 'Added to the timeline' }).waitFor();
    await expect.poll(async () => (await app.store.timeline('INC-1')).filter((e) => e.kind === 'evidence').map((e) => e.actor.name)).toEqual(['Alice Martin']);
    await reply(page, 'added a message by Firebreak to the timeline').waitFor();
  });

  it('offers the post-mortem draft as a file to download', async () => {
    const { page } = alice;
    await runCommand(page, 'thread', '/incident postmortem');
    const file = page.locator('#thread-messages a.msg-file', { hasText: 'INC-1-postmortem.md' });
    await file.waitFor();
    const href = await file.getAttribute('href');
    expect(href).toMatch(/^\/console\/api\/messages\/\d+\/attachment$/);
    const res = await page.request.get(`${url}${href}`);
    expect(res.status()).toBe(200);
    expect(await res.text()).toContain('# Post-mortem: INC-1 — Orders failing');
    expect(res.headers()['content-disposition']).toBe('attachment; filename="INC-1-postmortem.md"');
  });

  it('links the full timeline from the thread, with the message kept on it', async () => {
    const { page } = alice;
    const link = page.getByRole('link', { name: 'Full timeline' });
    expect(await link.getAttribute('href')).toBe('/incidents/INC-1/timeline');
    await link.click();
    await page.getByRole('heading', { name: 'Timeline of INC-1' }).waitFor();
    await page.locator('ol.timeline li', { hasText: 'kept a message by Firebreak' }).waitFor();
    await page.goBack();
    await page.locator('#thread-topic', { hasText: 'INC-1' }).waitFor();
  });

  it('leads from the sidebar to the metrics page and the open follow-ups', async () => {
    const { page } = alice;
    await page.getByRole('link', { name: 'Metrics' }).click();
    await page.getByRole('heading', { name: 'Metrics' }).waitFor();
    expect(await page.locator('svg[role="img"]').count()).toBe(2);
    await page.getByRole('link', { name: 'Follow-ups' }).click();
    await page.getByRole('heading', { name: 'Open follow-ups' }).waitFor();
    expect(alice.problems).toEqual([]);
  });
});
