import { createWordFilter } from './word-filter.js';

/**
 * A small symmetric-delete spelling corrector (the SymSpell idea) over the router's own
 * vocabulary: the words of the routing examples and the concept lexicons. Customers type
 * "matress", "warrenty", "refnd"; the corrector maps an unknown word to the closest known
 * one within one edit (two for long words), so word features still fire.
 */

// A module constant, not a literal in the function: the TypeScript loader (esbuild, for the
// node target) compiles a regex literal with `\p{...}` outside a class to `new RegExp(...)` at
// the place it is written, so inside a function it was built again on every call.
const ONLY_LETTERS = /^\p{L}+$/u;

export interface SpellingCorrector {
  /**
   * The known word closest to `word`, or null when it is known already or nothing is close.
   * `remember` false: the answer is not cached (a word the caller expects to see once).
   */
  correct(word: string, remember?: boolean): string | null;
  has(word: string): boolean;
}

function deletes(word: string, depth: number, out: Set<string>): void {
  if (depth === 0 || word.length <= 2) return;
  for (let i = 0; i < word.length; i++) {
    const d = word.slice(0, i) + word.slice(i + 1);
    if (!out.has(d)) {
      out.add(d);
      deletes(d, depth - 1, out);
    }
  }
}

let buffer = new Int32Array(32 * 32);

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions). */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  // One reused buffer: this runs for every candidate of every unknown word.
  if (buffer.length < rows * cols) buffer = new Int32Array(rows * cols * 2);
  const d = buffer;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    let rowMin = Infinity;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
  }
  return d[rows * cols - 1]!;
}

/** Words shorter than this are never corrected: too many real words are one edit apart. */
const MIN_LENGTH = 4;
/**
 * Words longer than this are never corrected, nor indexed. The probes of a word are its
 * deletions, about L^2/2 strings of length L for two edits: 2,000 letters without a space
 * ("ab" x 1,000, a CJK sentence) made two million strings, 45 s and a 4 GB heap. Real
 * words, in any language the router reads, are far shorter; a longer "word" is a name, a
 * code or noise, and correcting it would change nothing the router can use.
 */
export const MAX_CORRECTABLE_LENGTH = 24;
/** From this length on, two edits are allowed. */
const TWO_EDITS_FROM = 7;

function maxEdits(len: number): number {
  return len >= TWO_EDITS_FROM ? 2 : 1;
}

export function createSpellingCorrector(words: Map<string, number>): SpellingCorrector {
  // A key's one word is stored as itself, not as a one-element list: 72,000 of the 78,000 keys
  // have one word, and their arrays were about 4 MB of every process's live heap.
  const index = new Map<string, string | string[]>();
  const add = (key: string, word: string) => {
    const list = index.get(key);
    if (list === undefined) index.set(key, word);
    else if (typeof list === 'string') index.set(key, [list, word]);
    else list.push(word);
  };
  for (const word of words.keys()) {
    if (word.length < MIN_LENGTH - 1 || word.length > MAX_CORRECTABLE_LENGTH || !ONLY_LETTERS.test(word)) continue;
    add(word, word);
    const ds = new Set<string>();
    deletes(word, maxEdits(word.length + 1), ds);
    for (const d of ds) add(d, word);
  }
  const cache = new Map<string, string | null>();
  // The index's keys, as a filter: a word none of whose probes can be a key (most words that
  // are no typo of a known one: names, other languages, random letters) has no candidate,
  // and its probes need not be made as strings nor looked up in the large index.
  const keys = createWordFilter(index.keys());
  const mayHaveCandidates = (word: string, max: number): boolean => {
    if (keys.mayHave(word)) return true;
    // deletes(): every string with up to `max` code units left out (the word has at least MIN_LENGTH).
    for (let i = 0; i < word.length; i++) {
      if (keys.mayHaveWithout(word, i, -1)) return true;
      if (max >= 2) for (let j = i + 1; j < word.length; j++) if (keys.mayHaveWithout(word, i, j)) return true;
    }
    return false;
  };

  return {
    has: (word) => words.has(word),
    correct(word, remember = true) {
      if (word.length < MIN_LENGTH || word.length > MAX_CORRECTABLE_LENGTH || !ONLY_LETTERS.test(word)) return null;
      const max = maxEdits(word.length);
      // Before the known-word test: a known word is a key of the index itself, so a word the
      // filter rules out is unknown, and the large word map is not read for it.
      if (!mayHaveCandidates(word, max) || words.has(word)) return null;
      const cached = cache.get(word);
      if (cached !== undefined) return cached;
      const probes = new Set<string>([word]);
      deletes(word, max, probes);
      let best: string | null = null;
      let bestDist = max + 1;
      let bestFreq = -1;
      const consider = (c: string) => {
        // A correction must keep the first letter: customers rarely mistype it, and the
        // rule halves the false friends an unknown real word could be pulled towards.
        if (c[0] !== word[0]) return;
        const dist = editDistance(word, c, max);
        const freq = words.get(c) ?? 0;
        if (dist < bestDist || (dist === bestDist && freq > bestFreq)) {
          best = c;
          bestDist = dist;
          bestFreq = freq;
        }
      };
      for (const p of probes) {
        const candidates = index.get(p);
        if (candidates === undefined) continue;
        if (typeof candidates === 'string') consider(candidates);
        else for (const c of candidates) consider(c);
      }
      if (remember) {
        if (cache.size > 50_000) cache.clear();
        cache.set(word, best);
      }
      return best;
    },
  };
}
