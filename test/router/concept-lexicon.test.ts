import { beforeAll, describe, expect, it } from 'vitest';
import type { SkillSet } from '../../src/core/skill.js';
import { EMPTY_ADDITIONS } from '../../src/core/vocabulary.js';
import { SHARED, conceptLexicon } from '../../src/router/concept-lexicon.js';
import { createRouter, type SwitchboardRouter } from '../../src/router/create-router.js';
import { productCore, storeVocabularyFrom, type CatalogForVocabulary } from '../../src/vocabulary/store-vocabulary.js';
import { shippedSkillSet } from './shipped-skills.js';

/**
 * What a catalog makes of its words: a product name's head without its variant part, a tag
 * that is an attribute value stays a quality, a category label that ends in a product noun
 * is one, and a product the catalog names outweighs general-topic words in the message.
 * Invented names only: none of these words is in the vocabulary file or the examples.
 */
const CATALOG: CatalogForVocabulary = {
  categories: [
    { id: 'bivvy_sacks', label: 'Bivvy Sacks', words: [] },
    { id: 'shop_area', label: 'Trail Living', words: [] },
    { id: 'film', label: 'Film', words: [] },
  ],
  products: [
    { sku: 'BV-101', name: 'Zarnok 3 Bivvy Sack - Long', category: 'bivvy_sacks', tags: ['bivvy sack', 'made to order'], attributes: { build: 'made to order' } },
    { sku: 'BV-102', name: 'Zarnok 5 Bivvy Sack (Regular)', category: 'bivvy_sacks', tags: ['film'], attributes: {} },
  ],
};

describe('the concept lexicon of a catalog', () => {
  const additions = { ...EMPTY_ADDITIONS, outOfScopeWords: ['celsius', 'minus', 'film'] };
  const lexicon = conceptLexicon({ additions, store: storeVocabularyFrom(CATALOG) }, new Set(['with', 'and']));
  const product = lexicon.get('PRODUCT') ?? [];

  it('takes the head of a product name without its variant', () => {
    expect(productCore('Zarnok 3 Bivvy Sack - Long')).toBe('Zarnok 3 Bivvy Sack');
    expect(productCore('Road Shoes (Men’s)')).toBe('Road Shoes');
    expect(product).toContain('sack');
    expect(product).not.toContain('long');
    expect(product).not.toContain('regular');
  });

  it('keeps a tag that is an attribute value as a quality, not a product', () => {
    expect(product).not.toContain('made to order');
    expect(lexicon.get('ATTRIBUTE')).toContain('made to order');
  });

  it('reads a category label ending in a product noun as a product, an area of the shop not', () => {
    expect(product).toContain('bivvy sacks');
    expect(product).not.toContain('trail living');
  });

  it('marks a general topic the catalog names as shared instead of out of scope', () => {
    expect(lexicon.get('WORLD')).toEqual(['celsius', 'minus']);
    expect(lexicon.get(SHARED)).toEqual(['film']);
  });
});

describe('a product the catalog names against general-topic words', () => {
  let set: SkillSet;
  let router: SwitchboardRouter;
  beforeAll(async () => {
    set = await shippedSkillSet();
    const additions = { ...set.vocabulary!.additions };
    router = createRouter({ skills: { ...set, vocabulary: { additions, store: storeVocabularyFrom(CATALOG) } }, threshold: 0.9 });
  });

  it('drops the out-of-scope words of a clause that names a product', () => {
    const c = router.classify('recommend a bivvy sack rated for minus 10 celsius');
    expect(c.concepts).toContain('PRODUCT');
    expect(c.concepts).not.toContain('WORLD');
  });

  it('keeps them when the only product word is also a general topic', () => {
    const c = router.classify('what is the best film of all time in celsius');
    expect(c.concepts).toEqual(expect.arrayContaining(['PRODUCT', 'WORLD']));
  });

  it('keeps them when they open the clause: a request to a general assistant about a product', () => {
    expect(router.classify('translate bivvy sack into german').concepts).toEqual(expect.arrayContaining(['PRODUCT', 'WORLD']));
    expect(router.classify('can you translate bivvy sack into german').concepts).toContain('WORLD');
    expect(router.classify('a bivvy sack for minus 10, please translate the label').concepts).toContain('WORLD');
  });

  it('keeps them in another clause', () => {
    const c = router.classify('what is minus 40 in fahrenheit? also, do you have a bivvy sack');
    expect(c.concepts).toContain('WORLD');
  });
});

/**
 * A product name's head as WordNet reads it: an everyday noun whose usual sense is not a thing
 * one buys ("set", "seat") names a product only with the word before it, and the head comes
 * before a function word ("... for Women"). Invented names; the real WordNet for the router.
 */
describe('the head of a product name', () => {
  const catalog: CatalogForVocabulary = {
    categories: [{ id: 'kits', label: 'Trail Kits', words: [] }],
    products: [
      { sku: 'TK-101', name: 'Zarnok Bivvy Repair Set', category: 'kits', tags: [], attributes: {} },
      { sku: 'TK-102', name: 'Quandel Trail Seat', category: 'kits', tags: [], attributes: {} },
      { sku: 'TK-103', name: 'Velmora Daily Tonic for Women', category: 'kits', tags: [], attributes: {} },
      { sku: 'TK-104', name: 'Brisco Pocket Speaker', category: 'kits', tags: ['work from home', 'travel speaker', 'zarnok gear'], attributes: {} },
    ],
  };
  const nouns = { has: (w: string) => ['tonic', 'speaker'].includes(w), isGeneral: (w: string) => ['set', 'seat', 'woman'].includes(w) };
  const lexicon = conceptLexicon({ additions: EMPTY_ADDITIONS, store: storeVocabularyFrom(catalog) }, new Set(['and']), {
    nouns,
    functionWords: new Set(['for', 'with', 'of']),
  });
  const product = lexicon.get('PRODUCT') ?? [];

  it('pairs a head of another usual sense with the word before it', () => {
    expect(product).toEqual(expect.arrayContaining(['repair set', 'trail seat']));
    expect(product).not.toContain('set');
    expect(product).not.toContain('seat');
  });

  it('keeps a head WordNet reads as goods, or as a person (agent nouns name devices too)', () => {
    expect(product).toContain('tonic');
    expect(product).toContain('speaker');
  });

  it('takes the head before a function word', () => {
    expect(product).not.toContain('women');
    expect(product).toContain('tonic');
  });

  it('reads a tag of several words as a product only when one of its words names a thing', () => {
    expect(product).toEqual(expect.arrayContaining(['travel speaker', 'zarnok gear']));
    expect(product).not.toContain('work from home');
  });

  it('without WordNet, keeps the heads as they are', () => {
    const plain = conceptLexicon({ additions: EMPTY_ADDITIONS, store: storeVocabularyFrom(catalog) }, new Set(['and'])).get('PRODUCT') ?? [];
    expect(plain).toEqual(expect.arrayContaining(['set', 'seat']));
  });
});

describe('an everyday word that ends a product name', () => {
  let router: SwitchboardRouter;
  beforeAll(async () => {
    const set = await shippedSkillSet();
    router = createRouter({ skills: set, threshold: 0.9 });
  });

  it('does not make a request to a general assistant a product question', async () => {
    // The demo catalog sells a "... Car Seat" and a "... Building Set"; neither word alone is a product.
    const c = router.classify('can i choose my seat on the flight');
    expect(c.concepts).not.toContain('PRODUCT');
    expect((await router.route('can i choose my seat on the flight', { activeSkill: null, unclearStreak: 0 })).skill).toBe('other');
  });
});
