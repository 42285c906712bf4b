import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/core/seeded-random.js';
import { createWordFilter } from '../../src/router/word-filter.js';

/** Deterministic random strings of 1-12 code units, some outside ASCII. */
function strings(seed: number, n: number): string[] {
  const next = seededRandom(seed);
  const units = 'abcdefghijklmnopqrstuvwxyzéßжя中_';
  return Array.from({ length: n }, () => Array.from({ length: 1 + Math.floor(next() * 12) }, () => units[Math.floor(next() * units.length)]).join(''));
}

describe('word filter (the router\'s "certainly not a known word" test)', () => {
  it('never rules out a word it holds, and rules out nearly all others', () => {
    const held = strings(1, 20_000);
    const filter = createWordFilter(held);
    for (const w of held) expect(filter.mayHave(w)).toBe(true);
    const heldSet = new Set(held);
    const others = strings(2, 20_000).filter((w) => !heldSet.has(w));
    const maybes = others.filter((w) => filter.mayHave(w)).length;
    // About 16 bits a word: a few false "maybe" in a thousand; a broken hash or table says yes far more often.
    expect(maybes / others.length).toBeLessThan(0.01);
  });

  it('answers for a string with one or two code units left out as for that string', () => {
    const filter = createWordFilter(strings(3, 5_000));
    for (const s of strings(4, 3_000)) {
      for (let i = 0; i < s.length; i++) {
        expect(filter.mayHaveWithout(s, i, -1)).toBe(filter.mayHave(s.slice(0, i) + s.slice(i + 1)));
        for (let j = i + 1; j < s.length; j++) {
          expect(filter.mayHaveWithout(s, i, j)).toBe(filter.mayHave(s.slice(0, i) + s.slice(i + 1, j) + s.slice(j + 1)));
        }
      }
    }
  });

  it('answers for a range of a text as for that piece of it', () => {
    const held = strings(6, 2_000);
    const filter = createWordFilter(held);
    const text = held.slice(0, 200).join(' ');
    let maybes = 0;
    for (let from = 0; from < text.length; from += 3) {
      for (let to = from; to <= Math.min(text.length, from + 14); to++) {
        const piece = text.slice(from, to);
        expect(filter.mayHaveRange(text, from, to)).toBe(filter.mayHave(piece));
        if (filter.mayHaveRange(text, from, to)) maybes++;
      }
    }
    // The held words inside the text are found through their ranges.
    expect(maybes).toBeGreaterThan(0);
  });

  it('grows by add() up to its capacity and forgets everything on clear()', () => {
    const filter = createWordFilter([], 10_000);
    const words = strings(5, 10_000);
    for (const w of words) filter.add(w);
    for (const w of words) expect(filter.mayHave(w)).toBe(true);
    filter.clear();
    expect(words.filter((w) => filter.mayHave(w)).length).toBe(0);
  });
});
