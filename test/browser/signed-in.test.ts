import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RETURNS_COLLECTION } from '../../src/commerce/store-commerce.js';
import type { Running } from '../../src/main.js';
import { launchChromium } from '../assist/browser.js';
import { owner } from '../commerce/demo-fixture.js';
import { identityTokenFor, startTestApp } from '../helpers/test-app.js';

/*
 * Issue 15 in a real browser: the demo page plays the store's site (DEMO_IDENTITY, development
 * only), signs an identity token for a demo customer and hands it to the widget; the shopper is
 * then never asked for an order e-mail, sees the return proposed with confirm/decline buttons, and
 * one press starts exactly one return.
 */
let browser: Browser;
let app: Running;

beforeAll(async () => {
  app = await startTestApp({ env: { DEMO_IDENTITY: 'true', NODE_ENV: 'development' } });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('a signed-in shopper in the widget', () => {
  it('signs in on the demo page, has a return proposed with buttons, and one press starts it', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(app.url);
    await page.locator('#demo-signin').waitFor({ state: 'visible' });
    await page.selectOption('#demo-customer', owner('SB-10007').email);
    await page.click('#demo-signin-button');
    await page.getByRole('status').filter({ hasText: 'Signed in as' }).waitFor();

    await page.locator('button.launcher').click();
    await page.locator('#sb-input').fill('I want to return the phone from order SB-10007, the screen is too small');
    await page.keyboard.press('Enter');
    const yes = page.getByRole('button', { name: 'Yes, go ahead' });
    await yes.waitFor();
    const text = await page.locator('.msg.bot').last().textContent();
    expect(text).toMatch(/Shall I start the return/);
    expect(text).not.toMatch(/e-mail address/);

    await yes.click();
    await page.locator('.msg.bot', { hasText: 'RET-10007-PHN-5001' }).waitFor();
    expect(await yes.isDisabled()).toBe(true);
    const returns = await app.composed.store.store.listRecords<{ id: string }>(RETURNS_COLLECTION, { limit: 100 });
    expect(returns.filter((r) => r.id === 'RET-10007-PHN-5001')).toHaveLength(1);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('a forged identity token from the site leaves the widget working as a guest, asked for the order e-mail', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    const warnings: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'warning') warnings.push(m.text());
    });
    // The store's site hands the widget a token signed with another secret (a forgery, or a site
    // whose secret is out of date): the server refuses it with a 401 naming the problem.
    const returnsNow = async () => (await app.composed.store.store.listRecords<{ id: string }>(RETURNS_COLLECTION, { limit: 100 })).length;
    const before = await returnsNow();
    const forged = await identityTokenFor('SB-10007', { secret: 'not-the-identity-secret-0123456789abcdef' });
    await page.addInitScript((token) => {
      (window as unknown as { SwitchboardConfig: unknown }).SwitchboardConfig = { identityToken: token };
    }, forged);
    await page.goto(app.url);
    await page.locator('button.launcher').click();
    await page.locator('#sb-input').fill('I want to return the phone from order SB-10007');
    await page.keyboard.press('Enter');
    const reply = page.locator('.msg.bot', { hasText: 'e-mail address' });
    await reply.waitFor();
    expect(await page.getByRole('button', { name: 'Yes, go ahead' }).count()).toBe(0);
    expect(warnings.join('\n')).toMatch(/identity token refused .*signature.*continuing as a guest/);
    expect(await returnsNow()).toBe(before);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('offers no demo sign-in unless DEMO_IDENTITY is set', async () => {
    const plain = await startTestApp();
    try {
      const res = await fetch(`${plain.url}/api/demo/customers`);
      expect(res.status).toBe(404);
    } finally {
      await plain.stop();
    }
  });
});
