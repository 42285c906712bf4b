/**
 * The knowledge half of grounding (issue 16.3): a reply that states a quantity (a delivery
 * time, a duration, a percentage) or names a country it ships to must find it in what the
 * turn had: the retrieved article passages and reference data, the system prompt (store
 * data), this turn's tool results, or the customer's own words. Prices, return windows and
 * warranty lengths keep their own, stricter checks in grounding-guard.ts.
 */

import { alternation, memoPerWords, perFactWords, repositoryFactWords, WORD_CHAR, type FactWords, type TimeUnit } from '../locale/fact-words.js';

interface QuantityPatterns {
  /** "3 to 5 working days", "1-2 days", "a 4-hour slot", "48 hours", "2 weeks": one or two numbers and a unit. */
  quantity: RegExp;
  /** "10%", "10 percent". */
  percent: RegExp;
}

/**
 * The patterns built from the locale packs' words (number words, range joiners, unit
 * qualifiers, time units, percent words: src/locale/fact-words.ts), once per set of words.
 * Every part is bounded or a fixed word, so a long hostile text is read in linear time.
 */
const quantityPatterns = perFactWords((words): QuantityPatterns => {
  const phrase = (list: readonly string[]) => alternation(list).replace(/ /g, String.raw`\s`);
  const num = String.raw`(\d{1,6}(?:\.\d{1,2})?|${alternation(words.numbers.keys())})`;
  const joiner = `(?:-|–${words.rangeJoiners.length ? `|${alternation(words.rangeJoiners)}` : ''})`;
  const qualifier = words.unitQualifiers.length ? String.raw`(?:(?:${alternation(words.unitQualifiers)})\s)?` : '';
  const percentWords = words.percentWords.length ? String.raw`|(?:${phrase(words.percentWords)})(?!${WORD_CHAR})` : '';
  return {
    quantity: new RegExp(String.raw`(?<!${WORD_CHAR})${num}(?:\s?${joiner}\s?${num})?[\s-]{1,2}${qualifier}(${alternation(words.units.keys())})(?!${WORD_CHAR})`, 'giu'),
    percent: new RegExp(String.raw`(?<!${WORD_CHAR})(\d{1,3}(?:\.\d{1,2})?)\s?(?:%${percentWords})`, 'giu'),
  };
});

function numberOf(raw: string, words: FactWords): number {
  const n = Number(raw);
  return Number.isFinite(n) ? n : (words.numbers.get(raw.toLowerCase()) ?? NaN);
}

/** Durations in a common base (hours for hours, days for days and weeks, months for months and years). */
function base(value: number, unit: TimeUnit): string {
  if (unit === 'hour') return `${value}h`;
  if (unit === 'day' || unit === 'night') return `${value}d`;
  if (unit === 'week') return `${value * 7}d`;
  if (unit === 'month') return `${value}m`;
  return `${value * 12}m`;
}

export interface Quantity {
  key: string;
  text: string;
}

const LONG_SPACE = /\s{3,}/g;

/** Every quantity a text states ("3 to 5 working days" states 3 and 5 days; "10%" is `10%`). */
export function quantities(source: string, words: FactWords = repositoryFactWords()): Quantity[] {
  // No match holds a run of 3+ whitespace characters (the patterns allow two at most), so a
  // longer run cut to three spaces finds the same quantities: a reply whose quote of a long
  // message is blanked (customer-quotes.ts) is not read space by space with the packs' Unicode
  // patterns (60 us for 2,000 blanked characters, per sentence and skill; issue 14).
  const text = source.replace(LONG_SPACE, '   ');
  const out: Quantity[] = [];
  const { quantity, percent } = quantityPatterns(words);
  quantity.lastIndex = 0;
  for (let m = quantity.exec(text); m; m = quantity.exec(text)) {
    const unit = words.units.get(m[3]!.toLowerCase());
    for (const raw of [m[1], m[2]]) {
      if (raw === undefined || !unit) continue;
      const n = numberOf(raw, words);
      if (Number.isFinite(n)) out.push({ key: base(n, unit), text: m[0] });
    }
  }
  percent.lastIndex = 0;
  for (let m = percent.exec(text); m; m = percent.exec(text)) out.push({ key: `${Number(m[1])}%`, text: m[0] });
  return out;
}

/** Country and territory names in the packs' languages, longest first, with their region codes. */
interface CountryNames {
  names: readonly string[];
  /** Each name's region code ("Canada", "Canadá", "Kanada" -> CA). */
  codes: ReadonlyMap<string, string>;
  /** Each region's names in every language. */
  namesOf: ReadonlyMap<string, readonly string[]>;
  /** First word -> the indexes in `names` of the names that start with it. */
  byFirstWord: ReadonlyMap<string, readonly number[]>;
  /** First two UTF-16 units (the first times 0x10000 plus the second) -> the names that start with them. */
  byFirstUnits: ReadonlyMap<number, readonly string[]>;
  /** 1 at each UTF-16 unit that starts a name, read without a lookup per character. */
  firstUnits: Uint8Array;
}

/** Region codes that name no country ("Unknown Region", "Outlying Oceania", "U.S. Outlying Islands"). */
const NOT_COUNTRIES = new Set(['ZZ', 'QO', 'UM']);

/**
 * The quantity keys of the store's own texts (the system prompt, reference data): the same
 * long texts on every turn and for every draft, read once (bounded; cleared when full) instead
 * of on every reply that states a quantity (a reply quoting a long message states many).
 * Never a conversation's text: the caller says which texts are the store's.
 */
const STORE_QUANTITIES_MAX = 256;
const storeQuantityKeys = memoPerWords(STORE_QUANTITIES_MAX, (text, words): readonly string[] => [...new Set(quantities(text, words).map((q) => q.key))]);

/**
 * Country and territory names in the languages of the loaded packs, from the runtime's own
 * region data (ICU, through Intl.DisplayNames), not a list of ours: "Canada", "Kanada",
 * "Royaume-Uni". Built once per set of fact words.
 */
const countryNames = perFactWords((words): CountryNames => {
  const codes = new Map<string, string>();
  for (const language of words.languages) {
    const display = new Intl.DisplayNames([language], { type: 'region', fallback: 'none' });
    for (let a = 65; a <= 90; a++) {
      for (let b = 65; b <= 90; b++) {
        const code = String.fromCharCode(a, b);
        const name = display.of(code);
        // "Myanmar (Burma)", "Congo - Kinshasa": the plain name is the part before the qualifier.
        const plain = name?.split(' (')[0]?.split(' - ')[0]?.trim();
        if (plain && plain !== code && plain.length >= 4 && !NOT_COUNTRIES.has(code) && !words.notPlaceNames.has(plain) && !codes.has(plain)) codes.set(plain, code);
      }
    }
  }
  // Longest first, so "South Sudan" is found before "Sudan" and takes its place.
  const names = [...codes.keys()].sort((x, y) => y.length - x.length);
  const namesOf = new Map<string, string[]>();
  for (const [name, code] of codes) namesOf.set(code, [...(namesOf.get(code) ?? []), name]);
  // Looked up by a sentence's words: the names of every pack's language are several thousand.
  const byFirstWord = new Map<string, number[]>();
  // Every name has at least four characters (see above), so two units to key it by.
  const byFirstUnits = new Map<number, string[]>();
  const firstUnits = new Uint8Array(0x10000);
  names.forEach((name, i) => {
    const first = name.match(WORD)?.[0] ?? name;
    byFirstWord.set(first, [...(byFirstWord.get(first) ?? []), i]);
    const key = name.charCodeAt(0) * 0x10000 + name.charCodeAt(1);
    byFirstUnits.set(key, [...(byFirstUnits.get(key) ?? []), name]);
    firstUnits[name.charCodeAt(0)] = 1;
  });
  return { names, codes, namesOf, byFirstWord, byFirstUnits, firstUnits };
});

/**
 * Whether some country name occurs in `text` at all (as any substring): countriesIn finds
 * nothing in a text where none does. Only the places holding a name's first unit are compared
 * (in most text, a few capital letters; looked up by their first two units), so a sentence is
 * not read by the shipping, negation and limit patterns when no place can be named in it:
 * those three read a reply quoting a 2,000-character message at 30-200 ns a character, for
 * each sentence and skill (issue 14).
 */
function mayNameCountry(text: string, countries: CountryNames): boolean {
  const { byFirstUnits, firstUnits } = countries;
  // To the last but one unit: a name has two or more.
  for (let i = 0; i + 1 < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (firstUnits[unit] === 0) continue;
    // By the first two units: a text of capitalised words ("hasOwnProperty isPrototypeOf")
    // compared each capital with every name that starts with it.
    const names = byFirstUnits.get(unit * 0x10000 + text.charCodeAt(i + 1));
    if (names !== undefined) for (const name of names) if (text.startsWith(name, i)) return true;
  }
  return false;
}

/** A name's words, or a sentence's: runs of letters and digits (what the whole-word test below calls a word). */
const WORD = /[\p{L}\p{N}]+/gu;

/** The countries a sentence could name: those whose first word is one of its words, longest first. */
function candidatesIn(text: string, countries: CountryNames): string[] {
  const { names, byFirstWord } = countries;
  const said = new Set<string>();
  for (const w of text.match(WORD) ?? []) {
    said.add(w);
    // The whole-word test reads one UTF-16 unit each side, so a name right after a letter
    // outside the BMP counts: the pieces between such letters are words too.
    let from = 0;
    for (let i = 0; i <= w.length; i++) {
      const c = i < w.length ? w.charCodeAt(i) : 0;
      if (i < w.length && (c < 0xd800 || c > 0xdfff)) continue;
      if (from > 0 || i < w.length) said.add(w.slice(from, i));
      from = i + 1;
    }
  }
  const found: number[] = [];
  for (const w of said) found.push(...(byFirstWord.get(w) ?? []));
  return found.sort((a, b) => a - b).map((i) => names[i]!);
}

/**
 * The countries a sentence names, as whole words, each place in the text used once. Only the
 * names whose first word the sentence has are looked for: a name found as a whole word starts
 * with that word, so the answer is the same, and a long sentence is read once for its words
 * instead of once per country (about 250 scans of a reply quoting a long message, issue 14).
 */
export function countriesIn(text: string, words: FactWords = repositoryFactWords()): string[] {
  const out: string[] = [];
  let rest = text;
  for (const name of candidatesIn(text, countryNames(words))) {
    let i = rest.indexOf(name);
    while (i >= 0) {
      const before = i === 0 ? ' ' : rest[i - 1]!;
      const after = rest[i + name.length] ?? ' ';
      if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) {
        out.push(name);
        rest = `${rest.slice(0, i)}${' '.repeat(name.length)}${rest.slice(i + name.length)}`;
      }
      i = rest.indexOf(name, i + 1);
    }
  }
  return [...new Set(out)];
}

export interface KnowledgeEvidence {
  /** What the turn had from the store: system prompt, reference data and passages, tool results. */
  texts: readonly string[];
  /** Those of `texts` that are the store's own (system prompt, reference data): their quantities are kept between turns. */
  stored?: ReadonlySet<string>;
  /** More evidence for quantities only, computed when the reply states one. */
  more?: () => readonly string[];
  /** What the customer wrote (a time or quantity they give may be repeated back). */
  customer: readonly string[];
}

/** A sentence of the reply, whole and with its verbatim customer quotes blanked (`own`: see customer-quotes.ts). */
export interface ReplySentence {
  sentence: string;
  own: string;
}

/**
 * The problems of a reply's knowledge facts, one line each. `sentences` are the reply's;
 * `skip` tells which quantities another check already owns (return windows, warranty lengths).
 * Quantities are read from `own` (every quantity the customer wrote is evidence), countries
 * from the whole sentence (the customer's words never ground a place we ship to).
 */
export function knowledgeFactProblems(
  sentences: readonly ReplySentence[],
  evidence: KnowledgeEvidence,
  skip: (sentence: string, q: Quantity) => boolean,
  words: FactWords = repositoryFactWords(),
): string[] {
  // The evidence's quantities are read when the reply states one: most replies state none,
  // and the customer's messages (part of the evidence) grow with what they wrote.
  let known: Set<string> | null = null;
  const knownNow = (): Set<string> => {
    if (known) return known;
    known = new Set<string>();
    for (const t of evidence.texts) {
      if (evidence.stored?.has(t)) for (const key of storeQuantityKeys(t, words)) known.add(key);
      else for (const q of quantities(t, words)) known.add(q.key);
    }
    for (const t of [...(evidence.more?.() ?? []), ...evidence.customer]) for (const q of quantities(t, words)) known.add(q.key);
    return known;
  };
  const problems: string[] = [];
  let places: string | null = null;
  for (const { sentence, own } of sentences) {
    for (const q of quantities(own, words)) {
      if (skip(sentence, q) || knownNow().has(q.key)) continue;
      problems.push(`It states "${q.text.trim()}", which no help article, store data or tool result of this turn gives.`);
    }
    // The patterns are pure tests: asked only where countriesIn can find a name, the problems are the same.
    const countries = countryNames(words);
    if (mayNameCountry(sentence, countries) && words.cues.shipping.test(sentence) && !words.cues.negation.test(sentence) && !words.cues.shippingLimit.test(sentence)) {
      for (const name of countriesIn(sentence, words)) {
        places ??= evidence.texts.join('\n');
        // The store's texts may name the country in another language ("Canada" for "Canadá").
        const code = countries.codes.get(name);
        if (!(code ? (countries.namesOf.get(code) ?? [name]) : [name]).some((n) => places!.includes(n))) problems.push(`It names ${name} as a place we ship to or from, which no help article, store data or tool result of this turn states.`);
      }
    }
  }
  return problems;
}
