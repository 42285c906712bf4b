import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../src/main.js';
import { launchChromium } from '../assist/browser.js';
import { startFakeOpenAIServer, type FakeOpenAIServer, type Script } from '../fakes/fake-openai-server.js';
import { startTestApp } from '../helpers/test-app.js';

/*
 * The demo page and its widget as a shopper uses them, in headless Chromium: `/` loads the
 * widget from one script tag, a message typed and sent with the keyboard streams its reply in,
 * an offline answer carries no badge (agents see that in the panel), and server text is rendered as text.
 */

let browser: Browser;
let fake: FakeOpenAIServer;
let app: Running;
// Keyed by the customer's words, so a turn still running from an earlier test cannot take another test's reply.
const scripts = new Map<string, Script>();

beforeAll(async () => {
  fake = await startFakeOpenAIServer();
  fake.handle((req) => {
    for (const [words, script] of scripts) if (req.lastUserText.includes(words)) return script;
    return { kind: 'error', status: 500 };
  });
  app = await startTestApp({ env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'k', ROUTER_MODEL_ENABLED: 'false' } });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await fake?.close();
});

async function openWidget(): Promise<Page> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  await page.goto(app.url);
  // Keyboard only: focus the launcher and press Enter; the input gets focus.
  await page.locator('button.launcher').focus();
  await page.keyboard.press('Enter');
  await page.locator('#sb-input').waitFor();
  expect(problems, problems.join("\n")).toEqual([]);
  return page;
}

describe('web chat widget on the demo page', () => {
  it('is loaded by one script tag and has labelled controls', async () => {
    const page = await openWidget();
    const tags = await page.locator('script[src$="/widget.js"]').count();
    expect(tags).toBe(1);
    expect(await page.locator('button.launcher').getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByLabel('Your message').count()).toBe(1);
    expect(await page.locator('[role="log"][aria-label="Conversation"]').count()).toBe(1);
    expect(await page.locator('#store-name').textContent()).toBe(app.composed.commerce.storeInfo().name);
    await page.close();
  });

  it('sends with Enter and streams the reply in as it is written', async () => {
    const page = await openWidget();
    // No prices or product names: the answer guard has nothing to object to.
    scripts.set('blender would you recommend', { kind: 'text', text: ['A strong blender ', 'crushes ice easily ', 'and makes smooth drinks.'], chunkDelayMs: 400 });
    await page.locator('#sb-input').fill('Which blender would you recommend for smoothies?');
    await page.keyboard.press('Enter');
    const bot = page.locator('.msg.bot').last();
    // The first chunk is on screen before the last one has been written.
    await bot.filter({ hasText: 'A strong blender' }).waitFor();
    expect(await bot.textContent()).not.toContain('smooth drinks');
    await bot.filter({ hasText: 'and makes smooth drinks.' }).waitFor();
    expect(await bot.locator('.badge').count()).toBe(0);
    expect(await page.locator('.msg.customer').last().textContent()).toBe('Which blender would you recommend for smoothies?');
    await page.close();
  });

  it('shows an offline answer without any badge: whether the model wrote it is for agents, not shoppers', async () => {
    const page = await openWidget();
    await page.locator('#sb-input').fill('Can I return the air fryer from order SB-10003?');
    await page.locator('button.send').click();
    await page.locator('button.send:not([disabled])').waitFor();
    const bot = page.locator('.msg.bot:not(.pending)').last();
    await bot.waitFor();
    expect((await bot.textContent())?.length).toBeGreaterThan(0);
    expect(await page.locator('.msg.bot .badge').count()).toBe(0);
    expect(await page.locator('.msg.bot', { hasText: 'Offline answer' }).count()).toBe(0);
    await page.close();
  });

  it('renders markup in a reply as text, never as HTML', async () => {
    const page = await openWidget();
    const payload = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
    scripts.set('recommend a toaster', { kind: 'text', text: `Here you go: ${payload}` });
    await page.locator('#sb-input').fill('recommend a toaster');
    await page.keyboard.press('Enter');
    const bot = page.locator('.msg.bot', { hasText: 'Here you go' }).last();
    await bot.filter({ hasText: '<b>bold</b>' }).waitFor();
    expect(await bot.locator('img, b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.close();
  });
});
