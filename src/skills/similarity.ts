import { fold, repositoryRetrievalWords, type RetrievalWords } from '../locale/retrieval-section.js';
import { isLoneIdeograph } from '../locale/script-words.js';

/**
 * Local TF-IDF cosine similarity for picking the demonstrations closest to a message.
 * Small on purpose: a pool holds tens of demonstrations, so a linear scan is instant
 * and needs no network or model.
 */

/**
 * Lower-case word stems: enough to match "returning"/"returns"/"return" and "headphones"/"headphone".
 * The words dropped are the locale packs' (`retrieval:`), the endings stripped their
 * `stemming: retrieval` rules; letters of any script make words, accents folded.
 */
const NON_ASCII = /[^\x00-\x7f]/;
const ASCII_WORD = /[a-z0-9]+/g;
/**
 * Letters and digits of the common scripts (Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic,
 * Indic, Thai, Georgian, CJK, kana, Hangul, full-width), their punctuation blocks left out:
 * without the `u` flag, as \p{L} costs 2-3x as much on a long CJK run.
 */
const ANY_SCRIPT_WORD =
  /[a-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02af\u0370-\u03ff\u0400-\u052f\u0531-\u058f\u05d0-\u05ea\u0620-\u064a\u0660-\u0669\u066e-\u06d3\u0900-\u0e7f\u10a0-\u11ff\u1e00-\u1fff\u2e80-\u2fff\u3040-\u9fff\uac00-\ud7af\uf900-\ufaff\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff66-\uffdc]+/g;

export function terms(text: string, words: RetrievalWords = repositoryRetrievalWords()): string[] {
  const folded = fold(text);
  // Most texts are ASCII once folded; the Unicode pattern is several times slower on them.
  const found = folded.match(NON_ASCII.test(folded) ? ANY_SCRIPT_WORD : ASCII_WORD);
  if (!found) return [];
  const out: string[] = [];
  for (const w of found) {
    // One letter says nothing, but a lone Han character is a word ("品").
    if (words.stopwords.has(w) || (w.length < 2 && !/\d/.test(w) && !isLoneIdeograph(w))) continue;
    out.push(words.stem(w));
  }
  return out;
}

/**
 * terms() of the last few messages: a prompt's similarity search and its catalog lookup read
 * the same message window (and a corrected draft's retry reads it again), ~12 us each for a
 * long one. Bounded (MESSAGE_TERMS_MAX texts), so a stream of unique messages keeps nothing more.
 */
const MESSAGE_TERMS_MAX = 4;
/** One window of recent messages per set of words (the app's packs; the repository's in tests). */
const recentTermsBy = new WeakMap<RetrievalWords, Map<string, readonly string[]>>();
export function messageTerms(text: string, words: RetrievalWords = repositoryRetrievalWords()): readonly string[] {
  let recentTerms = recentTermsBy.get(words);
  if (!recentTerms) recentTermsBy.set(words, (recentTerms = new Map()));
  let known = recentTerms.get(text);
  if (!known) {
    known = terms(text, words);
    if (recentTerms.size >= MESSAGE_TERMS_MAX) recentTerms.delete(recentTerms.keys().next().value!);
    recentTerms.set(text, known);
  }
  return known;
}

export interface SimilarityIndex {
  /** Indexes of the `k` documents most similar to `query`, best first; only those with any overlap. */
  top(query: string, k: number): Array<{ index: number; score: number }>;
}

/** `words`: the locale packs' retrieval words (the app's, from LOCALES_DIR); the repository's by default. */
export function createSimilarityIndex(docs: readonly string[], words: RetrievalWords = repositoryRetrievalWords()): SimilarityIndex {
  const docTerms = docs.map((d) => terms(d, words));
  const df = new Map<string, number>();
  for (const ts of docTerms) for (const t of new Set(ts)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = docs.length;
  const idf = (t: string): number => Math.log((1 + n) / (1 + (df.get(t) ?? 0))) + 1;

  const vectorOf = (ts: readonly string[]): Map<string, number> => {
    const tf = new Map<string, number>();
    for (const t of ts) tf.set(t, (tf.get(t) ?? 0) + 1);
    const v = new Map<string, number>();
    let norm = 0;
    for (const [t, c] of tf) {
      const w = (1 + Math.log(c)) * idf(t);
      v.set(t, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [t, w] of v) v.set(t, w / norm);
    return v;
  };
  const vectors = docTerms.map(vectorOf);

  /**
   * vectorOf(ts) as top() reads it: each term's normalised weight by its place in the query,
   * for the terms some document has (no other can be shared). The norm still sums every term's
   * weight, in the same order, and each weight is divided by it as vectorOf divides it, so the
   * weights are the same numbers; a term no document has costs its count and its square, not
   * two more map entries (a message of new words is ~70 of them, for every skill's prompt).
   */
  const queryWeights = (ts: readonly string[]): { place: Map<string, number>; weights: number[] } => {
    const tf = new Map<string, number>();
    for (const t of ts) tf.set(t, (tf.get(t) ?? 0) + 1);
    const place = new Map<string, number>();
    const weights: number[] = [];
    let norm = 0;
    for (const [t, c] of tf) {
      const w = (1 + Math.log(c)) * idf(t);
      norm += w * w;
      if (!df.has(t)) continue;
      place.set(t, weights.length);
      weights.push(w);
    }
    norm = Math.sqrt(norm) || 1;
    for (let k = 0; k < weights.length; k++) weights[k] = weights[k]! / norm;
    return { place, weights };
  };

  return {
    top(query, k) {
      if (k <= 0 || n === 0) return [];
      // Each term's place in the query: a document's shared terms are found from its own few
      // terms (a long query looked each of its ~70 terms up in every document, issue 14) and
      // added in query order, so every score is the same sum of the same products as before.
      const { place, weights } = queryWeights(messageTerms(query, words));
      const scored: Array<{ index: number; score: number }> = [];
      const shared: Array<[number, number]> = [];
      vectors.forEach((v, index) => {
        shared.length = 0;
        for (const [t, w] of v) {
          const k = place.get(t);
          if (k !== undefined) shared.push([k, w]);
        }
        shared.sort((a, b) => a[0] - b[0]);
        let score = 0;
        for (const [k, w] of shared) score += weights[k]! * w;
        if (score > 0) scored.push({ index, score });
      });
      // Ties keep file order, so the choice is deterministic.
      scored.sort((a, b) => b.score - a.score || a.index - b.index);
      return scored.slice(0, k);
    },
  };
}
