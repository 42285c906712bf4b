import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoCommerce } from '../../src/commerce/demo-commerce.js';
import { messageStemmer } from '../../src/locale/language-stemmers.js';
import { guessProducts } from '../../src/offline/category-guess.js';
import { matchItem } from '../../src/offline/item-match.js';
import { demoCommerce, scratchStoreDir } from '../commerce/demo-fixture.js';

/**
 * The offline responder's item matching reads a message in its language as product search does
 * (issue 16): a word of an order item's or a product's name counts when its stem in the
 * message's language (the pack's Snowball stemmer, as the store last read the packs) is a stem
 * of the message's ("Wanderschuh" names "Wanderschuhe Gipfelstürmer"). A message without a
 * language, or in one without a stemmer, is matched as before.
 */
const GERMAN_PRODUCTS = `
  - sku: OUT-9801
    name: Wanderschuhe Gipfelstürmer
    category: outdoor_sports
    price: 129.00
    description: Wasserdichte Wanderschuhe mit Profilsohle.
    attributes: { weight: 1.1 kg }
    tags: []
    warrantyMonths: 24
    inStock: true
  - sku: OUT-9802
    name: Kochtöpfe Lagerfeuer
    category: outdoor_sports
    price: 39.00
    description: Zwei Töpfe aus Aluminium für das Lagerfeuer.
    attributes: { weight: 0.6 kg }
    tags: []
    warrantyMonths: 24
    inStock: true
`;

let scratch: Awaited<ReturnType<typeof scratchStoreDir>>;
let commerce: DemoCommerce;
beforeAll(async () => {
  scratch = await scratchStoreDir();
  await scratch.edit('catalog.yaml', (t) => `${t.trimEnd()}\n${GERMAN_PRODUCTS}`);
  await scratch.edit('store.yaml', (t) => `${t.trimEnd()}\nlanguage: de\n`);
  ({ commerce } = await demoCommerce({ dir: scratch.dir }));
});
afterAll(() => scratch?.cleanup());

const items = [
  { sku: 'OUT-9801', name: 'Wanderschuhe Gipfelstürmer' },
  { sku: 'OUT-9802', name: 'Kochtöpfe Lagerfeuer' },
  { sku: 'KIT-1001', name: 'Vireo QuietBlend 600 Blender' },
];

describe("an order item named in another form of the message's language", () => {
  it('is found through the German stemmer, and only in a German message', () => {
    const german = messageStemmer(commerce, 'de');
    expect(german).toBeDefined();
    expect(messageStemmer(commerce, 'en')).toBeUndefined();
    expect(messageStemmer(commerce, null)).toBeUndefined();
    for (const [text, sku] of [
      ['der Wanderschuh hat ein Loch', 'OUT-9801'],
      ['ein Kochtopf ist verbeult', 'OUT-9802'],
    ] as const) {
      expect(matchItem(items, text, [], undefined, undefined, german)?.sku, text).toBe(sku);
      // The English-first search stems leave the forms apart.
      expect(matchItem(items, text, [], undefined, undefined, undefined)).toBeNull();
    }
  });

  it('matches as before without a language stemmer', () => {
    for (const text of ['the blender leaks', 'my quietblend stopped', 'die Wanderschuhe sind nass', 'nothing here']) {
      const none = matchItem(items, text, []);
      expect(matchItem(items, text, [], undefined, undefined, undefined)).toEqual(none);
      expect(matchItem(items, text, [], undefined, undefined, messageStemmer(commerce, 'en'))).toEqual(none);
    }
  });

  it('never hands the shared stem memo a word longer than a token', () => {
    const seen: string[] = [];
    const spy = (w: string) => {
      seen.push(w);
      return w;
    };
    matchItem(items, `die ${'Wanderschuh'.repeat(200)} Gipfelstürmer`, [], undefined, undefined, spy);
    expect(seen.length).toBeGreaterThan(0);
    expect(Math.max(...seen.map((w) => w.length))).toBeLessThanOrEqual(64);
  });

  it("a product named in another form is the message's specific product", async () => {
    const guess = await guessProducts(commerce, 'Wanderschuh Gipfelstürmer', new Set(), undefined, 'de');
    expect(guess?.specific?.sku).toBe('OUT-9801');
    const english = await guessProducts(commerce, 'Wanderschuh Gipfelstürmer', new Set(), undefined, 'en');
    expect(english?.specific).toBeUndefined();
  });
});
