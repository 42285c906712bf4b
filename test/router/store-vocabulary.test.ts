import { beforeAll, describe, expect, it } from 'vitest';
import type { SkillSet } from '../../src/core/skill.js';
import { createRouter, type SwitchboardRouter } from '../../src/router/create-router.js';
import { storeVocabularyFrom, type CatalogForVocabulary } from '../../src/vocabulary/store-vocabulary.js';
import { shippedSkillSet } from './shipped-skills.js';

/**
 * A store's own product words come from its catalog: a word that appears nowhere in the
 * code, the vocabulary file or the routing examples routes to product recommendation once
 * the catalog has it, and a follow-up about it stays there.
 */
const CATALOG: CatalogForVocabulary = {
  categories: [{ id: 'water_sports', label: 'Water sports', words: ['paddling'] }],
  products: [
    { sku: 'WS-204', name: 'Tidewell Quorra Sit-on-top', category: 'water_sports', tags: ['quorra', 'sit-on-top'], attributes: { hull: 'rotomoulded polyethylene' } },
    { sku: 'WS-205', name: 'Tidewell Quorra Tandem', category: 'water_sports', tags: ['quorra', 'tandem'], attributes: { brand: 'Tidewell' } },
  ],
};

function withCatalog(set: SkillSet): SkillSet {
  return { ...set, vocabulary: { additions: set.vocabulary!.additions, store: storeVocabularyFrom(CATALOG) } };
}

describe('router vocabulary from the store catalog', () => {
  let set: SkillSet;
  let store: SwitchboardRouter;
  beforeAll(async () => {
    set = await shippedSkillSet();
    store = createRouter({ skills: withCatalog(set), threshold: 0.8 });
  });

  it('reads a catalog-only word as a product', () => {
    const c = store.classify('which quorra would you recommend for two people');
    expect(c.concepts).toContain('PRODUCT');
    expect(c.skill).toBe('product_recommendation');
  });

  it('keeps a follow-up about that product with the skill', async () => {
    const first = await store.route('do you have the quorra in stock?', { activeSkill: null, unclearStreak: 0 });
    expect(first.skill).toBe('product_recommendation');
    const next = await store.route('and the tandem one, how heavy is it?', {
      activeSkill: first.skill,
      unclearStreak: 0,
      previousTurn: { customer: 'do you have the quorra in stock?' },
    });
    expect(next.skill).toBe('product_recommendation');
  });

  it("reads the store's own SKU shape as a product code", () => {
    expect(store.classify('is ws-204 still available').concepts).toContain('PRODUCT');
  });

  it('retrains with the new catalog on reload', () => {
    const plain = createRouter({ skills: { ...set, vocabulary: { ...set.vocabulary!, store: storeVocabularyFrom({ categories: [], products: [] }) } }, threshold: 0.8 });
    expect(plain.classify('tell me about the quorra').concepts).not.toContain('PRODUCT');
    expect(plain.retrain(withCatalog(set))).toBe(true);
    expect(plain.classify('tell me about the quorra').concepts).toContain('PRODUCT');
  });
});
