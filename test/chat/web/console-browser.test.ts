import { mkdir } from 'node:fs/promises';
import type { Socket } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION, MODAL } from '../../../src/core/actions.js';
import { ConflictError } from '../../../src/core/errors.js';
import { message } from '../../../src/core/message.js';
import type { MessageRef } from '../../../src/core/ports.js';
import { header, statusMessage, threadReplies, updateModal, type SampleIncident } from './console-fixtures.js';
import { startConsoleServer, type ConsoleServer } from './console-server.js';
import { launchChromium } from '../../fakes/chromium.js';


const INCIDENTS: SampleIncident[] = [
  { id: 'INC-12', seq: 12, title: 'Checkout error rate above 15%', severity: 'SEV1', status: 'identified' },
  { id: 'INC-11', seq: 11, title: 'Search latency p99 > 2s', severity: 'SEV3', status: 'investigating' },
  { id: 'INC-10', seq: 10, title: 'Login emails delayed', severity: 'SEV2', status: 'monitoring' },
  { id: 'INC-9', seq: 9, title: 'CDN cache purge failing', severity: 'SEV4', status: 'resolved' },
];

describe('web console in Chromium', () => {
  let s: ConsoleServer;
  let browser: Browser;
  let page: Page;
  const roots = new Map<string, MessageRef>();
  const problems: string[] = [];
  const streamSockets: Socket[] = [];

  beforeAll(async () => {
    s = await startConsoleServer({
      setup: (app) => {
        // Stands in for the lead's scripting API that feeds the sidebar.
        app.get('/api/incidents', async () => INCIDENTS);
        app.addHook('onRequest', async (request) => {
          if (request.url === '/console/api/events') streamSockets.push(request.raw.socket);
        });
      },
    });
    await seed();
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    page = await context.newPage();
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      // The browser logs the 409 the error test provokes on purpose; anything else is a problem.
      if (msg.type() === 'error' && !msg.text().includes('status of 409')) problems.push(`console: ${msg.text()}`);
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(s.url)) problems.push(`external request: ${request.url()}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await s?.app.close();
  });

  /** Today's incidents, a little before "now", so the times in the screenshot look real. */
  async function seed() {
    const base = new Date();
    base.setHours(9, 12, 0, 0);
    s.clock.now = base.getTime();
    const tick = (minutes: number) => (s.clock.now += minutes * 60_000);
    for (const incident of [...INCIDENTS].reverse()) {
      tick(7);
      roots.set(incident.id, await s.chat.openThread(incident.id, header(incident)));
      if (incident.status === 'resolved') await s.chat.post({ channel: 'status' }, statusMessage(incident, 'Resolved. Purges work again.'));
    }
    const main = INCIDENTS[0]!;
    for (const reply of threadReplies(main)) {
      tick(3);
      await s.chat.post({ thread: roots.get(main.id)! }, reply);
    }
    await s.chat.update(roots.get(main.id)!, header(main, '<@web:dana-kim|Dana Kim>'));
    tick(1);
    await s.chat.post({ channel: 'status' }, statusMessage(main, 'Rolled back; error rate falling. Next update in 30 min.'));
  }

  it('asks for a display name and keeps it in a cookie', async () => {
    await page.goto(s.url);
    const dialog = page.getByRole('dialog', { name: 'Welcome to Firebreak' });
    await dialog.getByLabel('Display name').fill('Alice Martin');
    await dialog.getByRole('button', { name: 'Continue' }).click();

    await page.locator('.me-name', { hasText: 'Alice Martin' }).waitFor();
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'fb_name')).toMatchObject({ value: 'Alice%20Martin', sameSite: 'Strict' });
  });

  it('shows the channel and the incident list, and goes live', async () => {
    await page.locator('#live[data-state="live"]').waitFor();
    await page.locator('#channel-messages .msg[data-id]').nth(3).waitFor();

    expect(await page.locator('#incident-list .inc-id').allTextContents()).toEqual(['INC-12', 'INC-11', 'INC-10', 'INC-9']);
    expect(await page.locator('#channel-messages .msg').first().textContent()).toContain('INC-9 · CDN cache purge failing');
    expect(await page.locator(`[data-id="${roots.get('INC-12')!.messageId}"] .msg-edited`).textContent()).toBe('(edited)');
  });

  it('shows a message posted through WebChat live', async () => {
    s.clock.now += 60_000;
    await s.chat.post({ channel: 'incidents' }, message('Firebreak is watching **3** alert sources'));

    await page.locator('#channel-messages .msg', { hasText: 'Firebreak is watching 3 alert sources' }).waitFor();
    expect(await page.locator('#channel-messages strong', { hasText: '3' }).count()).toBe(1);
  });

  it('opens a thread and sends a click with the actor from the cookie', async () => {
    await page.locator('#incident-list a', { hasText: 'INC-12' }).click();
    await page.locator('#thread-messages .msg', { hasText: 'Roll back the last deploy' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/incidents/INC-12');

    await page.locator('#thread-messages').getByRole('button', { name: 'Done' }).click();

    await expect.poll(() => s.interactions.calls.length).toBe(1);
    expect(s.interactions.calls[0]).toEqual({
      kind: 'action',
      actionId: ACTION.runbookStep,
      value: 'INC-12:checkout-errors:2:done',
      ctx: { actor: { id: 'web:alice-martin', name: 'Alice Martin' }, surface: 'web', incidentId: 'INC-12' },
    });
  });

  it('opens the modal the core returns and submits it', async () => {
    s.interactions.respond = (call) =>
      call.kind === 'action' ? { modal: updateModal('INC-12') } : { message: message('Update posted to the thread and #status') };

    await page.locator('#thread-root').getByRole('button', { name: 'Post update' }).click();
    const dialog = page.getByRole('dialog', { name: 'Post a status update' });
    await dialog.getByLabel('What do users see').fill('Error rate back to normal; monitoring.');
    await dialog.getByLabel('Status').selectOption('monitoring');
    await dialog.getByRole('button', { name: 'Post update' }).click();

    await dialog.waitFor({ state: 'detached' });
    expect(s.interactions.calls.at(-1)).toEqual({
      kind: 'submit',
      modalId: MODAL.update,
      privateValue: 'INC-12',
      values: { text: 'Error rate back to normal; monitoring.', status: 'monitoring' },
      ctx: { actor: { id: 'web:alice-martin', name: 'Alice Martin' }, surface: 'web' },
    });
    await page.locator('#thread-notices .notice', { hasText: 'Update posted to the thread' }).waitFor();
  });

  it('sends a typed /incident command from the thread box and shows the private reply', async () => {
    s.interactions.respond = () => ({ message: message('**INC-12** is now SEV2 (was SEV1).') });
    await page.locator('#thread-notices .notice-close').first().click();

    const box = page.locator('#thread-input');
    await box.fill('/incident sev 2');
    await box.press('Enter');

    await page.locator('#thread-notices .notice', { hasText: 'is now SEV2' }).waitFor();
    expect(s.interactions.calls.at(-1)).toMatchObject({ kind: 'command', text: 'sev 2', ctx: { incidentId: 'INC-12' } });
    expect(await page.locator('#thread-notices .notice').textContent()).toContain('Only visible to you');
    expect(await box.inputValue()).toBe('');
    await box.press('ArrowUp');
    expect(await box.inputValue()).toBe('/incident sev 2');
    await box.fill('');
  });

  it('renders a clean screenshot of the staged console', async () => {
    s.interactions.respond = () => ({});
    await page.locator('#thread-notices .notice-close').first().click();
    await page.mouse.move(0, 0);
    await page.locator('#thread-input').blur();
    await mkdir('.tmp', { recursive: true });

    // For a human look; the README's docs/console.png comes from the whole app (test/browser/readme-screenshot.test.ts).
    await page.screenshot({ path: '.tmp/console-fixture.png' });

    expect(problems).toEqual([]);
  });

  it('asks before a danger button and sends a select change', async () => {
    const before = s.interactions.calls.length;
    const root = page.locator('#thread-root');

    await root.getByRole('button', { name: 'Resolve' }).click();
    const confirm = page.getByRole('dialog', { name: 'Resolve this incident?' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(s.interactions.calls.length).toBe(before);

    await root.getByRole('button', { name: 'Resolve' }).click();
    await confirm.getByRole('button', { name: 'Resolve' }).click();
    await root.getByRole('combobox', { name: 'Set severity' }).selectOption('INC-12:SEV2');

    await expect.poll(() => s.interactions.calls.length).toBe(before + 2);
    expect(s.interactions.calls.slice(before).map((c) => c.kind === 'action' && [c.actionId, c.value, c.ctx.incidentId])).toEqual([
      [ACTION.resolveNow, 'INC-12', 'INC-12'],
      [ACTION.setSeverity, 'INC-12:SEV2', 'INC-12'],
    ]);
  });

  it('shows an error from the core as a private notice', async () => {
    s.interactions.respond = () => {
      throw new ConflictError('INC-12 is already resolved');
    };

    await page.locator('#thread-input').fill('/incident resolve');
    await page.locator('#thread-input').press('Enter');

    await page.locator('#thread-notices .notice-error', { hasText: 'INC-12 is already resolved' }).waitFor();
    s.interactions.respond = () => ({});
    await page.locator('#thread-notices .notice-close').click();
  });

  it('switches to #status, and marks it unread when a broadcast arrives elsewhere', async () => {
    await page.locator('#channel-list a', { hasText: 'status' }).click();
    await page.locator('#channel-messages .msg', { hasText: 'Rolled back; error rate falling' }).waitFor();
    expect(await page.locator('#channel-title').textContent()).toBe('# status');
    expect(await page.locator('#thread-pane').isVisible()).toBe(false);

    await page.locator('#channel-list a', { hasText: 'incidents' }).click();
    await s.chat.post({ channel: 'status' }, message('INC-11: search is fast again'));

    await page.locator('#channel-list a.unread', { hasText: 'status' }).waitFor();
  });

  it('sends a test alert from the sidebar', async () => {
    await page.getByRole('button', { name: 'Send test alert' }).click();

    await page.locator('.toast', { hasText: 'Test alert accepted → INC-9' }).waitFor();
    expect(s.testAlerts).toBe(1);
  });

  it('reconnects the live feed and catches up on what it missed', async () => {
    for (const socket of streamSockets.splice(0)) socket.destroy();
    await page.locator('#live[data-state="reconnecting"]').waitFor();
    await s.chat.post({ channel: 'incidents' }, message('Posted while the page was offline'));

    await page.locator('#live[data-state="live"]').waitFor({ timeout: 15_000 });
    await page.locator('#channel-messages .msg', { hasText: 'Posted while the page was offline' }).waitFor();
    // The browser reports the stream we cut on purpose.
    const cut = problems.findIndex((p) => p.includes('ERR_INCOMPLETE_CHUNKED_ENCODING'));
    if (cut >= 0) problems.splice(cut, 1);
  });

  it('renders markup as text and elements, never as HTML', async () => {
    await s.chat.post(
      { channel: 'incidents' },
      message(`<img src=x onerror="window.pwned=1"> **Bold** _it_ \`code\` <@web:bob|Bob> [INC-11](${s.url}/incidents/INC-11) [docs](https://example.com/a)`),
    );
    const msg = page.locator('#channel-messages .msg', { hasText: 'onerror' });
    await msg.waitFor();

    expect(await msg.locator('img:not(.avatar)').count()).toBe(0);
    expect(await msg.locator('strong').textContent()).toBe('Bold');
    expect(await msg.locator('em').textContent()).toBe('it');
    expect(await msg.locator('code').textContent()).toBe('code');
    expect(await msg.locator('.mention').textContent()).toBe('@Bob');
    const external = msg.locator('a', { hasText: 'docs' });
    expect(await external.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await external.getAttribute('target')).toBe('_blank');
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();

    await msg.locator('a', { hasText: 'INC-11' }).click();
    await page.locator('#thread-topic', { hasText: 'INC-11' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/incidents/INC-11');
  });

  it('fits a phone screen: the thread replaces the channel, with a back button', async () => {
    await page.goto(`${s.url}/incidents/INC-12`);
    await page.locator('#thread-messages .msg').first().waitFor();
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: '.tmp/console-phone-thread.png' }); // for a human look; .tmp/ is git-ignored
    expect(await page.locator('#main-pane').isVisible()).toBe(false);

    await page.getByRole('button', { name: 'Back to the channel' }).click();

    await page.locator('#main-pane').waitFor({ state: 'visible' });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: '.tmp/console-phone.png' }); // for a human look; .tmp/ is git-ignored
    expect(await page.locator('#sidebar').isVisible()).toBe(false);

    await page.getByRole('button', { name: 'Open sidebar' }).click();
    await page.locator('#incident-list a', { hasText: 'INC-10' }).click();

    await page.locator('#thread-topic', { hasText: 'INC-10' }).waitFor();
    expect(await page.locator('#sidebar').isVisible()).toBe(false);
    expect(problems).toEqual([]);
  });
});
