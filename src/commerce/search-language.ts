import type { SearchSection } from '../locale/search-section.js';
import { repositorySingularForms, type SingularForms, type Stemmer } from '../locale/stemmer.js';
import { NO_LANGUAGE_STEMMERS, type LanguageStemmers } from '../locale/language-stemmers.js';
import { grammarWordsOf, type GrammarWords } from '../locale/script-words.js';
import { fold, stem as repositoryStem, words, type NegativeWords } from './text-terms.js';

/** A phrase as the words it is made of ("less than" -> ["less", "than"]). */
export type Phrase = readonly string[];

/** Money words of every language the deployment ships, merged (a German budget is read in an English store). */
export interface MoneyWords {
  /** Before the number. */
  max: readonly Phrase[];
  min: readonly Phrase[];
  range: readonly Phrase[];
  /** Between the two numbers of a range. */
  joiners: ReadonlySet<string>;
  /** After the number (and its currency): "or less". */
  maxAfter: readonly Phrase[];
  /** A number followed by one of these is not a price ("30 days", "2 kg"). */
  notMoney: ReadonlySet<string>;
  /** Multiplies the number before it by 1000. */
  thousands: ReadonlySet<string>;
  /** Currency word -> ISO codes it may mean. */
  currencyWords: ReadonlyMap<string, readonly string[]>;
}

/**
 * Everything product search knows about the customer's words that is not the catalog:
 * filler words and money phrases from the locale packs, and the deployment's synonyms
 * (skills/vocabulary.yaml, every language merged). Data only; built once per load.
 */
export interface SearchLanguage {
  filler: ReadonlySet<string>;
  /** Grammar words of languages written without spaces (`search: grammar`): a query run made only of them is no product word. */
  grammar: GrammarWords;
  /** Folded word or phrase -> catalog words it stands for. */
  synonyms: ReadonlyMap<string, readonly string[]>;
  money: MoneyWords;
  /** Phrases that ask for a side-by-side comparison, and the words between the products named. */
  compare: { cues: readonly Phrase[]; joiners: ReadonlySet<string> };
  /** Words that make the number after them negative ("minus"), phrases that make the number before them so ("below zero"). */
  negative: NegativeWords;
  /** The packs' `stemming: search` rules (src/locale/stemmer.ts), the default language first. */
  stem: Stemmer;
  /** The packs' `stemming: plurals`: a short plural the stemmer leaves alone ("tvs") meets its singular. */
  singulars: SingularForms;
  /**
   * The packs' Snowball stemmers by language (`stemming: snowball`): a query in one of these
   * languages reaches a synonym key through the key's and the word's stems in it ("colchones",
   * "colchón" -> "colchon"), where the profiles above, English's first, cannot.
   */
  languageStems: LanguageStemmers;
  /** The languages there are locale packs for (store.yaml `language` must name one); empty when not known. */
  packLanguages: ReadonlySet<string>;
}

const phraseOf = (text: string): Phrase => words(text);

function phrasesOf(lists: ReadonlyArray<readonly string[]>): Phrase[] {
  const seen = new Set<string>();
  const out: Phrase[] = [];
  for (const list of lists) {
    for (const p of list) {
      const ph = phraseOf(p);
      const key = ph.join(' ');
      if (ph.length === 0 || seen.has(key)) continue;
      seen.add(key);
      out.push(ph);
    }
  }
  // Longest first, so "no more than" wins over "more than".
  return out.sort((a, b) => b.length - a.length);
}

function wordSet(lists: ReadonlyArray<readonly string[]>): Set<string> {
  const out = new Set<string>();
  for (const list of lists) for (const p of list) for (const w of phraseOf(p)) out.add(w);
  return out;
}

/**
 * Merges the locale packs' `search:` sections and the vocabulary's synonyms into one SearchLanguage.
 * `stem`: the same packs' `stemming: search` rules (the repository's packs when not given: tests, tools).
 */
export function searchLanguageFrom(
  sections: ReadonlyArray<SearchSection | undefined>,
  synonyms: ReadonlyMap<string, readonly string[]> = new Map(),
  stem: Stemmer = repositoryStem,
  // Read on first use: EMPTY_SEARCH_LANGUAGE is built when this module loads.
  singulars: SingularForms = (w) => repositorySingularForms()(w),
  languageStems: LanguageStemmers = NO_LANGUAGE_STEMMERS,
  packLanguages: ReadonlySet<string> = new Set(),
): SearchLanguage {
  const s = sections.filter((x): x is SearchSection => x !== undefined);
  const currencyWords = new Map<string, string[]>();
  for (const section of s) {
    for (const [code, list] of Object.entries(section.currencies)) {
      for (const w of list) {
        const key = phraseOf(w).join(' ');
        if (!key) continue;
        const codes = currencyWords.get(key) ?? [];
        if (!codes.includes(code)) codes.push(code);
        currencyWords.set(key, codes);
      }
    }
  }
  const folded = new Map<string, string[]>();
  for (const [k, targets] of synonyms) {
    const key = phraseOf(k).join(' ');
    if (!key) continue;
    const list = folded.get(key) ?? [];
    for (const t of targets) {
      const ft = fold(t).trim();
      if (ft && !list.includes(ft)) list.push(ft);
    }
    folded.set(key, list);
  }
  return {
    filler: wordSet(s.map((x) => x.filler)),
    grammar: grammarWordsOf(s.map((x) => x.grammar)),
    synonyms: folded,
    money: {
      max: phrasesOf(s.map((x) => x.budget_max)),
      min: phrasesOf(s.map((x) => x.budget_min)),
      range: phrasesOf(s.map((x) => x.budget_range)),
      joiners: wordSet(s.map((x) => x.range_joiners)),
      maxAfter: phrasesOf(s.map((x) => x.budget_max_after)),
      notMoney: wordSet(s.map((x) => x.not_money_after)),
      thousands: wordSet(s.map((x) => x.thousands)),
      currencyWords,
    },
    compare: { cues: phrasesOf(s.map((x) => x.compare)), joiners: wordSet(s.map((x) => x.compare_joiners)) },
    negative: { before: wordSet(s.map((x) => x.negative_before)), after: phrasesOf(s.map((x) => x.negative_after)) },
    stem,
    singulars,
    languageStems,
    packLanguages,
  };
}

/** No language resources: catalog words only, every number without a currency is the store's. */
export const EMPTY_SEARCH_LANGUAGE: SearchLanguage = searchLanguageFrom([]);
