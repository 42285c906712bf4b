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

/** One import per stemmer name and process: every store reload reads the packs again. */
const loaded = new Map<string, Promise<Stemmer>>();

async function importStemmer(name: string): Promise<Stemmer> {
  // The name is pack data checked by the schema (lower-case letters only), a subpath of the package.
  const mod = (await import(`@orama/stemmers/${name}`)) as { stemmer?: unknown };
  if (typeof mod.stemmer !== 'function') throw new Error(`@orama/stemmers/${name} has no stemmer`);
  return mod.stemmer as Stemmer;
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
