import { TEXT_BUDGET } from '../core/text-budget.js';
import { currencySymbols, isCurrencyCode } from './currency-symbols.js';
import type { MoneyWords, Phrase } from './search-language.js';

// A module constant, not a literal in the function: the TypeScript loader (esbuild, for the
// node target) compiles a regex literal with `\p{...}` outside a class to `new RegExp(...)` at
// the place it is written, so inside a function it was built again on every call.
const STARTS_WITH_LETTER = /^\p{L}/u;

/** A budget as the customer stated it: amounts and the currency they named (else the store's). */
export interface StatedBudget {
  min?: number;
  max?: number;
  currency: string;
}

export interface MoneyReading {
  /** The price filter to apply, in the store's currency; null when none was stated or it was in another currency. */
  budget: { min?: number; max?: number } | null;
  /** The budget as stated, with its currency; null when none. */
  stated: StatedBudget | null;
  /** An amount in a currency the store does not use ("unter 200 Euro" in a USD store): never read as the store's. */
  mismatch: { asked: string; store: string } | null;
  /** The text with the money words blanked out, so "under 50" does not search for "50". */
  rest: string;
}

interface Token {
  kind: 'num' | 'word' | 'sym' | 'dash';
  /** Lower case (words), the raw digits (numbers), the character (symbols). */
  text: string;
  /** As typed (upper-case ISO codes are currencies: "200 CHF"). */
  raw: string;
  start: number;
  end: number;
}

interface Mention {
  amount: number;
  second?: number;
  codes: readonly string[] | null;
  kind: 'max' | 'min' | 'range' | null;
  start: number;
  end: number;
}

// Digits with optional group/decimal separators; each separator must be followed by digits, so no two quantifiers meet.
const TOKEN = /\d+(?:[.,]\d+)*|\p{L}+|\S/gu;
const DASHES = new Set(['-', '–', '—']);
/** Tokens of one message that are looked at (the text is already cut to the analysis window). */
const MAX_TOKENS = TEXT_BUDGET.tokens * 4;
/** Numbers of one message read as possible amounts. */
const MAX_NUMBERS = 12;

function isAsciiText(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

function hasDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (isDigit(s.charCodeAt(i))) return true;
  return false;
}
const isAsciiLetter = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
/** `\s` on ASCII: tab, line feed, vertical tab, form feed, carriage return, space. */
const isAsciiSpace = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d);

/** What the ASCII scanner knows of a token: a number, a word, or one character of anything else (a symbol or a dash, or dropped). */
type ScannedKind = 'num' | 'word' | 'other';

/**
 * TOKEN's matches on ASCII text, by char codes, each passed to `take` until it returns false:
 * most messages are ASCII, and the regex iterator (a match array per token, up to MAX_TOKENS
 * of them) was most of reading the money in a long message. The same tokens in the same order.
 */
function asciiTokens(base: string, take: (raw: string, start: number, kind: ScannedKind) => boolean): void {
  const n = base.length;
  let i = 0;
  while (i < n) {
    const c = base.charCodeAt(i);
    if (isAsciiSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    let kind: ScannedKind = 'other';
    if (isDigit(c)) {
      kind = 'num';
      // \d+(?:[.,]\d+)*
      while (i < n && isDigit(base.charCodeAt(i))) i++;
      while (i + 1 < n && (base.charCodeAt(i) === 0x2e || base.charCodeAt(i) === 0x2c) && isDigit(base.charCodeAt(i + 1))) {
        i++;
        while (i < n && isDigit(base.charCodeAt(i))) i++;
      }
    } else if (isAsciiLetter(c)) {
      kind = 'word';
      while (i < n && isAsciiLetter(base.charCodeAt(i))) i++;
    } else i++;
    if (!take(base.slice(start, i), start, kind)) return;
  }
}

function tokenize(base: string, ascii: boolean): Token[] {
  const out: Token[] = [];
  const symbols = currencySymbols();
  /** Keeps a token of a kind the reader uses; false once MAX_TOKENS are kept. `kind`: what the ASCII scanner already knows (null: the regex's match, tested here). */
  const take = (raw: string, start: number, kind: ScannedKind | null = null): boolean => {
    const end = start + raw.length;
    if (kind === 'num' || (kind === null && /^\d/.test(raw))) out.push({ kind: 'num', text: raw, raw, start, end });
    else if (kind === 'word' || (kind === null && STARTS_WITH_LETTER.test(raw))) out.push({ kind: 'word', text: raw.toLowerCase(), raw, start, end });
    else if (symbols.has(raw)) out.push({ kind: 'sym', text: raw, raw, start, end });
    else if (DASHES.has(raw)) out.push({ kind: 'dash', text: raw, raw, start, end });
    // Other punctuation separates words and is dropped: "jusqu'à 50" reads as "jusqu a 50".
    return out.length < MAX_TOKENS;
  };
  if (ascii) asciiTokens(base, take);
  else for (const m of base.matchAll(TOKEN)) if (!take(m[0], m.index)) break;
  return out;
}

/** "20,000" -> 20000, "1.299,00" -> 1299, "69.99" -> 69.99, "99,5" -> 99.5. */
export function amountOf(raw: string): number | null {
  if (raw.length > 16) return null;
  const groups = raw.split(/[.,]/);
  if (groups.length === 1) return Number(raw);
  const last = groups[groups.length - 1]!;
  const rest = groups.slice(1);
  if (groups[0]!.length <= 3 && rest.every((g) => g.length === 3)) return Number(groups.join(''));
  if (last.length <= 2) return Number(`${groups.slice(0, -1).join('')}.${last}`);
  return null;
}

/** Does `phrase` end at token index `end - 1` (words only)? */
function endsAt(tokens: readonly Token[], end: number, phrase: Phrase): boolean {
  if (end - phrase.length < 0) return false;
  for (let k = 0; k < phrase.length; k++) {
    const t = tokens[end - phrase.length + k]!;
    if (t.kind !== 'word' || t.text !== phrase[k]) return false;
  }
  return true;
}

function startsAt(tokens: readonly Token[], at: number, phrase: Phrase): boolean {
  for (let k = 0; k < phrase.length; k++) {
    const t = tokens[at + k];
    if (!t || t.kind !== 'word' || t.text !== phrase[k]) return false;
  }
  return true;
}

const longestEnding = (tokens: readonly Token[], end: number, phrases: readonly Phrase[]): Phrase | undefined => phrases.find((p) => endsAt(tokens, end, p));
const longestStarting = (tokens: readonly Token[], at: number, phrases: readonly Phrase[]): Phrase | undefined => phrases.find((p) => startsAt(tokens, at, p));

/** A currency named right after position `at`: a symbol, a currency word, or an upper-case ISO code. */
function currencyAfter(tokens: readonly Token[], at: number, words: MoneyWords): { codes: readonly string[]; next: number } | null {
  const t = tokens[at];
  if (!t) return null;
  if (t.kind === 'sym') return { codes: currencySymbols().get(t.text) ?? [], next: at + 1 };
  if (t.kind !== 'word') return null;
  const two = tokens[at + 1];
  if (two?.kind === 'word') {
    const both = words.currencyWords.get(`${t.text} ${two.text}`);
    if (both) return { codes: both, next: at + 2 };
  }
  const one = words.currencyWords.get(t.text);
  if (one) return { codes: one, next: at + 1 };
  if (t.raw.length === 3 && t.raw === t.raw.toUpperCase() && isCurrencyCode(t.raw)) return { codes: [t.raw], next: at + 1 };
  return null;
}

function currencyBefore(tokens: readonly Token[], at: number): { codes: readonly string[]; start: number } | null {
  const t = tokens[at - 1];
  if (!t) return null;
  if (t.kind === 'sym') return { codes: currencySymbols().get(t.text) ?? [], start: at - 1 };
  if (t.kind === 'word' && t.raw.length === 3 && t.raw === t.raw.toUpperCase() && isCurrencyCode(t.raw)) return { codes: [t.raw], start: at - 1 };
  return null;
}

/** A number that starts a word: not the "5" of "X5", nor the digits of "SB-10012". */
function standsAlone(base: string, t: Token, prev: Token | undefined): boolean {
  const before = base.charAt(t.start - 1);
  if (/[\p{L}\p{N}.]/u.test(before)) return false;
  return !(before === '-' && prev?.kind === 'word' && prev.end === t.start - 1);
}

/** One amount from token `i`: its value, its currency and the tokens it spans. */
function amountAt(tokens: readonly Token[], i: number, words: MoneyWords, units: ReadonlySet<string>): { amount: number; codes: readonly string[] | null; start: number; next: number } | null {
  let amount = amountOf(tokens[i]!.text);
  if (amount === null || !Number.isFinite(amount)) return null;
  let next = i + 1;
  const k = tokens[next];
  if (k?.kind === 'word' && words.thousands.has(k.text) && k.start === tokens[i]!.end) {
    amount *= 1000;
    next++;
  } else if (k?.kind === 'word' && words.thousands.has(k.text) && k.text.length > 1) {
    amount *= 1000;
    next++;
  }
  const before = currencyBefore(tokens, i);
  const after = currencyAfter(tokens, next, words);
  const codes = after?.codes ?? before?.codes ?? null;
  if (after) next = after.next;
  if (!codes) {
    const unit = tokens[next];
    if (unit?.kind === 'word' && (words.notMoney.has(unit.text) || units.has(unit.text))) return null;
  }
  return { amount, codes, start: before?.start ?? i, next };
}

/**
 * Reads the money in a shopping message: a budget next to a budget word ("under 80", "menos
 * de 60 dólares", "between 50 and 120", "50-100" with a symbol, "80 dollars or less") and any amount with
 * a currency. Every word comes from the locale packs (MoneyWords) and symbols from Intl, so a
 * currency the store does not use is reported, never read as the store's. `units` are the
 * catalog's unit words ("2 kg", "55 inch" are sizes, not prices). Linear in the text.
 */
export function readMoney(text: string, words: MoneyWords, storeCurrency: string, units: ReadonlySet<string> = new Set()): MoneyReading {
  // ASCII text is its own normal form, and text without a digit states no amount: both are most
  // messages, read without the normalisation passes and the tokens.
  const ascii = isAsciiText(text);
  const base = ascii ? text : text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss');
  if (!hasDigit(base)) return { budget: null, stated: null, mismatch: null, rest: base };
  // The ASCII scanner when the normalised text is ASCII (always so when the text was).
  const tokens = tokenize(base, ascii || isAsciiText(base));
  const mentions: Mention[] = [];
  let numbers = 0;
  for (let i = 0; i < tokens.length && numbers < MAX_NUMBERS; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'num' || !standsAlone(base, t, tokens[i - 1])) continue;
    numbers++;
    const first = amountAt(tokens, i, words, units);
    if (!first) continue;
    const mention: Mention = { amount: first.amount, codes: first.codes, kind: null, start: first.start, end: first.next };
    // A range: "between 50 and 120", "50-100" with a currency sign, "50 to 80 euros".
    const joiner = tokens[first.next];
    const secondAt = joiner && (joiner.kind === 'dash' || (joiner.kind === 'word' && words.joiners.has(joiner.text))) ? first.next + 1 : -1;
    const secondNum = secondAt >= 0 ? (tokens[secondAt]?.kind === 'sym' ? secondAt + 1 : secondAt) : -1;
    const rangeWord = longestEnding(tokens, first.start, words.range);
    const second = secondNum >= 0 && tokens[secondNum]?.kind === 'num' ? amountAt(tokens, secondNum, words, units) : null;
    if (second && (rangeWord || first.codes || second.codes)) {
      mention.kind = 'range';
      mention.second = second.amount;
      mention.codes = second.codes ?? first.codes;
      mention.start = rangeWord ? first.start - rangeWord.length : first.start;
      mention.end = second.next;
      i = secondNum;
      numbers++;
    } else {
      const max = longestEnding(tokens, first.start, words.max);
      const min = longestEnding(tokens, first.start, words.min);
      const after = longestStarting(tokens, first.next, words.maxAfter);
      const word = max && (!min || max.length >= min.length) ? max : min;
      if (word) {
        mention.kind = word === max ? 'max' : 'min';
        mention.start = first.start - word.length;
      } else if (after) {
        mention.kind = 'max';
        mention.end = first.next + after.length;
      }
    }
    if (mention.kind || mention.codes) mentions.push(mention);
  }

  // The newest budget wins ("under 100... well, under 80").
  const chosen = [...mentions].reverse().find((m) => m.kind !== null) ?? null;
  const foreign = mentions.find((m) => m.codes && m.codes.length > 0 && !m.codes.includes(storeCurrency));
  const mismatch = foreign ? { asked: foreign.codes![0]!, store: storeCurrency } : null;
  let stated: StatedBudget | null = null;
  let budget: MoneyReading['budget'] = null;
  if (chosen) {
    const currency = chosen.codes && chosen.codes.length > 0 && !chosen.codes.includes(storeCurrency) ? chosen.codes[0]! : storeCurrency;
    const range: { min?: number; max?: number } =
      chosen.kind === 'range'
        ? { min: Math.min(chosen.amount, chosen.second!), max: Math.max(chosen.amount, chosen.second!) }
        : chosen.kind === 'max'
          ? { max: chosen.amount }
          : { min: chosen.amount };
    stated = { ...range, currency };
    if (currency === storeCurrency) budget = range;
  }
  let rest = base;
  for (const m of mentions) {
    const from = tokens[m.start]!.start;
    const to = tokens[m.end - 1]!.end;
    rest = `${rest.slice(0, from)}${' '.repeat(to - from)}${rest.slice(to)}`;
  }
  return { budget, stated, mismatch: stated?.currency !== storeCurrency && stated ? { asked: stated.currency, store: storeCurrency } : mismatch, rest };
}
