import { beforeAll, describe, expect, it } from 'vitest';
import type { DemoCommerce } from '../../src/commerce/demo-commerce.js';
import { parsePriceRange } from '../../src/commerce/price-phrases.js';
import { demoCommerce } from './demo-fixture.js';

let commerce: DemoCommerce;
beforeAll(async () => {
  ({ commerce } = await demoCommerce());
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
    ['Kopfhörer unter 100 Euro', 'AUD-4002'],
    ['smartwatch with gps', 'PHN-5004'],
    ['king size mattress', 'BED-6002'],
  ])('"%s" ranks %s first', async (query, sku) => {
    expect((await top(query))[0]).toBe(sku);
  });

  it('understands a few Spanish, German and French product words', async () => {
    for (const word of ['colchón', 'Matratze', 'matelas']) {
      const hits = await commerce.searchProducts({ text: word, limit: 3 });
      expect(hits.length).toBe(3);
      for (const h of hits) expect(h.product.tags).toContain('mattress');
    }
    expect((await top('licuadora silenciosa'))[0]).toBe('KIT-1001');
  });

  it('explains each hit with the words that matched and the budget applied', async () => {
    const [hit] = await commerce.searchProducts({ text: 'quiet blender under $80' });
    expect(hit!.product.sku).toBe('KIT-1001');
    expect(hit!.matched).toEqual(expect.arrayContaining(['quiet', 'blender', 'under $80']));
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
      expect(h.matched).toEqual(['under $30']);
    }
  });

  it('respects the limit', async () => {
    expect((await top('gift', { limit: 2 })).length).toBe(2);
  });
});

describe('price phrases', () => {
  it.each([
    ['under $80', { max: 80 }],
    ['less than 100 euros', { max: 100 }],
    ['between 50 and 120 dollars', { min: 50, max: 120 }],
    ['over 200', { min: 200 }],
    ['$50-$100 please', { min: 50, max: 100 }],
    ['80 bucks or less', { max: 80 }],
    ['menos de 60 dolares', { max: 60 }],
    ['moins de 50 euros', { max: 50 }],
  ])('"%s"', (text, expected) => {
    expect(parsePriceRange(text)).toMatchObject(expected);
  });

  it.each(['can I return it within 30 days', 'order SB-10012', 'a 12 cup coffee maker', 'up to 2 kg', 'more than 6 months ago', 'compare the Orbit X5 and the Orbit X5 Max', 'is the 4K model the max'])('"%s" is not a budget', (text) => {
    expect(parsePriceRange(text)).toBeNull();
  });
});
