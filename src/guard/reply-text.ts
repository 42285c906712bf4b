import type { StoreIdentifiers } from '../core/commerce.js';
import { alternation, perFactWords, repositoryFactWords, type FactWords } from '../locale/fact-words.js';
import { nearestSingular, type SingularForms } from '../locale/stemmer.js';
import { isSpace, isSpaceUnit } from '../skills/token-counter.js';
import { codeUnitReader } from '../core/code-units.js';

/**
 * Small, deterministic readers for the facts a reply states: money amounts, day and month
 * counts, ids and dates. Shared by the guard's grounding side (what the prompt and tools
 * said) and its claim side (what the reply says), so both read numbers the same way.
 */

/**
 * A sentence break: whitespace after ".", "!" or "?" that a sentence start follows, or a run of
 * line breaks. The mark is matched, not looked behind for (a break starts one unit after the
 * match): the pattern `(?<=[.!?])\s+(?=…)` tried its look-behind at every position of the text,
 * where this one starts only at the few units that can begin a break, and finds the same breaks
 * (a mark is no whitespace, so it never lies inside an earlier break).
 */
const SENTENCE_BREAK = /[.!?]\s+(?=[A-Z0-9"'(¿¡])|\n+/g;

/** Sentences (and list items): claims are tied to the product or category named in the same one. */
export function sentences(text: string): string[] {
  return sentenceSpans(text).map((s) => text.slice(s.start, s.end));
}

/**
 * Where the sentences of `text` are (trimmed, none empty): a text of the same length with
 * some spans blanked (customer-quotes.ts) is cut at the same places as what it was read from.
 */
export function sentenceSpans(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  // Trimmed by code unit, without a one-character string and a regex test per whitespace unit.
  const push = (from: number, to: number) => {
    while (from < to && isSpaceUnit(text.charCodeAt(from))) from++;
    while (to > from && isSpaceUnit(text.charCodeAt(to - 1))) to--;
    if (to > from) out.push({ start: from, end: to });
  };
  let last = 0;
  SENTENCE_BREAK.lastIndex = 0;
  for (let m = SENTENCE_BREAK.exec(text); m; m = SENTENCE_BREAK.exec(text)) {
    // A break after a mark starts after it.
    const at = m[0].charCodeAt(0) === 0x0a ? m.index : m.index + 1;
    push(last, at);
    last = m.index + m[0].length;
  }
  push(last, text.length);
  return out;
}

const COMBINING_MARK = /[\u0300-\u036f]/g;

/** Whether every character of `text` is ASCII, which NFKD and the removal of combining marks leave as it is. */
function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** a-z, 0-9, "$" and "%": what a word is made of. */
function isWordCode(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x24 || c === 0x25;
}

/**
 * Lower-case words (runs of a-z, 0-9, "$", "%" after NFKD without combining marks), for n-gram
 * overlap. One pass over the characters: a regex split made a reply quoting "1," x 1,000 cost
 * 150 µs for its thousand words (issue 14).
 */
export function words(text: string): string[] {
  const lower = text.toLowerCase();
  const t = isAscii(lower) ? lower : lower.normalize('NFKD').replace(COMBINING_MARK, '');
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= t.length; i++) {
    if (i < t.length && isWordCode(t.charCodeAt(i))) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push(t.slice(start, i));
      start = -1;
    }
  }
  return out;
}

/** A hash of a word of words() (lower-case), the one eachAsciiWord gives its words. */
export function wordHash(word: string): number {
  let h = WORD_HASH_SEED;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return h;
}

const WORD_HASH_SEED = 0x811c9dc5 | 0;

/**
 * The words of `text` (what words() gives) by their span in it and their wordHash, without
 * making their strings, when `text` is all ASCII (lower-casing then changes only A-Z and NFKD
 * nothing): false, with nothing visited, otherwise. For a caller that needs the string of few
 * words: words() made one for each of the 300 words of a quote of new words.
 */
export function eachAsciiWord(text: string, visit: (start: number, end: number, hash: number) => void): boolean {
  const n = text.length;
  const u = wordUnits(text);
  for (let i = 0; i < n; i++) if (u[i]! >= 0x80) return false;
  let start = -1;
  let h = WORD_HASH_SEED;
  for (let i = 0; i <= n; i++) {
    let c = i < n ? u[i]! : 0;
    if (c >= 0x41 && c <= 0x5a) c |= 0x20;
    if (i < n && isWordCode(c)) {
      if (start < 0) {
        start = i;
        h = WORD_HASH_SEED;
      }
      h = Math.imul(h ^ c, 0x01000193);
    } else if (start >= 0) {
      visit(start, i, h);
      start = -1;
    }
  }
  return true;
}

/** eachAsciiWord's code units (a typed array, src/core/code-units.ts): its visitors never call it again before it returns. */
const wordUnits = codeUnitReader();

/**
 * Money in any currency, so the guard reads a CAD or EUR store's replies as it reads a USD
 * store's: a currency symbol (with a country prefix such as "CA$"), an ISO 4217 code before or
 * after the number, or the currency's unit name after it ("149 dollars", "20 euros"). Codes and
 * names come from the runtime's own currency data (Intl), not from a list of ours.
 */
const CURRENCY_CODES: ReadonlySet<string> = (() => {
  try {
    return new Set(Intl.supportedValuesOf('currency'));
  } catch {
    return new Set<string>();
  }
})();
/**
 * The unit words of the currencies' names in the packs' languages ("dollar", "euro", "peso"),
 * from the runtime's own currency data (Intl.DisplayNames), which word of a name depends on the
 * language (`facts.currency_unit`); with the packs' own money words ("buck") and without their
 * everyday words ("the 30 mark", "real"). Built once per set of fact words.
 */
const currencyWords = perFactWords((words): ReadonlySet<string> => {
  const out = new Set<string>(words.moneyWords);
  for (const { language, unit } of words.currencyNames) {
    const names = new Intl.DisplayNames([language], { type: 'currency' });
    for (const code of CURRENCY_CODES) {
      const parts = names.of(code)?.toLowerCase().split(/[\s-]+/) ?? [];
      const word = unit === 'last' ? parts.at(-1) : parts[0];
      if (word && /^[a-z]{3,12}$/.test(word) && !words.notMoneyWords.has(word)) out.add(word);
    }
  }
  return out;
});
const AMOUNT = String.raw`(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?`;
// Small and linear: any symbol, a 3-letter word before or a word after; codes and names are checked against Intl's after the match.
const MONEY = new RegExp(String.raw`(?:(?<![A-Za-z])[A-Z]{0,3}\p{Sc}|\b([A-Z]{3}) ?)\s?${AMOUNT}|(?<![\d,.])${AMOUNT}\s?([A-Za-z]{3,12})\b`, 'gu');

/** A currency code, or a unit word of a currency name or its plural (the packs' `stemming: plurals`, nearestSingular: "dollars"). */
function isCurrencyWord(word: string, names: ReadonlySet<string>, singulars: SingularForms): boolean {
  if (CURRENCY_CODES.has(word)) return true;
  const w = word.toLowerCase();
  if (names.has(w)) return true;
  const singular = nearestSingular(singulars, w);
  return singular !== null && names.has(singular);
}

export interface Amount {
  value: number;
  index: number;
  text: string;
}

const DIGIT = /\d/g;

/**
 * Where the first ASCII digit at or after `from` is, or -1 (found natively: a long text may have
 * none for a while). Every amount, date and identifier pattern here needs one (`\d` is ASCII
 * only), so a text without any skips them all.
 */
function digitFrom(text: string, from: number): number {
  DIGIT.lastIndex = from;
  const m = DIGIT.exec(text);
  return m === null ? -1 : m.index;
}

/**
 * How far before its first digit a MONEY match can start: three letters of a prefix, a
 * currency sign (two units outside the BMP) and a space, or a code, a space and a space; with
 * room to spare.
 */
const MONEY_LEAD = 8;

/** "$69.99", "CA$1,299", "USD 34.50", "499 CAD", "149 dollars", "€20" -> values in currency units. `words`: the packs' (default: the repository's). */
export function moneyAmounts(text: string, words: FactWords = repositoryFactWords()): Amount[] {
  const out: Amount[] = [];
  // The packs' currency words, looked up once per text (not once per "30 days").
  let names: ReadonlySet<string> | undefined;
  // Started near each digit (eachNearDigit): a reply whose quote of a long message is blanked
  // (customer-quotes.ts) was read unit by unit by this Unicode pattern for the amounts at its end.
  // Start by start where digits are far apart: MONEY's search (Unicode, a look-behind in each
  // branch) reads 14 ns a unit, where the date patterns' read 1-2 and lose more to the tries.
  eachNearDigit(text, MONEY, () => MONEY_LEAD, (m) => {
    const code = m[1];
    const word = m[6];
    if ((code !== undefined && !CURRENCY_CODES.has(code)) || (word !== undefined && !isCurrencyWord(word, (names ??= currencyWords(words)), words.singulars))) {
      // Not money ("GPS 66", "2 people"); look again from the next character, an amount may start inside.
      MONEY.lastIndex = m.index + 1;
      return;
    }
    const whole = (m[2] ?? m[4] ?? '').replace(/,/g, '');
    const cents = m[3] ?? m[5];
    const value = Number(cents ? `${whole}.${cents.padEnd(2, '0')}` : whole);
    if (Number.isFinite(value)) out.push({ value, index: m.index, text: m[0] });
  }, true);
  return out;
}

const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

export const sameMoney = (a: number, b: number): boolean => Math.abs(a - b) < 0.005;

/** Digits or one of the packs' number words (a Map: a lookup keyed by text must not find Object.prototype's members). */
function numberOf(raw: string, words: FactWords): number {
  const n = Number(raw);
  return Number.isFinite(n) ? n : (words.numbers.get(raw.toLowerCase()) ?? NaN);
}

export interface Count {
  value: number;
  unit: 'day' | 'month';
  index: number;
  text: string;
}

/**
 * The patterns that read durations and dates, built from the locale packs' fact words (unit
 * words, month names: src/locale/fact-words.ts), once per set of words.
 */
interface FactPatterns {
  duration: RegExp;
  /** Substrings one of which every unit word contains: a text without any has no duration (checked before the pattern runs). */
  unitStems: readonly string[];
  monthDay: RegExp;
  /** The longest month name (UTF-16 units): how far before its day's whitespace a monthDay match can start. */
  monthChars: number;
  dayMonth: RegExp;
}

const factPatterns = perFactWords((words): FactPatterns => {
  const unitWords = [...words.units].filter(([, u]) => u !== 'hour').map(([w]) => w);
  const month = String.raw`(${alternation(words.months.keys())})\.?`;
  const suffix = words.daySuffixes.length ? `(?:${alternation(words.daySuffixes)})?` : '';
  const joiner = words.dayMonthJoiners.length ? String.raw`(?:(?:${alternation(words.dayMonthJoiners)})\s+)?` : '';
  return {
    duration: new RegExp(String.raw`\b(\d+|${alternation(words.numbers.keys())})[\s-]*(${alternation(unitWords)})\b`, 'gi'),
    unitStems: unitWords.filter((w) => !unitWords.some((o) => o !== w && w.includes(o))),
    monthDay: new RegExp(String.raw`\b${month}\s+(\d{1,2})${suffix}\b(?:,?\s+(\d{4}))?`, 'gi'),
    monthChars: Math.max(0, ...[...words.months.keys()].map((m) => m.length)),
    dayMonth: new RegExp(String.raw`\b(\d{1,2})${suffix}\s+${joiner}${month}\b(?:,?\s+(\d{4}))?`, 'gi'),
  };
});

/**
 * "30 days", "100-night", "24-month", "2 years", "six months", "30 jours", "2 Jahre": weeks
 * become days, years months. `words`: the locale packs' fact words (default: the repository's).
 */
export function durations(text: string, words: FactWords = repositoryFactWords()): Count[] {
  const out: Count[] = [];
  const { duration, unitStems } = factPatterns(words);
  const lower = text.toLowerCase();
  if (!unitStems.some((u) => lower.includes(u))) return out;
  duration.lastIndex = 0;
  for (let m = duration.exec(text); m; m = duration.exec(text)) {
    const n = numberOf(m[1]!, words);
    if (!Number.isFinite(n)) continue;
    const unit = words.units.get(m[2]!.toLowerCase());
    if (unit === 'day' || unit === 'night') out.push({ value: n, unit: 'day', index: m.index, text: m[0] });
    else if (unit === 'week') out.push({ value: n * 7, unit: 'day', index: m.index, text: m[0] });
    else if (unit === 'month') out.push({ value: n, unit: 'month', index: m.index, text: m[0] });
    else if (unit === 'year') out.push({ value: n * 12, unit: 'month', index: m.index, text: m[0] });
  }
  return out;
}

/**
 * Tokens shaped like an identifier of any store: capital letters and digits joined by dashes
 * with at least one digit ("AB-1001", "RMA-204518-KY-1001"), or "#" and digits ("#1001"). What
 * kind each one is (order, return or claim, SKU) is the store's to say: see idKinds.
 */
const ID = /(?<![\w#-])(?:#\d{3,12}|[A-Z0-9]{1,12}(?:-[A-Z0-9]{1,12}){1,5})(?![\w-])/g;

export function identifiers(text: string): Array<{ id: string; index: number }> {
  // Every identifier has a digit and a "#" or a dash.
  if (digitFrom(text, 0) < 0 || (!text.includes('-') && !text.includes('#'))) return [];
  ID.lastIndex = 0;
  return [...text.matchAll(ID)].filter((m) => /\d/.test(m[0]) && /[A-Z#]/.test(m[0])).map((m) => ({ id: m[0], index: m.index ?? 0 }));
}

export type IdKind = 'order' | 'case' | 'sku';

export interface IdKinds {
  /** What an identifier token is in this store, by its data (store.yaml `identifiers`); null for none. */
  kind(id: string): IdKind | null;
}

const anchored = (pattern: string): RegExp => new RegExp(`^(?:${pattern})$`, 'iu');

/** Classifies identifier tokens with the store's own order and SKU patterns and case-number prefixes. */
export function idKinds(ids: StoreIdentifiers): IdKinds {
  const order = anchored(ids.order.pattern);
  const sku = anchored(ids.sku.pattern);
  const cases = [ids.return.prefix, ids.claim.prefix].map((p) => `${p}-`);
  return {
    kind(id) {
      if (cases.some((p) => id.startsWith(p))) return 'case';
      if (order.test(id)) return 'order';
      if (sku.test(id)) return 'sku';
      return null;
    },
  };
}

const ISO_DATE = /\b(\d{4})-(\d{2})-(\d{2})\b/g;

export interface DateMention {
  month: number;
  day: number;
  year?: number;
  text: string;
}

/** ISO dates and written ones in any pack's language ("March 5", "5 March 2025", "Mar. 5, 2025", "5 mars", "5. März"). */
export function dates(text: string, words: FactWords = repositoryFactWords()): DateMention[] {
  const out: DateMention[] = [];
  const { monthDay, dayMonth, monthChars } = factPatterns(words);
  const monthIndex = (name: string): number => words.months.get(name.toLowerCase()) ?? 0;
  // Each pattern is started near the next digit (see moneyAmounts): an ISO date and a day before
  // its month start at their first digit; a month before its day starts at most the month's
  // name, a ".", and the whitespace before the day ahead of it.
  eachNearDigit(text, ISO_DATE, () => 0, (m) => out.push({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), text: m[0] }));
  eachNearDigit(
    text,
    monthDay,
    (d) => spacesBefore(text, d) + 1 + monthChars,
    (m) => out.push({ month: monthIndex(m[1]!), day: Number(m[2]), ...(m[3] ? { year: Number(m[3]) } : {}), text: m[0] }),
  );
  eachNearDigit(text, dayMonth, () => 0, (m) => out.push({ month: monthIndex(m[2]!), day: Number(m[1]), ...(m[3] ? { year: Number(m[3]) } : {}), text: m[0] }));
  return out.filter((d) => d.month >= 1 && d.month <= 12 && d.day >= 1 && d.day <= 31);
}

/** How many whitespace units (what `\s` matches) stand right before index `i`. */
function spacesBefore(text: string, i: number): number {
  let k = i;
  while (k > 0 && isSpace(text, k - 1)) k--;
  return i - k;
}

/**
 * Every match of `pattern` (global, matching no empty string) in `text`, in order, as
 * `text.matchAll(pattern)` finds them, for a pattern whose every match holds an ASCII digit and
 * starts at most `lead(d)` units before its first digit `d`: each search starts there, not at
 * the end of the last match (the look-behinds and `\b` still read the text before it).
 * `startByStart`: where no digit follows within FAR_DIGIT units, the starts before the digits
 * are tried one by one, for a pattern whose search reads a long text slowly (MONEY, see there).
 */
function eachNearDigit(text: string, pattern: RegExp, lead: (digit: number) => number, visit: (m: RegExpExecArray) => void, startByStart = false): void {
  // The digits from the last one walked to: `last` is the last digit of a few close together
  // (each within FAR_DIGIT units of the one before, all within CLOSE_SPAN units) that no other
  // digit follows within FAR_DIGIT units, or -1 when they went on further (walked to `walked`).
  let walked = -1;
  let last = -1;
  pattern.lastIndex = 0;
  for (;;) {
    const digit = digitFrom(text, pattern.lastIndex);
    if (digit < 0) break;
    let from = digit - lead(digit);
    // A Unicode pattern reads code points: never start it inside a surrogate pair.
    if (pattern.unicode && from > 0 && isLowSurrogate(text.charCodeAt(from)) && isHighSurrogate(text.charCodeAt(from - 1))) from--;
    if (from > pattern.lastIndex) pattern.lastIndex = from;
    if (startByStart && digit > walked) {
      walked = digit;
      for (;;) {
        const next = digitFrom(text, walked + 1);
        if (next < 0 || next - walked > FAR_DIGIT) {
          last = walked;
          break;
        }
        walked = next;
        if (walked - digit > CLOSE_SPAN) {
          last = -1;
          break;
        }
      }
    }
    let m: RegExpExecArray | null;
    if (last >= 0) {
      // No digit follows these within FAR_DIGIT units: a search from here that finds nothing
      // starting by the last of them reads on to the next match or the end (2,000 units of a
      // quoted message of astral characters after its leading number: 25 µs of MONEY's 27 per
      // reply). A later match has its first digit further on and starts no earlier than that
      // digit's lead, so each start up to the last of these digits is tried alone instead.
      m = startingBy(text, pattern, last);
      if (m === null) {
        pattern.lastIndex = last + 1;
        continue;
      }
    } else {
      m = pattern.exec(text);
      if (m === null) break;
    }
    // `visit` may set where the search goes on (lastIndex): by default, after the match.
    visit(m);
  }
  pattern.lastIndex = 0;
}

/** A gap between digits past which eachNearDigit stops a search at the digits before it (a search reads 10-20 ns a unit, a start tried alone costs 50 ns). */
const FAR_DIGIT = 64;
/** How many units of close digits eachNearDigit tries start by start at most (beyond, a text dense with digits: one search). */
const CLOSE_SPAN = 32;

/** A sticky copy of each pattern eachNearDigit reads (one per pattern object). */
const stickyCopies = new WeakMap<RegExp, RegExp>();

/**
 * The first match of `pattern` that starts at or after its lastIndex and at or before `last`,
 * with lastIndex after it as exec leaves it; null (lastIndex unchanged) when none: exec's
 * search, with its starts taken as exec takes them (a code point at a time for a Unicode
 * pattern), stopped at `last`.
 */
function startingBy(text: string, pattern: RegExp, last: number): RegExpExecArray | null {
  let sticky = stickyCopies.get(pattern);
  if (!sticky) {
    sticky = new RegExp(pattern.source, `${pattern.flags}y`);
    stickyCopies.set(pattern, sticky);
  }
  for (let at = pattern.lastIndex; at <= last; ) {
    sticky.lastIndex = at;
    const m = sticky.exec(text);
    if (m !== null) {
      pattern.lastIndex = sticky.lastIndex;
      return m;
    }
    at += pattern.unicode && isHighSurrogate(text.charCodeAt(at)) && isLowSurrogate(text.charCodeAt(at + 1)) ? 2 : 1;
  }
  return null;
}

/** Every primitive in a JSON value with the key it sits under (tool results). */
export function leaves(value: unknown, key = '', out: Array<{ key: string; value: string | number | boolean }> = []) {
  if (Array.isArray(value)) for (const v of value) leaves(v, key, out);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) leaves(v, k, out);
  else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out.push({ key, value });
  return out;
}

/** Every object in a JSON value (tool results), to pair a SKU with its name and price. */
export function objects(value: unknown, out: Array<Record<string, unknown>> = []): Array<Record<string, unknown>> {
  if (Array.isArray(value)) for (const v of value) objects(v, out);
  else if (value && typeof value === 'object') {
    out.push(value as Record<string, unknown>);
    for (const v of Object.values(value)) objects(v, out);
  }
  return out;
}
