import type { IdentifierShape, Product, ProductHit, ProductQuery, ProductSearchResult } from '../core/commerce.js';
import { TEXT_BUDGET, wordWindow } from '../core/text-budget.js';
import type { CategoryInfo } from './store-types.js';
import { withoutIdentifiers } from './order-ids.js';
import { readMoney } from './price-phrases.js';
import { EMPTY_SEARCH_LANGUAGE, type Phrase, type SearchLanguage } from './search-language.js';
import { catalogTermsBuilder, type CatalogTerms } from './catalog-terms.js';
import { buildTermPostings } from './term-postings.js';
import { createTermScorer, type StemExpansion, type TermScores } from './term-scorer.js';
import { categoriesCut, isMiss, nextPlan, PRUNING, pruningPlan, type PruningMiss, type PruningPlan, type PruningTuning } from './search-pruning.js';
import { fold, letterCompounds, signedWords, words } from './text-terms.js';
import type { Stemmer } from '../locale/stemmer.js';
import { isLoneIdeograph, joinedPairs, withoutGrammarRuns } from '../locale/script-words.js';
import { keysByLanguageStem, phrasesByLanguageStem, stemmedOnce, stemPhrasesIn } from '../locale/language-stemmers.js';
import { createVocabularyIndex, MATCH } from './vocabulary-index.js';

/** A letter of any script: an order number with one is no product word. */
const HAS_LETTER = /\p{L}/u;

// Where a word appears says how much it tells about the product: the name most, the blurb least.
const WEIGHT = { name: 3, tag: 2.5, trueAttribute: 2, category: 1.5, attributeValue: 1.2, description: 0.8, attributeKey: 0.4 } as const;
const SYNONYM_WEIGHT = 0.85;
const OUT_OF_STOCK_FACTOR = 0.8;
const DEFAULT_LIMIT = 5;
const MAX_LIMIT = 20;
/** Best matches outside the price filter that are offered instead. */
const OUTSIDE_BUDGET = 2;
const NEAREST_CATEGORIES = 3;


interface Alternative {
  /** All must match for full credit ("air fryer" must not be satisfied by "air" alone). */
  stems: string[];
  /** The word reported in `matched`. */
  word: string;
  weight: number;
}

interface Slot {
  word: string;
  alternatives: Alternative[];
}

/**
 * The catalog terms one query stem matches, with how well, in the order they were found: a
 * product's best term is the first of its highest values in this order (`rank` breaks ties when
 * a product's own terms are walked instead).
 */
interface Expansion extends StemExpansion {
  terms: string[];
  quality: number[];
  idf: number[];
  strongIn: number[];
  typed: boolean[];
  rank: ReadonlyMap<string, number>;
}

export interface ProductSearch {
  search(query: ProductQuery): ProductSearchResult;
  /** The category id a free-text category ("Audio", "kitchen", "computers_tablets") refers to. */
  resolveCategory(text: string): string | null;
  /** Unit words of the catalog ("inch", "gb"): a number before one is a size, not a price. */
  readonly terms: CatalogTerms;
}

export interface ProductSearchOptions {
  /** The store's currency (ISO 4217). */
  currency: string;
  /** How the store's SKUs look (store.yaml): a SKU in the text is an exact hit. */
  sku?: IdentifierShape;
  /**
   * How the store's order numbers look: one in the text is no product word (a follow-up search
   * read "SB-10001" from an earlier message and answered "we don't carry 'sb'").
   */
  order?: IdentifierShape;
  /** Filler words, money words and synonyms (locale packs + skills/vocabulary.yaml). */
  language?: SearchLanguage;
  /**
   * The language the catalog is written in (store.yaml `language`): when its pack names a
   * Snowball stemmer, catalog and query words are read through it too ("Zelte" and "Zelt" meet).
   */
  catalogLanguage?: string;
  /** Safe pruning of common words' postings (search-pruning.ts; the same results either way): false only to compare with it. */
  prune?: boolean | Partial<PruningTuning>;
  /** Called after each scoring that tried a pruning plan: whether the plan's pool was enough (tests count it). */
  onPruning?: (kept: boolean) => void;
}

const SKU_SCORE = 1000;
const EMPTY: ReadonlyMap<string, number> = new Map();

/** Stems of a text, the short repeated texts (attribute names and values, tags, category words) read once per catalog. */
type StemsOf = (text: string) => readonly string[];

function stemsCache(words: (text: string) => string[], stem: Stemmer): StemsOf {
  const cache = new Map<string, string[]>();
  // A catalog's words repeat far more than its texts: each is stemmed once.
  const stems = new Map<string, string>();
  const stemOnce = (w: string): string => {
    let s = stems.get(w);
    if (s === undefined) {
      if (stems.size >= 200_000) stems.clear();
      stems.set(w, (s = stem(w)));
    }
    return s;
  };
  return (text) => {
    if (text.length > 60) return words(text).map(stemOnce);
    let found = cache.get(text);
    if (!found) {
      if (cache.size >= 100_000) cache.clear();
      found = words(text).map(stemOnce);
      cache.set(text, found);
    }
    return found;
  };
}

/** Products whose term maps a search keeps between queries (about a kilobyte each). */
const PRODUCT_TERMS_KEPT = 4096;

function addTerms(into: Map<string, number>, stems: readonly string[], weight: number): void {
  for (const s of stems) {
    if ((into.get(s) ?? 0) < weight) into.set(s, weight);
  }
}

/** The stems of a product's name and description words, when the caller has them already (the index build). */
interface OwnStems {
  name: readonly string[];
  description: readonly string[];
}

/** A product's terms: stem -> the weight of the best field it appears in (into `terms`, emptied first). */
function productTerms(p: Product, categoryStems: readonly string[], stemsOf: StemsOf, keyStemsOf: StemsOf, terms = new Map<string, number>(), own?: OwnStems): Map<string, number> {
  terms.clear();
  let negated: Set<string> | undefined;
  addTerms(terms, own ? own.description : stemsOf(p.description), WEIGHT.description);
  // The category's id, label and shopper words, stemmed once per category.
  addTerms(terms, categoryStems, WEIGHT.category);
  for (const [key, value] of Object.entries(p.attributes)) {
    const keyStems = keyStemsOf(key);
    if (value === true) addTerms(terms, keyStems, WEIGHT.trueAttribute);
    else if (value === false) for (const s of keyStems) (negated ??= new Set()).add(s);
    else {
      addTerms(terms, keyStems, WEIGHT.attributeKey);
      addTerms(terms, stemsOf(String(value)), WEIGHT.attributeValue);
    }
  }
  for (const tag of p.tags) addTerms(terms, stemsOf(tag), WEIGHT.tag);
  addTerms(terms, own ? own.name : stemsOf(p.name), WEIGHT.name);
  // "noise_cancelling: false" never matches "noise cancelling".
  if (negated) for (const s of negated) terms.delete(s);
  return terms;
}

/** The catalog language's Snowball stemmer over the profile stem, memoised; null when its pack names none (or none is set). */
function catalogStem(language: SearchLanguage, catalogLanguage: string | undefined): Stemmer | null {
  const snowball = catalogLanguage === undefined ? undefined : language.languageStems.get(catalogLanguage);
  if (!snowball) return null;
  const profile = language.stem;
  // One stemmer per index and its words memoised: a query's words are stemmed on every turn.
  return stemmedOnce((w) => snowball(profile(w)));
}

function alternative(text: string, weight: number, stem: Stemmer): Alternative {
  return { stems: words(text).map(stem), word: text, weight };
}

/** Phrases of the synonym table (several words), longest first: read before single words. */
function phraseKeys(language: SearchLanguage): string[] {
  return [...language.synonyms.keys()].filter((k) => k.includes(' ')).sort((a, b) => b.length - a.length);
}

/** Keeps `top` the `max` best of what it is offered, in order (`order` < 0: the first is better). */
function keepBest(top: number[], x: number, max: number, order: (a: number, b: number) => number): void {
  if (top.length >= max && order(x, top[top.length - 1]!) >= 0) return;
  let at = top.length;
  while (at > 0 && order(x, top[at - 1]!) < 0) at--;
  top.splice(at, 0, x);
  if (top.length > max) top.pop();
}

/**
 * Local product ranking over the store's own catalog. Every query word (after filler words
 * from the locale packs are dropped and the deployment's synonyms added) is matched exactly,
 * by prefix or with one typo against the words of each product, weighted by where it appears
 * and how rare it is in the catalog; products matching more of the query rank first. Money in
 * the text ("under 80", "unter 200 Euro") is read as data: a filter in the store's currency, or
 * a currency mismatch. The result says how well it matched (exact / related / none), the
 * nearest categories, and the best matches outside the budget when the budget leaves none.
 * A unit or attribute word alone ("inch", "GB", "screen") never makes a match.
 */
export function createProductSearch(products: readonly Product[], categories: readonly CategoryInfo[], opts: ProductSearchOptions): ProductSearch {
  const language = opts.language ?? EMPTY_SEARCH_LANGUAGE;
  // The packs' `stemming: search` rules: catalog texts and queries meet on the same stems. A
  // catalog in a language with a Snowball stemmer gets it over them, for its texts and the
  // queries in that language or in none detected (the customer writes to a German shop in
  // German): the profiles, English's first, leave "Zelte" and "Zelt" apart. A query detected in
  // another language reads the catalog as a store without a language does, through an index of
  // its own: German stems would join or part English words a store without the field reads
  // otherwise ("stronger" and "strong"), so an English query loses nothing by the field. Both
  // are built with the store (load and reload; built on a customer's first English query instead,
  // a 100,000-product catalog kept that turn waiting seconds). A store without a language reads
  // exactly as before, with one index.
  const own = catalogStem(language, opts.catalogLanguage);
  if (!own) return createIndex(products, categories, opts, language.stem);
  const inCatalogLanguage = createIndex(products, categories, opts, own, true);
  const otherLanguages = createIndex(products, categories, opts, language.stem);
  return {
    search: (query) => (query.language && query.language !== opts.catalogLanguage ? otherLanguages : inCatalogLanguage).search(query),
    resolveCategory: inCatalogLanguage.resolveCategory,
    terms: inCatalogLanguage.terms,
  };
}

/**
 * `surfaces`: the index reads its catalog through a Snowball stemmer, which may cut one form of a
 * word further than another (Greek "σακίδιο" -> "σακ", "σακιδίου" -> "σακιδ": its diminutive rule
 * knows the nominative only); the catalog's words as written are kept beside their stems, so a
 * query stem that starts a catalog word reaches that word's stem (src/commerce/vocabulary-index.ts).
 */
function createIndex(products: readonly Product[], categories: readonly CategoryInfo[], opts: ProductSearchOptions, stem: Stemmer, surfaces = false): ProductSearch {
  const language = opts.language ?? EMPTY_SEARCH_LANGUAGE;
  // The synonym table's alternatives, built once per index (a query reads them; it built them
  // again for every word before, the words of a long message each costing a few regex passes).
  const phrases = phraseKeys(language).map((phrase) => ({ phrase, padded: ` ${phrase} `, words: phrase.split(' '), alternatives: (language.synonyms.get(phrase) ?? []).map((r) => alternative(r, 1, stem)) }));
  /** Every word of some phrase: a phrase is looked for only when all its words are words of the text. */
  const phraseWords = new Set(phrases.flatMap((p) => p.words));
  const wordSynonyms = new Map<string, Alternative[]>();
  for (const [key, targets] of language.synonyms) if (!key.includes(' ')) wordSynonyms.set(key, targets.map((syn) => alternative(syn, SYNONYM_WEIGHT, stem)));
  // The same single-word keys under each pack's Snowball stem, for a query in that language
  // (src/locale/language-stemmers.ts): the key's stem and the word's meet ("colchones" and
  // "colchon" are both "colchon" in Spanish). Only a word no key reached as before looks here,
  // and only in a message of that language, so a default-language query reads as it did.
  const inLanguage = keysByLanguageStem(language.languageStems, [...wordSynonyms]);
  // The phrases likewise, word by word ("tiendas de campaña" is "tienda de campana" in Spanish):
  // read after the phrases as written, in a message of that language only.
  const phrasesInLanguage = phrasesByLanguageStem(language.languageStems, phrases.map((p) => [p.words, p] as const));
  const NO_ALTERNATIVES: Alternative[] = [];
  const byCategory = new Map(categories.map((c) => [c.id, c]));
  const bySku = new Map(products.map((p) => [p.sku, p]));
  // Product texts and queries are read with numbers' signs ("-10", "minus 10": text-terms.ts signedWords).
  // A letter compound also counts joined ("e-bike" is "ebike" too: text-terms.ts letterCompounds).
  const wordsOf = (text: string): string[] => {
    const ws = signedWords(text, language.negative);
    const joined = letterCompounds(text);
    return joined.length > 0 ? [...ws, ...joined] : ws;
  };
  const stemsOf = stemsCache(wordsOf, stem);
  /** A product's terms, derived again when asked (the few products a query shows): no per-product map is kept. */
  const categoryStems = new Map<string, string[]>();
  const categoryStemsOf = (id: string): readonly string[] => {
    let found = categoryStems.get(id);
    if (!found) {
      const c = byCategory.get(id);
      found = [...stemsOf(id.replace(/_/g, ' ')), ...(c ? [...stemsOf(c.label), ...c.words.flatMap((w) => stemsOf(w))] : [])];
      categoryStems.set(id, found);
    }
    return found;
  };
  const attributeKeys = new Map<string, readonly string[]>();
  const keyStemsOf = (key: string): readonly string[] => {
    let found = attributeKeys.get(key);
    if (!found) {
      if (attributeKeys.size >= 100_000) attributeKeys.clear();
      attributeKeys.set(key, (found = stemsOf(key.replace(/_/g, ' '))));
    }
    return found;
  };
  // A query scores every product sharing a term with it, and the same products come up turn
  // after turn: their term maps are kept, up to PRODUCT_TERMS_KEPT products (cleared when full,
  // so a 100,000-product catalog never keeps a map per product). Read-only for callers.
  const keptTerms = new Map<number, ReadonlyMap<string, number>>();
  const termsOf = (i: number): ReadonlyMap<string, number> => {
    let found = keptTerms.get(i);
    if (!found) {
      found = productTerms(products[i]!, categoryStemsOf(products[i]!.category), stemsOf, keyStemsOf);
      if (keptTerms.size >= PRODUCT_TERMS_KEPT) keptTerms.clear();
      keptTerms.set(i, found);
    }
    return found;
  };
  // One pass over the catalog: each product's name and description are split into words once,
  // for the catalog's terms (units, type words) and for the product's own index terms.
  const termsBuilder = catalogTermsBuilder(categories, stem);
  // Term -> the products that have it: a query scores only the products sharing a term with it.
  const surfaceOf = surfaces ? new Map<string, string>() : undefined;
  const postings = buildTermPostings((function* () {
    const reused = new Map<string, number>();
    // The builder writes the stems of the words it reads: one lookup per word serves both.
    const own = { name: [] as string[], description: [] as string[] };
    for (let i = 0; i < products.length; i++) {
      const p = products[i]!;
      const nameWords = wordsOf(p.name);
      const descriptionWords = wordsOf(p.description);
      termsBuilder.add(p, nameWords, descriptionWords, own.name, own.description);
      if (surfaceOf) {
        nameWords.forEach((w, k) => surfaceOf.set(w, own.name[k]!));
        descriptionWords.forEach((w, k) => surfaceOf.set(w, own.description[k]!));
      }
      yield productTerms(p, categoryStemsOf(p.category), stemsOf, keyStemsOf, reused, own);
    }
  })());
  const terms = termsBuilder.finish();
  const scorer = createTermScorer(postings);
  // Per product, what the ranking reads for every candidate, as flat arrays.
  const categoryIds = [...new Set([...categories.map((c) => c.id), ...products.map((p) => p.category)])];
  const categoryCode = new Map(categoryIds.map((c, i) => [c, i]));
  const priceOf = Float64Array.from(products, (p) => p.price);
  const ratingFactor = Float64Array.from(products, (p) => 1 + ((p.rating ?? 3) - 3) * 0.05);
  const stockFactor = Float64Array.from(products, (p) => (p.inStock ? 1 : OUT_OF_STOCK_FACTOR));
  /** The most rating and stock can multiply a score by: what pruning's bounds assume. */
  const maxFactor = ratingFactor.reduce((a, b) => Math.max(a, b), 0) * stockFactor.reduce((a, b) => Math.max(a, b), 0);
  const tuning = opts.prune === false ? null : { ...PRUNING, ...(opts.prune === true ? {} : opts.prune) };
  const categoryOf = Int32Array.from(products, (p) => categoryCode.get(p.category)!);
  const bestOfCategory = new Int32Array(categoryIds.length);
  // ranked()'s figures per pooled product, reused by every query (one at a time; a pool is at
  // most the catalog): fresh arrays of the pool's size were garbage of tens of kilobytes a query.
  const rankedRounded = new Float64Array(products.length);
  const rankedPrice = new Float64Array(products.length);
  const rankedPasses = new Uint8Array(products.length);
  /** Positions of each category's products, for a category filter without words. */
  const inCategory = categoryIds.map(() => [] as number[]);
  categoryOf.forEach((c, i) => inCategory[c]!.push(i));
  const vocabulary = postings.terms();
  // Only the words the stemmer changed, and only names and descriptions: a word kept whole is its own term.
  if (surfaceOf) for (const [w, s] of surfaceOf) if (w === s || w.length > TEXT_BUDGET.tokenChars) surfaceOf.delete(w);
  const vocabularyIndex = createVocabularyIndex(vocabulary, language.singulars, surfaceOf);
  const n = Math.max(1, products.length);
  const idf = (t: string): number => Math.log(1 + n / (postings.count(t) || n));
  const known = (t: string): boolean => postings.count(t) > 0;
  const isFiller = (w: string): boolean => language.filler.has(w);

  /** A match that says something about the product: not a unit ("inch"), a bare number ("128") nor an attribute name ("screen") alone. */
  const weakTerms = new Set([...terms.units, ...vocabulary.filter((v) => /^[\d.]+$/.test(v))]);
  const strong = (term: string, field: number): boolean =>
    field !== WEIGHT.attributeKey &&
    !weakTerms.has(term) &&
    // "a 6.5-inch screen" in a blurb, or "power" in one "Power Bank" of a shop where a dozen
    // appliances list their power, does not make the word a product.
    !terms.attributeNames.has(term);

  // One bit per field weight (the postings code a handful of distinct weights, WEIGHT's seven):
  // the fields where a term that is not weak says something (strong() of a term in each field).
  let strongFields = 0;
  postings.values.forEach((field, code) => {
    if (field !== WEIGHT.attributeKey) strongFields |= 1 << code;
  });
  const expansionOf = (found: ReadonlyMap<string, number>): Expansion => {
    const e: Expansion = { size: found.size, terms: [], quality: [], idf: [], strongIn: [], typed: [], rank: new Map() };
    for (const [t, q] of found) {
      (e.rank as Map<string, number>).set(t, e.terms.length);
      e.terms.push(t);
      e.quality.push(q);
      e.idf.push(idf(t));
      e.strongIn.push(weakTerms.has(t) || terms.attributeNames.has(t) ? 0 : strongFields);
      e.typed.push(terms.typeWords.has(t));
    }
    return e;
  };
  const NO_MATCH = expansionOf(EMPTY);

  // expand() matches a stem against the vocabulary (prefixes, edit distance) and builds its
  // expansion; the catalog is fixed for this index, so a stem's matches are computed once.
  // Callers never mutate the returned value.
  const expanded = new Map<string, Expansion>();
  function expand(q: string): Expansion {
    let found = expanded.get(q);
    if (!found) {
      if (expanded.size >= 5000) expanded.clear();
      found = expansionOf(vocabularyIndex.matches(q));
      expanded.set(q, found);
    }
    return found;
  }

  function slotsOf(text: string, lang: string | null | undefined): Slot[] {
    const ownLanguage = lang ? inLanguage.get(lang) : undefined;
    // A run of a spaceless script that is grammar only ("はありますか") is no product word.
    let folded = ` ${withoutGrammarRuns(fold(text).replace(/['’]/g, ''), language.grammar)} `;
    const slots: Slot[] = [];
    let textWords = wordsOf(folded);
    // A phrase between spaces is words of the text (removing one never makes new words): the
    // phrases whose words are all there are looked for, not every phrase in every message.
    let present: Set<string> | undefined;
    for (const w of textWords) if (phraseWords.has(w)) (present ??= new Set()).add(w);
    // Multi-word synonyms first ("high end", "pas cher"), so their words are not read one by one.
    for (const { phrase, padded, words: inPhrase, alternatives } of present ? phrases : []) {
      if (!inPhrase.every((w) => present!.has(w))) continue;
      const at = folded.indexOf(padded);
      if (at < 0) continue;
      slots.push({ word: phrase, alternatives });
      folded = `${folded.slice(0, at)} ${folded.slice(at + phrase.length + 1)}`;
      textWords = wordsOf(folded);
      if (slots.length >= TEXT_BUDGET.queryWords) return slots;
    }
    const ownPhrases = lang ? phrasesInLanguage.get(lang) : undefined;
    if (ownPhrases) {
      // No key word is longer than a token: a longer word is not stemmed.
      const found = stemPhrasesIn(textWords.map((w) => (w.length > TEXT_BUDGET.tokenChars ? '' : ownPhrases.stem(w))), ownPhrases.byFirst);
      if (found.length > 0) {
        const taken = new Uint8Array(textWords.length);
        for (const { at, length, value } of found) {
          slots.push({ word: value.phrase, alternatives: value.alternatives });
          taken.fill(1, at, at + length);
          if (slots.length >= TEXT_BUDGET.queryWords) return slots;
        }
        textWords = textWords.filter((_, i) => taken[i] === 0);
      }
    }
    const seen = new Set<string>();
    for (let w of textWords) {
      // Short bare numbers ("a 10 year old", "2 of them") say little about which product it is.
      // A single letter says nothing, but a lone Han character is a word ("靴": shoes).
      if (language.filler.has(w) || (w.length < 2 && !isLoneIdeograph(w)) || /^\d{1,2}$/.test(w) || seen.has(w)) continue;
      // The work budget: a query has at most TEXT_BUDGET.queryWords words (slots).
      if (slots.length >= TEXT_BUDGET.queryWords) break;
      // A "word" longer than any real one is a name, a code or noise: its start is enough.
      const cut = w.length > TEXT_BUDGET.tokenChars;
      if (cut) w = w.slice(0, TEXT_BUDGET.tokenChars);
      seen.add(w);
      const s = stem(w);
      const synonyms = wordSynonyms.get(w) ?? wordSynonyms.get(s) ?? ownLanguage?.keys.get(ownLanguage.stem(w)) ?? NO_ALTERNATIVES;
      // A word of the text is its own single stem (a cut one is read again: "12.5" cut to "12." is "12").
      const own: Alternative = cut ? alternative(w, 1, stem) : { stems: [s], word: w, weight: 1 };
      slots.push({ word: w, alternatives: synonyms.length > 0 ? [own, ...synonyms] : [own] });
    }
    return slots;
  }

  function resolveCategory(text: string): string | null {
    const f = fold(text).trim();
    if (!f) return null;
    const key = f.replace(/[^a-z0-9]+/g, '_').replace(/^_+|(?<!_)_+$/g, '');
    for (const c of categories) if (c.id === key || fold(c.label) === f) return c.id;
    const stems = words(f).map(stem);
    for (const c of categories) {
      const own = new Set([...words(c.id.replace(/_/g, ' ')), ...words(c.label), ...c.words.flatMap(words)].map(stem));
      if (stems.length > 0 && stems.every((s) => own.has(s) || isFiller(s))) return c.id;
    }
    return null;
  }

  /** A unit or an attribute name typed alone stays one even where it starts another word ("bar" in "barista", "power" in "powerful"). */
  const weakAsked = (stemAsked: string): boolean => terms.units.has(stemAsked) || terms.attributeNames.has(stemAsked);

  interface Scored {
    hit: ProductHit;
    covered: number;
    /** Coverage weighted by how well each word matched (a typo or a synonym counts less than the word itself). */
    fit: number;
    /** Matched a product-type word (a word of some product name or category) in a strong field. */
    typed: boolean;
    strong: boolean;
  }

  type QuerySlots = ReadonlyArray<{ slot: Slot; expansions: Array<{ alt: Alternative; matches: readonly Expansion[] }> }>;

  /**
   * Scores the products at `pool` (ascending positions in the index; every product sharing a
   * term with the query, as a product sharing none is skipped anyway), best first.
   */
  function scoreAll(slots: QuerySlots, pool: readonly number[]): Scored[] {
    const out: Scored[] = [];
    for (const at of pool) {
      const product = products[at]!;
      const own = termsOf(at);
      let sum = 0;
      let covered = 0;
      let fit = 0;
      let typed = false;
      let anyStrong = false;
      const matched: string[] = [];
      for (const { expansions } of slots) {
        let best = 0;
        let bestWord = '';
        let bestStrong = false;
        let bestTyped = false;
        let bestFit = 0;
        for (const { alt, matches } of expansions) {
          // A phrase scores the mean of its words' best matches, so a half match counts half.
          let phrase = 0;
          let phraseStrong = false;
          let phraseTyped = false;
          let phraseFit = 0;
          for (let k = 0; k < matches.length; k++) {
            const e = matches[k]!;
            // A unit or attribute name typed alone ("bar", "mm", "power") stays one even where it starts another word ("barista", "powerful").
            const asked = alt.stems[k] ?? '';
            // The product's best term for this stem: the highest value, the first in the
            // expansion's order among equals. Whichever side is smaller is walked (a prefix like
            // "10" expands to thousands of terms; a product has tens).
            let bestStem = 0;
            let bestRank = -1;
            let stemField = 0;
            if (e.size <= own.size) {
              for (let j = 0; j < e.size; j++) {
                const field = own.get(e.terms[j]!);
                if (field === undefined) continue;
                const v = field * e.quality[j]! * e.idf[j]!;
                if (v > bestStem) {
                  bestStem = v;
                  bestRank = j;
                  stemField = field;
                }
              }
            } else {
              for (const [term, field] of own) {
                const j = e.rank.get(term);
                if (j === undefined) continue;
                const v = field * e.quality[j]! * e.idf[j]!;
                if (v > bestStem || (v === bestStem && v > 0 && j < bestRank)) {
                  bestStem = v;
                  bestRank = j;
                  stemField = field;
                }
              }
            }
            const stemTerm = bestRank >= 0 ? e.terms[bestRank]! : '';
            const stemQuality = bestRank >= 0 ? e.quality[bestRank]! : 0;
            phrase += bestStem;
            phraseFit += stemQuality;
            if (bestStem > 0 && strong(stemTerm, stemField) && !weakAsked(asked)) {
              phraseStrong = true;
              if (terms.typeWords.has(stemTerm)) phraseTyped = true;
            }
          }
          const v = (phrase / Math.max(1, matches.length)) * alt.weight;
          if (v > best) {
            best = v;
            bestWord = alt.word;
            bestStrong = phraseStrong;
            bestTyped = phraseTyped;
            bestFit = (phraseFit / Math.max(1, matches.length)) * alt.weight;
          }
        }
        if (best > 0) {
          sum += best;
          covered++;
          fit += bestFit;
          anyStrong ||= bestStrong;
          typed ||= bestTyped;
          if (!matched.includes(bestWord)) matched.push(bestWord);
        }
      }
      if (covered === 0) continue;
      const coverage = covered / slots.length;
      const quality = 1 + ((product.rating ?? 3) - 3) * 0.05;
      const score = sum * coverage * coverage * quality * (product.inStock ? 1 : OUT_OF_STOCK_FACTOR);
      out.push({ hit: { product, score: Math.round(score * 1000) / 1000, matched }, covered, fit, typed, strong: anyStrong });
    }
    return out.sort((a, b) => b.hit.score - a.hit.score || a.hit.product.price - b.hit.product.price);
  }

  function nearest(...lists: ReadonlyArray<readonly string[]>): string[] {
    const out: string[] = [];
    for (const list of lists) for (const c of list) if (!out.includes(c) && out.length < NEAREST_CATEGORIES) out.push(c);
    return out;
  }

  /** Every category, the largest first: what to offer when nothing points anywhere. */
  const allCategories = (() => {
    const count = new Map<string, number>();
    for (const p of products) count.set(p.category, (count.get(p.category) ?? 0) + 1);
    return categories.map((c) => c.id).sort((a, b) => (count.get(b) ?? 0) - (count.get(a) ?? 0));
  })();

  const MAX_COMPARED = 4;
  /** Words of one compared part that are searched: a product is named in a few words, the rest of a long part is prose. */
  const COMPARED_WORDS = 8;
  /** The comparison cues by their first word, longest first (as the locale packs' list is): one lookup per word of the message. */
  const cuesByFirst = new Map<string, Phrase[]>();
  for (const cue of language.compare.cues) {
    const list = cuesByFirst.get(cue[0]!);
    if (list) list.push(cue);
    else cuesByFirst.set(cue[0]!, [cue]);
  }

  /**
   * "What's the difference between the QuietBlend and the ProBlend?": the products named around
   * the joiners after a comparison cue (locale packs), each the exact top hit of its own words
   * (the first COMPARED_WORDS of each part: each part is a search of its own).
   */
  function comparedIn(text: string): Product[] {
    const ws = words(text).slice(0, TEXT_BUDGET.tokens);
    let cueEnd = -1;
    for (let i = 0; i < ws.length && cueEnd < 0; i++) {
      const cue = cuesByFirst.get(ws[i]!)?.find((c) => c.every((w, k) => ws[i + k] === w));
      if (cue) cueEnd = i + cue.length;
    }
    if (cueEnd < 0) return [];
    const after = ws.slice(cueEnd);
    const scope = after.some((w) => language.compare.joiners.has(w)) ? after : ws.filter((_, i) => i < cueEnd - 1 || i >= cueEnd);
    const parts: string[][] = [[]];
    for (const w of scope) {
      if (language.compare.joiners.has(w)) {
        if (parts[parts.length - 1]!.length > 0) parts.push([]);
      } else parts[parts.length - 1]!.push(w);
    }
    const found: Product[] = [];
    const named = parts.filter((p) => p.some((w) => !isFiller(w))).slice(0, MAX_COMPARED);
    for (let k = 0; k < named.length; k++) {
      // Two products or none: once the parts left cannot make two, the rest are not searched
      // (each is a search of its own; a long message's prose after a cue made up to four).
      if (found.length + (named.length - k) < 2) break;
      const top = core({ text: named[k]!.slice(0, COMPARED_WORDS).join(' '), limit: 1 }, false).hits[0];
      if (top && top.match === 'exact' && !found.includes(top.product)) found.push(top.product);
    }
    return found.length >= 2 ? found : [];
  }

  function search(query: ProductQuery): ProductSearchResult {
    return core(query, true);
  }

  function core(query: ProductQuery, withComparison: boolean): ProductSearchResult {
    // The work budget (src/core/text-budget.ts): money, SKUs, the comparison and the query's
    // words (at most TEXT_BUDGET.queryWords) are read from the first 48 words of the text
    // (TEXT_BUDGET.tokens, as the offline responder's cues read them): wordWindow keeps 1.5x the
    // words asked for, room for the filler between twice the query's words. It read the first
    // 600 characters before, about 110 words of which 16 at most were used.
    const rawText = wordWindow(query.text ?? '', TEXT_BUDGET.queryWords * 2);
    const comparison = withComparison && rawText ? comparedIn(rawText) : [];
    const limit = Math.min(MAX_LIMIT, Math.max(1, Math.floor(query.limit ?? DEFAULT_LIMIT)));
    const money = readMoney(rawText, language.money, opts.currency, terms.unitWords);
    const fromFields = query.maxPrice !== undefined || query.minPrice !== undefined;
    const priceFilter = fromFields
      ? { ...(query.minPrice !== undefined ? { min: query.minPrice } : {}), ...(query.maxPrice !== undefined ? { max: query.maxPrice } : {}) }
      : money.budget;
    const maxPrice = priceFilter?.max;
    const minPrice = priceFilter?.min;
    // The amounts of a budget stated in another currency go with the mismatch, as the customer stated them.
    const foreign = money.stated && money.stated.currency !== opts.currency ? money.stated : null;
    const currencyMismatch = money.mismatch
      ? { ...money.mismatch, ...(foreign?.min !== undefined ? { min: foreign.min } : {}), ...(foreign?.max !== undefined ? { max: foreign.max } : {}) }
      : null;
    const base = { currency: opts.currency, priceFilter: priceFilter ?? null, currencyMismatch, comparison };
    let category: string | null = null;
    if (query.category !== undefined && query.category.trim() !== '') {
      category = resolveCategory(query.category);
      // An unknown category matches nothing rather than silently searching everything.
      if (!category) return { ...base, match: 'none', hits: [], nearestCategories: allCategories.slice(0, NEAREST_CATEGORIES), unmatched: [query.category.trim().slice(0, TEXT_BUDGET.tokenChars)], outsideBudget: [] };
    }

    // SKUs named in the text are exact hits, ahead of any word match.
    const skuHits: ProductHit[] = [];
    let text = money.rest;
    if (opts.sku) {
      text = withoutIdentifiers(text, opts.sku, (id) => {
        const p = bySku.get(id);
        if (p && !skuHits.some((h) => h.product.sku === p.sku)) skuHits.push({ product: p, score: SKU_SCORE, matched: [p.sku], match: 'exact' });
        return p !== undefined;
      });
    }
    // Only an order number with letters: a bare number is never an unmatched word anyway, and it
    // may be part of a product's name ("5000") where a store's order numbers are digits alone.
    if (opts.order) text = withoutIdentifiers(text, opts.order, (id) => HAS_LETTER.test(id));

    // Matching a stem by prefix and typos (the vocabulary index, and an expansion of every term
    // it finds): the first TEXT_BUDGET.vocabularyScans stems of a query get it, the rest match
    // exactly, so a query of hundreds of unknown words costs a bounded number of them (issue 14).
    let scans = 0;
    const match = (s: string): Expansion => {
      if (scans >= TEXT_BUDGET.vocabularyScans) return known(s) ? expansionOf(new Map([[s, MATCH.exact]])) : NO_MATCH;
      scans++;
      return expand(s);
    };
    const all = slotsOf(text, query.language).map((s) => ({ slot: s, expansions: s.alternatives.map((a) => ({ alt: a, matches: a.stems.map(match) })) }));
    const slots = all.filter((s) => s.expansions.some((e) => e.matches.some((m) => m.size > 0)));
    const unmatched = joinedPairs(all.filter((s) => !slots.includes(s) && !/^-?\d+$/.test(s.slot.word)).map((s) => s.slot.word));

    const inFilters = (p: Product): boolean =>
      (category === null || p.category === category) && (maxPrice === undefined || p.price <= maxPrice) && (minPrice === undefined || p.price >= minPrice);

    if (skuHits.length > 0 && slots.length === 0) return { ...base, match: 'exact', hits: skuHits.slice(0, limit), nearestCategories: [], unmatched: [], outsideBudget: [] };
    if (slots.length === 0) {
      // Words that match nothing in the catalog ("a gift for a unicorn"): nothing, and the store's
      // range to choose from; a filter alone ("something under 30") lists the best rated within it.
      if (unmatched.length > 0 || (!priceFilter && category === null)) {
        return { ...base, match: 'none', hits: [], nearestCategories: allCategories.slice(0, NEAREST_CATEGORIES), unmatched, outsideBudget: [] };
      }
      const rated = (i: number): number => ((products[i]!.rating ?? 3) / 5) * (products[i]!.inStock ? 1 : OUT_OF_STOCK_FACTOR);
      const top: number[] = [];
      const scope = category === null ? products.keys() : inCategory[categoryCode.get(category)!]!;
      for (const i of scope) {
        if (inFilters(products[i]!)) keepBest(top, i, limit, (a, b) => rated(b) - rated(a) || priceOf[a]! - priceOf[b]! || a - b);
      }
      const hits = top.map((i): ProductHit => ({ product: products[i]!, score: rated(i), matched: [], match: 'exact' }));
      return { ...base, match: hits.length ? 'exact' : 'none', hits, nearestCategories: hits.length ? [] : allCategories.slice(0, NEAREST_CATEGORIES), unmatched: [], outsideBudget: [] };
    }

    // What the whole catalog can do for these words, whatever the filters: an in-budget hit is
    // exact only when it matches as much as the best product anywhere does. Every product
    // sharing a term with the query gets its figures (term at a time), except those having only
    // common words of it when a plan shows they cannot change the result (search-pruning.ts);
    // the few shown are chosen in one pass, in the order a full sort would give (score, then
    // price, then catalog order).
    const scoring = slots.map((s) => s.expansions.map((e) => ({ stems: e.matches, unitAsked: e.alt.stems.map(weakAsked), weight: e.alt.weight })));
    const boundsAt = (from: number) => scorer.bounds(scoring, from);
    // A bold plan, and when it does not hold a second one (within what the first learnt, else a
    // cautious one restricting fewer terms), then every product.
    let plan = tuning ? pruningPlan(boundsAt, products.length, maxFactor, tuning) : null;
    for (let attempt = 0; plan && tuning; attempt++) {
      const found = ranked(scorer.score(scoring, plan.restrictFrom), plan);
      opts.onPruning?.(!isMiss(found));
      if (!isMiss(found)) return found;
      plan = attempt === 0 ? nextPlan(boundsAt, products.length, maxFactor, tuning, found) : null;
    }
    return ranked(scorer.score(scoring), null) as ProductSearchResult;

    /**
     * The result from the scorer's pool. With a plan, the pool lacks the products having only
     * restricted terms; the result is returned only when none of them could change it (they
     * score at most plan.cut and fit at most plan.fit), else what a plan would need.
     */
    function ranked(r: TermScores, pruned: PruningPlan | null): ProductSearchResult | PruningMiss {
      const count = r.pool.length;
      const pool = r.pool;
      const rounded = rankedRounded;
      const price = rankedPrice;
      const passes = rankedPasses;
      const wantCategory = category === null ? -1 : categoryCode.get(category)!;
      for (let x = 0; x < count; x++) {
        const at = pool[x]!;
        const coverage = r.covered[x]! / slots.length;
        const score = r.sum[x]! * coverage * coverage * ratingFactor[at]! * stockFactor[at]!;
        rounded[x] = Math.round(score * 1000) / 1000;
        price[x] = priceOf[at]!;
        passes[x] = (wantCategory < 0 || categoryOf[at] === wantCategory) && (maxPrice === undefined || price[x]! <= maxPrice) && (minPrice === undefined || price[x]! >= minPrice) ? 1 : 0;
      }
      const productAt = (x: number): Product => products[pool[x]!]!;
      /** Best first: score, then the cheaper, then the catalog's order. */
      const before = (x: number, y: number): number => rounded[y]! - rounded[x]! || price[x]! - price[y]! || x - y;
      // Fit, not a count: "canon" matching "canoe" by a typo does not equal "film" matching film.
      let bestFit = 0;
      for (let x = 0; x < count; x++) if (r.strong[x]) bestFit = Math.max(bestFit, r.fit[x]!);
      const fitsBest = (x: number): boolean => r.fit[x]! >= bestFit - 1e-9;
      // A product left out neither raises the best fit nor fits it: never exact, never offered outside the budget.
      const miss = (cutBelow: number): PruningMiss => ({ cutBelow, fitBelow: bestFit - 1e-9, restrictFrom: pruned!.restrictFrom });
      if (pruned && !(pruned.fit < bestFit - 1e-9)) return miss(Infinity);
      const bySkuHit = new Set(skuHits.map((h) => h.product.sku));
      const exactTop: number[] = [];
      const relatedTop: number[] = [];
      let typedInFilters = false;
      for (let x = 0; x < count; x++) {
        if (!r.strong[x] || !passes[x]) continue;
        if (r.typed[x]) typedInFilters = true;
        if (bySkuHit.size > 0 && bySkuHit.has(productAt(x).sku)) continue;
        keepBest(r.typed[x] && fitsBest(x) ? exactTop : relatedTop, x, limit, before);
      }
      // Full hits (with the words each matched) for the products shown only.
      const details = new Map(scoreAll(slots, [...exactTop, ...relatedTop].map((x) => r.pool[x]!)).map((s) => [s.hit.product.sku, s.hit]));
      const hitAt = (x: number, match: ProductHit['match']): ProductHit => ({ ...details.get(productAt(x).sku)!, match });
      // A word the catalog has nothing for ("kayak") and no product-type word matched: the store does not carry it,
      // whatever incidental word ("trips") some description shares.
      const carried = unmatched.length === 0 || skuHits.length > 0 || typedInFilters;
      if (pruned && !carried) return miss(-Infinity);
      // Exact matches before related ones, each best first: a partial match never heads the list.
      // Pushed into one literal, not spread from .map() results: an empty .map() result has another
      // array map than a filled one, and spreading either deoptimised this function (--trace-deopt).
      const ordered: ProductHit[] = [];
      for (const h of skuHits) ordered.push(h);
      for (const x of exactTop) ordered.push(hitAt(x, 'exact'));
      for (const x of relatedTop) ordered.push(hitAt(x, 'related'));
      const shown = carried ? ordered.slice(0, limit) : [];
      // The related hits shown must each rank above anything left out.
      const relatedShown = limit - skuHits.length - exactTop.length;
      if (pruned && relatedShown > 0) {
        const lowest = relatedTop.length >= relatedShown ? rounded[relatedTop[relatedShown - 1]!]! : -Infinity;
        if (!(pruned.cut < lowest)) return miss(lowest);
      }
      const level = shown.length === 0 ? 'none' : shown.some((h) => h.match === 'exact') ? 'exact' : 'related';
      // The filter hid the real matches ("a coffee gift under 50" when every coffee item costs more): offer the nearest ones.
      let outsideBudget: ProductHit[] = [];
      if (level !== 'exact' && priceFilter) {
        const byPrice = (x: number, y: number): number => (maxPrice !== undefined ? price[x]! - price[y]! : price[y]! - price[x]!) || before(x, y);
        const nearestBeyond: number[] = [];
        for (let x = 0; x < count; x++) {
          if (r.strong[x] && r.typed[x] && !passes[x] && fitsBest(x) && (wantCategory < 0 || categoryOf[pool[x]!] === wantCategory)) keepBest(nearestBeyond, x, OUTSIDE_BUDGET, byPrice);
        }
        const beyond = new Map(scoreAll(slots, nearestBeyond.map((x) => r.pool[x]!)).map((s) => [s.hit.product.sku, s.hit]));
        outsideBudget = nearestBeyond.map((x): ProductHit => ({ ...beyond.get(productAt(x).sku)!, match: 'exact' }));
      }
      let nearestCategories: string[] = [];
      if (level !== 'exact') {
        // Each category at its best-ranked product: the order a walk down the full ranking meets them.
        bestOfCategory.fill(-1);
        for (let x = 0; x < count; x++) {
          const c = categoryOf[pool[x]!]!;
          const seen = bestOfCategory[c]!;
          if (seen < 0 || before(x, seen) < 0) bestOfCategory[c] = x;
        }
        const rankedAt = [...bestOfCategory.filter((x) => x >= 0)].sort(before);
        const shownCategories = [...outsideBudget, ...shown].map((h) => h.product.category);
        // The categories taken from the ranking must each be at a product that ranks above anything left out.
        if (pruned) {
          const lowest = categoriesCut(shownCategories, rankedAt.map((x) => ({ category: productAt(x).category, score: rounded[x]! })), NEAREST_CATEGORIES);
          if (!(pruned.cut < lowest)) return miss(lowest);
        }
        nearestCategories = nearest(shownCategories, rankedAt.map((x) => productAt(x).category));
        if (nearestCategories.length === 0) nearestCategories = allCategories.slice(0, NEAREST_CATEGORIES);
      }
      return { ...base, match: level, hits: shown, nearestCategories, unmatched, outsideBudget };
    }
  }

  return { search, resolveCategory, terms };
}
