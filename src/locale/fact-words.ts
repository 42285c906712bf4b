import { z } from 'zod';
import type { OrderStatus } from '../core/commerce.js';
import { boundedMemo } from '../core/bounded-memo.js';
import { repositoryPacks } from './repository-packs.js';
import { repositorySingularForms, type SingularForms } from './stemmer.js';

/**
 * A locale pack's `facts` section: the words the answer guard reads facts with (month names
 * in dates, time units in durations) and the words that never say which product or category
 * a sentence is about. Every loaded pack's words are used together (factWordsOf): a reply can
 * quote an English order record in a French sentence, and a short reply's language often
 * cannot be told; words that would collide between languages are left out of a pack.
 */
const word = z.string().trim().min(1).max(30);
const words = z.array(word).max(200);
/**
 * A word or phrase that marks what a sentence is about ("refund", "on its way"). A leading or
 * trailing "*" lets the word go on before or after ("ship*": ships, shipping; "*n't": don't);
 * without one the entry is a whole word. Words of a phrase may be apart by any space.
 */
const cue = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^\*?[^*]+\*?$/, 'a "*" may only open or close the entry');
const cues = z.array(cue).max(200);

/** The order statuses a reply can claim, in the order the guard reports them. */
export const STATUS_KEYS = ['delivered', 'shipped', 'processing', 'cancelled', 'returned'] as const satisfies readonly OrderStatus[];

export const factSectionSchema = z.strictObject({
  /** Twelve lists, January first: each month's names and abbreviations ("september", "sept", "sep"). */
  months: z.array(words.min(1)).length(12).optional(),
  /** After the day of a written date: ordinal endings ("5th") or a dot ("5."). */
  day_suffixes: words.default([]),
  /** Between a day and its month ("5 of March", "5 de marzo"). */
  day_month_joiners: words.default([]),
  /** Time units by kind, every written form (singular and plural): "days", "Tage", "jours". */
  units: z
    .strictObject({ hour: words.default([]), day: words.default([]), night: words.default([]), week: words.default([]), month: words.default([]), year: words.default([]) })
    .optional(),
  /**
   * Word endings that inflect a noun (plurals: "s"; "es", "s"; "en", "e", "n"), one stripped
   * (the longest that fits) before a word of a sentence is compared with a category's words.
   */
  word_endings: words.default([]),
  /** Words that may stand before a SKU next to a product's name ("Blender (SKU AB-1)", "réf."). */
  sku_labels: words.default([]),
  /** Words of category names too common in sentences to say which category one is about ("home", "care", "gift"). */
  vague_category_words: words.default([]),
  /** Words of support conversations that also occur in product names ("order", "warranty", "pro"): never evidence of a product. */
  support_words: words.default([]),
  /** Number words and their values ("twelve": 12, "zwölf": 12), read before a time unit or a percent word. */
  numbers: z.record(word, z.number().int().min(0).max(1000)).default({}),
  /** Between the two numbers of a range ("3 to 5 days"); "-" and "–" always are. */
  range_joiners: words.default([]),
  /** Between a number and its time unit, saying which days count ("5 working days"). */
  unit_qualifiers: words.default([]),
  /** After a number, what "%" says ("10 percent", "10 por ciento"). */
  percent_words: words.default([]),
  /** A sentence with one of these denies rather than states ("not", "never", "*n't"). */
  negations: cues.default([]),
  /** A sentence about sending goods somewhere: a country it names is a place shipped to. */
  shipping_context: cues.default([]),
  /** Words that limit a shipping sentence rather than state it ("only", "except"). */
  shipping_limits: cues.default([]),
  /** A sentence about returns: its day counts are return windows, checked against the returns policy. */
  return_context: cues.default([]),
  /** A sentence about warranty: its month counts are warranty lengths, checked against the warranty terms. */
  warranty_context: cues.default([]),
  /** Words of the paid extended cover rather than the product's own warranty ("extended", "additional"). */
  extended_cover: cues.default([]),
  /** Words that make an order status conditional or future, not a claim ("once", "if", "yet to"). */
  status_hedges: cues.default([]),
  /**
   * Which word of a currency's name in this language (Intl.DisplayNames) is its unit, read after
   * an amount: "US Dollar" -> last ("149 dollars"), "dólar estadounidense" -> first. Without it
   * the language's currency names are not read (codes and symbols still are).
   */
  currency_unit: z.enum(['first', 'last']).optional(),
  /** Words read as a currency unit after an amount that no currency's name gives ("20 bucks"). */
  money_words: words.default([]),
  /** Words of currency names that are everyday words of this language ("the 30 mark", "real"): never money. */
  not_money_words: words.default([]),
  /**
   * Country names of this language (Intl.DisplayNames) that are everyday words or first names in
   * the packs' languages, never read as a place shipped to (German "Island" is Iceland), as written.
   */
  not_place_names: words.default([]),
  /** Phrases that say an order is in a status ("was delivered", "on its way"). */
  order_status: z.strictObject(Object.fromEntries(STATUS_KEYS.map((k) => [k, cues.default([])])) as Record<(typeof STATUS_KEYS)[number], z.ZodDefault<typeof cues>>).optional(),
});
export type FactSection = z.infer<typeof factSectionSchema>;

export type TimeUnit = 'hour' | 'day' | 'night' | 'week' | 'month' | 'year';

/** One pack's `facts` section with the pack's language. */
export interface PackFacts {
  language: string;
  facts: FactSection | undefined;
}

/** The union of the packs' fact words, lower-cased. */
export interface FactWords {
  /** The packs' `stemming: plurals` (src/locale/stemmer.ts): a word's candidate singulars ("dollars" -> "dollar"). */
  singulars: SingularForms;
  /** The packs' languages, the default first: whose currency and country names (Intl) are read. */
  languages: readonly string[];
  /** Languages whose currency names are read, with the word of a name that is the unit. */
  currencyNames: ReadonlyArray<{ language: string; unit: 'first' | 'last' }>;
  moneyWords: ReadonlySet<string>;
  notMoneyWords: ReadonlySet<string>;
  /** Each pack's word endings (word_endings), longest first; packs without any are left out. */
  wordEndings: ReadonlyArray<readonly string[]>;
  skuLabels: readonly string[];
  /** As written (country names are matched with their case). */
  notPlaceNames: ReadonlySet<string>;
  /** Lower-cased month name or abbreviation -> month (1-12). */
  months: ReadonlyMap<string, number>;
  daySuffixes: readonly string[];
  dayMonthJoiners: readonly string[];
  /** Lower-cased unit word -> its kind. */
  units: ReadonlyMap<string, TimeUnit>;
  vagueCategoryWords: ReadonlySet<string>;
  supportWords: ReadonlySet<string>;
  /** Lower-cased number word -> its value. */
  numbers: ReadonlyMap<string, number>;
  rangeJoiners: readonly string[];
  unitQualifiers: readonly string[];
  percentWords: readonly string[];
  /** The packs' context words, each list one pattern (built once, when the packs are read). */
  cues: FactCues;
}

/** Test-only patterns (no `g` flag, no state): does a sentence have one of the list's words? */
export interface FactCues {
  negation: RegExp;
  shipping: RegExp;
  shippingLimit: RegExp;
  return: RegExp;
  warranty: RegExp;
  extendedCover: RegExp;
  statusHedge: RegExp;
  /** In STATUS_KEYS order. */
  status: ReadonlyArray<readonly [OrderStatus, RegExp]>;
}

const escapeRegex = (w: string): string => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A letter, digit or "_" of any script: what may not touch a whole word's end. */
export const WORD_CHAR = String.raw`[\p{L}\p{N}_]`;

/**
 * One pattern for a list of cues (see `cue`): the entries escaped, grouped by which ends are
 * whole-word, longest first. Every alternative is a fixed string (spaces aside), so a test
 * over a long text stays linear: no quantifier is nested and no entry's text is a pattern.
 */
export function cuePattern(list: Iterable<string>): RegExp {
  const groups = new Map<string, Set<string>>();
  for (const raw of list) {
    const entry = raw.toLowerCase();
    const open = `${entry.startsWith('*') ? 'o' : 'b'}${entry.endsWith('*') ? 'o' : 'b'}`;
    const core = entry.replace(/^\*|\*$/g, '').trim();
    if (!core) continue;
    if (!groups.has(open)) groups.set(open, new Set());
    groups.get(open)!.add(core);
  }
  const parts: string[] = [];
  for (const [open, set] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const body = [...set]
      .sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
      .map((w) => w.split(/\s+/).map(escapeRegex).join(String.raw`\s+`))
      .join('|');
    parts.push(`${open[0] === 'b' ? `(?<!${WORD_CHAR})` : ''}(?:${body})${open[1] === 'b' ? `(?!${WORD_CHAR})` : ''}`);
  }
  return new RegExp(parts.length ? parts.join('|') : '(?!)', 'iu');
}

/** `singulars`: the same packs' `stemming: plurals` (the repository packs' when not given: tests, tools). */
export function factWordsOf(packs: readonly PackFacts[], singulars: SingularForms = repositorySingularForms()): FactWords {
  const sections = packs.map((p) => p.facts);
  const months = new Map<string, number>();
  const units = new Map<string, TimeUnit>();
  const daySuffixes = new Set<string>();
  const joiners = new Set<string>();
  const vague = new Set<string>();
  const support = new Set<string>();
  const numbers = new Map<string, number>();
  const joinersOfRanges = new Set<string>();
  const qualifiers = new Set<string>();
  const percent = new Set<string>();
  const cueLists = new Map<string, string[]>();
  const addCues = (key: string, list: readonly string[] | undefined) => cueLists.set(key, [...(cueLists.get(key) ?? []), ...(list ?? [])]);
  const lower = (w: string) => w.toLowerCase();
  for (const s of sections) {
    if (!s) continue;
    // The first pack (the default language) keeps a word two packs give different meanings.
    s.months?.forEach((names, i) => names.map(lower).forEach((n) => months.has(n) || months.set(n, i + 1)));
    for (const [unit, forms] of Object.entries(s.units ?? {}) as Array<[TimeUnit, string[]]>) for (const f of forms.map(lower)) if (!units.has(f)) units.set(f, unit);
    s.day_suffixes.map(lower).forEach((x) => daySuffixes.add(x));
    s.day_month_joiners.map(lower).forEach((x) => joiners.add(x));
    s.vague_category_words.map(lower).forEach((x) => vague.add(x));
    s.support_words.map(lower).forEach((x) => support.add(x));
    for (const [w, n] of Object.entries(s.numbers)) if (!numbers.has(lower(w))) numbers.set(lower(w), n);
    s.range_joiners.map(lower).forEach((x) => joinersOfRanges.add(x));
    s.unit_qualifiers.map(lower).forEach((x) => qualifiers.add(x));
    s.percent_words.map(lower).forEach((x) => percent.add(x));
    addCues('negation', s.negations);
    addCues('shipping', s.shipping_context);
    addCues('shippingLimit', s.shipping_limits);
    addCues('return', s.return_context);
    addCues('warranty', s.warranty_context);
    addCues('extendedCover', s.extended_cover);
    addCues('statusHedge', s.status_hedges);
    for (const k of STATUS_KEYS) addCues(k, s.order_status?.[k]);
  }
  const pattern = (key: string) => cuePattern(cueLists.get(key) ?? []);
  const cues: FactCues = {
    negation: pattern('negation'),
    shipping: pattern('shipping'),
    shippingLimit: pattern('shippingLimit'),
    return: pattern('return'),
    warranty: pattern('warranty'),
    extendedCover: pattern('extendedCover'),
    statusHedge: pattern('statusHedge'),
    // A status no pack has phrases for is left out: its pattern would never match.
    status: STATUS_KEYS.filter((k) => (cueLists.get(k) ?? []).length > 0).map((k) => [k, pattern(k)] as const),
  };
  const lowerAll = (pick: (s: FactSection) => readonly string[]) => new Set(sections.flatMap((s) => (s ? pick(s).map(lower) : [])));
  return {
    singulars,
    languages: [...new Set(packs.map((p) => p.language))],
    currencyNames: packs.flatMap((p) => (p.facts?.currency_unit ? [{ language: p.language, unit: p.facts.currency_unit }] : [])),
    moneyWords: lowerAll((s) => s.money_words),
    notMoneyWords: lowerAll((s) => s.not_money_words),
    wordEndings: [...new Set(sections.flatMap((s) => (s?.word_endings.length ? [JSON.stringify(s.word_endings.map(lower).sort((a, b) => b.length - a.length))] : [])))].map((j) => JSON.parse(j) as string[]),
    skuLabels: [...lowerAll((s) => s.sku_labels)],
    notPlaceNames: new Set(sections.flatMap((s) => s?.not_place_names ?? [])),
    months,
    units,
    daySuffixes: [...daySuffixes],
    dayMonthJoiners: [...joiners],
    vagueCategoryWords: vague,
    supportWords: support,
    numbers,
    rangeJoiners: [...joinersOfRanges],
    unitQualifiers: [...qualifiers],
    percentWords: [...percent],
    cues,
  };
}

/** `words` as a regex alternation, longest first (so "sept" is tried before "sep"), special characters escaped. */
/**
 * A value derived from one set of fact words (the patterns or stem sets a reader builds from
 * them), built on first use and kept as long as that set is.
 */
export function perFactWords<T>(build: (words: FactWords) => T): (words: FactWords) => T {
  const memo = new WeakMap<FactWords, T>();
  return (words) => {
    let value = memo.get(words);
    if (value === undefined) {
      value = build(words);
      memo.set(words, value);
    }
    return value;
  };
}

/** `read` of a text, kept for at most `max` texts, one cache per set of fact words (the packs' words are part of what is read). */
export function memoPerWords<T>(max: number, read: (text: string, words: FactWords) => T): (text: string, words: FactWords) => T {
  const memos = perFactWords((words) => boundedMemo(max, (text: string) => read(text, words)));
  return (text, words) => memos(words)(text);
}

export function alternation(list: Iterable<string>): string {
  const escaped = [...new Set(list)].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).map(escapeRegex);
  return escaped.length ? escaped.join('|') : '(?!)';
}

let repository: FactWords | null = null;

/** The `facts` sections of the repository's locale packs (src/locale/repository-packs.ts), read once. */
export function repositoryFactWords(): FactWords {
  repository ??= factWordsOf(repositoryPacks().map((p) => ({ language: p.language, facts: p.doc.facts === undefined ? undefined : factSectionSchema.parse(p.doc.facts) })));
  return repository;
}
