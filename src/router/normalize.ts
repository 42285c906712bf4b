import { expandWordsAscii, finishAscii, isAscii, tidyAscii } from './normalize-ascii.js';
import { defaultRouterLanguage, type RouterLanguage } from './router-language.js';
import type { Stemmer } from '../locale/stemmer.js';

// A module constant, not a literal in the function: the TypeScript loader (esbuild, for the
// node target) compiles a regex literal with `\p{...}` outside a class to `new RegExp(...)` at
// the place it is written, so inside a function it was built again on every call.
const MARKS = /\p{M}+/gu;
const STRETCHED = /(\p{L})\1{2,}/gu;

/**
 * Text normalisation shared by training and inference, so an example and a customer
 * message that differ only in case, accents, contractions, numbers or stretched letters
 * ("pleeease") produce the same tokens.
 */

/** A clause boundary token: sentence punctuation and line breaks. */
export const CLAUSE = '|';
/** A question mark survives as its own token: questions and statements route differently. */
export const QUESTION = '?';

export interface NormalizerOptions {
  /** The store's own catalogue codes (built from its SKUs): each becomes the token `skucode`. */
  sku?: RegExp | null;
}

export interface Normalizer {
  /** Lower case, strip accents, expand contractions, tame numbers, clause markers. */
  normalizeText(raw: string): string;
  /** normalizeText without the ASCII fast path (the tests hold the two identical). */
  normalizeGeneral(raw: string): string;
  /** Splits normalised text into tokens and expands chat shorthand. */
  tokenize(normalized: string): string[];
  /** tokenize(normalizeText(raw)), without joining and splitting the text in between. */
  normalizeTokens(raw: string): string[];
}

const HAS_DIGIT = /\d/;
const SIZE_NUMBER = String.raw`\d+(?:\.\d+)?(?:\s*(?:ft|feet|foot|in|inch|inches|cm|mm|m|"))?`;
const DIMENSIONS = new RegExp(
  String.raw`\b${SIZE_NUMBER}\s*(?:x|\*|×|by)\s*${SIZE_NUMBER}(?:\s*(?:x|\*|×|by)\s*${SIZE_NUMBER})?`,
  'g',
);
/**
 * Whether some character of `s` may occur three times in a row (the stretched-letter pass's
 * condition): three equal UTF-16 units, or one surrogate pair three times. One scan of char
 * codes; the pass itself (a Unicode-class backreference) is then skipped for most messages.
 */
function mayRepeatThrice(s: string): boolean {
  for (let i = 0; i + 2 < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === s.charCodeAt(i + 1) && c === s.charCodeAt(i + 2)) return true;
    if (c >= 0xd800 && c <= 0xdbff && i + 5 < s.length && c === s.charCodeAt(i + 2) && c === s.charCodeAt(i + 4)) {
      const low = s.charCodeAt(i + 1);
      if (low === s.charCodeAt(i + 3) && low === s.charCodeAt(i + 5)) return true;
    }
  }
  return false;
}

/** A word with its apostrophes ("don't", "it's"): contractions are looked up whole, in one pass. */
const WORD_WITH_APOSTROPHE = /[\p{L}\p{N}]+(?:'[\p{L}]+)*'?/gu;

/**
 * A cheap necessary condition for a key of `keys` (a 4,096-bit filter of each key's length,
 * first and last character): most words a message has are no contraction and no shorthand,
 * and this spares them hashing a new string into the map. A false positive only costs the
 * map lookup it would have had anyway.
 */
function keyFilter(keys: Iterable<string>): { has(word: string): boolean; at(s: string, start: number, end: number): boolean } {
  const bits = new Uint8Array(4096);
  const slot = (s: string, start: number, end: number): number =>
    (Math.imul(end - start, 0x9e3779b1) ^ Math.imul(s.charCodeAt(start), 0x85ebca77) ^ Math.imul(s.charCodeAt(end - 1), 0xc2b2ae3d)) >>> 20;
  let empty = false;
  for (const k of keys) {
    if (k.length === 0) empty = true;
    else bits[slot(k, 0, k.length)] = 1;
  }
  /** The same for the word s[start, end), without slicing it. */
  const at = (s: string, start: number, end: number): boolean => (end === start ? empty : bits[slot(s, start, end)] === 1);
  return { has: (w) => at(w, 0, w.length), at };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** Longest first, so an alternation never stops at a prefix ("dollar" before "dollars"). */
function alternation(words: readonly string[]): string {
  return [...new Set(words)].sort((a, b) => b.length - a.length).map(escapeRe).join('|') || '(?!)';
}

/**
 * Builds the normaliser from the locale packs' language resources (contractions, shorthand,
 * units, currency words and symbols), so no language's words live in code.
 */
export function createNormalizer(lang: RouterLanguage, opts: NormalizerOptions = {}): Normalizer {
  const contractions = lang.contractions;
  const suffixes = lang.contractionSuffixes;
  const numberUnit = new RegExp(`\\b(\\d+)(${alternation(lang.units)})\\b`, 'g');
  const symbols = alternation(lang.currencySymbols);
  const words = alternation(lang.currencyWords);
  // A number starts only where a run of digits and separators starts (the lookbehind), so
  // "1,1,1,..." is scanned once, not once per digit.
  const money = new RegExp(
    `(?:${symbols})\\s*\\d[\\d,.]*k?|(?<![\\d,.])\\b\\d[\\d,.]*\\s*(?:k\\s*)?(?:${words})\\b|\\b(?:${words})\\.?\\s*\\d[\\d,.]*`,
    'gu',
  );
  const sku = opts.sku ?? null;
  // A money amount has a currency symbol or word: text with neither skips the pass.
  const moneyMarks = [...new Set([...lang.currencySymbols, ...lang.currencyWords])];
  // One scan for all the marks (an alternation of literals), not one `includes` per mark.
  const anyMoneyMark = new RegExp(moneyMarks.map(escapeRe).join('|') || '(?!)');
  const mayBeMoney = (s: string): boolean => anyMoneyMark.test(s);

  const mayBeContraction = keyFilter(contractions.keys());
  const mayBeShorthand = keyFilter(lang.shorthand.keys());

  const mayExpandAt = (s: string, start: number, end: number, apostrophe: boolean): boolean => apostrophe || mayBeContraction.at(s, start, end);

  function expand(w: string): string {
    const whole = mayBeContraction.has(w) ? contractions.get(w) : undefined;
    if (whole !== undefined) return whole;
    if (!w.includes("'")) return w;
    for (const [suffix, to] of suffixes) {
      if (w.length > suffix.length && w.endsWith(suffix)) return w.slice(0, -suffix.length) + to;
    }
    return w;
  }

  // Contractions written without an apostrophe ("dont", "im"): a text with no apostrophe can
  // only change where one of them occurs.
  const bareContractions = [...contractions.keys()].filter((k) => !k.includes("'"));

  /**
   * Whether the contraction pass could change `s`: it has an apostrophe, or contains one of the
   * bare contractions (a word equal to one contains it). Most non-ASCII messages have neither,
   * and the pass's per-word callback was a fifth of normalising a long one.
   */
  function mayExpand(s: string): boolean {
    if (s.includes("'")) return true;
    for (const k of bareContractions) if (s.includes(k)) return true;
    return false;
  }

  // The ASCII fast path needs every expansion to stay ASCII (the scans after it assume so).
  const asciiExpansions =
    [...contractions.values()].every(isAscii) && suffixes.every(([, to]) => isAscii(to));

  /** The ASCII fast path's tokens (before shorthand), or null for text it does not take. */
  function asciiTokens(raw: string): string[] | null {
    if (!asciiExpansions || !isAscii(raw)) return null;
    // NFKC, NFKD and the accent strip are the identity on ASCII.
    // expand changes a word only if it has an apostrophe or may be a contraction.
    const s = expandWordsAscii(tidyAscii(raw.toLowerCase()), expand, mayExpandAt);
    return finishAscii(replaceTokens(s), QUESTION, CLAUSE);
  }

  function normalizeText(raw: string): string {
    return asciiTokens(raw)?.join(' ') ?? normalizeGeneral(raw);
  }

  function normalizeTokens(raw: string): string[] {
    const toks = asciiTokens(raw);
    return toks ? expandShorthand(toks) : tokenize(normalizeGeneral(raw));
  }

  function normalizeGeneral(raw: string): string {
    let s = raw.normalize('NFKC').toLowerCase();
    s = s.replace(/ß/g, 'ss').normalize('NFKD').replace(MARKS, '');
    s = s.replace(/[\u2018\u2019\u02bc`´]/g, "'");
    // Stretched letters: "sooooo" -> "soo"; the spelling corrector handles the rest.
    if (mayRepeatThrice(s)) s = s.replace(STRETCHED, '$1$1');
    if (mayExpand(s)) s = s.replace(WORD_WITH_APOSTROPHE, expand);
    s = replaceTokens(s);
    s = s.replace(/%/g, ' percent ').replace(/\+/g, ' plus ').replace(/=/g, ' equals ').replace(/&/g, ' and ');
    s = s.replace(/\?+/g, ` ${QUESTION} `);
    s = s.replace(/[.!;:,\n\r]+|\s[-–—]+\s/g, ` ${CLAUSE} `);
    s = s.replace(/'/g, '');
    s = s.replace(/[^\p{L}\p{N}?|#\s]+/gu, ' ');
    s = s.replace(/#/g, ' ');
    return s.replace(/\s+/g, ' ').trim();
  }

  /** Links, e-mail addresses, sizes, money, store codes, long numbers and numbers become tokens. */
  function replaceTokens(text: string): string {
    let s = text;
    // The guards are necessary conditions of each pattern: most messages have none of them.
    if (s.includes('http') || s.includes('www.')) s = s.replace(/https?:\/\/\S+|www\.\S+/g, ' link ');
    // Anchored at the start of a whitespace-separated word and with no '@' inside its parts:
    // the old `\S+@\S+\.\S+` tried every start in a long word and took seconds on "@" x 2,000.
    if (s.includes('@')) s = s.replace(/(?<!\S)[^\s@]+@[^\s@]+\.[^\s@]*/g, ' emailaddr ');
    // Everything below about numbers is skipped for the many messages without a digit.
    if (HAS_DIGIT.test(s)) {
      // Sizes written as numbers ("6x3", "72 x 36 in", "5 by 6") are a product signal in their own right.
      if (s.includes('x') || s.includes('*') || s.includes('×') || s.includes('by')) s = s.replace(DIMENSIONS, ' dims ');
      if (mayBeMoney(s)) s = s.replace(money, ' money ');
      // The store's catalogue codes (their shapes come from its SKUs) name a product.
      if (sku) s = s.replace(sku, ' skucode ');
      // Order numbers, phone numbers and postcodes: the fact that one is present matters, not its digits.
      s = s.replace(/#?\b[a-z]{0,4}-?\d{5,}\b/g, ' longnum ');
      s = s.replace(numberUnit, '$1 $2');
      s = s.replace(/\b\d+(?:\.\d+)?\b/g, ' num ');
    }
    return s;
  }

  function tokenize(normalized: string): string[] {
    return expandShorthand(normalized.split(' '));
  }

  function expandShorthand(words: readonly string[]): string[] {
    const out: string[] = [];
    for (const t of words) {
      if (!t) continue;
      // A Map: as a plain object, shorthand["constructor"] was Object.prototype.constructor.
      const expanded = mayBeShorthand.has(t) ? lang.shorthand.get(t) : undefined;
      if (expanded) out.push(...expanded.split(' '));
      else out.push(t);
    }
    return out;
  }

  return { normalizeText, normalizeGeneral, tokenize, normalizeTokens };
}

let defaultNormalizer: Normalizer | null = null;
function byDefault(): Normalizer {
  defaultNormalizer ??= createNormalizer(defaultRouterLanguage());
  return defaultNormalizer;
}

/** normalizeText with the repository's locale packs and no store codes (tests, tools). */
export function normalizeText(raw: string): string {
  return byDefault().normalizeText(raw);
}

/** tokenize with the repository's locale packs (tests, tools). */
export function tokenize(normalized: string): string[] {
  return byDefault().tokenize(normalized);
}

let routerStem: Stemmer | null = null;

/**
 * A deliberately light stemmer (plurals, -ing, -ed...), applied the same way to examples,
 * lexicon and messages: the locale packs' `stemming: router` rules (src/locale/stemmer.ts).
 * A language without rules passes through intact and relies on character n-grams.
 * The repository's packs (tests, tools); the router uses its RouterLanguage's `stem`.
 */
export function stem(token: string): string {
  routerStem ??= defaultRouterLanguage().stem;
  return routerStem(token);
}
