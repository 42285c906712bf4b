import path from 'node:path';
import { ConfigError } from '../core/errors.js';
import type { Stemmer } from './stemmer.js';

/**
 * Language -> its Snowball stemmer (@orama/stemmers), for the languages whose pack names one
 * (`stemming: snowball`). The suffix profiles of src/locale/stemmer.ts run for every message
 * whatever its language, so one language's endings would change another's words ("-en" would
 * cut English "garden"); these run only for a message detected in their language.
 */
export type LanguageStemmers = ReadonlyMap<string, Stemmer>;

export const NO_LANGUAGE_STEMMERS: LanguageStemmers = new Map();

const memos = new WeakMap<Stemmer, Stemmer>();
/** Words each memo keeps (emptied when full). */
const STEMS_KEPT = 20_000;

/**
 * A Snowball stem costs about a microsecond and customers repeat their words: each word is
 * stemmed once (a bounded Map, emptied when full).
 */
export function stemmedOnce(stem: Stemmer): Stemmer {
  // One memo per stemmer for the process: product search and the router, each rebuilt on a
  // store or skill edit, share it instead of holding a cache each.
  const shared = memos.get(stem);
  if (shared) return shared;
  const seen = new Map<string, string>();
  const memo: Stemmer = (w) => {
    let s = seen.get(w);
    if (s === undefined) {
      if (seen.size >= STEMS_KEPT) seen.clear();
      seen.set(w, (s = stem(w)));
    }
    return s;
  };
  memos.set(stem, memo);
  return memo;
}

/** Something that says which Snowball stemmers it read (StoreCommerce: its search's, live). */
interface StemmerSource {
  languageStems(): LanguageStemmers | undefined;
}

/** The Snowball stemmers `source` last read, when it says (a StoreCommerce with language data); else none. */
export function languageStemsOf(source: object): LanguageStemmers | undefined {
  const x = source as Partial<StemmerSource>;
  return typeof x.languageStems === 'function' ? x.languageStems() : undefined;
}

/**
 * The memoized Snowball stemmer of a message's language, as `source` (a Commerce) last read the
 * packs; undefined without a language or for one whose pack names none.
 */
export function messageStemmer(source: object, language: string | null | undefined): Stemmer | undefined {
  const stem = language ? languageStemsOf(source)?.get(language) : undefined;
  return stem ? stemmedOnce(stem) : undefined;
}

/** A language's memoized stemmer, and values keyed by their word's stem in that language. */
export interface LanguageKeys<V> {
  stem: Stemmer;
  keys: Map<string, V>;
}

/**
 * For each language with a stemmer (but `except`), `entries` (word, value) under the word's stem
 * in it, the first entry of a stem kept: product search's synonym keys and the router's key
 * reader meet a query word's stem there.
 */
export function keysByLanguageStem<V>(stemmers: LanguageStemmers, entries: ReadonlyArray<readonly [string, V]>, except?: string): Map<string, LanguageKeys<V>> {
  const out = new Map<string, LanguageKeys<V>>();
  for (const [language, languageStem] of stemmers) {
    if (language === except || entries.length === 0) continue;
    const keys = new Map<string, V>();
    for (const [word, value] of entries) {
      const s = languageStem(word);
      if (!keys.has(s)) keys.set(s, value);
    }
    out.set(language, { stem: stemmedOnce(languageStem), keys });
  }
  return out;
}

/** A phrase's words under a language's stems, and its value. */
export interface StemPhrase<V> {
  stems: readonly string[];
  value: V;
}

/** A language's memoized stemmer, and phrases keyed by the stem of their first word (longest first). */
export interface LanguagePhrases<V> {
  stem: Stemmer;
  byFirst: Map<string, Array<StemPhrase<V>>>;
}

/**
 * For each language with a stemmer (but `except`), `entries` (a phrase's words, value) word by
 * word under their stems in it, by the first word's stem, longest first, the first entry of a
 * stem sequence kept: a message in that language meets "tiendas de campaña" as "tienda de
 * campana" (stemPhrasesIn).
 */
export function phrasesByLanguageStem<V>(stemmers: LanguageStemmers, entries: ReadonlyArray<readonly [readonly string[], V]>, except?: string): Map<string, LanguagePhrases<V>> {
  const out = new Map<string, LanguagePhrases<V>>();
  for (const [language, languageStem] of stemmers) {
    if (language === except || entries.length === 0) continue;
    const byFirst = new Map<string, Array<StemPhrase<V>>>();
    const seen = new Set<string>();
    for (const [words, value] of entries) {
      if (words.length === 0) continue;
      const stems = words.map((w) => languageStem(w));
      const key = stems.join(' ');
      if (seen.has(key)) continue;
      seen.add(key);
      const list = byFirst.get(stems[0]!);
      if (list) list.push({ stems, value });
      else byFirst.set(stems[0]!, [{ stems, value }]);
    }
    for (const list of byFirst.values()) list.sort((a, b) => b.stems.length - a.stems.length);
    out.set(language, { stem: stemmedOnce(languageStem), byFirst });
  }
  return out;
}

/** A phrase found in a message's words: where it starts, how many words, its value. */
export interface PhraseAt<V> {
  at: number;
  length: number;
  value: V;
}

/**
 * The phrases of `byFirst` in a message's word stems, left to right, the longest at each word,
 * never overlapping: each word tries only the phrases starting with its stem (data-bounded), so
 * the work is linear in the message's words. An empty stem (a word not stemmed) matches nothing.
 */
export function stemPhrasesIn<V>(stems: readonly string[], byFirst: ReadonlyMap<string, ReadonlyArray<StemPhrase<V>>>): Array<PhraseAt<V>> {
  const out: Array<PhraseAt<V>> = [];
  for (let i = 0; i < stems.length; ) {
    const list = stems[i] ? byFirst.get(stems[i]!) : undefined;
    const hit = list?.find((p) => p.stems.length <= stems.length - i && p.stems.every((s, k) => stems[i + k] === s));
    if (hit) {
      out.push({ at: i, length: hit.stems.length, value: hit.value });
      i += hit.stems.length;
    } else i++;
  }
  return out;
}

/** One import per stemmer name and process: every store reload reads the packs again. */
const loaded = new Map<string, Promise<Stemmer>>();
/** Each loaded stemmer's @orama/stemmers name. */
const names = new WeakMap<Stemmer, string>();

/** The @orama/stemmers name a stemmer was loaded by ("german"); undefined for one made elsewhere. */
export function stemmerName(stem: Stemmer): string | undefined {
  return names.get(stem);
}

async function importStemmer(name: string): Promise<Stemmer> {
  // The name is pack data checked by the schema (lower-case letters only), a subpath of the package.
  const mod = (await import(`@orama/stemmers/${name}`)) as { stemmer?: unknown };
  if (typeof mod.stemmer !== 'function') throw new Error(`@orama/stemmers/${name} has no stemmer`);
  const stem = mod.stemmer as Stemmer;
  names.set(stem, name);
  return stem;
}

/**
 * The stemmers the packs name (`snowball`: language -> @orama/stemmers name), loaded. A name the
 * package does not have is a ConfigError naming the pack's field.
 */
export async function loadLanguageStemmers(snowball: ReadonlyMap<string, string>, dir: string): Promise<LanguageStemmers> {
  const out = new Map<string, Stemmer>();
  for (const [language, name] of snowball) {
    let p = loaded.get(name);
    if (!p) {
      p = importStemmer(name);
      loaded.set(name, p);
      p.catch(() => loaded.delete(name));
    }
    try {
      out.set(language, await p);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      // The package itself missing (an install without it) is not the pack's mistake: say which.
      const missing = code === 'ERR_MODULE_NOT_FOUND' && !String((err as Error).message).includes(`@orama/stemmers/${name}`);
      const why = missing ? `@orama/stemmers is not installed (run npm ci)` : `no Snowball stemmer "${name}" in @orama/stemmers`;
      throw new ConfigError(path.join(dir, `${language}.yaml`), `${why} (${(err as Error).message.split('\n')[0]})`, 'stemming.snowball');
    }
  }
  return out;
}
