import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

/**
 * A locale pack's `facts` section: the words the answer guard reads facts with (month names
 * in dates, time units in durations) and the words that never say which product or category
 * a sentence is about. Every loaded pack's words are used together (factWordsOf): a reply can
 * quote an English order record in a French sentence, and a short reply's language often
 * cannot be told; words that would collide between languages are left out of a pack.
 */
const word = z.string().trim().min(1).max(30);
const words = z.array(word).max(200);

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
  /** Words of category names too common in sentences to say which category one is about ("home", "care", "gift"). */
  vague_category_words: words.default([]),
  /** Words of support conversations that also occur in product names ("order", "warranty", "pro"): never evidence of a product. */
  support_words: words.default([]),
});
export type FactSection = z.infer<typeof factSectionSchema>;

export type TimeUnit = 'hour' | 'day' | 'night' | 'week' | 'month' | 'year';

/** The union of the packs' fact words, lower-cased. */
export interface FactWords {
  /** Lower-cased month name or abbreviation -> month (1-12). */
  months: ReadonlyMap<string, number>;
  daySuffixes: readonly string[];
  dayMonthJoiners: readonly string[];
  /** Lower-cased unit word -> its kind. */
  units: ReadonlyMap<string, TimeUnit>;
  vagueCategoryWords: ReadonlySet<string>;
  supportWords: ReadonlySet<string>;
}

export function factWordsOf(sections: ReadonlyArray<FactSection | undefined>): FactWords {
  const months = new Map<string, number>();
  const units = new Map<string, TimeUnit>();
  const daySuffixes = new Set<string>();
  const joiners = new Set<string>();
  const vague = new Set<string>();
  const support = new Set<string>();
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
  }
  return { months, units, daySuffixes: [...daySuffixes], dayMonthJoiners: [...joiners], vagueCategoryWords: vague, supportWords: support };
}

/** `words` as a regex alternation, longest first (so "sept" is tried before "sep"), special characters escaped. */
export function alternation(list: Iterable<string>): string {
  const escaped = [...new Set(list)].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return escaped.length ? escaped.join('|') : '(?!)';
}

let repository: FactWords | null = null;

/**
 * The `facts` sections of the repository's locale packs (locales/*.yaml), read once: what the
 * guard and retrieval use when the caller passes no packs of its own (tests, tools, the bench).
 * The app passes the packs it loaded from LOCALES_DIR.
 */
export function repositoryFactWords(): FactWords {
  if (repository) return repository;
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../locales');
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort((a, b) => (a === 'en.yaml' ? -1 : b === 'en.yaml' ? 1 : a < b ? -1 : 1));
  const sections = files.map((f) => {
    const facts = (parse(readFileSync(path.join(dir, f), 'utf8')) as { facts?: unknown } | null)?.facts;
    return facts === undefined ? undefined : factSectionSchema.parse(facts);
  });
  repository = factWordsOf(sections);
  return repository;
}
