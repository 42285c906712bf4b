import { repositoryStemmer, type Stemmer } from '../locale/stemmer.js';
import { ANY_SCRIPT_WORD, foldText, isAscii as isAsciiText, segmentedWords } from '../locale/script-words.js';

/**
 * Tokens and stems shared by product search and the offline responder. Deliberately
 * tiny: a catalog of a few hundred items needs consistent stemming on both sides, not
 * linguistics.
 */

/**
 * Lower-case, accents folded ("colchón" -> "colchon", "Kopfhörer" -> "kopfhorer"), in any
 * script (src/locale/script-words.ts: NFKC, Arabic and Hebrew vowel signs off, "ё" -> "е").
 */
export const fold = foldText;

const ASCII_WORD = /[a-z0-9]+(?:\.[0-9]+)?/g;

/** Words of any script (\p{L}\p{M}\p{N}); a run of Han, kana, Hangul or Thai as character pairs (script-words.ts). */
export function words(text: string): string[] {
  if (isAsciiText(text)) return text.toLowerCase().match(ASCII_WORD) ?? [];
  const folded = fold(text);
  // Most catalog text is ASCII once folded: the Unicode pattern costs several times more on it.
  return isAsciiText(folded) ? (folded.match(ASCII_WORD) ?? []) : segmentedWords(folded, ANY_SCRIPT_WORD);
}

// A single letter joined by a hyphen to a word: "e-bike", "t-shirt", "u-lock", "x-ray".
const LETTER_COMPOUND = /(?<![\p{L}\p{N}])(\p{L})-(\p{L}[\p{L}\p{N}]*)/gu;

/**
 * The joined forms of a text's letter compounds ("e-bikes" -> "ebikes", "T-Shirt" -> "tshirt"),
 * so a word written both ways ("ebike", "e-bike") is one term: words() splits "e-bike" into a
 * letter no search reads and "bike", which every bike has.
 */
export function letterCompounds(text: string): string[] {
  if (!text.includes('-')) return [];
  const out: string[] = [];
  for (const m of fold(text).matchAll(LETTER_COMPOUND)) out.push(`${m[1]}${m[2]}`);
  return out;
}

/** The locale packs' words for a negative number (src/locale/search-section.ts). */
export interface NegativeWords {
  /** Before the number: "minus". */
  before: ReadonlySet<string>;
  /** After the number, as words: ["below", "zero"]. */
  after: ReadonlyArray<readonly string[]>;
}

export const NO_NEGATIVE_WORDS: NegativeWords = { before: new Set(), after: [] };

/**
 * words() with the sign of a number kept: "-10", "−10" (the typographic minus) and, with the
 * packs' words, "minus 10" and "10 below zero" are the one word "-10", so a catalog's "rated
 * to -10 °C" and a customer's "minus 10" meet, and neither meets "-20". A dash after a letter,
 * digit or dot is no sign ("SB-1301", "3-5"). One pass; a phrase after a number is compared
 * word by word, so the work is the text's length times the longest phrase.
 */
export function signedWords(text: string, negative: NegativeWords = NO_NEGATIVE_WORDS): string[] {
  // Most texts have no sign and none of the packs' words: they are words() as they are.
  const signed = text.includes('-') || text.includes('\u2212');
  const folded = signed ? fold(text) : '';
  const raw = !signed ? words(text) : isAsciiText(folded) ? (folded.match(SIGNED_WORD) ?? []) : segmentedWords(folded, ANY_SIGNED_WORD);
  if (!signed) {
    const starts = negativeStarts(negative);
    if (starts.size === 0 || !raw.some((w) => starts.has(w))) return raw;
  }
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const w = raw[i]!;
    const sign = w === '-' || w === '\u2212';
    if ((sign || negative.before.has(w)) && isDigitWord(raw[i + 1])) {
      out.push(`-${raw[++i]}`);
      continue;
    }
    if (sign) continue;
    if (isDigitWord(w)) {
      const after = negative.after.find((p) => p.every((x, k) => raw[i + 1 + k] === x));
      if (after) {
        out.push(`-${w}`);
        i += after.length;
        continue;
      }
    }
    out.push(w);
  }
  return out;
}

/** Per set of the packs' words: the words a negative phrase starts with (before ones, and the first of each after one). */
const STARTS = new WeakMap<NegativeWords, ReadonlySet<string>>();

/** One set lookup per word of a text for "might it have a negative phrase" (a catalog's millions of words at 100k products). */
function negativeStarts(negative: NegativeWords): ReadonlySet<string> {
  let starts = STARTS.get(negative);
  if (!starts) {
    starts = new Set([...negative.before, ...negative.after.flatMap((p) => (p.length > 0 ? [p[0]!] : []))]);
    STARTS.set(negative, starts);
  }
  return starts;
}

/** A word of words(), or a minus sign right before a digit that no letter, digit or dot precedes. */
const SIGNED_WORD = /[a-z0-9]+(?:\.[0-9]+)?|(?<![a-z0-9.])[-\u2212](?=\d)/g;
const ANY_SIGNED_WORD = /[\p{L}\p{M}\p{N}]+(?:\.[0-9]+)?|(?<![\p{L}\p{M}\p{N}.])[-\u2212](?=\d)/gu;
const isDigitWord = (w: string | undefined): boolean => w !== undefined && w.charCodeAt(0) >= 48 && w.charCodeAt(0) <= 57;

let searchStem: Stemmer | null = null;

/**
 * Plural and -ing/-ed endings off, so "blenders"/"blender", "running"/"run", "cushioned"/"cushion"
 * meet: the locale packs' `stemming: search` rules (src/locale/stemmer.ts).
 */
export function stem(word: string): string {
  searchStem ??= repositoryStemmer('search');
  return searchStem(word);
}

export function stems(text: string): string[] {
  return words(text).map(stem);
}

// Two rows reused by every call: product search measures an unknown query word against the
// whole catalog vocabulary, and two fresh arrays per pair were most of that scan's cost.
let prevRow = new Int32Array(64);
let curRow = new Int32Array(64);

/** Levenshtein distance with an early exit above `max` (typo tolerance for longer words only). */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (prevRow.length <= b.length) {
    prevRow = new Int32Array(b.length * 2 + 2);
    curRow = new Int32Array(b.length * 2 + 2);
  }
  let prev = prevRow;
  let cur = curRow;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1));
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[b.length]!;
}
