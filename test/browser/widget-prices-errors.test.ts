import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../src/main.js';
import { customerSays, launchChromium } from '../assist/browser.js';
import { scratchStoreDir } from '../commerce/demo-fixture.js';
import { startTestApp } from '../helpers/test-app.js';

/*
 * Prices and errors in the shopper's language, in headless Chromium without a model: product
 * cards format each price from the store's currency (the server sends its ISO code) in the
 * conversation's language, never with a currency symbol written in the widget; a refused message
 * shows the locale pack's words for the error's code, filled from its details, not the server's
 * English message.
 */

let browser: Browser;
let app: Running;
let store: Awaited<ReturnType<typeof scratchStoreDir>>;

beforeAll(async () => {
  // The demo store selling in euros (its dollars would look the same as a hard-coded "$").
  store = await scratchStoreDir();
  await store.edit('store.yaml', (text) => text.replace(/^currency: USD$/m, 'currency: EUR'));
  app = await startTestApp({ env: { ROUTER_MODEL_ENABLED: 'false', MAX_MESSAGE_CHARS: '300', STORE_DIR: store.dir } });
  expect(app.composed.commerce.storeInfo().currency).toBe('EUR');
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await store?.cleanup();
});

async function openWidget(locale: string): Promise<Page> {
  const page = await (await browser.newContext({ locale })).newPage();
  await page.goto(app.url);
  await page.locator('button.launcher').click();
  await page.locator('#sb-input').waitFor();
  return page;
}

describe('the widget formats prices and errors for the shopper', () => {
  it("shows card prices in the store's currency, formatted in the conversation's language", async () => {
    const currency = app.composed.commerce.storeInfo().currency;
    const page = await openWidget('en-US');
    // The browser is English; the customer writes German, so the conversation (and its prices) are German.
    await customerSays(page, 'Ich suche Kopfhörer');
    const cards = page.locator('.msg.bot .cards li');
    await cards.first().waitFor();
    await page.locator('#sb-panel[lang="de"]').waitFor();
    const products = app.composed.commerce.products();
    const texts = await cards.allTextContents();
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) {
      const sku = /\(([^()]+)\)$/.exec(text)?.[1];
      const product = products.find((p) => p.sku === sku);
      expect(product, text).toBeDefined();
      // German number format (decimal comma) with the euro sign after the amount, as Intl writes it in Chromium.
      const expected = await page.evaluate(([price, code]) => new Intl.NumberFormat('de', { style: 'currency', currency: code }).format(price), [product!.price, currency] as const);
      expect(text).toBe(`${product!.name} · ${expected} (${sku})`);
      expect(expected).toMatch(/^[\d.]+,\d{2}\s€$/u);
    }
    await page.close();
  });

  it("the demo page's product list formats prices from the store's currency too", async () => {
    const page = await openWidget('en-US');
    const currency = app.composed.commerce.storeInfo().currency;
    const first = page.locator('#products li').first();
    await first.waitFor();
    const text = (await first.locator('span').textContent()) ?? '';
    const sku = text.split(' · ').at(-1)!;
    const product = app.composed.commerce.products().find((p) => p.sku === sku)!;
    expect(product, text).toBeDefined();
    const expected = await page.evaluate(([price, code]) => new Intl.NumberFormat('en', { style: 'currency', currency: code }).format(price), [product.price, currency] as const);
    expect(text.split(' · ')[1]).toBe(expected);
    expect(expected.startsWith('€')).toBe(true);
    await page.close();
  });

  it("shows a refused message's error in the shopper's language, filled from the error's details", async () => {
    const page = await openWidget('de-DE');
    await customerSays(page, 'x'.repeat(301));
    await page.locator('.error', { hasText: 'Ihre Nachricht ist zu lang: Bitte bleiben Sie unter 300 Zeichen.' }).waitFor();
    expect(await page.locator('.error').textContent()).not.toContain('text:');

    const english = await openWidget('en-GB');
    await customerSays(english, 'y'.repeat(301));
    await english.locator('.error', { hasText: 'Your message is too long: please keep it under 300 characters.' }).waitFor();
    await english.close();
    await page.close();
  });
});
