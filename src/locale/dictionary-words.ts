import dictionary from 'dictionary-en';
import { repositorySingularForms, type SingularForms } from './stemmer.js';

/**
 * Every word of the en_US Hunspell dictionary (about 49,000 entries: common words and the
 * proper nouns of the language, such as months and countries), lower-cased. prompts:check
 * uses it to tell common language from names: a capitalised word that is neither in here nor
 * in the store's data is a name the store may not have.
 */
let words: Set<string> | null = null;

/** The dictionary's language: text in another one is not checked against it. */
export const DICTIONARY_LANGUAGE = 'en';

/** The affix file's plain prefixes ("PFX A 0 re ."): flag -> prefix, so "ply/A" also gives "reply". */
function plainPrefixes(aff: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of aff.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length === 5 && f[0] === 'PFX' && f[2] === '0' && f[4] === '.' && f[1]!.length === 1) out.set(f[1]!, f[3]!);
  }
  return out;
}

function load(): Set<string> {
  const out = new Set<string>();
  const decoder = new TextDecoder();
  const prefixes = plainPrefixes(decoder.decode(dictionary.aff));
  // First line is the entry count; each entry is "word" or "word/FLAGS".
  for (const line of decoder.decode(dictionary.dic).split('\n').slice(1)) {
    const slash = line.indexOf('/');
    const word = (slash === -1 ? line : line.slice(0, slash)).trim().toLowerCase();
    if (!word) continue;
    out.add(word);
    if (slash === -1) continue;
    for (const flag of line.slice(slash + 1).trim()) {
      const prefix = prefixes.get(flag);
      if (prefix) out.add(prefix + word);
    }
  }
  return out;
}

/**
 * True when the word, or its regular plural or possessive base, is a dictionary entry (any case).
 * `singulars`: the locale packs' `stemming: plurals` (LOCALES_DIR's for prompts:check); the repository's by default.
 */
export function isDictionaryWord(word: string, singulars: SingularForms = repositorySingularForms()): boolean {
  words ??= load();
  const w = word.toLowerCase().replace(/['’]s$/u, '');
  if (words.has(w)) return true;
  // Its singulars by the packs' `stemming: plurals` ("batteries" -> "battery").
  return singulars(w).some((f) => words!.has(f));
}
