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

const astral = new Map<number, number>();
function astralClass(cp: number): number {
  let cls = astral.get(cp);
  if (cls === undefined) {
    cls = WORD_LIKE.test(String.fromCodePoint(cp)) ? WORD_CHAR : OTHER_CHAR;
    // Bounded: a text of many distinct emoji must not grow the cache without end.
    if (astral.size < 4096) astral.set(cp, cls);
  }
  return cls;
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
/** Hashes are kept to 30 bits: small integers, cheap as Map keys. */
export const HASH_MASK = 0x3fffffff;
export const hashStep = (h: number, unit: number): number => Math.imul(h ^ unit, FNV_PRIME);
export const HASH_START = FNV_OFFSET;

export interface Tokens {
  text: string;
  count: number;
  start: Int32Array;
  end: Int32Array;
  /** Hash of the lower-cased token (HASH_MASK bits). */
  hash: Int32Array;
  /** Hash of the token's first `prefixLength` lower-cased units, or -1 when it is shorter. */
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

/**
 * `text`'s tokens. The arrays are shared: valid until the next call. `prefixLength` (0: none)
 * is how many units of a word the prefix hash covers (the shortest open-ended phrase word's).
 */
export function tokenize(text: string, prefixLength = 0): Tokens {
  const n = text.length;
  let count = 0;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    let cls = unitClass[c] || learn(c);
    let width = 1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cls = astralClass(((c - 0xd800) << 10) + (low - 0xdc00) + 0x10000);
        width = 2;
      }
    }
    if (cls === SPACE_CHAR) {
      i += 1;
      continue;
    }
    if (count === tokens.start.length) grow();
    const start = i;
    let h = FNV_OFFSET;
    if (cls === OTHER_CHAR) {
      h = hashStep(h, unitLower[c]!);
      if (width === 2) h = hashStep(h, text.charCodeAt(i + 1));
      i += width;
      tokens.kind[count] = SYMBOL;
      tokens.prefix[count] = -1;
    } else {
      let digits = true;
      let prefix = -1;
      // The word's units: lower-cased in the BMP, as they are in a pair (both units hashed).
      for (;;) {
        h = hashStep(h, width === 1 ? unitLower[c]! : c);
        if (width === 2) h = hashStep(h, text.charCodeAt(i + 1));
        if (c < 48 || c > 57) digits = false;
        i += width;
        if (i - start === prefixLength || (width === 2 && i - start === prefixLength + 1)) prefix = h & HASH_MASK;
        if (i >= n) break;
        c = text.charCodeAt(i);
        cls = unitClass[c] || learn(c);
        width = 1;
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
          const low = text.charCodeAt(i + 1);
          if (low >= 0xdc00 && low <= 0xdfff) {
            cls = astralClass(((c - 0xd800) << 10) + (low - 0xdc00) + 0x10000);
            width = 2;
          }
        }
        if (cls !== WORD_CHAR) break;
      }
      tokens.kind[count] = digits ? DIGITS : WORD;
      tokens.prefix[count] = prefix;
    }
    tokens.start[count] = start;
    tokens.end[count] = i;
    tokens.hash[count] = h & HASH_MASK;
    count++;
  }
  tokens.text = text;
  tokens.count = count;
  return tokens;
}

/** Whether a token is a sentence's end ('.', '!' or '?'): a phrase's gap does not cross one. */
export function endsSentence(t: Tokens, k: number): boolean {
  if (t.kind[k] !== SYMBOL) return false;
  const c = t.text.charCodeAt(t.start[k]!);
  return c === 46 || c === 33 || c === 63;
}
