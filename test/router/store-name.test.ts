import { beforeAll, describe, expect, it } from 'vitest';
import type { SkillSet } from '../../src/core/skill.js';
import { EMPTY_ADDITIONS } from '../../src/core/vocabulary.js';
import { conceptLexicon } from '../../src/router/concept-lexicon.js';
import { createRouter, type SwitchboardRouter } from '../../src/router/create-router.js';
import { storeVocabularyFrom, type CatalogForVocabulary } from '../../src/vocabulary/store-vocabulary.js';
import { shippedSkillSet } from './shipped-skills.js';

/**
 * The store's own name (StoreInfo.name) is a word of the vocabulary file's `store` concept: a
 * message naming the shop asks about the company, even where the catalog sells a house brand of
 * the same name. An invented shop; none of its words is in the vocabulary file or the examples.
 */
const CATALOG: CatalogForVocabulary = {
  categories: [{ id: 'bivvy_sacks', label: 'Bivvy Sacks', words: [] }],
  products: [
    { sku: 'BV-101', name: 'Zarnok Trail Bivvy Sack', category: 'bivvy_sacks', tags: ['bivvy sack'], attributes: {} },
    { sku: 'BV-102', name: 'Zarnok Ridge Bivvy Sack', category: 'bivvy_sacks', tags: [], attributes: {} },
    { sku: 'BV-103', name: 'Quellbrook Alpine Bivvy Sack', category: 'bivvy_sacks', tags: [], attributes: {} },
  ],
};
const store = { ...storeVocabularyFrom(CATALOG), storeNames: ['zarnok outfitters'] };

describe("the store's own name in the concept lexicon", () => {
  const additions = { ...EMPTY_ADDITIONS, concepts: new Map([['store', ['showroom', 'your company']]]) };
  const lexicon = conceptLexicon({ additions, store }, new Set(['the']));

  it('joins the store concept, whole and by its first word', () => {
    expect(lexicon.get('STORE')).toEqual(expect.arrayContaining(['zarnok outfitters', 'zarnok']));
  });

  it('is no brand word alone, though the catalog names products after it; with a model word it names a product', () => {
    expect(lexicon.get('BRAND') ?? []).not.toContain('zarnok');
    expect(lexicon.get('BRAND')).toContain('quellbrook');
    expect(lexicon.get('PRODUCT')).toContain('zarnok trail');
  });

  it('leaves a one-word name that is a catalog word to the catalog (a shop called "Bivvy" selling bivvy sacks)', () => {
    const named = conceptLexicon({ additions, store: { ...store, storeNames: ['bivvy'] } }, new Set(['the']));
    expect(named.get('STORE') ?? []).not.toContain('bivvy');
    const invented = conceptLexicon({ additions, store: { ...store, storeNames: ['zarnok'] } }, new Set(['the']));
    expect(invented.get('STORE')).toContain('zarnok');
  });

  it('adds nothing when the vocabulary file has no store concept', () => {
    const none = conceptLexicon({ additions: EMPTY_ADDITIONS, store }, new Set());
    expect(none.get('STORE')).toBeUndefined();
  });
});

describe('a message naming the store', () => {
  let set: SkillSet;
  let router: SwitchboardRouter;
  beforeAll(async () => {
    set = await shippedSkillSet();
    router = createRouter({ skills: { ...set, vocabulary: { additions: set.vocabulary!.additions, store } }, threshold: 0.9 });
  });

  it('asks about the company', () => {
    for (const text of ['tell me about zarnok', 'tell me about Zarnok Outfitters', 'who is zarnok outfitters']) {
      expect(router.classify(text).skill, text).toBe('other');
    }
  });

  it('still asks for a product when it names one too', () => {
    expect(router.classify('recommend a zarnok bivvy sack for winter').skill).toBe('product_recommendation');
  });
});
