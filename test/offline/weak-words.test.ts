import { describe, expect, it } from 'vitest';
import { matchItem } from '../../src/offline/item-match.js';
import { strongWords, weakWordsFrom } from '../../src/offline/weak-words.js';

/**
 * The words of product names that tell no item apart come from the store's catalog (and the
 * packs' stopwords), not from a list in the code: a store whose names share a modifier
 * treats it as weak, whatever the word.
 */
describe("a catalog's weak words", () => {
  // "zephyr" names products of three categories, one each: a maker or a variant. "lantern" names three lanterns.
  const catalog = [
    { name: 'Zephyr Lantern', category: 'lighting' },
    { name: 'Glow Lantern', category: 'lighting' },
    { name: 'Trail Lantern', category: 'lighting' },
    { name: 'Zephyr Stove', category: 'cooking' },
    { name: 'Zephyr Hammock', category: 'sleeping' },
    { name: 'Canvas Hammock', category: 'sleeping' },
  ];
  const weak = weakWordsFrom(catalog, new Set(['the', 'my']));

  it('are the words spread thin over several categories, and the stopwords', () => {
    expect(['zephyr', 'the', 'my'].map((w) => weak.has(w))).toEqual([true, true, true]);
    expect(['lantern', 'hammock', 'stove', 'glow'].map((w) => weak.has(w))).toEqual([false, false, false, false]);
  });

  it('leave numbers and units out by their shape, in any language', () => {
    expect(strongWords('Zephyr Stove 2 Qt 35mm 1.5 l', weak)).toEqual(['stove']);
    expect(strongWords('Lanterne 500 ml', weak)).toEqual(['lanterne']);
  });

  it('do not tell an order item apart: a shared modifier of this store is no match, its kind of thing is', () => {
    const items = [
      { sku: 'A-1', name: 'Zephyr Stove' },
      { sku: 'A-2', name: 'Canvas Hammock' },
    ];
    // "zephyr" is only in the stove's name, but it is this catalog's modifier: not a match.
    expect(matchItem(items, 'the zephyr one', [], weak)).toBeNull();
    expect(matchItem(items, 'the zephyr one', [], weakWordsFrom([], new Set()))?.sku).toBe('A-1');
    expect(matchItem(items, 'my stove is broken', [], weak)?.sku).toBe('A-1');
    expect(matchItem(items, 'the hammock tore', [], weak)?.sku).toBe('A-2');
  });
});
