import { TEXT_BUDGET, analysisWindow, wordWindow } from '../core/text-budget.js';
import { indexSinkNames, type SinkNames } from './sink-names.js';
import { englishStems, isEnglishWord } from './english-words.js';
import { createWordFilter } from './word-filter.js';
import { createInjectionFilter } from './injection.js';
import { SHARED, STORE_NOUN, defaultConceptLexicon, type ConceptLexicon } from './concept-lexicon.js';
import { CLAUSE, QUESTION, createNormalizer } from './normalize.js';
import { defaultRouterLanguage, type RouterLanguage } from './router-language.js';
import { createPairIds, type PairIds } from './pair-ids.js';
import { createSpellingCorrector, editDistance, type SpellingCorrector } from './spelling.js';

// A module constant, not a literal in the function: the TypeScript loader (esbuild, for the
// node target) compiles a regex literal with `\p{...}` outside a class to `new RegExp(...)` at
// the place it is written, so inside a function it was built again on every call.
const ONLY_LETTERS = /^\p{L}+$/u;

/**
 * Turns a message into weighted features: word uni/bi-grams, character n-grams (typos,
 * other languages), concept hits from the lexicons, and a few shape features. Three
 * pieces of linguistic handling change what counts:
 * - negation: words in the scope of "not / don't want / instead of" become `¬` features,
 *   so "I don't want a refund, I want it fixed" no longer votes for returns;
 * - past topic: a clause that narrates what already happened ("I returned my blender")
 *   is down-weighted when another clause asks for something ("which one should I buy?");
 * - injection: routing instructions in the text are removed before anything else.
 */

export interface Token {
  /** Normalised surface form (after spelling correction). */
  surface: string;
  /** The surface as typed, before correction. */
  typed: string;
  stem: string;
  negated: boolean;
  clause: number;
  /** Known to the router's vocabulary (examples or lexicon). */
  known: boolean;
  /** A catalog noun of the store that is also an everyday word: read by its concept only. */
  storeNoun?: boolean;
}

export interface ConceptHit {
  concept: string;
  start: number;
  end: number;
  negated: boolean;
}

export interface Analysis {
  tokens: Token[];
  concepts: ConceptHit[];
  /** Raw feature values before IDF weighting and normalisation. */
  features: Map<string, number>;
  /** Injection spans removed from the text. */
  injection: string[];
  /** Weight applied to each clause (1 = the request; lower = narrated context). */
  clauseWeights: number[];
  /** Share of content words the router has never seen (0 when there are none). */
  unknownRatio: number;
  /**
   * Share of content words that are neither known to the router nor English words: names
   * (brands, products, places) or typos beyond correction. Asked for by name ("do you
   * have zorbexa"), they are most often something the shop sells.
   */
  nameRatio: number;
  /**
   * With `separateGrams` and no sink: the words whose letter n-grams were left out of
   * `features`, each with the weight of one of its n-grams. With a sink, `separateGrams`
   * sends the n-grams to it after every other feature, by ids cached per word.
   */
  gramWords?: Array<{ word: string; weight: number }>;
  /** The feature `c:NO_RETAIL` was added: nothing in the message is store-related. */
  noRetail: boolean;
}

/**
 * Where analyze sends features instead of its map (the classifier's vectorizer: each name is
 * looked up once, as it is made, and unknown names are dropped there anyway).
 */
export interface FeatureSink {
  add(name: string, value: number): void;
  /** The sink's id for a feature name, -1 when it drops that name (for callers that cache ids). */
  idOf(name: string): number;
  /** add() by an id from idOf(). */
  addId(id: number, value: number): void;
  /**
   * addId for each of the first `count` of `ids` with the same value, in order: one call per word's letter n-grams
   * (a call per n-gram from the long analysis function boxed its fractional value each time).
   */
  addIds(ids: Int32Array, value: number, count: number): void;
  /**
   * Every name the sink keeps, by id (a vectorizer's): when given, lookups that cannot hit
   * (a word, pair or letter n-gram the model never saw) are answered without building the name.
   */
  readonly names?: readonly string[];
}

export interface FeatureWeights {
  word: number;
  bigram: number;
  char: number;
  concept: number;
  /** Weight of a narrated past clause when another clause carries the request. */
  pastClause: number;
  /** Question frame ("what is", "how many") and person (I/my, you/your) features. */
  shape: number;
}

export const defaultFeatureWeights: FeatureWeights = {
  word: 1,
  bigram: 0.6,
  char: 0.5,
  concept: 4,
  pastClause: 0.3,
  shape: 0.5,
};

/**
 * Concepts that are not about the store: their presence alone is the no-retail-signal
 * feature. Every other concept (the vocabulary's support concepts, PRODUCT from the catalog)
 * says the message is about something the store deals with.
 */
/** The feature of a message with nothing store-related in it. */
const NO_RETAIL = 'c:NO_RETAIL';
const NON_RETAIL_CONCEPTS = new Set(['WORLD', 'SMALLTALK', 'SPEC', 'TOPIC']);
/** Concepts that name what a request is about (a product, its attributes, an order). */
const OBJECT_CONCEPTS = new Set(['PRODUCT', 'ITEM', 'BRAND', 'ATTRIBUTE', 'ORDER', 'GOODS']);
/** Generic size/spec words: neither an object nor, alone, a sign the message is about the store. */
const WEAK_CONCEPTS = new Set(['SPEC']);

interface Phrase {
  stems: string[];
  concepts: string[];
}

function buildPhraseIndex(concepts: ConceptLexicon, phraseTokens: (text: string) => string[]): Map<string, Phrase[]> {
  const byKey = new Map<string, Phrase>();
  for (const [concept, entries] of concepts) {
    for (const entry of entries) {
      const stems = phraseTokens(entry);
      if (stems.length === 0) continue;
      const key = stems.join(' ');
      const p = byKey.get(key);
      if (p) {
        if (!p.concepts.includes(concept)) p.concepts.push(concept);
      } else byKey.set(key, { stems, concepts: [concept] });
    }
  }
  const index = new Map<string, Phrase[]>();
  for (const p of byKey.values()) {
    const first = p.stems[0]!;
    const list = index.get(first);
    if (list) list.push(p);
    else index.set(first, [p]);
  }
  for (const list of index.values()) list.sort((a, b) => b.stems.length - a.stems.length);
  return index;
}

/**
 * At most TEXT_BUDGET.routingWords words (clause and question markers are free), each cut to
 * TEXT_BUDGET.tokenChars. In place: `raw` is the normaliser's fresh array, and a token is
 * only ever written at or before where it was read.
 */
function budgetTokens(raw: string[]): string[] {
  let words = 0;
  let n = 0;
  for (let r = 0; r < raw.length; r++) {
    const t = raw[r]!;
    if (t === CLAUSE || t === QUESTION) {
      raw[n++] = t;
      continue;
    }
    if (++words > TEXT_BUDGET.routingWords) break;
    raw[n++] = t.length > TEXT_BUDGET.tokenChars ? [...t].slice(0, TEXT_BUDGET.tokenChars).join('') : t;
  }
  raw.length = n;
  return raw;
}

/** Sink ids by one key, bounded like every cache keyed by customer text. */
function createIdCache(limit = 50_000) {
  const ids = new Map<string, number>();
  return {
    get: (key: string): number | undefined => ids.get(key),
    set(key: string, id: number): number {
      if (ids.size >= limit) ids.clear();
      ids.set(key, id);
      return id;
    },
    clear: (): void => ids.clear(),
  };
}

/** Sink ids by two keys (a row per first key), bounded by the number of pairs. */
function createPairIdCache(limit = 100_000) {
  const rows = new Map<string, Map<string, number>>();
  let count = 0;
  return {
    get: (a: string, b: string): number | undefined => rows.get(a)?.get(b),
    set(a: string, b: string, id: number): number {
      if (count >= limit) {
        rows.clear();
        count = 0;
      }
      let row = rows.get(a);
      if (row === undefined) rows.set(a, (row = new Map()));
      row.set(b, id);
      count++;
      return id;
    },
    clear(): void {
      rows.clear();
      count = 0;
    },
  };
}

/** Whether `phrase` occurs in `seq` at `at` (its words before `from` known to match). */
function matchAt(seq: string[], at: number, phrase: string[], from = 0): boolean {
  if (at + phrase.length > seq.length) return false;
  for (let k = from; k < phrase.length; k++) if (seq[at + k] !== phrase[k]) return false;
  return true;
}

// Plain loops instead of callbacks inside the analysis's token loops: a callback that reads
// the loop's index made the loop allocate a context for it on every iteration.
/** Whether a concept hit covers any token of [from, to). */
function overlapsAny(concepts: readonly ConceptHit[], from: number, to: number): boolean {
  for (const c of concepts) if (c.start < to && c.end > from) return true;
  return false;
}

/** The first of `phrases` that occurs in `seq` at `at`. */
function phraseAt(phrases: readonly string[][], seq: string[], at: number): string[] | undefined {
  for (const p of phrases) if (matchAt(seq, at, p)) return p;
  return undefined;
}

/** Feature keys of a word's letter 3- and 4-grams, cached: most words recur, so most messages allocate none. */
const gramCache = new Map<string, string[]>();

/** charGramKeys(word).length, without building the keys. */
export function charGramCount(word: string): number {
  const len = word.length + 2;
  return Math.max(0, len - 2) + Math.max(0, len - 3);
}

export function charGramKeys(word: string): string[] {
  let keys = gramCache.get(word);
  if (keys) return keys;
  const w = `<${word}>`;
  keys = [];
  for (let n = 3; n <= 4; n++) {
    for (let i = 0; i + n <= w.length; i++) keys.push(`g:${w.slice(i, i + n)}`);
  }
  if (gramCache.size > 50_000) gramCache.clear();
  gramCache.set(word, keys);
  return keys;
}

export interface FeatureExtractorOptions {
  /** Word -> number of examples containing it; drives spelling correction and the OOV feature. */
  vocabulary: Map<string, number>;
  routeIds: readonly string[];
  weights?: Partial<FeatureWeights>;
  /** Language resources (locale packs); default: the repository's locales/. */
  language?: RouterLanguage;
  /** Concept -> words and phrases (conceptLexicon() of the store's vocabulary). */
  concepts?: ConceptLexicon;
  /** The store's catalogue codes, read as the token `skucode`. */
  sku?: RegExp | null;
  /**
   * General knowledge of physical goods (WordNet's artifact, food and plant nouns): a word no
   * concept claims but that names a good is the GOODS concept. Absent: no such knowledge.
   */
  goods?: { has(word: string): boolean; isTopic?(word: string): boolean; words?(): Iterable<string> } | null;
  /** Also mark general-knowledge nouns (people, places, events, animals...) as TOPIC. */
  topics?: boolean;
}

export interface FeatureExtractor {
  /**
   * `training` switches the out-of-vocabulary test to "seen in another example", so the
   * classifier learns what an unseen word means from words that occur only once.
   */
  analyze(text: string, training?: boolean, separateGrams?: boolean, sink?: FeatureSink): Analysis;
  readonly corrector: SpellingCorrector;
  /** Every word the concept lexicon knows (tests, tools). */
  readonly lexiconWords: ReadonlyMap<string, number>;
}

/** Counts from the token features that the message's features and the analysis use. */
interface WordCounts {
  unknown: number;
  names: number;
  content: number;
  pendingGrams: number;
}

/**
 * Words per message that may enter the analysis's caches (word facts, spelling answers) when
 * first seen. Caching pays for words that recur, and a customer's message has few words the
 * router has not met before; a message of fresh words (an attacker's, new every time) put
 * all of its 24 routed words in the caches, whose entries outlive the young generation: the
 * collector copied and promoted them, and every 2,000 such messages the caches were full and
 * dropped. Past this many, a new word is analysed for its message only. The answers are the
 * same either way; only the work differs.
 */
const NEW_WORDS_CACHED = 4;

/** Each sink's name index, built on its first message (a router keeps one sink until retrained). */
const sinkNameIndex = new WeakMap<FeatureSink, SinkNames | null>();
function namesOf(sink: FeatureSink): SinkNames | null {
  let names = sinkNameIndex.get(sink);
  if (names === undefined) sinkNameIndex.set(sink, (names = sink.names ? indexSinkNames(sink.names) : null));
  return names;
}

export function createFeatureExtractor(opts: FeatureExtractorOptions): FeatureExtractor {
  const weights: FeatureWeights = { ...defaultFeatureWeights, ...opts.weights };
  const lang = opts.language ?? defaultRouterLanguage();
  // The packs' `stemming: router` rules, as the lexicon and the dictionary are read with.
  const stem = lang.stem;
  const { normalizeText, normalizeTokens, tokenize } = createNormalizer(lang, { sku: opts.sku });
  const words = (text: string) => tokenize(normalizeText(text)).filter((t) => t !== CLAUSE && t !== QUESTION);
  const phraseTokens = (text: string) => words(text).map(stem);
  const conceptLexicon = opts.concepts ?? defaultConceptLexicon();
  const PHRASES = buildPhraseIndex(conceptLexicon, phraseTokens);
  const NEGATION_PHRASES = lang.negation.map(phraseTokens).filter((p) => p.length > 0);
  const NEGATION_FIRST = new Set(NEGATION_PHRASES.map((p) => p[0]!));
  const BREAKER_PHRASES = lang.scopeBreakers.map(phraseTokens).filter((p) => p.length > 0);
  const PAST_PHRASES = lang.pastNarrative.map((p) => tokenize(normalizeText(p)));
  // The phrases by their first word: one lookup per token instead of a try per phrase.
  const PAST_BY_FIRST = new Map<string, string[][]>();
  for (const p of PAST_PHRASES) if (p.length) PAST_BY_FIRST.set(p[0]!, [...(PAST_BY_FIRST.get(p[0]!) ?? []), p]);
  const PAST_EMPTY = PAST_PHRASES.some((p) => p.length === 0);
  const pastPhraseAt = (seq: string[], i: number): boolean => {
    if (PAST_EMPTY) return true;
    const candidates = PAST_BY_FIRST.get(seq[i]!);
    if (candidates) for (const p of candidates) if (matchAt(seq, i, p)) return true;
    return false;
  };
  const { functionWords: FUNCTION_WORDS, stopwords: STOPWORDS, clauseOpeners: CLAUSE_OPENERS, faultLeads: FAULT_LEADS } = lang;
  const { requestStarters: REQUEST_STARTERS, requestLeads: REQUEST_LEADS, requestPhrases: REQUEST_BIGRAMS, splitWords: SPLIT_WORDS } = lang;
  const { wantCues: WANT_CUES, firstPerson: FIRST_PERSON, secondPerson: SECOND_PERSON, noLongerWant: NO_LONGER_WANT } = lang;

  // Every word the lexicons know, for the spelling corrector and the out-of-vocabulary test.
  const lexicon = new Map<string, number>();
  for (const entries of conceptLexicon.values()) for (const entry of entries) for (const t of words(entry)) lexicon.set(t, 1);
  const lexiconWords: ReadonlyMap<string, number> = new Map(lexicon);
  // Closed-class words the analysis itself relies on: never "corrected" into something else.
  const structure = [
    ...lang.negation, ...lang.scopeBreakers, ...lang.pastNarrative, ...CLAUSE_OPENERS, ...REQUEST_STARTERS, ...REQUEST_LEADS,
    ...SPLIT_WORDS, ...WANT_CUES, ...FIRST_PERSON, ...SECOND_PERSON, ...STOPWORDS, ...lang.commonWords,
  ];
  for (const p of structure) for (const w of words(p)) lexicon.set(w, 1);
  const all = new Map<string, number>(lexicon);
  for (const [w, n] of opts.vocabulary) all.set(w, (all.get(w) ?? 0) + n);
  const corrector = createSpellingCorrector(all);
  // An inflection of a known word ("returned" when "return" is known) is not a typo.
  const knownStems = new Set<string>();
  for (const w of all.keys()) knownStems.add(stem(w));
  const injectionFilter = createInjectionFilter(opts.routeIds, lang.injection);
  const goods = opts.goods ?? null;
  // Feature names built once per concept and per word stem: a fresh template string per
  // message had to be flattened and hashed again by every map it was looked up in.
  const conceptKeys = new Map<string, string>();
  const conceptKey = (concept: string, negated: boolean): string => {
    const k = negated ? `¬${concept}` : concept;
    let key = conceptKeys.get(k);
    if (key === undefined) conceptKeys.set(k, (key = `c:${k}`));
    return key;
  };
  const wordKeys = new Map<string, string>();
  const wordKey = (s: string): string => {
    let key = wordKeys.get(s);
    if (key === undefined) {
      key = `w:${s}`;
      if (wordKeys.size > 50_000) wordKeys.clear();
      wordKeys.set(s, key);
    }
    return key;
  };
  // Bigram names by their two stems, so a recurring pair is one flat string with its hash
  // already computed, not a new string hashed again by the vectorizer's index (bounded).
  const bigramKeys = new Map<string, Map<string, string>>();
  let bigramKeyCount = 0;
  const bigramKey = (a: string, b: string): string => {
    let row = bigramKeys.get(a);
    let key = row?.get(b);
    if (key !== undefined) return key;
    if (bigramKeyCount >= 100_000) {
      bigramKeys.clear();
      bigramKeyCount = 0;
      row = undefined;
    }
    if (row === undefined) bigramKeys.set(a, (row = new Map()));
    row.set(b, (key = `b:${a} ${b}`));
    bigramKeyCount++;
    return key;
  };
  // Sink ids of the word, bigram, frame and letter n-gram features live in the word facts
  // below; these are the ids of the few other names made per message (concepts, intent x
  // object, the frame's word pair), so they skip the vectorizer's lookup by name. Valid for
  // one sink (bounded).
  let idsFor: FeatureSink | null = null;
  // The index of the current sink's names (sink-names.ts), null when the sink lists none.
  let sinkNames: SinkNames | null = null;
  const conceptIds = createIdCache();
  const objectIds = createPairIdCache();
  const conceptId = (to: FeatureSink, key: string): number => conceptIds.get(key) ?? conceptIds.set(key, to.idOf(key));
  const objectId = (to: FeatureSink, concept: string, obj: string): number =>
    objectIds.get(concept, obj) ?? objectIds.set(concept, obj, to.idOf(`x:${concept}${obj}`));
  const topicsOn = opts.topics ?? false;

  /** `stemmed`: stem(word), when the caller has it already. */
  function isKnown(word: string, training: boolean, stemmed?: string): boolean {
    if (lexicon.has(word)) return true;
    const n = opts.vocabulary.get(word) ?? 0;
    if (training) return n >= 2;
    return n >= 1 || knownStems.has(stemmed ?? stem(word));
  }

  // What the analysis asks of a word by itself (stem, known at inference, letters only, an
  // English word), once per distinct word: most words recur, and the stemmer and dictionary
  // lookups were a large share of a message's cost. Bounded like every cache keyed by text.
  // The word lists and phrase index a token is checked against are fixed per extractor, so
  // their answers are word facts too (request leads, want cues, persons, fault leads, frames,
  // past phrases, the spelling correction, the sink's feature ids...): a token is hashed once,
  // into wordFacts, and every later question about it is a field read.
  // The first words of the request bigrams.
  const REQUEST_BIGRAM_FIRST = new Set<string>();
  for (const p of REQUEST_BIGRAMS) {
    const space = p.indexOf(' ');
    // A token has no space: only a phrase of exactly two words can equal "<a> <b>".
    if (space > 0 && p.indexOf(' ', space + 1) === -1) REQUEST_BIGRAM_FIRST.add(p.slice(0, space));
  }
  // A frame matches at a token only if its first word does, or, with the wildcard first
  // ("* nicht mehr"), if its second word matches the next token.
  const FRAME_FIRST = new Set(lang.noLongerFrames.filter((f) => f.wild !== 0).map((f) => f.words[0]));
  const FRAME_SECOND = new Set(lang.noLongerFrames.filter((f) => f.wild === 0).map((f) => f.words[1]));
  // The closed word lists a word is in, as bits, by one lookup (a new word was looked up in
  // each of ~20 lists, about half its first analysis).
  const WORD_CLASS = {
    stopword: 1 << 0,
    functionWord: 1 << 1,
    otherMarker: 1 << 2,
    defaultMarker: 1 << 3,
    clauseOpener: 1 << 4,
    greeting: 1 << 5,
    timeOfDay: 1 << 6,
    addressWord: 1 << 7,
    requestLead: 1 << 8,
    requestStarter: 1 << 9,
    requestBigramFirst: 1 << 10,
    firstPerson: 1 << 11,
    secondPerson: 1 << 12,
    wantCue: 1 << 13,
    faultLead: 1 << 14,
    splitWord: 1 << 15,
    frameStart: 1 << 16,
    frameSecond: 1 << 17,
    past: 1 << 18,
  } as const;
  const wordClasses = new Map<string, number>();
  const markClass = (words: Iterable<string | undefined>, bit: number): void => {
    for (const w of words) if (w !== undefined) wordClasses.set(w, (wordClasses.get(w) ?? 0) | bit);
  };
  markClass(STOPWORDS, WORD_CLASS.stopword);
  markClass(FUNCTION_WORDS, WORD_CLASS.functionWord);
  markClass(lang.otherMarkers, WORD_CLASS.otherMarker);
  markClass(lang.defaultMarkers, WORD_CLASS.defaultMarker);
  markClass(CLAUSE_OPENERS, WORD_CLASS.clauseOpener);
  markClass(lang.greetings, WORD_CLASS.greeting);
  markClass(lang.timesOfDay, WORD_CLASS.timeOfDay);
  markClass(lang.addressWords, WORD_CLASS.addressWord);
  markClass(REQUEST_LEADS, WORD_CLASS.requestLead);
  markClass(REQUEST_STARTERS, WORD_CLASS.requestStarter);
  markClass(REQUEST_BIGRAM_FIRST, WORD_CLASS.requestBigramFirst);
  markClass(FIRST_PERSON, WORD_CLASS.firstPerson);
  markClass(SECOND_PERSON, WORD_CLASS.secondPerson);
  markClass(WANT_CUES, WORD_CLASS.wantCue);
  markClass(FAULT_LEADS, WORD_CLASS.faultLead);
  markClass(SPLIT_WORDS, WORD_CLASS.splitWord);
  markClass(FRAME_FIRST, WORD_CLASS.frameStart);
  markClass(FRAME_SECOND, WORD_CLASS.frameSecond);
  markClass(PAST_BY_FIRST.keys(), WORD_CLASS.past);
  // Every word or stem a word fact is looked up by (the sets and maps factsOf asks), as one
  // filter: a word whose surface and stem it rules out (most words never seen: names, other
  // languages, an attacker's random letters) has every such fact false, without a dozen
  // misses in large hash tables. Goods without a word list are still asked one by one.
  const goodsListed = goods !== null && typeof goods.words === 'function';
  const factWords = createWordFilter(
    (function* () {
      yield* lexicon.keys();
      yield* opts.vocabulary.keys();
      yield* knownStems;
      yield* wordClasses.keys();
      yield* PHRASES.keys();
      yield* NEGATION_FIRST;
      yield* englishStems(stem);
      if (goodsListed) yield* goods!.words!();
    })(),
  );
  interface WordFacts {
    stem: string;
    known: boolean;
    letters: boolean;
    english: boolean;
    stopword: boolean;
    functionWord: boolean;
    /** WordNet goods, by the word or its stem. */
    goods: boolean;
    /** Concept phrases starting with the word's stem. */
    phrases: ReturnType<typeof PHRASES.get>;
    negationFirst: boolean;
    otherMarker: boolean;
    defaultMarker: boolean;
    clauseOpener: boolean;
    greeting: boolean;
    timeOfDay: boolean;
    addressWord: boolean;
    requestLead: boolean;
    requestStarter: boolean;
    requestBigramFirst: boolean;
    firstPerson: boolean;
    secondPerson: boolean;
    wantCue: boolean;
    faultLead: boolean;
    splitWord: boolean;
    /** Some "no longer" frame without a leading wildcard starts with the word. */
    frameStart: boolean;
    /** Some "no longer" frame with a leading wildcard has the word second. */
    frameSecond: boolean;
    /** Past-narrative phrases starting with the word. */
    past: string[][] | undefined;
    /** How many letter n-grams the word has (charGramKeys(word).length). */
    gramCount: number;
    /** The spelling corrector's answer for the word, once asked (undefined before). */
    fix: string | null | undefined;
    /** Whether the facts are kept in `wordFacts` (else they serve one message). */
    cached: boolean;
    /** Whether the word's stem can start or end a bigram or frame pair feature of the sink. */
    bigramHead: boolean;
    bigramTail: boolean;
    frameHead: boolean;
    frameTail: boolean;
    /** The word's number in `epoch` (bigram ids are kept by pairs of numbers). */
    fid: number;
    fidEpoch: number;
    // The sink's ids for the word's features, valid while `gen` is the current epoch.
    gen: number;
    wordId: number;
    frameId: number;
    /** The ids, the first `gramLen` of `gramIds` (a facts object's own buffer when not cached). */
    gramIds: Int32Array | null;
    gramLen: number;
    gramBuf: Int32Array | null;
  }
  /** analyze()'s first step: the tokens, their facts, and the clause bookkeeping the later steps need. */
  interface ReadTokens {
    tokens: Token[];
    facts: WordFacts[];
    typedFacts: WordFacts[];
    questionClauses: number[];
    lastClause: number;
    injection: string[];
  }
  const wordFacts = new Map<string, WordFacts>();
  // wordFacts' keys as a filter: a word never seen misses the map without reading its large
  // table (a miss there walked a bucket chain through cold memory, the most costly step of a
  // fresh word once its facts were filtered).
  const WORD_FACTS_LIMIT = 50_000;
  const inWordFacts = createWordFilter([], WORD_FACTS_LIMIT);
  // Words seen once and not cached (a doorkeeper, as in TinyLFU): a word enters the caches on
  // its second sighting. A customer's words recur; an attacker's fresh random words never do,
  // and caching four of them per message cost a Map insert, 40-field facts that outlive the
  // young generation, and a spelling cache entry each (issue 14). Cleared when it has held
  // WORD_FACTS_LIMIT words, so it keeps its false "seen" rate low.
  const seenOnce = createWordFilter([], WORD_FACTS_LIMIT);
  let seenOnceCount = 0;
  // An epoch ends when the sink changes or a cache is full: the word facts, their numbers
  // and the bigram ids by pairs of numbers are dropped together (facts still held by a
  // message in progress recompute their sink ids, and their pairs are not cached).
  let epoch = 0;
  let nextFid = 0;
  const bigramIds = createPairIds();
  const framePairIds = createPairIds();
  function newEpoch(): void {
    epoch++;
    nextFid = 0;
    wordFacts.clear();
    inWordFacts.clear();
    bigramIds.clear();
    framePairIds.clear();
  }
  // Words of the current message that may still enter the caches (NEW_WORDS_CACHED per message).
  let admissions = 0;
  // The facts of words past the admissions, reused by each message (one at a time; analyze is
  // synchronous, and such facts are held by nothing after it): a message of fresh words made
  // 20 objects of 40 fields each, garbage for the collector on every call.
  const transientFacts: WordFacts[] = [];
  let transientUsed = 0;
  function blankFacts(): WordFacts {
    return {
      stem: '', known: false, letters: false, english: false, stopword: false, functionWord: false, goods: false,
      phrases: undefined, negationFirst: false, otherMarker: false, defaultMarker: false, clauseOpener: false,
      greeting: false, timeOfDay: false, addressWord: false, requestLead: false, requestStarter: false,
      requestBigramFirst: false, firstPerson: false, secondPerson: false, wantCue: false, faultLead: false,
      splitWord: false, frameStart: false, frameSecond: false, past: undefined, gramCount: 0, fix: undefined,
      cached: false, bigramHead: true, bigramTail: true, frameHead: true, frameTail: true, fid: -1, fidEpoch: -1,
      gen: -1, wordId: -1, frameId: -1, gramIds: null, gramLen: 0, gramBuf: null,
    };
  }
  /** Writes every field of `f` but its buffer: the facts of `word`, not numbered, for no sink yet. */
  function describe(f: WordFacts, word: string): void {
    const letters = ONLY_LETTERS.test(word);
    const st = stem(word);
    // Nothing below can be true of a word and stem the filter rules out (isKnown, the
    // dictionary, the word lists, the phrase index: all keyed by the word or its stem).
    const listed = factWords.mayHave(word) || (st !== word && factWords.mayHave(st));
    const classes = listed ? (wordClasses.get(word) ?? 0) : 0;
    f.stem = st;
    f.known = listed && isKnown(word, false, st);
    f.letters = letters;
    f.english = listed && letters && isEnglishWord(word, st, stem);
    f.stopword = (classes & WORD_CLASS.stopword) !== 0;
    f.functionWord = (classes & WORD_CLASS.functionWord) !== 0;
    f.goods = goods !== null && (listed || !goodsListed) && (goods.has(word) || goods.has(st));
    f.phrases = listed ? PHRASES.get(st) : undefined;
    f.negationFirst = listed && NEGATION_FIRST.has(st);
    f.otherMarker = (classes & WORD_CLASS.otherMarker) !== 0;
    f.defaultMarker = (classes & WORD_CLASS.defaultMarker) !== 0;
    f.clauseOpener = (classes & WORD_CLASS.clauseOpener) !== 0;
    f.greeting = (classes & WORD_CLASS.greeting) !== 0;
    f.timeOfDay = (classes & WORD_CLASS.timeOfDay) !== 0;
    f.addressWord = (classes & WORD_CLASS.addressWord) !== 0;
    f.requestLead = (classes & WORD_CLASS.requestLead) !== 0;
    f.requestStarter = (classes & WORD_CLASS.requestStarter) !== 0;
    f.requestBigramFirst = (classes & WORD_CLASS.requestBigramFirst) !== 0;
    f.firstPerson = (classes & WORD_CLASS.firstPerson) !== 0;
    f.secondPerson = (classes & WORD_CLASS.secondPerson) !== 0;
    f.wantCue = (classes & WORD_CLASS.wantCue) !== 0;
    f.faultLead = (classes & WORD_CLASS.faultLead) !== 0;
    f.splitWord = (classes & WORD_CLASS.splitWord) !== 0;
    f.frameStart = (classes & WORD_CLASS.frameStart) !== 0;
    f.frameSecond = (classes & WORD_CLASS.frameSecond) !== 0;
    f.past = (classes & WORD_CLASS.past) !== 0 ? PAST_BY_FIRST.get(word) : undefined;
    f.gramCount = charGramCount(word);
    f.fix = undefined;
    f.cached = false;
    f.bigramHead = f.bigramTail = f.frameHead = f.frameTail = true;
    f.fid = f.fidEpoch = f.gen = f.wordId = f.frameId = -1;
    f.gramIds = null;
    f.gramLen = 0;
  }
  function factsOf(word: string): WordFacts {
    let f = inWordFacts.mayHave(word) ? wordFacts.get(word) : undefined;
    if (f === undefined) {
      // Past the message's admissions, or on a word's first sighting, the facts serve this
      // message only: not numbered (their pairs are not cached either) and not kept.
      let firstSighting = false;
      if (admissions > 0 && !seenOnce.mayHave(word)) {
        firstSighting = true;
        if (++seenOnceCount > WORD_FACTS_LIMIT) {
          seenOnce.clear();
          seenOnceCount = 1;
        }
        seenOnce.add(word);
      }
      if (admissions <= 0 || firstSighting) {
        f = transientFacts[transientUsed] ??= blankFacts();
        transientUsed++;
        describe(f, word);
        return f;
      }
      admissions--;
      f = blankFacts();
      describe(f, word);
      if (wordFacts.size >= WORD_FACTS_LIMIT) newEpoch();
      f.fid = nextFid++;
      f.fidEpoch = epoch;
      wordFacts.set(word, f);
      inWordFacts.add(word);
      f.cached = true;
    }
    return f;
  }

  /** The facts' sink-bound fields, recomputed when they belong to an earlier epoch (another sink). */
  function forSink(f: WordFacts, to: FeatureSink): WordFacts {
    if (f.gen !== epoch) {
      f.gen = epoch;
      const names = sinkNames;
      if (names !== null && !names.anyStem.mayHave(f.stem)) {
        // In none of the sets below (most stems never seen): no word feature, no pair.
        f.wordId = -1;
        f.bigramHead = f.bigramTail = f.frameHead = f.frameTail = false;
      } else {
        // A stem the sink has no feature for is answered by the index, without a name built and hashed.
        f.wordId = names !== null && !names.wordStems.has(f.stem) ? -1 : to.idOf(wordKey(f.stem));
        f.bigramHead = names === null || names.bigramHeads.has(f.stem);
        f.bigramTail = names === null || names.bigramTails.has(f.stem);
        f.frameHead = names === null || names.frameHeads.has(f.stem);
        f.frameTail = names === null || names.frameTails.has(f.stem);
      }
      f.frameId = -2;
      f.gramIds = null;
      f.gramLen = 0;
    }
    return f;
  }
  function frameIdOf(f: WordFacts, to: FeatureSink): number {
    forSink(f, to);
    if (f.frameId === -2) f.frameId = to.idOf(`f:${f.stem}`);
    return f.frameId;
  }
  let gramScratch: Int32Array = new Int32Array(64);
  /**
   * The ids of a word's letter n-grams the sink knows, in charGramKeys order: the first
   * `f.gramLen` of the array returned. Facts that serve one message write them to their own
   * reused buffer; cached facts keep an exact copy.
   */
  function gramIdsOf(word: string, f: WordFacts, to: FeatureSink): Int32Array {
    forSink(f, to);
    if (f.gramIds === null) {
      const grams = sinkNames?.grams;
      if (grams) {
        // charGramKeys' grams in its order, looked up by their characters: no string per gram.
        const w = `<${word}>`;
        let out = f.cached ? gramScratch : f.gramBuf;
        if (out === null || out.length < 2 * w.length) out = new Int32Array(Math.max(64, 4 * w.length));
        if (f.cached) gramScratch = out;
        else f.gramBuf = out;
        let found = 0;
        for (let n = 3; n <= 4; n++) {
          for (let i = 0; i + n <= w.length; i++) {
            const id = grams.idAt(w, i, n);
            if (id >= 0) out[found++] = id;
          }
        }
        f.gramIds = f.cached ? out.slice(0, found) : out;
        f.gramLen = found;
        return f.gramIds;
      }
      const found: number[] = [];
      for (const g of charGramKeys(word)) {
        const id = to.idOf(g);
        if (id >= 0) found.push(id);
      }
      f.gramIds = Int32Array.from(found);
      f.gramLen = found.length;
    }
    return f.gramIds;
  }
  /** The sink's id of a two-word feature (`name` of the two stems), cached by the words' numbers. */
  function pairIdOf(table: PairIds, name: (a: string, b: string) => string, a: WordFacts, b: WordFacts, to: FeatureSink, possible: boolean): number {
    // The sink has no pair feature that starts with a's stem and ends with b's (forSink's flags).
    if (!possible) return -1;
    if (a.fidEpoch !== epoch || b.fidEpoch !== epoch) return to.idOf(name(a.stem, b.stem));
    const cached = table.get(a.fid, b.fid);
    if (cached !== undefined) return cached;
    const id = to.idOf(name(a.stem, b.stem));
    // Bounded like every cache keyed by customer text: a new epoch drops every pair.
    if (table.size >= 100_000) newEpoch();
    else table.set(a.fid, b.fid, id);
    return id;
  }
  const framePairKey = (a: string, b: string): string => `f:${a} ${b}`;
  const bigramIdOf = (a: WordFacts, b: WordFacts, to: FeatureSink): number =>
    pairIdOf(bigramIds, bigramKey, a, b, to, forSink(a, to).bigramHead && forSink(b, to).bigramTail);
  const framePairIdOf = (a: WordFacts, b: WordFacts, to: FeatureSink): number =>
    pairIdOf(framePairIds, framePairKey, a, b, to, forSink(a, to).frameHead && forSink(b, to).frameTail);

  /** How many leading words are a greeting ("hi", "hello sir", "good morning team"), 0 if none. */
  function greetingLength(tokens: readonly Token[], facts: readonly WordFacts[]): number {
    // Past the last word, the lists are asked about the empty word, as they always were.
    let i = 0;
    for (;;) {
      if (facts[i]?.greeting ?? lang.greetings.has('')) i++;
      else if (tokens[i]?.surface === 'good' && (facts[i + 1]?.timeOfDay ?? lang.timesOfDay.has(''))) i += 2;
      else break;
      while (facts[i]?.addressWord ?? lang.addressWords.has('')) i++;
    }
    return i;
  }

  // The letter n-grams a sink gets after every other feature: scratch lists reused by each
  // message (one at a time; analyze is synchronous).
  const pendingGramFacts: WordFacts[] = [];
  const pendingGramWords: string[] = [];
  const pendingGramWeights: number[] = [];
  // What a sink's analysis returns as `features` (they went to the sink): always empty.
  const noFeatures = new Map<string, number>();

  // analyze() in steps, each its own function: one function of them all was the largest
  // thing the optimizing compiler met in a turn (each compile held ~20 MB of compiler memory
  // in a helper thread's malloc arena, kept as resident memory after it), and a deopt anywhere
  // in it sent the whole analysis back to the interpreter.

  /** Step 1: the message's tokens with their facts and clauses (greeting dropped before a request). */
  function readTokens(text: string, training: boolean): ReadTokens {
    // The work budget (src/core/text-budget.ts): the first characters, words and word
    // lengths of a message are read, so the loops below (some compare tokens with
    // concepts or phrases) are bounded whatever the message, and cost a few times a
    // typical message at most.
    admissions = NEW_WORDS_CACHED;
    transientUsed = 0;
    const inj = injectionFilter(analysisWindow(text));
    // Only the characters that hold the budgeted words are normalised (wordWindow).
    const raw = budgetTokens(normalizeTokens(wordWindow(inj.text, TEXT_BUDGET.routingWords)));

    // Typos are corrected towards English only in a message that reads as English: in a
    // Spanish, German or French one ("leite ... weiter"), unknown words are that language's
    // words, not misspelt English ones ("legit", "wetter").
    let foreign = 0;
    let english = 0;
    // Each raw token's facts, looked up once here and reused below.
    const rawFacts = new Array<WordFacts>(raw.length);
    for (let r = 0; r < raw.length; r++) {
      const f = factsOf(raw[r]!);
      rawFacts[r] = f;
      if (f.otherMarker) foreign++;
      else if (f.defaultMarker) english++;
    }
    const correctTowardsEnglish = !(foreign >= 2 && foreign > english);

    // Tokens with clause numbers; markers become boundaries.
    const tokens: Token[] = [];
    // Sets of clause numbers and token positions below are arrays (a Set per message was
    // garbage on every call), each read in constant time, so the work stays linear.
    const questionClauses: number[] = [];
    let clause = 0;
    let corrections = 0;
    // Beside the tokens: the facts of each token's surface and of the word as typed.
    const facts: WordFacts[] = [];
    const typedFacts: WordFacts[] = [];
    for (let r = 0; r < raw.length; r++) {
      const t = raw[r]!;
      if (t === CLAUSE) {
        if (tokens.length && tokens[tokens.length - 1]!.clause === clause) clause++;
        continue;
      }
      if (t === QUESTION) {
        // Clause numbers only grow: a repeat can only be the last one.
        if (questionClauses[questionClauses.length - 1] !== clause) questionClauses.push(clause);
        if (tokens.length && tokens[tokens.length - 1]!.clause === clause) clause++;
        continue;
      }
      const typed = rawFacts[r]!;
      if (typed.clauseOpener && tokens.length && tokens[tokens.length - 1]!.clause === clause) clause++;
      // A real English word the router does not know is unknown, not a typo (english-words.ts).
      let fix: string | null = null;
      const knownAsTyped = typed.known;
      if (corrections < TEXT_BUDGET.corrections && !knownAsTyped && typed.letters && !typed.english) {
        corrections++;
        if (typed.fix === undefined) typed.fix = corrector.correct(t, typed.cached);
        fix = typed.fix;
      }
      // In a Spanish/German/French message only a one-letter slip towards one of the
      // lexicon's own foreign words is fixed ("devolber" -> "devolver").
      if (fix && !correctTowardsEnglish && (isEnglishWord(fix, undefined, stem) || editDistance(t, fix, 1) > 1)) fix = null;
      const surface = fix ?? t;
      // The word as typed was looked up already: at inference, an uncorrected word's answer is the same.
      const sf = surface === t ? typed : factsOf(surface);
      const known = training ? isKnown(surface, training) : sf.known;
      tokens.push({ surface, typed: t, stem: sf.stem, negated: false, clause, known });
      facts.push(sf);
      typedFacts.push(typed);
    }
    // "Hello there, what is the lamp's cord length?": a greeting before a request is manners,
    // not small talk; only a message that is all greeting is routed as one.
    const greeting = greetingLength(tokens, facts);
    if (greeting > 0 && tokens.length - greeting >= 3) {
      tokens.splice(0, greeting);
      facts.splice(0, greeting);
      typedFacts.splice(0, greeting);
    }
    return { tokens, facts, typedFacts, questionClauses, lastClause: clause, injection: inj.removed };
  }

  /** Step 2: the concepts the tokens name, and which tokens are inside a multi-word phrase. */
  function findConcepts(tokens: Token[], facts: WordFacts[], stems: string[], clause: number, training: boolean): { concepts: ConceptHit[]; inPhrase: boolean[] } {
    // Concepts: global longest match, left to right.
    const concepts: ConceptHit[] = [];
    const inPhrase = new Array<boolean>(tokens.length).fill(false);
    for (let i = 0; i < tokens.length; ) {
      const candidates = facts[i]!.phrases;
      let matched: Phrase | undefined;
      if (candidates) {
        for (const p of candidates) {
          // The index found the phrase by its first stem: compare from the second on.
          if (!matchAt(stems, i, p.stems, 1)) continue;
          // A phrase may not straddle two clauses.
          if (tokens[i + p.stems.length - 1]!.clause !== tokens[i]!.clause) continue;
          matched = p;
          break;
        }
      }
      if (matched) {
        const end = i + matched.stems.length;
        for (const c of matched.concepts) {
          if (c === STORE_NOUN) tokens[i]!.storeNoun = true;
          else concepts.push({ concept: c, start: i, end, negated: false });
        }
        if (matched.stems.length > 1) for (let k = i; k < end; k++) inPhrase[k] = true;
        i = end;
      } else i++;
    }

    // A product the store's data names (its catalog, or the vocabulary's product words)
    // outweighs general-topic words in the same clause: "a sleeping bag rated for minus 10
    // celsius" asks for a sleeping bag, whatever "celsius" means elsewhere.
    // A catalog word that is also a general topic ("film" in a camera shop) does not.
    {
      // A phrase's concepts share its start (longest match: one phrase per start).
      const shared = new Array<boolean>(tokens.length).fill(false);
      for (const c of concepts) if (c.concept === SHARED) shared[c.start] = true;
      // A general-assistant request opens its clause ("remind me to buy a mattress", "translate
      // pillow into german"): the product is what the request is about, not what it asks for.
      // One pass: a token leads its clause when only request words ("can", "you", "please",
      // "so") come before it there.
      const leads = new Array<boolean>(tokens.length);
      for (let i = 0; i < tokens.length; i++) {
        const prev = tokens[i - 1];
        leads[i] =
          prev === undefined ||
          prev.clause !== tokens[i]!.clause ||
          (leads[i - 1]! && (facts[i - 1]!.requestLead || facts[i - 1]!.requestStarter || facts[i - 1]!.secondPerson));
      }
      const productClauses = new Array<boolean>(clause + 1).fill(false);
      for (const c of concepts) if (c.concept === 'PRODUCT' && !shared[c.start]) productClauses[tokens[c.start]!.clause] = true;
      // So does the word of a category the store sells ("a kettle for my kitchen"): beside a
      // product it says where the product goes, not what the default examples taught about the
      // word ("turn on the kitchen light"); it counts through its catalog concept only.
      // At inference only: the examples train as written (read so in training too, the weights
      // shifted and the public test files moved both ways, one message up, four down).
      // Only words the examples know: a word they never use ("gravel" in "a gravel bike") has no
      // other sense to set aside, and its letters are what say it is the store's.
      // Nor the product's own words ("gravel bike" is a product and a category's label at once).
      if (!training) {
        const productAt = new Array<boolean>(tokens.length).fill(false);
        for (const c of concepts) if (c.concept === 'PRODUCT') for (let k = c.start; k < c.end; k++) productAt[k] = true;
        for (const c of concepts) {
          if (c.concept !== 'ITEM' || !productClauses[tokens[c.start]!.clause] || leads[c.start] || productAt[c.start]) continue;
          for (let k = c.start; k < c.end; k++) if (opts.vocabulary.has(tokens[k]!.surface)) tokens[k]!.storeNoun = true;
        }
      }
      let kept = 0;
      for (const c of concepts) {
        if (c.concept === SHARED || (c.concept === 'WORLD' && productClauses[tokens[c.start]!.clause] && !leads[c.start])) continue;
        concepts[kept++] = c;
      }
      concepts.length = kept;
    }

    // Goods the store's vocabulary does not name ("kayak", "tripod"): WordNet knows them.
    if (goods) {
      for (let i = 0; i < tokens.length; i++) {
        const tok = tokens[i]!;
        if (facts[i]!.stopword || tok.negated || tok.surface.length < 3) continue;
        const isGoods = facts[i]!.goods;
        const isTopic = !isGoods && topicsOn && (goods.isTopic?.(tok.surface) ?? false);
        if (!isGoods && !isTopic) continue;
        if (overlapsAny(concepts, i, i + 1)) continue;
        concepts.push({ concept: isGoods ? 'GOODS' : 'TOPIC', start: i, end: i + 1, negated: false });
        if (isGoods) tok.known = true;
      }
    }

    // "stopped blowing", "keeps switching off": a fault, whatever the verb. The lexicon
    // lists the common ones; this catches the rest.
    for (let i = 0; i + 1 < tokens.length; i++) {
      if (!facts[i]!.faultLead) continue;
      const next = tokens[i + 1]!;
      if (next.clause !== tokens[i]!.clause || !/^[a-z]{3,}ing$/.test(next.surface)) continue;
      if (overlapsAny(concepts, i, i + 2)) continue;
      concepts.push({ concept: 'WARRANTY', start: i, end: i + 2, negated: false });
    }
    // The same in other languages: "ne chauffe plus", "ya no carga", "lädt nicht mehr" (no
    // longer <does>): the locale packs' three-word frames, `*` the verb.
    if (lang.noLongerFrames.length) {
      for (let i = 0; i + 2 < tokens.length; i++) {
        // A frame can only start here if its first word, or after a wildcard its second, matches.
        if (!facts[i]!.frameStart && !facts[i + 1]!.frameSecond) continue;
        // The first frame whose words all match the three tokens (`*` matches any): plain
        // loops, no arrays or callbacks per token. A word past the third never matches.
        let frame: (typeof lang.noLongerFrames)[number] | undefined;
        for (const f of lang.noLongerFrames) {
          let k = 0;
          while (k < f.words.length && (k === f.wild || (k < 3 && f.words[k] === tokens[i + k]!.surface))) k++;
          if (k === f.words.length) {
            frame = f;
            break;
          }
        }
        if (!frame) continue;
        const wildWord = frame.wild >= 0 && frame.wild < 3 ? tokens[i + frame.wild]!.surface : undefined;
        if (wildWord !== undefined && NO_LONGER_WANT.has(wildWord)) continue;
        if (tokens[i]!.clause !== tokens[i + 2]!.clause) continue;
        if (overlapsAny(concepts, i, i + 3)) continue;
        concepts.push({ concept: 'WARRANTY', start: i, end: i + 3, negated: false });
        i += 2;
      }
    }
    return { concepts, inPhrase };
  }

  /** Step 3: negation scope, clauses split at narrated past, and each clause's weight. */
  function weighClauses(
    tokens: Token[],
    facts: WordFacts[],
    stems: string[],
    surfaces: string[],
    concepts: ConceptHit[],
    inPhrase: boolean[],
    questionClauses: number[],
  ): { clauseWeights: number[]; anyQuestion: boolean } {
    // Negation scope.
    for (let i = 0; i < tokens.length; i++) {
      if (inPhrase[i]) continue;
      if (!facts[i]!.negationFirst) continue;
      const cue = phraseAt(NEGATION_PHRASES, stems, i);
      if (!cue) continue;
      let content = 0;
      for (let j = i + cue.length; j < tokens.length && j < i + cue.length + 7; j++) {
        const tok = tokens[j]!;
        if (tok.clause !== tokens[i]!.clause) break;
        if (phraseAt(BREAKER_PHRASES, stems, j)) break;
        tok.negated = true;
        if (!facts[j]!.functionWord) content++;
        if (content >= 3) break;
      }
      i += cue.length - 1;
    }
    for (const c of concepts) c.negated = tokens[c.start]!.negated;

    // Split a clause that narrates the past and then asks ("i returned my blender which one should i buy").
    const pastAt = new Array<boolean>(tokens.length);
    for (let i = 0; i < tokens.length; i++) pastAt[i] = PAST_EMPTY || (facts[i]!.past !== undefined && pastPhraseAt(surfaces, i));
    const lastNewOfOld: number[] = [];
    let current = -1;
    let prevOld = -1;
    let sinceStart = 0;
    let pastSeen = false;
    for (let i = 0; i < tokens.length; i++) {
      const tok = tokens[i]!;
      const old = tok.clause;
      if (old !== prevOld) {
        current++;
        prevOld = old;
        sinceStart = 0;
        pastSeen = false;
      } else if (sinceStart >= 3 && pastSeen && facts[i]!.splitWord) {
        current++;
        sinceStart = 0;
        pastSeen = false;
      }
      if (pastAt[i]) pastSeen = true;
      sinceStart++;
      tok.clause = current;
      lastNewOfOld[old] = current;
    }
    const nClauses = current + 1;
    const questions = new Array<boolean>(nClauses).fill(false);
    let anyQuestion = false;
    for (const old of questionClauses) {
      const c = lastNewOfOld[old];
      if (c !== undefined) questions[c] = anyQuestion = true;
    }

    // Which clauses are requests, which are narrated past.
    const clauseWeights = new Array<number>(nClauses).fill(1);
    if (nClauses > 1) {
      const isRequest = new Array<boolean>(nClauses).fill(false);
      const isPast = new Array<boolean>(nClauses).fill(false);
      const hasConcept = new Array<boolean>(nClauses).fill(false);
      for (let c = 0; c < nClauses; c++) if (questions[c]) isRequest[c] = true;
      let firstInClause = -1;
      for (let i = 0; i < tokens.length; i++) {
        const tok = tokens[i]!;
        if (i === 0 || tokens[i - 1]!.clause !== tok.clause) firstInClause = i;
        if (pastAt[i]) isPast[tok.clause] = true;
        const lead = i === firstInClause || (i === firstInClause + 1 && facts[firstInClause]!.requestLead);
        if (lead && facts[i]!.requestStarter) isRequest[tok.clause] = true;
        const next = tokens[i + 1];
        if (next && next.clause === tok.clause && facts[i]!.requestBigramFirst && REQUEST_BIGRAMS.has(`${tok.surface} ${next.surface}`)) {
          isRequest[tok.clause] = true;
        }
      }
      for (const c of concepts) {
        if (!c.negated && c.concept !== 'SMALLTALK') hasConcept[tokens[c.start]!.clause] = true;
      }
      const askingClause = isRequest.some((r, c) => r && hasConcept[c] && !isPast[c]) || isRequest.some((r, c) => r && hasConcept[c]);
      if (askingClause) {
        for (let c = 0; c < nClauses; c++) {
          if (isPast[c] && !isRequest[c]) clauseWeights[c] = weights.pastClause;
        }
      }
    }
    return { clauseWeights, anyQuestion };
  }

  /** Step 4: each token's word, bigram and letter n-gram features; counts of content, unknown and name words. */
  function tokenFeatures(
    tokens: Token[],
    facts: WordFacts[],
    typedFacts: WordFacts[],
    clauseWeights: number[],
    add: (f: string, v: number) => void,
    sink: FeatureSink | undefined,
    gramsToSink: boolean,
    gramWords: Array<{ word: string; weight: number }> | undefined,
  ): WordCounts {
    let unknown = 0;
    let names = 0;
    let content = 0;
    let pendingGrams = 0;
    for (let i = 0; i < tokens.length; i++) {
      const tok = tokens[i]!;
      const cw = clauseWeights[tok.clause] ?? 1;
      const neg = tok.negated ? '¬' : '';
      const f = facts[i]!;
      // A store noun that is also an everyday word ("tyre", "light") speaks through its catalog
      // concept only: the default examples' other senses of the word ("light year") do not count.
      if (!f.stopword && !tok.storeNoun) {
        if (neg) add(`w:${neg}${tok.stem}`, weights.word * cw);
        else if (sink) sink.addId(forSink(f, sink).wordId, weights.word * cw);
        else add(wordKey(tok.stem), weights.word * cw);
      }
      const next = tokens[i + 1];
      if (next && next.clause === tok.clause) {
        if (neg) add(`b:${neg}${tok.stem} ${next.stem}`, weights.bigram * cw);
        else if (sink) sink.addId(bigramIdOf(f, facts[i + 1]!, sink), weights.bigram * cw);
        else add(bigramKey(tok.stem, next.stem), weights.bigram * cw);
      }
      if (!f.functionWord) {
        content++;
        if (!tok.known) {
          unknown++;
          if (f.letters && !f.english) names++;
        }
      }
      const tf = typedFacts[i]!;
      if (!tok.negated && !tok.storeNoun && tok.typed.length >= 3 && !f.stopword && tf.letters) {
        const v = (weights.char * cw) / Math.sqrt(tf.gramCount);
        if (gramsToSink) {
          pendingGramFacts[pendingGrams] = tf;
          pendingGramWords[pendingGrams] = tok.typed;
          pendingGramWeights[pendingGrams++] = v;
        } else if (gramWords) gramWords.push({ word: tok.typed, weight: v });
        else for (const g of charGramKeys(tok.typed)) add(g, v);
      }
    }
    return { unknown, names, content, pendingGrams };
  }

  /** Step 5: concept, intent x object, person, question frame, unknown-word and shape features; true when nothing is store-related. */
  function messageFeatures(
    tokens: Token[],
    facts: WordFacts[],
    concepts: ConceptHit[],
    clauseWeights: number[],
    anyQuestion: boolean,
    counts: WordCounts,
    add: (f: string, v: number) => void,
    sink: FeatureSink | undefined,
  ): boolean {
    const { unknown, names, content } = counts;
    let noRetail = false;
    let retail = false;
    for (const c of concepts) {
      const cw = clauseWeights[tokens[c.start]!.clause] ?? 1;
      const key = conceptKey(c.concept, c.negated);
      if (key === NO_RETAIL) noRetail = true;
      if (sink) sink.addId(conceptId(sink, key), weights.concept * cw);
      else add(key, weights.concept * cw);
      if (!c.negated && !NON_RETAIL_CONCEPTS.has(c.concept)) retail = true;
    }
    if (!retail && !concepts.some((c) => !c.negated && c.concept === 'WORLD')) {
      // With no general-knowledge topic in sight, a size or spec word ("what are the sizes",
      // "inches") or a short message naming something the router has never seen ("zorbex",
      // "the zorbex one") is, in a shop's chat, about what it sells.
      if (concepts.some((c) => !c.negated && c.concept === 'SPEC') || (names > 0 && content <= 3)) retail = true;
    }
    if (!retail) {
      noRetail = true;
      add(NO_RETAIL, weights.concept);
    }
    // Intent x object: "best", "fix", "refund", "how much" are store intents only when they
    // are about something the store sells or an order ("best blender" vs "best university").
    // The distinct concepts (a lexicon has a few dozen at most), in order of first mention.
    const positive: string[] = [];
    let hasObject = false;
    for (const c of concepts) {
      if (c.negated) continue;
      if (!positive.includes(c.concept)) positive.push(c.concept);
      if (OBJECT_CONCEPTS.has(c.concept)) hasObject = true;
    }
    let wants = false;
    let first = false;
    let second = false;
    for (let i = 0; i < tokens.length; i++) {
      const f = facts[i]!;
      if (f.wantCue && !tokens[i]!.negated) wants = true;
      if (f.firstPerson) first = true;
      if (f.secondPerson) second = true;
    }
    const obj = hasObject ? '+obj' : '-obj';
    for (const c of positive) {
      if (OBJECT_CONCEPTS.has(c) || WEAK_CONCEPTS.has(c) || c === 'SMALLTALK') continue;
      if (sink) sink.addId(objectId(sink, c, obj), weights.concept);
      else add(`x:${c}${obj}`, weights.concept);
      // Literal names, not templates: a name built per message is hashed again by every lookup.
      if (c === 'NEED') add(wants ? 'x:NEED+want' : 'x:NEED-want', weights.concept);
    }
    // Retail requests are about the speaker or the store; trivia is usually about neither.
    add(first ? (second ? 'p:i+you' : 'p:i') : second ? 'p:you' : 'p:none', weights.shape);
    // The question frame ("what is", "how many", "who was") separates trivia from requests.
    let leadAt = 0;
    while (leadAt < tokens.length && clauseWeights[tokens[leadAt]!.clause] !== 1) leadAt++;
    if (leadAt === tokens.length) leadAt = 0;
    const lead = tokens[leadAt];
    if (lead) {
      const i = leadAt;
      if (sink) sink.addId(frameIdOf(facts[i]!, sink), weights.shape);
      else add(`f:${lead.stem}`, weights.shape);
      const next = tokens[i + 1];
      if (next && next.clause === lead.clause) {
        if (sink) sink.addId(framePairIdOf(facts[i]!, facts[i + 1]!, sink), weights.shape);
        else add(`f:${lead.stem} ${next.stem}`, weights.shape);
      }
    }
    if (content > 0) {
      const ratio = unknown / content;
      // Unknown words mean different things in a short fragment (often a product or brand
      // name) and in a full sentence (usually a topic the store knows nothing about).
      const short = content <= 2;
      if (ratio >= 0.99) add(short ? 'u:all_unknown_short' : 'u:all_unknown_long', 1);
      else if (ratio >= 0.5) add(short ? 'u:mostly_unknown_short' : 'u:mostly_unknown_long', 1);
      // Unknown English words ("landscaper", "biographies") mean a topic the shop has no
      // words for; unknown non-words are names, and a name asked for ("need zorbex
      // tablets") is usually a product.
      const english = unknown - names;
      if (english > 0) add(english / content >= 0.5 ? 'u:english_most' : 'u:english_some', 1);
      if (names > 0) add(wants || positive.includes('RECOMMEND') || positive.includes('PRODUCT') || positive.includes('ITEM') ? 'u:name+want' : 'u:name', 1);
    }
    if (anyQuestion) add('s:question', 0.5);
    const n = tokens.length;
    add(n <= 1 ? 's:len1' : n <= 3 ? 's:len2-3' : n <= 7 ? 's:len4-7' : 's:len8+', 0.5);
    if (tokens.length === 0) add('s:empty', 1);
    return noRetail;
  }

  function analyze(text: string, training = false, separateGrams = false, sink?: FeatureSink): Analysis {
    if (sink && sink !== idsFor) {
      idsFor = sink;
      sinkNames = namesOf(sink);
      newEpoch();
      for (const c of [conceptIds, objectIds]) c.clear();
    }
    // With a sink, separated n-grams go to it last (by cached ids); without, to gramWords.
    const gramsToSink = sink !== undefined && separateGrams;
    const gramWords: Array<{ word: string; weight: number }> | undefined = separateGrams && !gramsToSink ? [] : undefined;
    const { tokens, facts, typedFacts, questionClauses, lastClause, injection } = readTokens(text, training);
    const stems = tokens.map((t) => t.stem);
    const surfaces = tokens.map((t) => t.surface);
    const { concepts, inPhrase } = findConcepts(tokens, facts, stems, lastClause, training);
    const { clauseWeights, anyQuestion } = weighClauses(tokens, facts, stems, surfaces, concepts, inPhrase, questionClauses);
    // Features.
    // With a sink the map stays empty: the features go straight to it, in the same order.
    const features = sink ? noFeatures : new Map<string, number>();
    const add = sink ? (f: string, v: number) => sink.add(f, v) : (f: string, v: number) => features.set(f, (features.get(f) ?? 0) + v);
    const counts = tokenFeatures(tokens, facts, typedFacts, clauseWeights, add, sink, gramsToSink, gramWords);
    const noRetail = messageFeatures(tokens, facts, concepts, clauseWeights, anyQuestion, counts, add, sink);
    const { unknown, names, content, pendingGrams } = counts;
    // The letter n-grams last, in token order, as a classifier adding gramWords after analyze did.
    for (let g = 0; g < pendingGrams; g++) {
      const gf = pendingGramFacts[g]!;
      sink!.addIds(gramIdsOf(pendingGramWords[g]!, gf, sink!), pendingGramWeights[g]!, gf.gramLen);
    }

    return {
      tokens,
      concepts,
      features,
      injection,
      clauseWeights,
      unknownRatio: content > 0 ? unknown / content : 0,
      nameRatio: content > 0 ? names / content : 0,
      gramWords,
      noRetail,
    };
  }

  return { analyze, corrector, lexiconWords };
}
