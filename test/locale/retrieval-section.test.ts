import { describe, expect, it } from 'vitest';
import { repositoryRetrievalWords, retrievalSectionSchema, retrievalWordsOf } from '../../src/locale/retrieval-section.js';
import { createSimilarityIndex, terms } from '../../src/skills/similarity.js';

describe('retrieval words from the locale packs', () => {
  it('the English pack drops its stopwords and strips its endings', () => {
    expect(repositoryRetrievalWords().stopwords.has('the')).toBe(true);
    expect(terms('Returning the headphones, batteries included')).toEqual(['return', 'headphon', 'battery', 'includ']);
  });

  it('a pack of another language brings its own stopwords and endings, tried after the packs before it', () => {
    const words = retrievalWordsOf([
      retrievalSectionSchema.parse({ stopwords: ['the'], endings: ['s'] }),
      retrievalSectionSchema.parse({ stopwords: ['die', 'für'], endings: ['en', 'ungen>ung'] }),
    ]);
    expect(terms('Die Rechnungen für Taschen', words)).toEqual(['rechnung', 'tasch']);
    // The first pack's ending wins where both fit.
    expect(terms('Kabels', words)).toEqual(['kabel']);
  });

  it('words of any script are terms, so a non-Latin message still finds its article', () => {
    expect(terms('доставка в Казахстан')).toEqual(['доставка', 'казахстан']);
    const index = createSimilarityIndex(['возврат товара в течение 30 дней', 'доставка в Казахстан и Россию']);
    expect(index.top('сколько стоит доставка', 1).map((r) => r.index)).toEqual([1]);
  });

  it('refuses an ending that is not one ending or ending>replacement', () => {
    expect(() => retrievalSectionSchema.parse({ endings: ['a>b>c'] })).toThrow(/ending/);
    expect(() => retrievalSectionSchema.parse({ endings: ['two words'] })).toThrow(/ending/);
    expect(() => retrievalSectionSchema.parse({ stopword: ['x'] })).toThrow();
  });
});
