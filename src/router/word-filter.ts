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
  /** mayHave of s[from, to), without making that string: a piece of a longer text. */
  mayHaveRange(s: string, from: number, to: number): boolean;
  /**
   * mayHave of the string whose code units were hashed into `a` and `b` (HASH_SEED_A and
   * HASH_SEED_B, then hashStepA and hashStepB per unit): a caller that passes over a text
   * anyway hashes its pieces on the way, instead of reading each piece a second time.
   */
  mayHaveHashed(a: number, b: number): boolean;
  /** Puts `s` in the set (a filter of a cache's keys, which grows until cleared). */
  add(s: string): void;
  /** Empties the set (the cache was cleared). */
  clear(): void;
}

// Two 32-bit hashes in one pass (FNV-1a and a multiply-xorshift).
const SEED_A = 0x811c9dc5;
const SEED_B = 0x9747b28c;
export const HASH_SEED_A = SEED_A;
export const HASH_SEED_B = SEED_B;

function stepA(h: number, c: number): number {
  return Math.imul(h ^ c, 0x01000193);
}
function stepB(h: number, c: number): number {
  h = Math.imul(h ^ c, 0x5bd1e995);
  return h ^ (h >>> 15);
}
export { stepA as hashStepA, stepB as hashStepB };
function finalA(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
function finalB(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  return h ^ (h >>> 15);
}

// The two hashes of the last string hashed (module state, not a pair object per call).
let hashA = 0;
let hashB = 0;

/** Hashes s[from, to) without the code units at `skipA` and `skipB` into hashA and hashB. */
function hash(s: string, skipA: number, skipB: number, from = 0, to = s.length): void {
  let a = SEED_A;
  let b = SEED_B;
  for (let i = from; i < to; i++) {
    if (i === skipA || i === skipB) continue;
    const c = s.charCodeAt(i);
    a = stepA(a, c);
    b = stepB(b, c);
  }
  hashA = a;
  hashB = b;
}

/** 32-bit words per block: a string's three bits are in one block of 512 bits, one cache line. */
const BLOCK = 16;

/**
 * A filter of `words` that can hold about `capacity` strings (default: as many as `words`)
 * at 16 bits each: about one false "maybe" in 300.
 */
export function createWordFilter(words: Iterable<string> = [], capacity = 0): WordFilter {
  const list = [...words];
  let bits = 10;
  while (1 << bits < Math.max(capacity, list.length) * 16) bits++;
  const table = new Int32Array(1 << (bits - 5));
  const blockMask = (1 << (bits - 9)) - 1;
  // The block from the first hash, three bit positions within it from 9-bit fields of the second.
  const set = (a: number, b: number): void => {
    b = finalB(b);
    const at = (finalA(a) & blockMask) * BLOCK;
    table[at + ((b >>> 5) & 15)]! |= 1 << (b & 31);
    table[at + ((b >>> 14) & 15)]! |= 1 << ((b >>> 9) & 31);
    table[at + ((b >>> 23) & 15)]! |= 1 << ((b >>> 18) & 31);
  };
  const test = (a: number, b: number): boolean => {
    b = finalB(b);
    const at = (finalA(a) & blockMask) * BLOCK;
    return (
      (table[at + ((b >>> 5) & 15)]! & (1 << (b & 31))) !== 0 &&
      (table[at + ((b >>> 14) & 15)]! & (1 << ((b >>> 9) & 31))) !== 0 &&
      (table[at + ((b >>> 23) & 15)]! & (1 << ((b >>> 18) & 31))) !== 0
    );
  };
  const add = (s: string): void => {
    hash(s, -1, -1);
    set(hashA, hashB);
  };
  for (const s of list) add(s);
  return {
    mayHave(s) {
      hash(s, -1, -1);
      return test(hashA, hashB);
    },
    mayHaveWithout(s, skipA, skipB) {
      hash(s, skipA, skipB);
      return test(hashA, hashB);
    },
    mayHaveRange(s, from, to) {
      hash(s, -1, -1, from, to);
      return test(hashA, hashB);
    },
    mayHaveHashed: test,
    add,
    clear: () => table.fill(0),
  };
}
