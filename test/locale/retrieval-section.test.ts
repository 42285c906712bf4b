import { describe, expect, it } from 'vitest';
import { repositoryRetrievalWords, retrievalSectionSchema, retrievalWordsOf } from '../../src/locale/retrieval-section.js';
import { stemmerOf, stemmingProfileSchema } from '../../src/locale/stemmer.js';
import { createSimilarityIndex, terms } from '../../src/skills/similarity.js';

describe('retrieval words from the locale packs', () => {
  it('the English pack drops its stopwords and strips its endings', () => {
    expect(repositoryRetrievalWords().stopwords.has('the')).toBe(true);
    expect(terms('Returning the headphones, batteries included')).toEqual(['return', 'headphon', 'battery', 'includ']);
  });

  it('a pack of another language brings its own stopwords and endings, tried after the packs before it', () => {
    const endings = (...rules: Array<{ end: string; to?: string }>) => stemmingProfileSchema.parse({ min_length: 5, groups: [rules.map((r) => ({ ...r, min_stem: 3 }))] });
    const words = retrievalWordsOf(
      [retrievalSectionSchema.parse({ stopwords: ['the'] }), retrievalSectionSchema.parse({ stopwords: ['die', 'für'] })],
      stemmerOf([endings({ end: 's' }), endings({ end: 'en' }, { end: 'ungen', to: 'ung' })]),
    );
    expect(terms('Die Rechnungen für Taschen', words)).toEqual(['rechnung', 'tasch']);
    // The first pack's ending wins where both fit.
    expect(terms('Kabels', words)).toEqual(['kabel']);
  });

  it('words of any script are terms, so a non-Latin message still finds its article', () => {
    expect(terms('доставка в Казахстан')).toEqual(['доставка', 'казахстан']);
    const index = createSimilarityIndex(['возврат товара в течение 30 дней', 'доставка в Казахстан и Россию']);
    expect(index.top('сколько стоит доставка', 1).map((r) => r.index)).toEqual([1]);
  });

  it('refuses a section with a field it does not know (the endings are `stemming: retrieval` now)', () => {
    expect(() => retrievalSectionSchema.parse({ endings: ['s'] })).toThrow();
    expect(() => retrievalSectionSchema.parse({ stopword: ['x'] })).toThrow();
  });
});
