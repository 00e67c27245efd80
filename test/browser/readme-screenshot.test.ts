import { copyFile, mkdir, readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODAL } from '../../src/core/actions.js';
import type { InteractionContext } from '../../src/core/interactions.js';
import { FIXTURES, type TestApp } from '../fakes/test-app.js';
import { PHONE, ShiftedClock, header, headerField, launchChromium, openConsole, reply, runCommand, startLiveApp, type ConsolePage } from './helpers.js';

/**
 * Stages a night on call in the real app and photographs the console: `.tmp/console*.png` on every
 * run; `UPDATE_SCREENSHOTS=1 npx vitest run test/browser` also refreshes the README's `docs/`.
 */
const DOCS = process.env.UPDATE_SCREENSHOTS === '1';

/** 01:12 UTC of the last night that is over by now, so every time on screen is in the past. */
function lastNight(): number {
  const at = new Date();
  at.setUTCHours(1, 12, 0, 0);
  if (at.getTime() > Date.now() - 90 * 60_000) at.setUTCDate(at.getUTCDate() - 1);
  return at.getTime();
}

const dana: InteractionContext = { actor: { id: 'web:dana-kim', name: 'Dana Kim' }, surface: 'web' };
const inThread = (ctx: InteractionContext, incidentId: string): InteractionContext => ({ ...ctx, incidentId });

describe('the README screenshots, from the real app', () => {
  const clock = new ShiftedClock(lastNight());
  let app: TestApp;
  let url: string;
  let browser: Browser;
  let alice: ConsolePage;
  let page: Page;

  beforeAll(async () => {
    ({ app, url } = await startLiveApp(clock));
    browser = await launchChromium();
    await mkdir('.tmp', { recursive: true });
  });

  /** Lets `minutes` pass once every message so far has reached the console (their times are delivery times). */
  async function later(minutes: number) {
    await expect.poll(() => app.store.outbox.nextOutboxDueAt()).toBeUndefined();
    clock.jump(minutes);
  }

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('stages the night: a resolved incident, the test alert, an Alertmanager storm', async () => {
    alice = await openConsole(browser, url, 'Alice Martin');
    page = alice.page;

    // 01:12 Dana declares and works a small incident from her own console.
    await app.interactions.submit(MODAL.declare, '', { title: 'Password reset emails delayed', severity: 'SEV3', description: 'Reset emails arrive 20+ minutes late.' }, dana);
    await later(3);
    await app.interactions.command('ack', inThread(dana, 'INC-1'));
    await later(21);
    await app.interactions.command('resolve Mail provider throttled us; the queue drained after a limit raise.', inThread(dana, 'INC-1'));

    // 01:52 Alice tries the alert flow from the sidebar, then closes the test incident.
    await later(16);
    await page.getByRole('button', { name: 'Send test alert' }).click();
    await page.locator('.toast', { hasText: 'Test alert accepted → INC-2' }).waitFor();
    await later(2);
    await runCommand(page, 'channel', '/incident resolve INC-2 Test alert from the console; nothing to do.');

    // 02:07 Alertmanager: checkout's 5xx rate; the HighErrorRate runbook attaches itself.
    await later(13);
    const firing = JSON.parse(await readFile(`${FIXTURES}alertmanager/captured-firing.json`, 'utf8')) as Record<string, unknown>;
    const res = await fetch(`${url}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(firing) });
    expect(await res.json()).toMatchObject({ accepted: 2, incidents: ['INC-3'] });

    await page.locator('#channel-messages .msg.root', { hasText: 'INC-3' }).getByRole('button', { name: 'View thread' }).click();
    await reply(page, 'Runbook: High error rate after a deploy').waitFor();
    await reply(page, '2 firing, 0 resolved').waitFor();
  });

  it('works the incident like a real night', async () => {
    await later(2);
    await header(page).getByRole('button', { name: "I'm on it" }).click();
    await headerField(page, 'Commander').getByText('Alice Martin').waitFor();

    await later(1);
    await runCommand(page, 'thread', '/incident assign comms @Dana Kim');
    await headerField(page, 'Comms / Scribe').getByText('Dana Kim').waitFor();

    await later(3);
    await reply(page, '1. Resolve: Roll back the last change now').getByRole('button', { name: 'Done: A' }).click();
    await reply(page, /1\/5 done/).waitFor();
    await header(page).getByRole('combobox', { name: 'Set status' }).selectOption({ label: 'Identified' });
    await headerField(page, 'Status').getByText('Identified').waitFor();

    await later(4);
    await app.interactions.command('note Payments provider status page is green; errors are ours.', inThread(dana, 'INC-3'));
    await later(2);
    await runCommand(page, 'thread', '/incident update Rolled back checkout to v142; 5xx rate down from 12% to 3% and falling. Next update 02:49.');
    await reply(page, 'Rolled back checkout to v142').waitFor();
    // Sending a command follows the thread to its newest message, even after scrolling up to step 1.
    await expect.poll(() => page.locator('#thread-scroll').evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight)).toBeLessThan(2);
    expect(alice.problems).toEqual([]);
  });

  it('photographs the desktop console with the thread open', async () => {
    while (await page.locator('.notice-close').count()) await page.locator('.notice-close').first().click();
    await page.locator('#thread-scroll').evaluate((el) => (el.scrollTop = 0));
    await page.mouse.move(0, 0);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.locator('.toast').waitFor({ state: 'detached', timeout: 10_000 });

    await page.screenshot({ path: '.tmp/console.png' });
    if (DOCS) await copyFile('.tmp/console.png', 'docs/console.png');

    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  });

  it('photographs the thread on a phone', async () => {
    const phone = await openConsole(browser, `${url}`, 'Alice Martin', { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await phone.page.goto(`${url}/incidents/INC-3`);
    await header(phone.page).getByText('INC-3').first().waitFor();
    await phone.page.locator('#thread-scroll').evaluate((el) => (el.scrollTop = 0));

    await phone.page.screenshot({ path: '.tmp/console-phone.png' });
    if (DOCS) await copyFile('.tmp/console-phone.png', 'docs/console-phone.png');

    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    expect(phone.problems).toEqual([]);
  });
});
