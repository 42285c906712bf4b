/**
 * What a feature sink's names allow, so the analysis can skip lookups that cannot hit. A word
 * the router has never seen (an attacker's fresh random words, new every message) has no word,
 * bigram or frame feature in the model, and its letter n-grams were looked up by building a
 * string per n-gram and hashing it into the model's large name index: about 10 µs a word,
 * so 24 fresh words cost 12x a typical message. Here the answers come from sets of stems and
 * an n-gram table keyed by character codes, built once per sink; the ids found are the same
 * ones, in the same order, so the features are unchanged.
 */

import { createWordFilter, type WordFilter } from './word-filter.js';

/** Every `head` in names `<prefix><head> <tail>` and every `tail` (any space may be the separator). */
function pairParts(names: readonly string[], prefix: string): { heads: Set<string>; tails: Set<string> } {
  const heads = new Set<string>();
  const tails = new Set<string>();
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const rest = name.slice(prefix.length);
    for (let at = rest.indexOf(' '); at !== -1; at = rest.indexOf(' ', at + 1)) {
      heads.add(rest.slice(0, at));
      tails.add(rest.slice(at + 1));
    }
  }
  return { heads, tails };
}

/**
 * Letter 3- and 4-gram ids by the grams' UTF-16 code units, in open addressing over typed
 * arrays: a lookup allocates nothing, whatever the word.
 */
export interface GramTable {
  /** The id of the gram `s[at, at + n)` (n 3 or 4), -1 when the sink has no such feature. */
  idAt(s: string, at: number, n: number): number;
}

const NO_FOURTH = 0x10000;
/** The fourth key of an unused slot: no code unit, nor NO_FOURTH. */
const EMPTY = -1;

function createGramTable(grams: ReadonlyArray<{ gram: string; id: number }>): GramTable {
  let bits = 4;
  while (1 << bits < grams.length * 2) bits++;
  const size = 1 << bits;
  const mask = size - 1;
  // Each slot's key and id side by side (first two code units, third, fourth or NO_FOURTH, id;
  // EMPTY fourth: unused): a probe reads one cache line. In five parallel arrays it read five,
  // and the grams of a word never seen (an attacker's fresh words) all miss in a table too
  // large for the cache.
  const table = new Int32Array(size * 4);
  for (let i = 0; i < size; i++) table[i * 4 + 2] = EMPTY;
  const slot = (a: number, b: number, c: number): number =>
    (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77) ^ Math.imul(c + 0x165667b1, 0xc2b2ae3d)) >>> (32 - bits);
  /** The slot of (a, b, c) times 4: its own, or the empty one where it would go. */
  const find = (a: number, b: number, c: number): number => {
    let i = slot(a, b, c);
    for (;;) {
      const at = i * 4;
      const k3 = table[at + 2]!;
      if (k3 === EMPTY || (k3 === c && table[at] === a && table[at + 1] === b)) return at;
      i = (i + 1) & mask;
    }
  };
  // Two bits per gram in one 32-bit word of a bit array of 16 bits per gram: a gram the sink
  // does not have (most grams of a word never seen: an attacker's fresh random words) is
  // answered from this small array, which stays in the cache, instead of a probe of the table,
  // which does not (the table's probes were a sixth of routing 24 fresh words; issue 14).
  let filterBits = 5;
  while (1 << filterBits < grams.length / 2) filterBits++;
  const filter = new Int32Array(1 << filterBits);
  const mix = (a: number, b: number, c: number): number => Math.imul(a ^ Math.imul(b, 0x27d4eb2f) ^ Math.imul(c, 0x165667b1), 0x9e3779b1);
  const filterWord = (h: number): number => h >>> (32 - filterBits);
  const filterMask = (h: number): number => (1 << (h & 31)) | (1 << ((h >>> 5) & 31));
  for (const { gram, id } of grams) {
    const a = (gram.charCodeAt(0) << 16) | gram.charCodeAt(1);
    const b = gram.charCodeAt(2);
    const c = gram.length === 4 ? gram.charCodeAt(3) : NO_FOURTH;
    const at = find(a, b, c);
    table[at] = a;
    table[at + 1] = b;
    table[at + 2] = c;
    table[at + 3] = id;
    const h = mix(a, b, c);
    filter[filterWord(h)]! |= filterMask(h);
  }
  return {
    idAt(s, at, n) {
      const a = (s.charCodeAt(at) << 16) | s.charCodeAt(at + 1);
      const b = s.charCodeAt(at + 2);
      const c = n === 4 ? s.charCodeAt(at + 3) : NO_FOURTH;
      const h = mix(a, b, c);
      const m = filterMask(h);
      if ((filter[filterWord(h)]! & m) !== m) return -1;
      const slotAt = find(a, b, c);
      return table[slotAt + 2] === EMPTY ? -1 : table[slotAt + 3]!;
    },
  };
}

export interface SinkNames {
  /** Stems `s` with a feature `w:s`. */
  wordStems: ReadonlySet<string>;
  /** Possible first and second stems of the bigram features `b:a b`. */
  bigramHeads: ReadonlySet<string>;
  bigramTails: ReadonlySet<string>;
  /** Possible first and second stems of the frame pair features `f:a b`. */
  frameHeads: ReadonlySet<string>;
  frameTails: ReadonlySet<string>;
  /** The stems of all five sets above, as a filter: most stems are in none of them. */
  anyStem: WordFilter;
  grams: GramTable;
}

/** The index of a sink's feature names (`idOf(names[i]) === i`, as a vectorizer's). */
export function indexSinkNames(names: readonly string[]): SinkNames {
  const wordStems = new Set<string>();
  const grams: Array<{ gram: string; id: number }> = [];
  for (let id = 0; id < names.length; id++) {
    const name = names[id]!;
    if (name.startsWith('w:')) wordStems.add(name.slice(2));
    // Only 3- and 4-unit grams are ever asked for (charGramKeys); another length is no gram of ours.
    else if (name.startsWith('g:') && (name.length === 5 || name.length === 6)) grams.push({ gram: name.slice(2), id });
  }
  const bigrams = pairParts(names, 'b:');
  const frames = pairParts(names, 'f:');
  const anyStem = createWordFilter([...wordStems, ...bigrams.heads, ...bigrams.tails, ...frames.heads, ...frames.tails]);
  return {
    wordStems,
    anyStem,
    bigramHeads: bigrams.heads,
    bigramTails: bigrams.tails,
    frameHeads: frames.heads,
    frameTails: frames.tails,
    grams: createGramTable(grams),
  };
}
