/**
 * A Bloom filter over a fixed set of strings: "certainly not in the set" for most strings that
 * are not, from a hash of their characters and three bits of a small typed array.
 *
 * Why: a word the router has never seen (an attacker's fresh random words, new every message)
 * was asked of a dozen large sets and maps (the dictionary's 90,000 stems, WordNet's goods,
 * the vocabulary, the lexicon, the word lists, the spelling index's deletions): each miss
 * reads random memory of a large hash table, and the spelling probes were strings made only
 * to miss. The filter answers those words with a few multiplies over a compact bit array and
 * no string made; a "maybe" falls back to the exact lookups, so no answer changes.
 */
export interface WordFilter {
  /** False when `s` is certainly not in the set. */
  mayHave(s: string): boolean;
  /**
   * mayHave of `s` with the code units at `skipA` and `skipB` left out (-1: none), without
   * making that string: the spelling corrector's deletions.
   */
  mayHaveWithout(s: string, skipA: number, skipB: number): boolean;
}

// Two 32-bit hashes in one pass (FNV-1a and a multiply-xorshift), combined by double hashing.
const SEED_A = 0x811c9dc5;
const SEED_B = 0x9747b28c;
const PROBES = 3;

function stepA(h: number, c: number): number {
  return Math.imul(h ^ c, 0x01000193);
}
function stepB(h: number, c: number): number {
  h = Math.imul(h ^ c, 0x5bd1e995);
  return h ^ (h >>> 15);
}
function finalA(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** A filter of `words`, about 16 bits per word (one false "maybe" in 400). */
export function createWordFilter(words: Iterable<string>): WordFilter {
  const list = [...words];
  let bits = 10;
  while (1 << bits < list.length * 16) bits++;
  const mask = (1 << bits) - 1;
  const table = new Int32Array(1 << (bits - 5));
  const set = (a: number, b: number): void => {
    a = finalA(a);
    b |= 1;
    for (let k = 0; k < PROBES; k++) {
      const bit = (a + Math.imul(k, b)) & mask;
      table[bit >>> 5]! |= 1 << (bit & 31);
    }
  };
  const test = (a: number, b: number): boolean => {
    a = finalA(a);
    b |= 1;
    for (let k = 0; k < PROBES; k++) {
      const bit = (a + Math.imul(k, b)) & mask;
      if ((table[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  };
  for (const s of list) {
    let a = SEED_A;
    let b = SEED_B;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a = stepA(a, c);
      b = stepB(b, c);
    }
    set(a, b);
  }
  return {
    mayHave(s) {
      let a = SEED_A;
      let b = SEED_B;
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        a = stepA(a, c);
        b = stepB(b, c);
      }
      return test(a, b);
    },
    mayHaveWithout(s, skipA, skipB) {
      let a = SEED_A;
      let b = SEED_B;
      for (let i = 0; i < s.length; i++) {
        if (i === skipA || i === skipB) continue;
        const c = s.charCodeAt(i);
        a = stepA(a, c);
        b = stepB(b, c);
      }
      return test(a, b);
    },
  };
}
