import { describe, expect, it } from 'vitest';
import { createProductSearch } from '../../src/commerce/product-search.js';
import { letterCompounds } from '../../src/commerce/text-terms.js';
import type { CategoryInfo } from '../../src/commerce/store-types.js';
import type { Product } from '../../src/core/commerce.js';
import { shippedSearchLanguage } from './demo-fixture.js';

/**
 * A single letter hyphened to a word ("e-bike", "t-shirt", "u-lock") is also read joined, in the
 * catalog and in the query: "e-bikes" and "ebike" find the electric bikes rather than every bike
 * (the letter alone is too short to be a search word), and the warranty answer reads the right
 * category (issue 16, examples/stores/cadence).
 */
const product = (sku: string, name: string, category: string, tags: string[]): Product => ({
  sku, name, category, price: 100, description: name, attributes: {}, tags, warrantyMonths: 12, inStock: true,
});
const categories: CategoryInfo[] = [
  { id: 'e_bikes', label: 'E-Bikes', words: ['bikes'] },
  { id: 'kids_bikes', label: 'Kids Bikes', words: ['bikes'] },
  { id: 'road_bikes', label: 'Road Bikes', words: ['bikes'] },
];
const products = [
  product('K1', 'Balance Bike 12', 'kids_bikes', ['kids', 'balance bike']),
  product('K2', 'First Pedal Bike 16', 'kids_bikes', ['kids', 'first bike']),
  product('R1', 'Sprint Road Bike', 'road_bikes', ['road']),
  product('E1', 'Commute E City Bike', 'e_bikes', ['electric', 'e-bike', 'commuting']),
  product('E2', 'Ridge E-MTB', 'e_bikes', ['electric', 'e-mtb']),
];

describe('letter compounds', () => {
  it('reads "e-bike" and "T-Shirt" joined too', () => {
    expect(letterCompounds('E-Bikes and a T-Shirt, not a well-known x')).toEqual(['ebikes', 'tshirt']);
    expect(letterCompounds('no compounds here')).toEqual([]);
  });

  it.each(['what does the warranty cover on e-bikes', 'an ebike for commuting', 'e-bike', 'best e-mtb'])('"%s" finds the electric bikes first', async (text) => {
    const search = createProductSearch(products, categories, { currency: 'GBP', language: await shippedSearchLanguage() });
    const r = search.search({ text });
    expect(r.hits.length).toBeGreaterThan(0);
    expect(r.hits[0]!.product.category).toBe('e_bikes');
  });
});
