import { beforeAll, describe, expect, it } from 'vitest';
import type { Product, ProductSearchResult } from '../../src/core/commerce.js';
import { createProductSearch, type ProductSearch } from '../../src/commerce/product-search.js';
import type { SearchLanguage } from '../../src/commerce/search-language.js';
import { storeInfoSchema } from '../../src/commerce/store-schemas.js';
import { shippedSearchLanguage } from './demo-fixture.js';

/**
 * A store whose catalog is written in German (store.yaml `language: de`) is searched by the
 * German Snowball stems too: a customer's singular finds the catalog's plural and the other way
 * round, with the same score (the English-first profiles joined them by a typo at best).
 */
const product = (sku: string, name: string, category: string, description: string): Product => ({
  sku, name, category, price: 100, description, attributes: {}, tags: [], inStock: true, warrantyMonths: 24,
});
const PRODUCTS: Product[] = [
  product('DE-101', 'Zelt Bergfalke', 'zelte', 'Leichtes Kuppelzelt für zwei Personen'),
  product('DE-102', 'Wanderschuhe Gipfelstürmer', 'schuhe', 'Wasserdicht, mit Profilsohle'),
  product('DE-103', 'Schlafsack Murmeltier', 'schlafsaecke', 'Daunenfüllung, warm bis minus zehn Grad'),
  product('DE-104', 'Stirnlampen Doppelpack Glühwurm', 'lampen', 'Zwei helle Lampen mit Akku'),
  product('DE-105', 'Kochtopf Lagerfeuer', 'kochen', 'Aluminium, ein Liter'),
];
const CATEGORIES = [
  { id: 'zelte', label: 'Zelte', words: [] },
  { id: 'schuhe', label: 'Schuhe', words: [] },
  { id: 'schlafsaecke', label: 'Schlafsäcke', words: [] },
  { id: 'lampen', label: 'Lampen', words: [] },
  { id: 'kochen', label: 'Kochen', words: [] },
];

let language: SearchLanguage;
let german: ProductSearch;
let unset: ProductSearch;
beforeAll(async () => {
  language = await shippedSearchLanguage();
  german = createProductSearch(PRODUCTS, CATEGORIES, { currency: 'EUR', language, catalogLanguage: 'de' });
  unset = createProductSearch(PRODUCTS, CATEGORIES, { currency: 'EUR', language });
});

const hits = (r: ProductSearchResult): string => r.hits.map((h) => `${h.product.sku} ${h.score} ${h.match}`).join(' | ');

describe('a catalog in German', () => {
  it.each([
    ['Zelt', 'Zelte', 'DE-101'],
    ['Wanderschuh', 'Wanderschuhe', 'DE-102'],
    ['Schlafsack', 'Schlafsäcke', 'DE-103'],
    ['Stirnlampe', 'Stirnlampen', 'DE-104'],
    ['Kochtopf', 'Kochtöpfe', 'DE-105'],
  ])('%s and %s find %s alike', (singular, plural, sku) => {
    for (const lang of ['de', null]) {
      const one = german.search({ text: singular, language: lang });
      const other = german.search({ text: plural, language: lang });
      expect(one.hits[0]?.product.sku).toBe(sku);
      expect(one.hits[0]?.match).toBe('exact');
      expect(hits(other)).toBe(hits(one));
      expect(other.unmatched).toEqual([]);
    }
  });

  it('a sentence with the other form finds it too', () => {
    expect(german.search({ text: 'ich suche leichte Zelte für eine Wanderung', language: 'de' }).hits[0]?.product.sku).toBe('DE-101');
    expect(german.search({ text: 'haben Sie Wanderschuh in Größe 42?', language: 'de' }).hits[0]?.product.sku).toBe('DE-102');
  });

  it('a store language whose pack names no Snowball stemmer reads as a store without one', () => {
    const english = createProductSearch(PRODUCTS, CATEGORIES, { currency: 'EUR', language, catalogLanguage: 'en' });
    for (const text of ['Zelte', 'Wanderschuh', 'Schlafsäcke', 'Kochtöpfe', 'Lampen']) {
      expect(JSON.stringify(english.search({ text }))).toBe(JSON.stringify(unset.search({ text })));
    }
  });

  it("store.yaml's language is optional and a language code", () => {
    const base = { name: 'Gipfel', currency: 'EUR', supportHours: '9-17', supportEmail: 'a@example.com', supportPhone: '1', website: 'https://example.com' };
    expect(storeInfoSchema.parse(base).language).toBeUndefined();
    expect(storeInfoSchema.parse({ ...base, language: 'de' }).language).toBe('de');
    expect(storeInfoSchema.safeParse({ ...base, language: 'German' }).success).toBe(false);
  });
});
