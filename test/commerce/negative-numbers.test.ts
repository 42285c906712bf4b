import { beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '../../src/core/commerce.js';
import { createProductSearch, type ProductSearch } from '../../src/commerce/product-search.js';
import type { SearchLanguage } from '../../src/commerce/search-language.js';
import { signedWords } from '../../src/commerce/text-terms.js';
import { shippedSearchLanguage } from './demo-fixture.js';

/*
 * A number's sign is part of what a customer asks for: "minus 10", "-10", "−10" and "10 below
 * zero" mean the same temperature, and not -20. The words for it ("minus", "moins", "bajo cero")
 * are the locale packs' (search.negative_before / negative_after), not the code's.
 */

const product = (sku: string, name: string, description: string, rating: number, tags: string[] = []): Product => ({
  sku,
  name,
  category: 'freezers',
  price: 100,
  description,
  attributes: { brand: 'Acme' },
  tags,
  warrantyMonths: 12,
  inStock: true,
  rating,
});

// The colder units are rated higher, so without the sign the -18 one would come first for every query.
const CATALOG: Product[] = [
  product('F-5', 'Icebox Chest Freezer', 'Holds food at -5 °C, for drinks.', 3.9),
  product('F-18', 'Polar Upright Freezer', 'Holds food at −18 °C.', 4.9, ['deep freeze']),
  product('F-12', 'Glacier Drawer Freezer', 'Holds food at minus 12 degrees.', 4.5),
  product('F-P5', 'Cooler Box 5', 'Keeps drinks at +5 °C.', 4.0),
];

let language: SearchLanguage;
let search: ProductSearch;
beforeAll(async () => {
  language = await shippedSearchLanguage();
  search = createProductSearch(CATALOG, [{ id: 'freezers', label: 'Freezers', words: [] }], { currency: 'USD', language });
});

const first = (text: string) => search.search({ text }).hits[0]?.product.sku;

describe('negative numbers in product search', () => {
  it('reads "-5", "−5" (typographic minus) and the packs\' words as one signed word; a dash inside a word or range is no sign', () => {
    expect(signedWords('rated to -10 °C or −10 (minus 10), 10 below zero', language.negative)).toEqual(['rated', 'to', '-10', 'c', 'or', '-10', '-10', '-10']);
    expect(signedWords('moins 5 ou 5 sous zéro', language.negative)).toEqual(['-5', 'ou', '-5']);
    expect(signedWords('SB-1301 in 3-5 days, v1.-2')).toEqual(['sb', '1301', 'in', '3', '5', 'days', 'v1', '2']);
    // Without the packs' words only the signs count.
    expect(signedWords('minus 10 or -10')).toEqual(['minus', '10', 'or', '-10']);
  });

  it.each([
    ['a freezer for minus 5', 'F-5'],
    ['freezer -5', 'F-5'],
    ['freezer −5', 'F-5'],
    ['freezer that reaches 5 below zero', 'F-5'],
    ['freezer for minus 12', 'F-12'],
    ['freezer at -12 degrees', 'F-12'],
    ['freezer -18', 'F-18'],
    // The catalog is English; the sign word may be any loaded pack's.
    ['freezer moins 12', 'F-12'],
    ['freezer menos 5', 'F-5'],
  ])('"%s" finds %s first', (text, sku) => {
    expect(first(text)).toBe(sku);
  });

  it('a number without a sign is not a negative one, and a negative one is not its positive', () => {
    const matched = (text: string) => search.search({ text }).hits.flatMap((h) => h.matched);
    expect(matched('freezer 5')).not.toContain('-5');
    // "+5" is the cooler's: "-5" never finds it by its number.
    expect(search.search({ text: 'freezer -5' }).hits.find((h) => h.product.sku === 'F-P5')?.matched).toEqual(['freezer']);
  });
});
