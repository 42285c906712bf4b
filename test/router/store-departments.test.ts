import { beforeAll, describe, expect, it } from 'vitest';
import type { SkillSet } from '../../src/core/skill.js';
import { createRouter, type SwitchboardRouter } from '../../src/router/create-router.js';
import { storeVocabularyFrom, type CatalogForVocabulary } from '../../src/vocabulary/store-vocabulary.js';
import { shippedSkillSet } from './shipped-skills.js';

/**
 * A general topic the vocabulary file lists as out of scope ("dog", "cat", "bird") is the store's
 * own word where the catalog is sorted by it: a department several categories share, or an
 * attribute's value. Two invented pet shops, one sorted each way; no word of theirs is in the
 * shipped examples as a product.
 */
const product = (sku: string, name: string, category: string, attributes: Record<string, string> = {}, tags: string[] = []) => ({ sku, name, category, tags, attributes });

const BY_DEPARTMENT: CatalogForVocabulary = {
  categories: [
    { id: 'dog_food', label: 'Dog Food', words: ['dog'] },
    { id: 'dog_toys', label: 'Dog Toys', words: ['dog'] },
    { id: 'cat_food', label: 'Cat Food', words: ['cat'] },
    { id: 'cat_litter', label: 'Cat Litter', words: ['cat'] },
    { id: 'bird_cages', label: 'Bird Cages', words: ['bird'] },
    { id: 'bird_seed', label: 'Bird Seed', words: ['bird'] },
  ],
  products: [
    product('P-1', 'Quillmoor Salmon Kibble 12kg', 'dog_food'),
    product('P-2', 'Quillmoor Puppy Kibble 2kg', 'dog_food'),
    product('P-3', 'Tovrick Rubber Chew Bone', 'dog_toys'),
    product('P-4', 'Tovrick Rope Tug', 'dog_toys'),
    product('P-5', 'Ardlow Indoor Cat Kibble 4kg', 'cat_food'),
    product('P-6', 'Ardlow Clumping Clay Litter 10L', 'cat_litter'),
    product('P-7', 'Ardlow Pine Pellet Litter 30L', 'cat_litter'),
    product('P-8', 'Perchley Budgie Cage', 'bird_cages'),
    product('P-9', 'Perchley Wild Seed Mix 5kg', 'bird_seed'),
  ],
};

const BY_ATTRIBUTE: CatalogForVocabulary = {
  categories: [
    { id: 'food', label: 'Food', words: [] },
    { id: 'litter', label: 'Litter', words: [] },
    { id: 'toys', label: 'Toys', words: [] },
  ],
  products: [
    product('P-1', 'Quillmoor Salmon Kibble 12kg', 'food', { animal: 'dog' }),
    product('P-2', 'Ardlow Indoor Kibble 4kg', 'food', { animal: 'cat' }),
    product('P-3', 'Ardlow Clumping Clay Litter 10L', 'litter', { animal: 'cat' }),
    product('P-4', 'Tovrick Rubber Chew Bone', 'toys', { animal: 'dog' }),
    product('P-5', 'Perchley Seed Bell', 'food', { animal: 'bird' }),
  ],
};

const ASKS = ['need cat litter', 'something for my cat to scratch', 'a toy for my dog please', 'something for my dog', 'anything for a bird that is bored'];

describe('out-of-scope words the catalog is sorted by', () => {
  let set: SkillSet;
  beforeAll(async () => {
    set = await shippedSkillSet();
  });
  const routerFor = (catalog: CatalogForVocabulary): SwitchboardRouter =>
    createRouter({ skills: { ...set, vocabulary: { additions: set.vocabulary!.additions, store: storeVocabularyFrom(catalog) } }, threshold: 0.9 });

  it('a department several categories share: a product question', () => {
    const router = routerFor(BY_DEPARTMENT);
    for (const text of ASKS) expect(router.classify(text).skill, text).toBe('product_recommendation');
  });

  it("an attribute's value: a product question", () => {
    const router = routerFor(BY_ATTRIBUTE);
    for (const text of ASKS) expect(router.classify(text).skill, text).toBe('product_recommendation');
  });

  it('a word only one category lists stays a general topic there', () => {
    const vocabulary = storeVocabularyFrom({ categories: [{ id: 'dog_beds', label: 'Dog Beds', words: ['dog'] }], products: [product('P-1', 'Snorlow Donut Bed', 'dog_beds')] });
    expect(vocabulary.departmentWords ?? []).toEqual([]);
    expect(storeVocabularyFrom(BY_DEPARTMENT).departmentWords).toEqual(['dog', 'cat', 'bird']);
  });

  it('what is no question about the goods stays out of scope', () => {
    for (const router of [routerFor(BY_DEPARTMENT), routerFor(BY_ATTRIBUTE)]) {
      for (const text of ["what's the weather tomorrow", 'tell me a joke', 'how long do cats live']) expect(router.classify(text).skill, text).toBe('other');
    }
  });
});
