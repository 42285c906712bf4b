import { nearestSingular, repositorySingularForms, type SingularForms } from '../locale/stemmer.js';
import { editDistance } from './text-terms.js';
import { isLoneIdeograph } from '../locale/script-words.js';

/**
 * How one query stem matches a catalog's vocabulary: exactly, by prefix (either way) or with a
 * typo or two, for product search. The vocabulary is fixed per index, so it is sorted once for
 * prefix ranges and bucketed by length with a letter signature for typos: a new stem costs a
 * couple of binary searches and one pass over the words of a similar length, not an edit
 * distance against every word (issue 14: an attacker sends new words every message; at 100k
 * products the vocabulary has hundreds of thousands of words). The result is the one a scan of
 * the whole vocabulary in order gives, in the same order: a candidate set that holds every word
 * the scan would keep, walked in vocabulary order with the scan's own test.
 */

/** How well a vocabulary word matches. */
export const MATCH = { exact: 1, prefix: 0.7, fuzzy: 0.6 } as const;

export interface VocabularyIndex {
  /** Vocabulary words `q` matches, with how well: the exact word (or a short plural's singular) first, the rest in vocabulary order. */
  matches(q: string): Map<string, number>;
}

/**
 * One bit per letter (digits share five bits, other ASCII characters one, another script's
 * letters one of the 32 by their code): an edit changes a word's set of bits by at most one
 * bit out and one bit in, so two words within `k` edits differ in at most 2k bits. A necessary
 * condition, checked before the edit distance.
 */
function signature(word: string): number {
  let bits = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    // Another script's letter takes a bit by its code (any fixed letter -> bit map keeps the
    // bound): all of them on bit 31 made every Cyrillic or Greek word of a length a candidate.
    const bit = c >= 0x61 && c <= 0x7a ? c - 0x61 : c >= 0x30 && c <= 0x39 ? 26 + ((c - 0x30) % 5) : c > 0x7f ? c % 32 : 31;
    bits |= 1 << bit;
  }
  return bits;
}

function bitCount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

const ALL_DIGITS = /^\d+$/;
const ANY_DIGIT = /\d/;

/**
 * `singulars`: the locale packs' `stemming: plurals` (product search's SearchLanguage), which a
 * short plural the stemmer leaves alone is read with; the repository packs' by default.
 */
/**
 * `surfaces`: catalog words as written -> their stem (a vocabulary word), for an index whose
 * stemmer may cut one form of a word further than another: a query stem that starts such a word
 * (three characters or more) matches its stem as a prefix match. Only the words the stemmer
 * changed; without it the index reads stems only.
 */
export function createVocabularyIndex(vocabulary: readonly string[], singulars: SingularForms = repositorySingularForms(), surfaces?: ReadonlyMap<string, string>): VocabularyIndex {
  const sortedSurfaces = surfaces && surfaces.size > 0 ? [...surfaces.keys()].sort() : [];
  const position = new Map<string, number>();
  vocabulary.forEach((t, i) => {
    if (!position.has(t)) position.set(t, i);
  });
  const known = (t: string): boolean => position.has(t);
  // Positions in code-unit order of their words: the words starting with a prefix are one run.
  // (The native sort of the words themselves: a comparator sorting positions was several times slower at 100k products.)
  const sorted = Int32Array.from([...position.keys()].sort(), (t) => position.get(t)!);
  // Per word length, the positions (ascending) and their signatures.
  const byLength: Array<{ at: Int32Array; sig: Int32Array } | undefined> = [];
  {
    const lists: number[][] = [];
    vocabulary.forEach((t, i) => (lists[t.length] ??= []).push(i));
    lists.forEach((list, len) => {
      if (list) byLength[len] = { at: Int32Array.from(list), sig: Int32Array.from(list, (i) => signature(vocabulary[i]!)) };
    });
  }

  // Character pairs (a Han or kana run is indexed as overlapping pairs) by their last character,
  // built on the first lone ideograph asked for: "靴" is the end of "山靴" in "登山靴" as much as the
  // start of "靴下", and a run's last character starts no pair.
  let pairsByLast: Map<string, number[]> | undefined;
  function pairsEndingWith(c: string, out: number[]): void {
    if (!pairsByLast) {
      pairsByLast = new Map();
      vocabulary.forEach((t, i) => {
        const last = t.length >= 2 ? t.slice(t.length - (t.length >= 3 && isLoneIdeograph(t.slice(-2)) ? 2 : 1)) : '';
        if (last && t !== last && isLoneIdeograph(last)) {
          const list = pairsByLast!.get(last);
          if (list) list.push(i);
          else pairsByLast!.set(last, [i]);
        }
      });
    }
    const list = pairsByLast.get(c);
    if (list) out.push(...list);
  }

  /** Every position whose word starts with `prefix`, into `out`. */
  function withPrefix(prefix: string, out: number[]): void {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (vocabulary[sorted[mid]!]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < sorted.length && vocabulary[sorted[k]!]!.startsWith(prefix); k++) out.push(sorted[k]!);
  }

  return {
    matches(q) {
      const found = new Map<string, number>();
      if (known(q)) found.set(q, MATCH.exact);
      // Short plurals the stemmer leaves alone ("tvs", "pcs") meet the catalog's singular (the
      // packs' `stemming: plurals`, src/locale/stemmer.ts nearestSingular).
      else if (q.length <= 4) {
        const singular = nearestSingular(singulars, q);
        if (singular !== null && known(singular)) found.set(singular, MATCH.exact);
      }
      // A lone Han character ("靴") is a word of its own: it matches the character pairs that hold it.
      const ideograph = isLoneIdeograph(q);
      const prefixOk = q.length >= 3 || ideograph;
      const decimalPrefix = ALL_DIGITS.test(q) ? `${q}.` : null;
      const typos = !known(q) && q.length >= 5 && !ANY_DIGIT.test(q);
      const maxTypos = q.length >= 8 ? 2 : 1;
      // Candidates: a superset of the words the test below keeps.
      const candidates: number[] = [];
      if (prefixOk) withPrefix(q, candidates);
      if (ideograph) pairsEndingWith(q, candidates);
      else if (decimalPrefix !== null) withPrefix(decimalPrefix, candidates);
      // Words the query starts with, at most two letters shorter ("blenders" for "blender").
      for (let len = Math.max(4, q.length - 2); len < q.length; len++) {
        const at = position.get(q.slice(0, len));
        if (at !== undefined) candidates.push(at);
      }
      if (typos) {
        const sig = signature(q);
        for (let len = q.length - maxTypos; len <= q.length + maxTypos; len++) {
          const bucket = byLength[len];
          if (!bucket) continue;
          const { at, sig: sigs } = bucket;
          for (let k = 0; k < at.length; k++) if (bitCount(sig ^ sigs[k]!) <= 2 * maxTypos) candidates.push(at[k]!);
        }
      }
      candidates.sort((a, b) => a - b);
      let last = -1;
      for (const i of candidates) {
        if (i === last) continue;
        last = i;
        const t = vocabulary[i]!;
        if (t === q) continue;
        if ((prefixOk && t.startsWith(q)) || (ideograph && t.endsWith(q)) || (decimalPrefix !== null && t.startsWith(decimalPrefix)) || (t.length >= 4 && q.startsWith(t) && q.length - t.length <= 2)) {
          found.set(t, Math.max(found.get(t) ?? 0, MATCH.prefix));
        } else if (typos && Math.abs(q.length - t.length) <= maxTypos && editDistance(q, t, maxTypos) <= maxTypos) {
          found.set(t, Math.max(found.get(t) ?? 0, MATCH.fuzzy));
        }
      }
      if (prefixOk && sortedSurfaces.length > 0) surfaceMatches(q, found);
      return found;
    },
  };

  /** The stems of the catalog words `q` starts, as prefix matches, after the vocabulary's own (binary search, then the run). */
  function surfaceMatches(q: string, found: Map<string, number>): void {
    let lo = 0;
    let hi = sortedSurfaces.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sortedSurfaces[mid]! < q) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < sortedSurfaces.length && sortedSurfaces[k]!.startsWith(q); k++) {
      const t = surfaces!.get(sortedSurfaces[k]!)!;
      if (t !== q && known(t) && (found.get(t) ?? 0) < MATCH.prefix) found.set(t, MATCH.prefix);
    }
  }
}
