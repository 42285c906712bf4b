import { beforeAll, describe, expect, it } from 'vitest';
import type { SkillSet } from '../../src/core/skill.js';
import { createRouter, type SwitchboardRouter } from '../../src/router/create-router.js';
import { storeVocabularyFrom, type CatalogForVocabulary } from '../../src/vocabulary/store-vocabulary.js';
import { shippedSkillSet } from './shipped-skills.js';

/**
 * A short message that points back and names nothing of its own ("how much is it?") is about
 * what the previous message was about; its own words lean on general questions the default
 * examples hold ("how much is a bus ticket"). And a word of a category the store sells, beside
 * a product in the same clause, says where the product goes ("a kettle for my kitchen"), not
 * what the default examples taught about the word ("turn on the kitchen light").
 * An invented store; its words are in no example.
 */
const CATALOG: CatalogForVocabulary = {
  categories: [
    { id: 'walking', label: 'Walking gear', words: ['garden', 'walking'] },
    { id: 'bowls', label: 'Bowls', words: [] },
  ],
  products: [
    { sku: 'WG-101', name: 'Brackwater Padded Harness', category: 'walking', tags: ['harness', 'no pull'], attributes: {} },
    { sku: 'WG-102', name: 'Brackwater Reflective Harness', category: 'walking', tags: ['harness'], attributes: {} },
    { sku: 'WG-103', name: 'Brackwater Garden Tether', category: 'walking', tags: ['tether'], attributes: {} },
    { sku: 'BW-201', name: 'Ellory Ceramic Bowl', category: 'bowls', tags: ['bowl'], attributes: {} },
  ],
};

describe('a follow-up that points back at the previous message', () => {
  let router: SwitchboardRouter;
  beforeAll(async () => {
    const set: SkillSet = await shippedSkillSet();
    router = createRouter({ skills: { ...set, vocabulary: { additions: set.vocabulary!.additions, store: storeVocabularyFrom(CATALOG) } }, threshold: 0.9 });
  });
  const after = (previous: string) => ({ activeSkill: 'product_recommendation', unclearStreak: 0, previousTurn: { customer: previous } });

  it('stays with the product when it asks about "it"', async () => {
    for (const text of ['how much is it', 'how much is it?', 'is it machine washable']) {
      const d = await router.route(text, after('i need a harness for my puppy, she pulls a lot'));
      expect(d.skill, text).toBe('product_recommendation');
      expect(d.method, text).toBe('sticky');
    }
  });

  it('leaves when what it asks about the object is another skill', async () => {
    expect((await router.route('can i return it', after('i need a harness for my puppy'))).skill).toBe('returns');
  });

  it('does nothing without an object in the previous message or a pointing word', async () => {
    expect((await router.route('how much is it', after('hello there'))).skill).toBe('other');
    expect((await router.route('how much is a bus ticket in london', after('i need a harness for my puppy'))).skill).toBe('other');
  });

  it("reads a category's word beside a product by its catalog concept", () => {
    expect(router.classify('i need a tether for my garden').skill).toBe('product_recommendation');
    expect(router.classify('how do I water my garden in summer').skill).toBe('other');
  });
});
