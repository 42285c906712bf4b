import { loadSearchLanguage } from '../commerce/load-search-language.js';
import type { SearchLanguage } from '../commerce/search-language.js';
import { envSchema, type Env } from '../config/config.js';
import { fromRoot } from '../config/repo-root.js';
import { loadRouterLanguage, type RouterLanguage } from '../router/router-language.js';
import type { FactWords } from './fact-words.js';
import { loadLanguageStemmers } from './language-stemmers.js';
import type { GuardPhrases } from './guard-section.js';
import {
  loadLocalePacks,
  packBrandAttributes,
  packFactWords,
  packGuardPhrases,
  packRetrievalWords,
  packSingularForms,
  packStemmer,
  type LocalePacks,
} from './locale-packs.js';
import type { RetrievalWords } from './retrieval-section.js';
import type { SingularForms, Stemmer } from './stemmer.js';

/**
 * The language data of one locale-pack folder (LOCALES_DIR), cut into the part each reader
 * takes. The app (src/main.ts compose()) and the CLIs that build its parts (prompts:check, the
 * router eval) load it here, so a CLI reads the same packs as the app it checks or measures.
 */
export interface AppLanguage {
  /** The folder read, absolute. */
  dir: string;
  packs: LocalePacks;
  /** The router's words and stemming (`text`, `injection`, `stemming: router`, `plurals`). */
  router: RouterLanguage;
  /** The similarity search's and the help-article index's words (`retrieval`, `stemming: retrieval`). */
  retrieval: RetrievalWords;
  /** `search: brand_attributes`, for the store vocabulary. */
  brandAttributes: ReadonlySet<string>;
  /** The answer guard's and the prompt assembler's `facts` (with `plurals`). */
  facts: FactWords;
  guard: GuardPhrases;
  /** `stemming: plurals`, for readers that look a singular up in a word list (the dictionary). */
  singulars: SingularForms;
  /** `stemming: search` (product search, the offline responder) and `knowledge` (the help-article index). */
  stem: { search: Stemmer; knowledge: Stemmer };
  /**
   * Product search's language: the packs' `search` sections and the deployment's synonyms
   * (`vocabularyFile`), read anew on each call so a store reload picks an edit up.
   */
  search(vocabularyFile?: string): Promise<SearchLanguage>;
}

/** Loads the packs of `dir` (each file parsed once, src/locale/pack-yaml.ts); a broken pack throws its ConfigError. */
export async function loadAppLanguage(dir: string): Promise<AppLanguage> {
  const packs = await loadLocalePacks(dir);
  return {
    dir,
    packs,
    router: { ...loadRouterLanguage(dir), languageStems: await loadLanguageStemmers(packs.snowball, dir) },
    retrieval: packRetrievalWords(packs),
    brandAttributes: packBrandAttributes(packs),
    facts: packFactWords(packs),
    guard: packGuardPhrases(packs),
    singulars: packSingularForms(packs),
    stem: { search: packStemmer(packs, 'search'), knowledge: packStemmer(packs, 'knowledge') },
    search: (vocabularyFile) => loadSearchLanguage({ localesDir: dir, ...(vocabularyFile ? { vocabularyFile } : {}) }),
  };
}

/** The LOCALES_DIR folder of a parsed environment, as the app reads it (relative to the repository root). */
export function localesDirOf(env: Pick<Env, 'LOCALES_DIR'>): string {
  return fromRoot(env.LOCALES_DIR);
}

/** The LOCALES_DIR folder of a raw environment (a CLI's), through the app's own schema and default. */
export function localesDirFromEnv(env: Record<string, string | undefined>): string {
  return localesDirOf({ LOCALES_DIR: envSchema.shape.LOCALES_DIR.parse(env.LOCALES_DIR) });
}
