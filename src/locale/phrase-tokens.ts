/**
 * A text cut into tokens in one pass, for the guard's phrase matcher (src/locale/phrase-matcher.ts):
 * a word is a run of letters, marks, digits or `_` of any script; every other character that is
 * not whitespace is a token of its own ("'", "%", ":"). Each token carries its offsets and a hash
 * of its lower-cased text, so a phrase's word is compared with one integer before any character.
 *
 * Nothing here allocates per token or per character: character classes and lower-case forms are
 * looked up in tables filled on first sight, and the token arrays are reused from call to call
 * (a text is matched completely before the next one is cut).
 */

import { codeUnitReader } from '../core/code-units.js';

export const WORD = 1;
/** A word of ASCII digits only (a phrase's `#`). */
export const DIGITS = 2;
export const SYMBOL = 3;

const SPACE_CHAR = 1;
const WORD_CHAR = 2;
const OTHER_CHAR = 3;

/** Per BMP code unit: 0 not seen yet, else its class; and its lower-case code unit. */
const unitClass = new Uint8Array(0x10000);
const unitLower = new Uint16Array(0x10000);
const WORD_LIKE = /[\p{L}\p{M}\p{N}_]/u;
const SPACE_LIKE = /\s/;

function learn(c: number): number {
  const ch = String.fromCharCode(c);
  // A lone surrogate is no letter; a pair is classed by its code point (astralClass).
  unitClass[c] = SPACE_LIKE.test(ch) ? SPACE_CHAR : WORD_LIKE.test(ch) ? WORD_CHAR : OTHER_CHAR;
  // One unit for one: a lower case of two units ("İ") keeps the first, for phrase words and text alike.
  unitLower[c] = ch.toLowerCase().charCodeAt(0);
  return unitClass[c]!;
}

/** The lower-case form of a code unit (the same for a phrase's words and for the text). */
export function lowerUnit(c: number): number {
  if (unitClass[c] === 0) learn(c);
  return unitLower[c]!;
}

/**
 * Per code point outside the BMP: 0 not seen yet, else its class; made on the first one seen
 * (1 MB, one byte per code point). It was a Map of at most 4,096 code points: two lookups per
 * token of a text of astral characters that are not words between words (1,000 such tokens,
 * 30 µs a text, 300 µs of the guard's checks of one message for every skill), and past 4,096
 * distinct code points a regex test of a new string for each.
 */
let astral: Uint8Array | null = null;
function astralClass(cp: number): number {
  const table = (astral ??= new Uint8Array(0x100000));
  const known = table[cp - 0x10000]!;
  if (known !== 0) return known;
  return (table[cp - 0x10000] = WORD_LIKE.test(String.fromCodePoint(cp)) ? WORD_CHAR : OTHER_CHAR);
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
/** Hashes are kept to 30 bits: small integers, cheap as Map keys. */
const HASH_MASK = 0x3fffffff;

export interface Tokens {
  text: string;
  count: number;
  start: Int32Array;
  end: Int32Array;
  /** Hash of the token's first HASHED_UNITS lower-cased units and its length (HASH_MASK bits). */
  hash: Int32Array;
  /** Hash of the token's first HASHED_UNITS lower-cased units, or -1 when it is shorter. */
  prefix: Int32Array;
  kind: Uint8Array;
}

let tokens: Tokens = {
  text: '',
  count: 0,
  start: new Int32Array(256),
  end: new Int32Array(256),
  hash: new Int32Array(256),
  prefix: new Int32Array(256),
  kind: new Uint8Array(256),
};

function grow(): void {
  const size = tokens.start.length * 2;
  const copy = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
    const b = make(size);
    b.set(a);
    return b;
  };
  tokens = {
    ...tokens,
    start: copy(tokens.start, (n) => new Int32Array(n)),
    end: copy(tokens.end, (n) => new Int32Array(n)),
    hash: copy(tokens.hash, (n) => new Int32Array(n)),
    prefix: copy(tokens.prefix, (n) => new Int32Array(n)),
    kind: copy(tokens.kind, (n) => new Uint8Array(n)),
  };
}

/** The class of an ASCII unit, and its lower case: read inline, without a call, for most text. */
const ASCII_CLASS = new Uint8Array(128);
const ASCII_LOWER = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  learn(c);
  ASCII_CLASS[c] = unitClass[c]!;
  ASCII_LOWER[c] = unitLower[c]!;
}

/** The class of the character at `i` (a surrogate pair's by its code point); `pairWidth` says if it took two units. */
let pairWidth = 1;
function classAt(text: string, i: number, c: number): number {
  pairWidth = 1;
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const low = text.charCodeAt(i + 1);
    if (low >= 0xdc00 && low <= 0xdfff) {
      pairWidth = 2;
      return astralClass(((c - 0xd800) << 10) + (low - 0xdc00) + 0x10000);
    }
  }
  return unitClass[c] || learn(c);
}

/**
 * Letters of scripts that the packs' phrases are not written in (Cyrillic, Hebrew, Arabic,
 * Indic, Thai, CJK, Hangul, full-width forms): inside a word, the rest of such a run is
 * skipped natively instead of unit by unit (2,000 CJK characters cost a JS loop 20+ us). A
 * punctuation mark of those blocks inside the run stays in the word: no phrase has one.
 */
const OTHER_SCRIPT_RUN = /[\u0400-\u052F\u0590-\u06FF\u0900-\u0E7F\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF]+/y;

/** How many units of a word its hash reads (with its length): enough to tell most words apart, and a long word costs no more. */
export const HASHED_UNITS = 4;
const mixLength = (h: number, length: number): number => Math.imul(h ^ length, FNV_PRIME) & HASH_MASK;

/** The code units of a text, read from a typed array (src/core/code-units.ts says why): tokenize() reads them from there. */
const unitsOf = codeUnitReader();

/**
 * `text`'s tokens. The arrays are shared: valid until the next call. A token's hash reads its
 * first HASHED_UNITS units lower-cased and its length; `prefix` is the hash of those units
 * alone (for words of at least that many units), which open-ended phrase words are looked up by.
 */
export function tokenize(text: string): Tokens {
  const n = text.length;
  const u = unitsOf(text);
  let count = 0;
  let i = 0;
  let { start: starts, end: ends, hash: hashes, prefix: prefixes, kind: kinds } = tokens;
  // ASCII is read here, in a loop of its own; a token with any other unit is cut by slowToken.
  // One loop for both ran at 12-13 ns a character once the process had cut text in other
  // scripts (the guard phrases of every pack, at start-up), against 5 before: V8 re-optimised it
  // with the rare paths (pairs, tables filled on first sight, other scripts) in the hot loop.
  while (i < n) {
    let c = u[i]!;
    if (c >= 128) {
      if (count === starts.length) {
        grow();
        ({ start: starts, end: ends, hash: hashes, prefix: prefixes, kind: kinds } = tokens);
      }
      // A space outside ASCII is skipped (slowToken writes no token for it), a token is cut.
      const end = slowToken(text, i, count);
      if (wrote) count++;
      i = end;
      continue;
    }
    const cls = ASCII_CLASS[c]!;
    if (cls === SPACE_CHAR) {
      i++;
      continue;
    }
    if (count === starts.length) {
      grow();
      ({ start: starts, end: ends, hash: hashes, prefix: prefixes, kind: kinds } = tokens);
    }
    const start = i;
    let h = FNV_OFFSET;
    if (cls === OTHER_CHAR) {
      h = Math.imul(h ^ ASCII_LOWER[c]!, FNV_PRIME);
      i++;
      kinds[count] = SYMBOL;
      prefixes[count] = -1;
    } else {
      let digits = true;
      for (;;) {
        if (i - start < HASHED_UNITS) h = Math.imul(h ^ ASCII_LOWER[c]!, FNV_PRIME);
        if (c > 57 || c < 48) digits = false;
        if (++i >= n) break;
        c = u[i]!;
        if (c >= 128 || ASCII_CLASS[c] !== WORD_CHAR) break;
      }
      if (i < n && c >= 128) {
        // The word may go on past ASCII: cut again from its start the general way.
        i = slowToken(text, start, count++);
        continue;
      }
      kinds[count] = digits ? DIGITS : WORD;
      prefixes[count] = i - start >= HASHED_UNITS ? h & HASH_MASK : -1;
    }
    starts[count] = start;
    ends[count] = i;
    hashes[count] = mixLength(h, i - start);
    count++;
  }
  tokens.text = text;
  tokens.count = count;
  return tokens;
}

/** Whether the last slowToken call wrote a token (it writes none for a space). */
let wrote = false;

/**
 * Token number `k` of `text`, starting at `i`, written to the token arrays: any unit, any
 * script (tokenize() reads ASCII without it, and the calls its rare paths make stay out of its
 * loop). Returns where the token ends; at a space, writes nothing (`wrote` says) and returns
 * the next unit.
 */
function slowToken(text: string, i: number, k: number): number {
  const n = text.length;
  let c = text.charCodeAt(i);
  const cls = c < 128 ? ASCII_CLASS[c]! : classAt(text, i, c);
  wrote = cls !== SPACE_CHAR;
  if (!wrote) return i + 1;
  const start = i;
  let h = FNV_OFFSET;
  if (cls === OTHER_CHAR) {
    h = Math.imul(h ^ (c < 128 ? ASCII_LOWER[c]! : lowerUnit(c)), FNV_PRIME);
    i += c < 128 ? 1 : pairWidth;
    tokens.kind[k] = SYMBOL;
    tokens.prefix[k] = -1;
  } else {
    let digits = true;
    // The first units: hashed lower-cased (a pair's units as they are).
    for (;;) {
      if (c < 128) {
        if (i - start < HASHED_UNITS) h = Math.imul(h ^ ASCII_LOWER[c]!, FNV_PRIME);
        if (c > 57 || c < 48) digits = false;
        i++;
      } else {
        digits = false;
        if (i - start < HASHED_UNITS) h = Math.imul(h ^ lowerUnit(c), FNV_PRIME);
        i++;
      }
      if (i >= n) break;
      c = text.charCodeAt(i);
      if (c < 128) {
        if (ASCII_CLASS[c] !== WORD_CHAR) break;
      } else if (c < 0xd800 || c > 0xdfff) {
        // A letter of the BMP outside the surrogates: one table read (learn() fills it on first sight).
        if ((unitClass[c] || learn(c)) !== WORD_CHAR) break;
        if (c >= 0x400 && i - start >= HASHED_UNITS) {
          // The rest of a run in a script no phrase word is written in, in one native step.
          OTHER_SCRIPT_RUN.lastIndex = i;
          if (OTHER_SCRIPT_RUN.test(text)) {
            i = OTHER_SCRIPT_RUN.lastIndex;
            digits = false;
            if (i >= n) break;
            c = text.charCodeAt(i);
            if (c < 128 ? ASCII_CLASS[c] !== WORD_CHAR : classAt(text, i, c) !== WORD_CHAR) break;
          }
        }
      } else if (classAt(text, i, c) !== WORD_CHAR) {
        // A low surrogate after a word's high one is part of the same letter.
        if (!(c >= 0xdc00 && c <= 0xdfff && pairWidth === 1 && isHighSurrogate(text.charCodeAt(i - 1)))) break;
      }
    }
    tokens.kind[k] = digits ? DIGITS : WORD;
    tokens.prefix[k] = i - start >= HASHED_UNITS ? h & HASH_MASK : -1;
  }
  tokens.start[k] = start;
  tokens.end[k] = i;
  tokens.hash[k] = mixLength(h, i - start);
  return i;
}

const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;

/**
 * Where the `count`th token before `end` starts (or where fewer end at the text's start): a
 * place where the text can be cut into the same tokens. Surrogates count as letters here: that
 * only moves the cut to an earlier boundary.
 */
export function tokensBefore(text: string, end: number, count: number): number {
  let i = end;
  for (let k = 0; k < count; k++) {
    while (i > 0 && (unitClass[text.charCodeAt(i - 1)] || learn(text.charCodeAt(i - 1))) === SPACE_CHAR) i--;
    if (i === 0) return 0;
    const c = text.charCodeAt(i - 1);
    const isWord = (c: number): boolean => (c >= 0xd800 && c <= 0xdfff) || (unitClass[c] || learn(c)) === WORD_CHAR;
    if (!isWord(c)) {
      i--;
      continue;
    }
    while (i > 0 && isWord(text.charCodeAt(i - 1))) i--;
  }
  return i;
}

/** Whether a token is a sentence's end ('.', '!' or '?'): a phrase's gap does not cross one. */
export function endsSentence(t: Tokens, k: number): boolean {
  if (t.kind[k] !== SYMBOL) return false;
  const c = t.text.charCodeAt(t.start[k]!);
  return c === 46 || c === 33 || c === 63;
}
