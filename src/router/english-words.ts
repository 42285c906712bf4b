import dictionary from 'dictionary-en';
import type { Stemmer } from '../locale/stemmer.js';
import { defaultRouterLanguage } from './router-language.js';

/**
 * Stems of the words in the en_US Hunspell dictionary (about 49,000 entries, proper nouns
 * included). The spelling corrector only touches words that are not real English: a word
 * the router has never seen but that is in the dictionary ("creation", "sick", "women",
 * "huge") is an unknown word, not a typo of a known one ("creatine", "stick", "hoover",
 * "huel"), and pulling it towards a product name made trivia look like shopping.
 * One set per router stemmer (the locale packs' `stemming: router`), built on first use.
 */
const byStemmer = new WeakMap<Stemmer, Set<string>>();

function load(stem: Stemmer): Set<string> {
  const out = new Set<string>();
  const text = new TextDecoder().decode(dictionary.dic);
  // First line is the entry count; each entry is "word" or "word/FLAGS".
  for (const line of text.split('\n').slice(1)) {
    const slash = line.indexOf('/');
    const word = (slash === -1 ? line : line.slice(0, slash)).trim().toLowerCase();
    if (!/^[a-z]+$/.test(word)) continue;
    out.add(word);
    out.add(stem(word));
  }
  return out;
}

/** The dictionary's words and their stems by `stem` (what isEnglishWord asks of a word and of its stem). */
export function englishStems(stem: Stemmer = defaultRouterLanguage().stem): ReadonlySet<string> {
  let stems = byStemmer.get(stem);
  if (!stems) byStemmer.set(stem, (stems = load(stem)));
  return stems;
}

/**
 * True for a lower-case word (or a regular inflection of one) the English dictionary knows.
 * `stemmed`: stem(word), when the caller has it already.
 */
export function isEnglishWord(word: string, stemmed?: string, stem: Stemmer = defaultRouterLanguage().stem): boolean {
  const stems = englishStems(stem);
  return stems.has(word) || stems.has(stemmed ?? stem(word));
}
