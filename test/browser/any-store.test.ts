import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../src/main.js';
import { launchChromium } from '../assist/browser.js';
import { startTestApp } from '../helpers/test-app.js';

/*
 * Issue 16 in a real browser: the demo page is filled from the selected store's data, prices in
 * that store's currency. The page wrote "$" before every price whatever the store, so the
 * northbound store (CAD) showed its prices as dollars of no country.
 */
const NORTHBOUND = path.resolve(import.meta.dirname, '../../examples/stores/northbound');

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

async function featuredOn(app: Running): Promise<{ name: string; lines: string[] }> {
  const page = await browser.newPage();
  try {
    await page.goto(app.url);
    await page.locator('#products li').first().waitFor();
    return { name: (await page.locator('#store-name').textContent()) ?? '', lines: await page.locator('#products li span').allTextContents() };
  } finally {
    await page.close();
  }
}

describe('the demo page of any store', () => {
  it("shows the selected store's products with prices in its own currency", async () => {
    const app = await startTestApp({ env: { STORE_DIR: NORTHBOUND } });
    try {
      const store = (await (await fetch(`${app.url}/api/store`)).json()) as { currency: string };
      expect(store.currency).toBe('CAD');
      const { name, lines } = await featuredOn(app);
      expect(name).toBe('Northbound Outfitters');
      expect(lines.length).toBeGreaterThan(0);
      // "kayaks · CA$899.00 · KY-1001": every price carries the Canadian dollar's symbol.
      for (const line of lines) expect(line).toMatch(/ · CA\$\d[\d,]*\.\d\d · /);
    } finally {
      await app.stop();
    }
  }, 60_000);

  it('writes the demo store (USD) prices as dollars', async () => {
    const app = await startTestApp();
    try {
      const { lines } = await featuredOn(app);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(line).toMatch(/ · \$\d[\d,]*\.\d\d · /);
    } finally {
      await app.stop();
    }
  }, 60_000);
});
