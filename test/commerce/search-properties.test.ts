import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalogTerms } from '../../src/commerce/catalog-terms.js';
import type { DemoCommerce } from '../../src/commerce/demo-commerce.js';
import { readMoney } from '../../src/commerce/price-phrases.js';
import type { SearchLanguage } from '../../src/commerce/search-language.js';
import type { ProductSearchResult } from '../../src/core/commerce.js';
import { CAMERA_STORE, demoCommerce, shippedSearchLanguage } from './demo-fixture.js';

/**
 * Properties of product search that hold for any text on any store (fast-check; a failure
 * shrinks to a small message and replays from its seed). Run on the demo store and on a
 * camera-and-outdoor store priced in euros.
 */
let stores: Array<{ name: string; commerce: DemoCommerce }>;
let language: SearchLanguage;
beforeAll(async () => {
  stores = [
    { name: 'demo', commerce: (await demoCommerce()).commerce },
    { name: 'camera', commerce: (await demoCommerce({ dir: CAMERA_STORE })).commerce },
  ];
  language = await shippedSearchLanguage();
});

const SEED = 20261206;

/** Words a shopper might type: the store's own words, money words, symbols, filler and noise. */
function shopperText(commerce: DemoCommerce): fc.Arbitrary<string> {
  const catalogWords = commerce.products().flatMap((p) => [...p.name.split(' '), ...p.tags]).slice(0, 400);
  const moneyWords = ['under', 'over', 'between', 'and', 'unter', 'moins de', 'menos de', 'euros', 'Euro', 'dollars', 'pounds', '£', '€', '$', 'CHF', 'k', 'or less', 'max'];
  const token = fc.oneof(
    fc.constantFrom(...catalogWords),
    fc.constantFrom(...moneyWords),
    fc.integer({ min: 0, max: 100_000 }).map(String),
    fc.constantFrom('inch', 'GB', 'mm', 'kg', 'watt', 'the', 'for', 'gift', 'dad', 'difference between', 'vs', '?', '-', 'constructor', '__proto__'),
    fc.string({ maxLength: 12 }),
  );
  return fc.array(token, { maxLength: 40 }).map((ts) => ts.join(' '));
}

function checkInvariants(r: ProductSearchResult, categories: readonly string[], limit: number): void {
  expect(r.hits.length).toBeLessThanOrEqual(limit);
  expect(r.match === 'none').toBe(r.hits.length === 0);
  if (r.match === 'exact') expect(r.hits.some((h) => h.match === 'exact')).toBe(true);
  for (const h of r.hits) {
    if (r.priceFilter?.max !== undefined) expect(h.product.price).toBeLessThanOrEqual(r.priceFilter.max);
    if (r.priceFilter?.min !== undefined) expect(h.product.price).toBeGreaterThanOrEqual(r.priceFilter.min);
  }
  // A currency the store does not use is never applied as a filter.
  if (r.currencyMismatch) {
    expect(r.currencyMismatch.asked).not.toBe(r.currencyMismatch.store);
  }
  for (const c of r.nearestCategories) expect(categories).toContain(c);
  for (const h of r.outsideBudget) expect(r.hits.map((x) => x.product.sku)).not.toContain(h.product.sku);
}

describe('product search properties', () => {
  it('for any text: bounded, consistent, filters respected, foreign money never applied', () => {
    for (const { commerce } of stores) {
      const categories = commerce.categories();
      fc.assert(
        fc.asyncProperty(shopperText(commerce), fc.integer({ min: 1, max: 8 }), async (text, limit) => {
          const r = await commerce.findProducts({ text, limit });
          checkInvariants(r, categories, limit);
          if (r.currencyMismatch && r.priceFilter) {
            // Only a budget in the store's own currency may be applied alongside a mention of another.
            expect(readMoney(text, language.money, commerce.storeInfo().currency).budget).not.toBeNull();
          }
        }),
        { seed: SEED, numRuns: 150 },
      );
    }
  });

  it('every product is found, as an exact match, by its own name', async () => {
    for (const { commerce } of stores) {
      for (const p of commerce.products()) {
        const r = await commerce.findProducts({ text: p.name, limit: 5 });
        const hit = r.hits.find((h) => h.product.sku === p.sku);
        expect(hit, `${p.name}`).toBeDefined();
        expect(hit!.match, p.name).toBe('exact');
      }
    }
  });

  it('a unit of the catalog alone, with or without a number, is never a match', async () => {
    for (const { commerce } of stores) {
      const { unitWords } = catalogTerms(commerce.products(), commerce.categoryInfo());
      expect(unitWords.size).toBeGreaterThan(2);
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...unitWords), fc.option(fc.integer({ min: 1, max: 999 })), async (unit, n) => {
          const r = await commerce.findProducts({ text: n === null ? unit : `${n} ${unit}` });
          expect(r.match).toBe('none');
        }),
        { seed: SEED, numRuns: 60 },
      );
    }
  });

  it('a budget phrase with an amount is read as data: the store currency applies, another is reported', () => {
    const phrases = ['under', 'less than', 'below', 'unter', 'moins de', 'menos de', 'up to'];
    const currencies: Array<[string, string]> = [['dollars', 'USD'], ['$', 'USD'], ['euros', 'EUR'], ['€', 'EUR'], ['pounds', 'GBP'], ['£', 'GBP'], ['CHF', 'CHF']];
    fc.assert(
      fc.property(fc.constantFrom(...phrases), fc.integer({ min: 1, max: 99_999 }), fc.constantFrom(...currencies), fc.constantFrom('USD', 'EUR', 'GBP'), (phrase, amount, [word, code], store) => {
        const symbolFirst = word.length === 1;
        const text = `headphones ${phrase} ${symbolFirst ? `${word}${amount}` : `${amount} ${word}`}`;
        const r = readMoney(text, language.money, store);
        expect(r.stated).toEqual({ max: amount, currency: code });
        if (code === store) {
          expect(r.budget).toEqual({ max: amount });
          expect(r.mismatch).toBeNull();
        } else {
          expect(r.budget).toBeNull();
          expect(r.mismatch).toEqual({ asked: code, store });
        }
        expect(r.rest).toContain('headphones');
        expect(r.rest).not.toContain(String(amount));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
