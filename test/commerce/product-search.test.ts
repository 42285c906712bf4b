import { beforeAll, describe, expect, it } from 'vitest';
import type { DemoCommerce } from '../../src/commerce/demo-commerce.js';
import { readMoney } from '../../src/commerce/price-phrases.js';
import type { SearchLanguage } from '../../src/commerce/search-language.js';
import { demoCommerce, shippedSearchLanguage } from './demo-fixture.js';

let commerce: DemoCommerce;
let language: SearchLanguage;
beforeAll(async () => {
  ({ commerce } = await demoCommerce());
  language = await shippedSearchLanguage();
});

const top = async (text: string, extra: { category?: string; maxPrice?: number; limit?: number } = {}) =>
  (await commerce.searchProducts({ text, ...extra })).map((h) => h.product.sku);

describe('product search', () => {
  it.each([
    ['a quiet blender under 80', 'KIT-1001'],
    ['noise cancelling over-ear headphones', 'AUD-4001'],
    ['cheap laptop for school', 'CMP-3003'],
    ['mattress for a side sleeper', 'BED-6001'],
    ['womens running shoes', 'APP-8002'],
    ['robot vaccum that mops', 'CLN-2004'],
    ['vegan protein powder', 'NUT-1102'],
    ['waterproof bluetooth speaker', 'AUD-4005'],
    ['Kopfhörer unter 100 Dollar', 'AUD-4002'],
    ['smartwatch with gps', 'PHN-5004'],
    ['king size mattress', 'BED-6002'],
  ])('"%s" ranks %s first', async (query, sku) => {
    expect((await top(query))[0]).toBe(sku);
  });

  it('reads a bounded window of a long message: words past its first 48 are not searched (issue 14)', async () => {
    // 50 filler words (no query words of their own) between two words the catalog has.
    const r = await commerce.findProducts({ text: `kettle ${'please '.repeat(50)}headphones` });
    expect(r.hits.length).toBeGreaterThan(0);
    for (const h of r.hits) expect(h.matched).not.toContain('headphones');
    expect(r.unmatched).not.toContain('headphones');
    // The same words close together are both read.
    const close = await commerce.findProducts({ text: `kettle ${'please '.repeat(40)}headphones` });
    expect(close.hits.some((h) => h.matched.includes('headphones'))).toBe(true);
  });

  it('understands a few Spanish, German and French product words', async () => {
    for (const word of ['colchón', 'Matratze', 'matelas']) {
      const hits = await commerce.searchProducts({ text: word, limit: 3 });
      expect(hits.length).toBe(3);
      for (const h of hits) expect(h.product.tags).toContain('mattress');
    }
    expect((await top('licuadora silenciosa'))[0]).toBe('KIT-1001');
  });

  it('explains each hit with the words that matched, and the budget applied as data', async () => {
    const r = await commerce.findProducts({ text: 'quiet blender under $80' });
    expect(r.hits[0]!.product.sku).toBe('KIT-1001');
    expect(r.hits[0]!.matched).toEqual(['quiet', 'blender']);
    expect(r).toMatchObject({ match: 'exact', priceFilter: { max: 80 }, currency: 'USD', currencyMismatch: null });
  });

  it('reports a budget in another currency instead of reading it as the store\'s (issue 17)', async () => {
    const r = await commerce.findProducts({ text: 'Kopfhörer unter 100 Euro' });
    expect(r.currencyMismatch).toEqual({ asked: 'EUR', store: 'USD', max: 100 });
    expect(r.priceFilter).toBeNull();
    expect(r.hits.map((h) => h.product.sku)).toContain('AUD-4001');
  });

  it('applies budgets from the text and from the query fields', async () => {
    for (const sku of await top('headphones under 100')) expect((await commerce.getProduct(sku))!.price).toBeLessThanOrEqual(100);
    expect(await top('headphones under 100')).not.toContain('AUD-4001');
    expect(await top('blender', { maxPrice: 100 })).toEqual(['KIT-1001']);
  });

  it('filters by category given as an id, a label or a plain word', async () => {
    for (const [category, id] of [['audio', 'audio'], ['Audio', 'audio'], ['kitchen', 'kitchen_appliances'], ['Kitchen appliances', 'kitchen_appliances']] as const) {
      const hits = await commerce.searchProducts({ category, limit: 20 });
      expect(hits.length).toBeGreaterThan(3);
      expect(new Set(hits.map((h) => h.product.category))).toEqual(new Set([id]));
    }
    expect(await commerce.searchProducts({ text: 'blender', category: 'spaceships' })).toEqual([]);
  });

  it('does not let a shared word outrank the product asked for', async () => {
    // "air" also names a purifier and a laptop; only fryers match both words.
    expect((await top('air fryer')).slice(0, 2).sort()).toEqual(['KIT-1007', 'KIT-1008']);
    // The headphones without noise cancelling say "no noise cancelling" in their blurb.
    const hits = await top('noise cancelling headphones');
    expect(hits.indexOf('AUD-4002')).toBeGreaterThan(hits.indexOf('AUD-4003'));
  });

  it('finds SKUs named in the text, case-insensitively and without the dash', async () => {
    expect(await top('kit1002')).toEqual(['KIT-1002']);
    expect((await top('compare kit-1001 and KIT 1002')).slice(0, 2)).toEqual(['KIT-1001', 'KIT-1002']);
    expect((await commerce.getProduct('kit-1001'))!.sku).toBe('KIT-1001');
  });

  it('returns nothing when no word matches the catalog, but lists by rating for a budget alone', async () => {
    expect(await top('unicorn saddle polish')).toEqual([]);
    const cheap = await commerce.searchProducts({ text: 'something under 30' });
    expect(cheap.length).toBeGreaterThan(0);
    for (const h of cheap) {
      expect(h.product.price).toBeLessThanOrEqual(30);
      expect(h.matched).toEqual([]);
    }
  });

  it('respects the limit', async () => {
    expect((await top('gift', { limit: 2 })).length).toBe(2);
  });
});

describe('money in the text', () => {
  const read = (text: string, store = 'USD') => readMoney(text, language.money, store);
  it.each([
    ['under $80', { max: 80 }],
    ['less than 100 dollars', { max: 100 }],
    ['between 50 and 120 dollars', { min: 50, max: 120 }],
    ['over 200', { min: 200 }],
    ['$50-$100 please', { min: 50, max: 100 }],
    ['80 bucks or less', { max: 80 }],
    ['menos de 60 dolares', { max: 60 }],
    ['a budget of 1,200', { max: 1200 }],
    ['under 2k', { max: 2000 }],
  ])('"%s"', (text, expected) => {
    const r = read(text);
    expect(r.budget).toEqual(expected);
    expect(r.mismatch).toBeNull();
  });

  it.each(['can I return it within 30 days', 'order SB-10012', 'a 12 cup coffee maker', 'up to 2 kg', 'more than 6 months ago', 'compare the Orbit X5 and the Orbit X5 Max', 'is the 4K model the max'])('"%s" is not a budget', (text) => {
    expect(read(text).budget).toBeNull();
  });

  it.each([
    ['unter 200 Euro', 'EUR', { max: 200 }],
    ['moins de 50 €', 'EUR', { max: 50 }],
    ['headphones under £100', 'GBP', { max: 100 }],
    ['less than 80 pounds', 'GBP', { max: 80 }],
    ['under 300 CHF', 'CHF', { max: 300 }],
  ])('"%s" in a USD store is a currency mismatch, never a USD budget', (text, asked, stated) => {
    const r = read(text);
    expect(r.budget).toBeNull();
    expect(r.mismatch).toEqual({ asked, store: 'USD' });
    expect(r.stated).toEqual({ ...stated, currency: asked });
  });

  it('reads the same words as the store currency when the store uses it', () => {
    expect(read('unter 200 Euro', 'EUR')).toMatchObject({ budget: { max: 200 }, mismatch: null });
    expect(read('under $80', 'CAD')).toMatchObject({ budget: { max: 80 }, mismatch: null });
    expect(read('under 300 dollars', 'CAD')).toMatchObject({ budget: { max: 300 }, mismatch: null });
    expect(read('under 300 dollars', 'EUR')).toMatchObject({ budget: null, mismatch: { asked: 'USD', store: 'EUR' } });
    expect(read('moins de 50 €', 'EUR').budget).toEqual({ max: 50 });
  });

  it('keeps the newest budget and blanks the money words out of the search text', () => {
    const r = read('blender under 100, well, under 80 dollars');
    expect(r.budget).toEqual({ max: 80 });
    expect(r.rest).not.toMatch(/\d/);
    expect(r.rest).toContain('blender');
  });
});
