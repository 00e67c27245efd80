import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../fakes/test-app.js';
import { PHONE, header, headerField, launchChromium, openConsole, reply, runCommand, startLiveApp, type ConsolePage } from './helpers.js';

const ALICE = { id: 'web:alice-martin', name: 'Alice Martin' };

describe('the whole app, driven through the console in Chromium', () => {
  let app: TestApp;
  let url: string;
  let browser: Browser;
  let alice: ConsolePage;
  let page: Page;

  beforeAll(async () => {
    ({ app, url } = await startLiveApp());
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('picks a display name at 1280×800', async () => {
    alice = await openConsole(browser, url, 'Alice Martin');
    page = alice.page;

    await page.locator('#channel-messages .empty', { hasText: 'No incidents yet' }).waitFor();
    expect(page.viewportSize()).toEqual({ width: 1280, height: 800 });
  });

  it('declares an incident from the command box, through the modal', async () => {
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));

    await runCommand(page, 'channel', '/incident declare Checkout returns 500s');
    const modal = page.getByRole('dialog', { name: 'Declare an incident' });
    expect(await modal.getByLabel('Title').inputValue()).toBe('Checkout returns 500s');
    await modal.getByLabel('Severity').selectOption({ label: 'Triage me' });
    await modal.getByLabel('What do users see?').fill('Card payments fail at the last step');
    await modal.getByRole('button', { name: 'Declare' }).click();
    await modal.waitFor({ state: 'detached' });

    const root = page.locator('#channel-messages .msg.root', { hasText: 'INC-1 · Checkout returns 500s' });
    await root.waitFor();
    expect(await page.evaluate(() => 'sameDocument' in window)).toBe(true); // live, not a reload
    await page.locator('#channel-notices .notice', { hasText: 'Declared INC-1' }).waitFor();
    await page.locator('#incident-list a', { hasText: 'INC-1' }).waitFor();

    // Declaring opens the new incident's thread.
    await page.locator('#thread-topic', { hasText: 'INC-1' }).waitFor();
    await root.getByRole('button', { name: 'Thread open' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/incidents/INC-1');
    expect(await header(page).textContent()).toContain('Card payments fail at the last step');
  });

  it('triages in the thread: the header is edited in place to SEV2', async () => {
    const rootId = await header(page).locator('.msg').getAttribute('data-id');
    const triageId = await reply(page, 'Triage INC-1').getAttribute('data-id');
    const triage = page.locator(`#thread-messages [data-id="${triageId}"]`);

    await triage.getByRole('button', { name: 'No', exact: true }).click();
    await triage.getByText('Are more than half of users affected?').waitFor();
    await triage.getByRole('button', { name: 'Yes, more than half' }).click();

    await headerField(page, 'Severity').getByText('SEV2').waitFor();
    await triage.getByText('triaged INC-1 as SEV2').waitFor();
    expect(await header(page).locator('.msg').getAttribute('data-id')).toBe(rootId);
    expect(await header(page).locator('.msg-edited').count()).toBe(1);
  });

  it('acknowledges: "I\'m on it" makes Alice the commander', async () => {
    await header(page).getByRole('button', { name: "I'm on it" }).click();

    await headerField(page, 'Commander').getByText('Alice Martin').waitFor();
    await header(page).getByText('acknowledged after').waitFor();
    expect(await header(page).getByRole('button', { name: "I'm on it" }).count()).toBe(0);
  });

  it('changes severity and status with the header selects', async () => {
    await header(page).getByRole('combobox', { name: 'Set severity' }).selectOption('INC-1|SEV1');
    await headerField(page, 'Severity').getByText('SEV1').waitFor();
    await header(page).getByRole('combobox', { name: 'Set status' }).selectOption({ label: 'Identified' });

    await headerField(page, 'Status').getByText('Identified').waitFor();
    expect(await headerField(page, 'Severity').textContent()).toMatch(/respond within 15\smin/);
  });

  it('posts a status update to the thread and to #status', async () => {
    await runCommand(page, 'thread', '/incident update Rolled back to v142; error rate falling');

    await reply(page, 'Rolled back to v142; error rate falling').waitFor();
    await page.locator('#channel-list a', { hasText: 'status' }).click();
    await page.locator('#channel-messages .msg', { hasText: 'Rolled back to v142; error rate falling' }).waitFor();
    expect(await page.locator('#thread-pane').isVisible()).toBe(false);

    await page.locator('#incident-list a', { hasText: 'INC-1' }).click();
    await reply(page, 'Rolled back to v142').waitFor();
  });

  it('attaches a runbook by a piece of its name and checks off a step', async () => {
    await runCommand(page, 'thread', '/incident runbook deploy');

    const progress = reply(page, 'Runbook: High error rate after a deploy');
    await progress.getByText(/0\/\d+ done/).waitFor();
    const step1 = reply(page, '1. Resolve: Roll back the last change now');
    // A step with options records which one was taken.
    await step1.getByRole('button', { name: 'Done: A' }).click();

    await step1.getByText(/Done by @?Alice Martin/).waitFor();
    await progress.getByText(/1\/\d+ done/).waitFor();
    expect(await step1.getByRole('button').filter({ hasText: /^(Done|Skip)$/ }).count()).toBe(0);
  });

  it('resolves through the modal: the header offers the post-mortem draft', async () => {
    await header(page).getByRole('button', { name: 'Resolve' }).click();
    const modal = page.getByRole('dialog', { name: 'Resolve INC-1' });
    await modal.getByLabel('Summary').fill('Rolled back the bad deploy');
    await modal.getByRole('button', { name: 'Resolve' }).click();
    await modal.waitFor({ state: 'detached' });

    await headerField(page, 'Status').getByText('Resolved').waitFor();
    await header(page).getByRole('button', { name: 'Post-mortem draft' }).waitFor();
    await header(page).getByText('Rolled back the bad deploy').waitFor();
  });

  it('kept the whole story on the timeline, with Alice as the actor', async () => {
    const res = await fetch(`${url}/api/incidents/INC-1`);
    const incident = (await res.json()) as { status: string; summary: string; timeline: { kind: string; actor: { id: string; name: string } }[] };

    expect(res.status).toBe(200);
    expect(incident).toMatchObject({ status: 'resolved', severity: 'SEV1', summary: 'Rolled back the bad deploy', roles: { commander: ALICE } });
    const kinds = incident.timeline.map((e) => e.kind);
    const expected = ['declared', 'triaged', 'acknowledged', 'role_assigned', 'severity_changed', 'status_changed', 'status_update', 'runbook_attached', 'runbook_step', 'resolved'];
    expect(kinds.filter((k) => expected.includes(k))).toEqual(expected);
    for (const e of incident.timeline) expect(e.actor).toEqual(ALICE);
    expect(alice.problems).toEqual([]);
  });

  it('works from the keyboard alone', async () => {
    await page.goto(url);
    await page.locator('#channel-messages .msg.root').first().waitFor();
    await page.locator('body').focus();

    for (let i = 0; i < 40 && (await page.evaluate(() => document.activeElement?.id)) !== 'channel-input'; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('channel-input');
    await page.keyboard.type('/incident declare Search is slow');
    await page.keyboard.press('Enter');

    const modal = page.getByRole('dialog', { name: 'Declare an incident' });
    await modal.waitFor();
    expect(await modal.getByLabel('Title').evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Escape');
    await modal.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('channel-input');
  });

  it('fits a phone: the thread opens full screen with a back button', async () => {
    const phone = await openConsole(browser, url, 'Bob Ngata', { viewport: PHONE, isMobile: true, hasTouch: true });
    const p = phone.page;
    await p.locator('#channel-messages .msg.root', { hasText: 'INC-1' }).getByRole('button', { name: 'View thread' }).click();

    await header(p).getByText('INC-1 · Checkout returns 500s').waitFor();
    expect(await p.locator('#main-pane').isVisible()).toBe(false);
    const pane = await p.locator('#thread-pane').boundingBox();
    expect(pane).toMatchObject({ x: 0, width: PHONE.width });
    expect(await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

    await p.getByRole('button', { name: 'Back to the channel' }).click();
    await p.locator('#main-pane').waitFor({ state: 'visible' });
    expect(new URL(p.url()).pathname).toBe('/');
    expect(phone.problems).toEqual([]);
  });

  it('never asked anything of a host other than 127.0.0.1', () => {
    expect([...alice.hosts]).toEqual(['127.0.0.1']);
    expect(alice.problems).toEqual([]);
  });
});
