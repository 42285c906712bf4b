import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProductHit } from '../../src/core/commerce.js';
import { demoCommerce, scratchStoreDir } from './demo-fixture.js';

/**
 * store.yaml's `language` reaches product search through the store folder (issue 16): a store
 * folder whose catalog has German products and says `language: de` finds a German product by
 * its singular and its plural alike, and a reload picks the field up or drops it.
 */
const GERMAN_PRODUCTS = `
  - sku: OUT-9801
    name: Trekkingzelte Bergfalke Duo
    category: outdoor_sports
    price: 189.00
    description: Leichte Kuppelzelte für zwei Personen, wasserdicht.
    attributes: { weight: 2.1 kg }
    tags: []
    warrantyMonths: 24
    inStock: true
`;

const top = (hits: readonly ProductHit[]): string => hits.slice(0, 1).map((h) => `${h.product.sku} ${h.score}`).join('');

let scratch: Awaited<ReturnType<typeof scratchStoreDir>>;
beforeAll(async () => {
  scratch = await scratchStoreDir();
  await scratch.edit('catalog.yaml', (t) => `${t.trimEnd()}\n${GERMAN_PRODUCTS}`);
});
afterAll(() => scratch?.cleanup());

describe("a store folder's catalog language", () => {
  it('joins singular and plural with the language set, and a reload applies or drops it', async () => {
    const { commerce } = await demoCommerce({ dir: scratch.dir });
    const singular = () => commerce.searchProducts({ text: 'trekkingzelt' });
    const plural = () => commerce.searchProducts({ text: 'trekkingzelte' });
    const before = { singular: top(await singular()), plural: top(await plural()) };
    expect(before.plural).toMatch(/^OUT-9801 /);
    // The English-first profiles leave "trekkingzelt" apart from "trekkingzelte".
    expect(before.singular).not.toBe(before.plural);

    await scratch.edit('store.yaml', (t) => `${t.trimEnd()}\nlanguage: de\n`);
    await commerce.reload();
    const german = { singular: top(await singular()), plural: top(await plural()) };
    expect(german.singular).toMatch(/^OUT-9801 /);
    expect(german.singular).toBe(german.plural);

    await scratch.edit('store.yaml', (t) => t.replace(/\nlanguage: de\n/, '\n'));
    await commerce.reload();
    expect({ singular: top(await singular()), plural: top(await plural()) }).toEqual(before);
  });
});

describe('a query in another language than the catalog\'s', () => {
  it('reads the catalog as a store without the field does; one in the catalog language or none detected, through its stemmer', async () => {
    const { commerce: plain } = await demoCommerce();
    const german = await scratchStoreDir();
    try {
      await german.edit('store.yaml', (t) => `${t.trimEnd()}\nlanguage: de\n`);
      const { commerce } = await demoCommerce({ dir: german.dir });
      const same = async (text: string, language: string | null) =>
        JSON.stringify(await commerce.findProducts({ text, language })) === JSON.stringify(await plain.findProducts({ text, language }));
      // English words the German stems join or part ("stronger" is "strong", "colours"...).
      const english = ['I want to get stronger', 'what colours does the armchair come in', 'which of your winter coats is the warmest', 'king size cotton bedsheets'];
      for (const text of english) expect(await same(text, 'en'), text).toBe(true);
      // Without a detected language the catalog's reading stays: these differ from a store without the field.
      const differ = await Promise.all(english.map((text) => same(text, null)));
      expect(differ).toContain(false);
    } finally {
      await german.cleanup();
    }
  });
});
