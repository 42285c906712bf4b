import { beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_ADDITIONS } from '../../src/core/vocabulary.js';
import { STORE_NOUN, conceptLexicon } from '../../src/router/concept-lexicon.js';
import { createRouter, type SwitchboardRouter } from '../../src/router/create-router.js';
import { createFeatureExtractor } from '../../src/router/features.js';
import { labelParts, storeVocabularyFrom, type CatalogForVocabulary } from '../../src/vocabulary/store-vocabulary.js';
import { shippedSkillSet } from './shipped-skills.js';

/**
 * How a store's own nouns become product signals (issue 16): parts of compound category
 * labels, a name's head the store also tags, a brand with its model word, and a catalog noun
 * that is an everyday word too, read by its catalog concept rather than by what the default
 * examples say about the word. Invented brands; the nouns are everyday words on purpose.
 */
const CATALOG: CatalogForVocabulary = {
  categories: [
    { id: 'sacks_hampers', label: 'Sacks & Hampers', words: [] },
    { id: 'helmets', label: 'Helmets', words: [] },
    { id: 'care', label: 'Polish, Care', words: [] },
    { id: 'lamps', label: 'Lights', words: [] },
    { id: 'wheels', label: 'Tyres', words: [] },
  ],
  products: [
    { sku: 'SK-101', name: 'Zarnok Waxed Hamper Pair', category: 'sacks_hampers', tags: [], attributes: {} },
    { sku: 'SK-102', name: 'Zarnok Drifter Canvas Sack', category: 'sacks_hampers', tags: ['touring'], attributes: {} },
    { sku: 'HL-201', name: 'Quellby Ridge Helmet', category: 'helmets', tags: [], attributes: {} },
    { sku: 'CR-301', name: 'Glimwax Wet Grease 100 ml', category: 'care', tags: ['grease', 'winter'], attributes: {} },
    { sku: 'HL-202', name: 'Quellby Beam Light', category: 'lamps', tags: [], attributes: {} },
    { sku: 'HL-203', name: 'Quellby Grip Tyre', category: 'wheels', tags: ['tyre'], attributes: {} },
  ],
};

describe('the store nouns of a catalog', () => {
  // WordNet stand-in: "pair", "grease" and "care" are nouns of another usual sense; "hamper" is goods.
  const nouns = { has: (w: string) => ['hamper', 'hampers', 'sack', 'helmet'].includes(w), isGeneral: (w: string) => ['pair', 'grease', 'care'].includes(w) };
  const lexicon = conceptLexicon({ additions: EMPTY_ADDITIONS, store: storeVocabularyFrom(CATALOG) }, new Set(['and']), { nouns, functionWords: new Set(['for']) });
  const product = lexicon.get('PRODUCT') ?? [];

  it('splits a compound category label into its parts', () => {
    expect(labelParts('Sacks & Hampers')).toEqual(['Sacks', 'Hampers']);
    expect(labelParts('Polish, Care')).toEqual(['Polish', 'Care']);
    expect(labelParts('Helmets')).toEqual([]);
    expect(storeVocabularyFrom(CATALOG).categoryLabelParts).toEqual(['sacks', 'hampers', 'polish', 'care']);
  });

  it('reads each part as a product noun, unless it is an everyday noun of another sense', () => {
    expect(product).toEqual(expect.arrayContaining(['hampers', 'sacks']));
    expect(product).not.toContain('care');
  });

  it('reads a head of another sense alone when the store tags its products with it', () => {
    expect(product).toContain('wet grease');
    expect(product).toContain('grease');
    expect(product).not.toContain('pair');
  });

  it('reads a brand with its model word as a product', () => {
    expect(product).toEqual(expect.arrayContaining(['zarnok drifter', 'zarnok waxed']));
  });

  it('reads a one-word quality tag as an attribute, by that concept only', () => {
    expect(lexicon.get('ATTRIBUTE')).toContain('touring');
    expect(lexicon.get(STORE_NOUN)).toContain('touring');
    expect(product).not.toContain('touring');
  });

  it('marks the one-word store nouns that are English words', () => {
    const marked = lexicon.get(STORE_NOUN) ?? [];
    expect(marked).toEqual(expect.arrayContaining(['helmets', 'hampers', 'helmet', 'grease']));
    expect(marked).not.toContain('zarnok');
    expect(marked).not.toContain('care');
  });
});

describe('a store noun that is an everyday word', () => {
  let router: SwitchboardRouter;
  beforeAll(async () => {
    const set = await shippedSkillSet();
    router = createRouter({ skills: { ...set, vocabulary: { additions: set.vocabulary!.additions, store: storeVocabularyFrom(CATALOG) } }, threshold: 0.9 });
  });

  it('has no word or letter features of its own: the catalog concept speaks for it', () => {
    const lexicon = conceptLexicon({ additions: EMPTY_ADDITIONS, store: storeVocabularyFrom(CATALOG) });
    const features = [...createFeatureExtractor({ vocabulary: new Map(), routeIds: ['product_recommendation', 'other'], concepts: lexicon }).analyze('helmets for night rides').features.keys()];
    expect(features).toContain('c:PRODUCT');
    // Word and letter features go; its pairs with the next word and the question frame stay.
    const own = features.filter((f) => !f.startsWith('b:') && !f.startsWith('f:'));
    expect(own.filter((f) => f.includes('helm') || f.includes('lmet'))).toEqual([]);
    expect(features.some((f) => f.includes('ride'))).toBe(true);
  });

  it('routes the store nouns to products, though the default examples use the words elsewhere', async () => {
    // The default `other` examples ask about wearing a helmet, a light year and a car's tyres.
    for (const text of ['helmets', 'lights', 'tyres', 'sacks for touring that keep the rain out', 'which light is brightest for night rides', 'a tyre that resists punctures']) {
      expect((await router.route(text, { activeSkill: null, unclearStreak: 0 })).skill, text).toBe('product_recommendation');
    }
  });

  it('leaves the everyday senses out of scope, weighed against the other words', async () => {
    for (const text of ['what is a light year', 'my car tyre is flat', 'do i have to wear a helmet by law', 'who won the tour de france']) {
      expect((await router.route(text, { activeSkill: null, unclearStreak: 0 })).skill, text).toBe('other');
    }
  });

  it('routes a bare brand and model to products', async () => {
    expect((await router.route('how much is the zarnok drifter', { activeSkill: null, unclearStreak: 0 })).skill).toBe('product_recommendation');
  });
});
