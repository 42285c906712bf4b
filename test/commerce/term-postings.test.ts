import { describe, expect, it } from 'vitest';
import { buildTermPostings } from '../../src/commerce/term-postings.js';

describe('term postings', () => {
  const products = [new Map([['kettl', 1], ['steel', 1]]), new Map([['blender', 1]]), new Map([['kettl', 1], ['glass', 1]]), new Map([['constructor', 1]])];
  const postings = buildTermPostings(products);

  it('unions the products of the given terms, ascending, each once', () => {
    expect(postings.union(['glass', 'kettl', 'steel'])).toEqual([0, 2]);
    expect(postings.union(['blender', 'kettl'])).toEqual([0, 1, 2]);
    expect(postings.union([])).toEqual([]);
  });

  it('knows nothing of terms no product has, prototype names included', () => {
    expect(postings.union(['toString', '__proto__', 'missing'])).toEqual([]);
    expect(postings.union(['constructor'])).toEqual([3]);
    expect(postings.count('kettl')).toBe(2);
    expect(postings.count('hasOwnProperty')).toBe(0);
  });

  it('answers queries one after another without leaking marks between them', () => {
    for (let i = 0; i < 5; i++) expect(postings.union(['kettl'])).toEqual([0, 2]);
  });

  it('keeps each product\'s value with its position, coded once per distinct value', () => {
    const weighted = buildTermPostings([new Map([['lens', 3], ['prime', 0.8]]), new Map([['lens', 0.8]])]);
    const list = weighted.list('lens')!;
    expect([...list.ids]).toEqual([0, 1]);
    expect([...list.codes].map((c) => weighted.values[c])).toEqual([3, 0.8]);
    expect(weighted.values).toEqual([3, 0.8]);
    expect(weighted.list('toString')).toBeUndefined();
    expect(weighted.terms()).toEqual(['lens', 'prime']);
    expect(weighted.size).toBe(2);
  });
});
