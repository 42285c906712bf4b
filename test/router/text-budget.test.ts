import { describe, expect, it } from 'vitest';
import { TEXT_BUDGET, wordWindow } from '../../src/core/text-budget.js';
import { createFeatureExtractor } from '../../src/router/features.js';

describe('the routing word window', () => {
  it('keeps the words the router reads (with slack) and cuts the rest between words', () => {
    const words = Array.from({ length: 100 }, (_, i) => `w${i}`);
    const kept = wordWindow(words.join(' '), 10);
    expect(kept).toBe(words.slice(0, 15).join(' '));
    expect(wordWindow('short message, kept whole', 10)).toBe('short message, kept whole');
    // Symbols that normalisation reads as words count as words.
    expect(wordWindow('% '.repeat(50), 4)).toBe('% % % % % % ');
    // A run of digits and commas is many words, not one.
    expect(wordWindow('1,'.repeat(1000), 4).length).toBeLessThan(14);
  });

  it('stops reading a single "word" long past what the router reads of a word', () => {
    const kept = wordWindow('ab'.repeat(1000), 24);
    expect(kept.length).toBeGreaterThanOrEqual(TEXT_BUDGET.tokenChars);
    expect(kept.length).toBeLessThan(400);
    const astral = wordWindow('𧒙'.repeat(1000), 24);
    expect(astral.length).toBeLessThan(400);
    expect(astral.length % 2).toBe(0);
    // Full-width and ideographic punctuation separate words.
    expect(wordWindow('退货，'.repeat(100), 4)).toBe('退货，'.repeat(6).slice(0, -1));
  });

  it('never splits a surrogate pair or a word outside ASCII', () => {
    const text = '𝒜𝒜𝒜 '.repeat(100);
    const kept = wordWindow(text, 4);
    expect(kept).toBe('𝒜𝒜𝒜 '.repeat(6).trimEnd());
    expect(kept.charCodeAt(kept.length - 1)).toBeGreaterThanOrEqual(0xdc00);
  });

  it('bounds the words a long message routes on', () => {
    const extractor = createFeatureExtractor({ vocabulary: new Map([['refund', 2]]), routeIds: ['returns', 'other'] });
    const long = Array.from({ length: 300 }, (_, i) => `word${String.fromCharCode(97 + (i % 26))}`).join(' ');
    expect(extractor.analyze(long).tokens.length).toBe(TEXT_BUDGET.routingWords);
    expect(extractor.analyze('1,'.repeat(1000)).tokens.length).toBe(TEXT_BUDGET.routingWords);
  });
});
