import { describe, expect, it } from 'vitest';
import { buildTermPostings } from '../../src/commerce/term-postings.js';
import { ascendingIds, createTermScorer, type StemExpansion } from '../../src/commerce/term-scorer.js';

/** An expansion of the given terms (quality 1, idf 1), strong in every field, typed where listed. */
function expansion(terms: string[], typed: string[] = []): StemExpansion {
  return { size: terms.length, terms, quality: terms.map(() => 1), idf: terms.map(() => 1), strongIn: terms.map(() => 0xff), typed: terms.map((t) => typed.includes(t)) };
}

describe('term scorer', () => {
  const postings = buildTermPostings([
    new Map([['blender', 3], ['quiet', 2]]),
    new Map([['kettl', 3]]),
    new Map([['blender', 0.8], ['steel', 1.2]]),
    new Map([['quiet', 2]]),
  ]);
  const scorer = createTermScorer(postings);

  it('scores only the products sharing a term with the query, ascending, with their sums and coverage', () => {
    const r = scorer.score([[{ stems: [expansion(['blender'], ['blender'])], unitAsked: [false], weight: 1 }], [{ stems: [expansion(['quiet'])], unitAsked: [false], weight: 1 }]]);
    expect([...r.pool]).toEqual([0, 2, 3]);
    expect([...r.sum]).toEqual([5, 0.8, 2]);
    expect([...r.covered]).toEqual([2, 1, 1]);
    expect([...r.typed]).toEqual([1, 1, 0]);
    expect([...r.strong]).toEqual([1, 1, 1]);
  });

  it('a phrase scores the mean of its words, the best alternative of a slot counts, and a unit typed alone is never strong', () => {
    const phrase = { stems: [expansion(['blender']), expansion(['steel'])], unitAsked: [false, true], weight: 0.5 };
    const single = { stems: [expansion(['kettl'])], unitAsked: [false], weight: 1 };
    const r = scorer.score([[phrase, single]]);
    expect([...r.pool]).toEqual([0, 1, 2]);
    // Product 0: (3 + 0) / 2 * 0.5; product 2: (0.8 + 1.2) / 2 * 0.5; product 1: the single word.
    expect([...r.sum]).toEqual([0.75, 3, 0.5]);
    expect([...r.strong]).toEqual([1, 1, 1]);
    const unitOnly = scorer.score([[{ stems: [expansion(['steel'])], unitAsked: [true], weight: 1 }]]);
    expect([...unitOnly.strong]).toEqual([0]);
  });

  it('answers queries one after another without leaking figures between them', () => {
    for (let i = 0; i < 3; i++) {
      const r = scorer.score([[{ stems: [expansion(['kettl'])], unitAsked: [false], weight: 1 }]]);
      expect([...r.pool]).toEqual([1]);
      expect([...r.sum]).toEqual([3]);
    }
  });
});

describe('ascending ids', () => {
  it('orders distinct positions as a sort does, below and above the bit-set threshold, and leaves the bits clear', () => {
    const n = 5000;
    const bits = new Uint32Array(Math.ceil(n / 32));
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (const count of [0, 1, 100, 511, 512, 3000, n]) {
      const all = Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [all[i], all[j]] = [all[j]!, all[i]!];
      }
      const ids = new Uint32Array(n);
      ids.set(all.slice(0, count));
      const expected = all.slice(0, count).sort((a, b) => a - b);
      expect([...ascendingIds(ids, count, bits)]).toEqual(expected);
      expect(bits.every((w) => w === 0)).toBe(true);
    }
  });
});
