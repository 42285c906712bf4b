import { describe, expect, it } from 'vitest';
import { createVocabularyIndex, MATCH } from '../../src/commerce/vocabulary-index.js';
import { moneyAmounts } from '../../src/guard/reply-text.js';
import { factSectionSchema, factWordsOf } from '../../src/locale/fact-words.js';
import { repositoryPacks } from '../../src/locale/repository-packs.js';
import { nearestSingular, repositorySingularForms, singularFormsOf } from '../../src/locale/stemmer.js';

/**
 * The short-plural reading of product search and the currency plural of the answer guard are
 * the locale packs' `stemming: plurals`, read by the singular that takes the least off.
 */
describe('plural readers', () => {
  it('take the singular that takes the least off', () => {
    const en = repositorySingularForms();
    expect(nearestSingular(en, 'tvs')).toBe('tv');
    expect(nearestSingular(en, 'toes')).toBe('toe');
    expect(nearestSingular(en, 'dollars')).toBe('dollar');
    expect(nearestSingular(en, 'tv')).toBeNull();
  });

  it('product search meets a short plural with its singular, by the packs', () => {
    expect(createVocabularyIndex(['tv', 'to']).matches('tvs').get('tv')).toBe(MATCH.exact);
    // "toes" is not "to": only the plainest ending is read.
    expect(createVocabularyIndex(['to']).matches('toes').has('to')).toBe(false);
    // Another pack's plurals ("-x"): the rule is data.
    const other = singularFormsOf([[{ end: 'x', to: '' }]]);
    expect(createVocabularyIndex(['tv'], other).matches('tvx').get('tv')).toBe(MATCH.exact);
    expect(createVocabularyIndex(['tv'], other).matches('tvs').has('tv')).toBe(false);
  });

  it("the guard reads a currency's plural by the packs", () => {
    expect(moneyAmounts('It costs 15 euros.').map((a) => a.value)).toEqual([15]);
    const sections = repositoryPacks().map((p) => ({ language: p.language, facts: p.doc.facts === undefined ? undefined : factSectionSchema.parse(p.doc.facts) }));
    const withX = factWordsOf(sections, singularFormsOf([[{ end: 'x', to: '' }]]));
    expect(moneyAmounts('It costs 15 eurox.', withX).map((a) => a.value)).toEqual([15]);
    expect(moneyAmounts('It costs 15 euros.', withX)).toEqual([]);
  });
});
