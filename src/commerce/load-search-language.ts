import { loadLocalePacks, packSingularForms, packStemmer } from '../locale/locale-packs.js';
import { searchLanguageFrom, type SearchLanguage } from './search-language.js';
import { readVocabularySynonyms } from './vocabulary-synonyms.js';
import { loadLanguageStemmers } from '../locale/language-stemmers.js';

/**
 * Product search's language data: the `search:` sections of every locale pack (locales/) and
 * the synonyms of skills/vocabulary.yaml. Read at start and on every store reload, so an edit
 * of either is picked up live like any skill file.
 */
export async function loadSearchLanguage(opts: { localesDir: string; vocabularyFile?: string }): Promise<SearchLanguage> {
  const packs = await loadLocalePacks(opts.localesDir);
  const synonyms = opts.vocabularyFile ? await readVocabularySynonyms(opts.vocabularyFile) : new Map<string, readonly string[]>();
  return searchLanguageFrom(
    packs.all().map((p) => p.search),
    synonyms,
    packStemmer(packs, 'search'),
    packSingularForms(packs),
    await loadLanguageStemmers(packs.snowball, opts.localesDir),
    packs.languages,
  );
}
