/** The whole Firebreak app, live, and a Chromium page driving its console as a person would. */
import type { Browser, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { SystemClock } from '../../src/clock/system-clock.js';
import type { Clock } from '../../src/core/clock.js';
import { createTestApp, type TestApp } from '../fakes/test-app.js';
export { launchChromium } from '../fakes/chromium.js';

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };


/** The real app on 127.0.0.1:0 with a real clock and the scheduler loop running, so messages arrive live. */
export async function startLiveApp(clock: Clock = new SystemClock()): Promise<{ app: TestApp; url: string }> {
  const app = await createTestApp({ env: { LOG_LEVEL: 'warn' }, app: { clock, autoSchedule: true } });
  const url = await app.listen();
  return { app, url };
}

/** The system clock shifted to a chosen moment, moved forward by hand between scenes; timers sleep for real. */
export class ShiftedClock extends SystemClock {
  #offset: number;

  constructor(startAt: number) {
    super();
    this.#offset = startAt - Date.now();
  }

  override now(): number {
    return Date.now() + this.#offset;
  }

  /** Lets `minutes` pass at once. */
  jump(minutes: number): void {
    this.#offset += minutes * 60_000;
  }
}

export interface ConsolePage {
  page: Page;
  /** Page errors, console errors and requests to any host other than the app's. */
  problems: string[];
  /** Every host the page asked something of. */
  hosts: Set<string>;
}

/** A fresh browser context on the console: the display name is picked in the welcome dialog. */
export async function openConsole(browser: Browser, url: string, name: string, options: BrowserContextOptions = {}): Promise<ConsolePage> {
  const context = await browser.newContext({ viewport: DESKTOP, deviceScaleFactor: 1, timezoneId: 'UTC', locale: 'en-GB', ...options });
  context.setDefaultTimeout(8000); // below vitest's test timeout, so a failure names the locator
  const page = await context.newPage();
  const problems: string[] = [];
  const hosts = new Set<string>();
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('request', (request) => {
    const { hostname } = new URL(request.url());
    hosts.add(hostname);
    if (hostname !== '127.0.0.1') problems.push(`external request: ${request.url()}`);
  });
  await page.goto(url);
  const welcome = page.getByRole('dialog', { name: 'Welcome to Firebreak' });
  await welcome.getByLabel('Display name').fill(name);
  await welcome.getByRole('button', { name: 'Continue' }).click();
  // The sidebar is a closed drawer on phones: attached, not visible.
  await page.locator('.me-name', { hasText: name }).waitFor({ state: 'attached' });
  await page.locator('#live[data-state="live"]').waitFor({ state: 'attached' });
  return { page, problems, hosts };
}

/** Types a command into a pane's command box and sends it with Enter. */
export async function runCommand(page: Page, pane: 'channel' | 'thread', text: string): Promise<void> {
  const box = page.locator(`#${pane}-input`);
  await box.fill(text);
  await box.press('Enter');
  await expect.poll(() => box.inputValue()).toBe('');
}

/** The thread header (the incident's first message, edited in place). */
export const header = (page: Page) => page.locator('#thread-root');

/** The value of one of the header's fields (Severity, Status, Commander…). */
export function headerField(page: Page, label: string): Locator {
  return header(page).locator('.field', { has: page.locator('dt', { hasText: label }) }).locator('dd');
}

/** A reply in the open thread containing `text`. */
export const reply = (page: Page, text: string | RegExp) => page.locator('#thread-messages .msg', { hasText: text });
