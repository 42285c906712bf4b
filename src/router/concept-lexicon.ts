import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { DomainVocabulary } from '../core/vocabulary.js';
import { EMPTY_STORE_VOCABULARY } from '../core/vocabulary.js';
import { parseVocabulary } from '../vocabulary/vocabulary-file.js';
import { isEnglishWord } from './english-words.js';
import { stem as repositoryStem } from './normalize.js';
import { repositorySingularForms, type SingularForms, type Stemmer } from '../locale/stemmer.js';

/**
 * Concept -> words and phrases. A message that mentions any of them gets a `c:<CONCEPT>`
 * feature, so the classifier learns "a product noun" or "a refund cue" once from a handful
 * of examples instead of needing an example for every product. Built from data only:
 * - the vocabulary file's support concepts (return, warranty, delivery, ...),
 * - PRODUCT: the catalog's tags, the head noun of each product name, and the file's
 *   product_words; ITEM (a weaker signal): the category labels and words;
 * - BRAND: the catalog's brands and the invented words of its product names;
 * - ATTRIBUTE: the catalog's attribute values of several words;
 * - WORLD: the file's out_of_scope_words, minus any the catalog uses ("film" in a camera shop);
 * - the file's synonym keys read as their catalog words' object concept ("zelt" is a tent: PRODUCT).
 * Which skill a concept points to is learned from the skills' examples, never coded.
 */
export type ConceptLexicon = ReadonlyMap<string, readonly string[]>;

/**
 * Not a concept of its own: marks the catalog words that are also general topics (read with
 * the catalog concept of the same phrase, never as a feature). A dash, so no vocabulary-file
 * concept (lower-case letters and "_") can take the name.
 */
export const SHARED = 'SHARED-TOPIC';

/**
 * Not a concept of its own either: marks a catalog noun of this store that is also an everyday
 * English word ("tyre", "light", "helmet", "lock" in a bike shop). The router reads such a word
 * by its catalog concept only, not by what the default examples taught it about the word.
 */
export const STORE_NOUN = 'STORE-NOUN';

function wordsOf(phrase: string): string[] {
  return phrase.split(' ').filter((w) => w.length > 0);
}

/** The vocabulary file's concept of the shop itself (locations, hours, "your company"). */
const STORE_CONCEPT = 'STORE';

/**
 * The store's name as a phrase, and its first word alone when the name has more words
 * ("<first> cycle works" -> "<first>"), as customers shorten it: unless that word is short,
 * a closed-class word, already a word of the vocabulary file's concepts, or a word the catalog
 * uses for what it sells (a category, tag or attribute value).
 */
function storeNamePhrases(store: DomainVocabulary['store'], stopwords: ReadonlySet<string>, concepts: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const out: string[] = [];
  const catalogWords = new Set<string>();
  for (const list of [store.categoryPhrases, store.tags, store.attributeValues]) for (const p of list) for (const w of wordsOf(p)) catalogWords.add(w);
  const usable = (word: string): boolean => !stopwords.has(word) && !catalogWords.has(word) && ![...concepts.values()].some((set) => set.has(word));
  for (const name of store.storeNames ?? []) {
    if (!/\p{L}/u.test(name)) continue;
    const words = wordsOf(name);
    // A one-word name gets the first word's checks: a shop called "Lamps" that sells lamps keeps "lamps" a product word.
    if (words.length < 2) {
      if (usable(name)) out.push(name);
      continue;
    }
    out.push(name);
    const first = words[0]!;
    if (first.length >= 4 && usable(first)) out.push(first);
  }
  return out;
}

/** What the lexicon may ask WordNet (src/vocabulary/wordnet-goods.ts) about a product name's head. */
export interface HeadNouns {
  has(word: string): boolean;
  isGeneral(word: string): boolean;
}


export interface ConceptLexiconOptions {
  /**
   * WordNet's nouns: a head whose first sense is neither goods nor a person ("set", "pack",
   * "suite", "seat", "oil") names a product only with the word before it. Absent: no such check.
   */
  nouns?: HeadNouns | null;
  /**
   * The locale packs' function words ("for", "with", "of"): a product name's head comes before
   * them ("Daily Multivitamin for Women" is a multivitamin).
   */
  functionWords?: ReadonlySet<string>;
  /** The router's stemmer (RouterLanguage `stem`); the repository packs' by default. */
  stem?: Stemmer;
  /** The packs' `stemming: plurals` (RouterLanguage `singulars`); the repository packs' by default. */
  singulars?: SingularForms;
}

/**
 * `stopwords`: the locale packs' closed-class words, never a product name's head ("... Kit
 * with 18-45mm" is a kit).
 */
export function conceptLexicon(
  vocabulary: DomainVocabulary,
  stopwords: ReadonlySet<string> = new Set(),
  options: ConceptLexiconOptions = {},
): ConceptLexicon {
  const nouns = options.nouns ?? null;
  const functionWords = options.functionWords ?? new Set<string>();
  const stem = options.stem ?? repositoryStem;
  const singulars = options.singulars ?? repositorySingularForms();
  /** The word and the lemmas a plural head may have ("seats" -> "seat"): the packs' `stemming: plurals`. */
  const nounForms = (word: string): string[] => [word, ...singulars(word)];
  const { additions, store } = vocabulary;
  const out = new Map<string, Set<string>>();
  const add = (concept: string, phrase: string) => {
    let set = out.get(concept);
    if (!set) out.set(concept, (set = new Set()));
    set.add(phrase);
  };
  for (const [name, words] of additions.concepts) for (const w of words) add(name.toUpperCase(), w);
  // The store's own name means the company, as the vocabulary file's `store` words do ("your
  // company", "about you"): "tell me about <store name>" asks about the shop, not a product.
  // Added before the catalog is read, so a house brand of the same name ("<store name>
  // gift card") does not make it a product word.
  if (out.has(STORE_CONCEPT)) for (const p of storeNamePhrases(store, stopwords, out)) add(STORE_CONCEPT, p);
  // A catalog word that already means a support concept ("gift", "voucher") keeps that meaning only.
  const support = new Set<string>();
  for (const set of out.values()) for (const w of set) support.add(w);
  const catalog = (concept: string, phrase: string) => {
    if (phrase.length < 2 || support.has(phrase) || !/\p{L}/u.test(phrase)) return;
    add(concept, phrase);
  };

  // A catalogue code, as the normaliser rewrites the store's SKUs.
  add('PRODUCT', 'skucode');
  for (const w of additions.productWords) add('PRODUCT', w);
  // The head noun of each product name ("... Gooseneck Kettle") names what the store sells;
  // invented words in names are its brands and product lines.
  const outOfScope = new Set(additions.outOfScopeWords);
  const fileProducts = new Set(additions.productWords);
  // An everyday English noun whose usual sense is not a thing one buys ("set", "pack", "seat",
  // "oil"): alone, in "set an alarm" or "a seat on the flight", it says nothing about the store.
  // Nouns WordNet files under people stay ("speaker", "monitor", "shaver" name devices too), and
  // so does a word the vocabulary file already gives a meaning.
  const generalNoun = (w: string) => {
    if (!nouns || support.has(w) || fileProducts.has(w) || !isEnglishWord(w, undefined, stem)) return false;
    const forms = nounForms(w);
    return !forms.some((f) => nouns.has(f)) && forms.some((f) => nouns.isGeneral(f));
  };
  const heads = new Set<string>();
  // Each name's last word alone, also where the head is read with the word before it: the
  // store tagging its products with it ("lube" on "... Wet Lube") makes it a product noun.
  const bareHeads = new Set<string>();
  // Letters only, and no unit abbreviations ("2 kg", "1.5 qt").
  const letterWords = (phrase: string) => wordsOf(phrase).filter((w) => /^\p{L}{3,}$/u.test(w));
  for (const name of store.productNames) for (const w of letterWords(name)) if (!isEnglishWord(w, undefined, stem)) catalog('BRAND', w);
  for (const name of store.productCores) {
    const all = letterWords(name);
    // The head comes before a function word: "Daily Multivitamin for Women" is a multivitamin.
    const cut = all.findIndex((w, i) => i > 0 && functionWords.has(w));
    const words = cut > 0 ? all.slice(0, cut) : all;
    let at = words.length - 1;
    while (at >= 0 && stopwords.has(words[at]!)) at--;
    const head = words[at];
    // A head that is also a general topic ("Power Bank") or an everyday noun of another sense
    // ("Skincare Set", "Car Seat") counts with the word before it.
    if (!head) continue;
    heads.add((outOfScope.has(head) || generalNoun(head)) && at > 0 ? `${words[at - 1]} ${head}` : head);
    bareHeads.add(head);
  }
  // A brand and the model word after it ("Harrow Wayfarer Gravel Bike") name one product: asked
  // for by that name alone ("how much is the harrow wayfarer") the message is about a product.
  const brandSet = new Set(store.brands);
  for (const name of store.productCores) {
    const words = letterWords(name);
    if (words.length < 3 || !brandSet.has(words[0]!)) continue;
    const model = words[1]!;
    if (stopwords.has(model) || functionWords.has(model) || support.has(model)) continue;
    catalog('PRODUCT', `${words[0]} ${model}`);
  }
  for (const h of heads) catalog('PRODUCT', h);
  // Tags are a mix of product nouns ("kettle") and qualities ("quiet", "budget", "travel"): a
  // tag that is also a name's head noun, or several words long that name a thing ("air
  // fryer"), or no English word at all is a product; the others name qualities, and only
  // search uses them.
  // A tag that is also an attribute value ("made to order", "memory foam") describes a product
  // rather than naming one: it stays an ATTRIBUTE.
  const values = new Set(store.attributeValues);
  // A tag of several words names a product when one of its words does: goods to WordNet
  // ("air fryer"), the last word of a name's head ("foam pad"), or a word that is no English.
  // "Work from home", "night vision", "sensitive skin" describe what a product is for.
  // Without WordNet every such tag counts, as before it was there.
  const headEnds = new Set([...heads].map((h) => wordsOf(h).pop() ?? h));
  const namesAThing = (words: readonly string[]) =>
    !nouns || words.some((w) => headEnds.has(w) || !isEnglishWord(w, undefined, stem) || nounForms(w).some((f) => nouns.has(f)));
  for (const t of store.tags) {
    const words = wordsOf(t);
    if (values.has(t) && !heads.has(t)) continue;
    if (heads.has(t) || (bareHeads.has(t) && !outOfScope.has(t)) || (words.length > 1 ? namesAThing(words) : !isEnglishWord(t, undefined, stem))) catalog('PRODUCT', t);
  }
  // Category words are everyday words ("sports", "health", "music"): the weaker ITEM signal.
  for (const c of store.categoryPhrases) if (!c.includes('_')) catalog('ITEM', c);
  // A one-word category label ("Film", "Lenses") is itself a product noun, and so is a longer
  // one that ends in a product name's head ("Sleeping Pads", "Camp Stoves"); "Home cleaning"
  // or "Personal care" name an area of the shop.
  const stemmed = (p: string) => wordsOf(p).map(stem).join(' ');
  // By the head's own last word: "Sleeping Pads" ends in the head of "Foam Pad".
  const headStems = new Set([...heads].map((h) => stem(wordsOf(h).pop() ?? h)));
  for (const l of store.categoryLabels) {
    const words = wordsOf(l);
    if (words.length === 1 || headStems.has(stem(words[words.length - 1]!))) catalog('PRODUCT', l);
  }
  // A part of a compound label ("Bags & Panniers") the same way, unless it is an everyday noun
  // of another sense ("Lubricants & Cleaning").
  for (const l of store.categoryLabelParts ?? []) {
    const words = wordsOf(l);
    if ((words.length === 1 && !generalNoun(l)) || headStems.has(stem(words[words.length - 1]!))) catalog('PRODUCT', l);
  }
  // The store's own nouns that are everyday words too: one-word labels, label parts and heads.
  for (const set of [store.categoryLabels, store.categoryLabelParts ?? [], bareHeads]) {
    for (const w of set) if (!w.includes(' ') && out.get('PRODUCT')?.has(w) && isEnglishWord(w, undefined, stem)) add(STORE_NOUN, w);
  }
  // A one-word tag that is a quality ("touring", "commuting", "winter") describes what the store
  // sells: an ATTRIBUTE, read, like the store nouns, by that concept rather than by the word's
  // other senses in the default examples ("a band's tour"). General topics the vocabulary file
  // names stay theirs.
  for (const t of store.tags) {
    if (t.includes(' ') || out.get('PRODUCT')?.has(t) || outOfScope.has(t) || !isEnglishWord(t, undefined, stem)) continue;
    catalog('ATTRIBUTE', t);
    if (out.get('ATTRIBUTE')?.has(t)) add(STORE_NOUN, t);
  }
  for (const b of store.brands) catalog('BRAND', b);
  // Attribute values in several words ("stainless steel", "memory foam") describe products;
  // single words ("full", "email", "king") are too common to say so alone. Attribute names
  // ("power", "type", "weight") are left to search.
  for (const v of store.attributeValues) if (!/\d/.test(v) && wordsOf(v).length > 1) catalog('ATTRIBUTE', v);

  // A general topic the catalog itself names ("film" in a camera shop, "river" and "snow" as
  // tags of kayaks and tents) is the store's word there, not out of scope. Whole phrases only:
  // "table for two" stays out of scope in a shop that sells tables.
  // Compared stemmed, as the router matches them ("films" is "film").
  const catalogPhrases = new Set<string>(
    [...heads, ...store.tags, ...store.categoryPhrases, ...store.brands, ...store.attributeValues].map(stemmed),
  );
  // Such a shared word is marked SHARED: it alone does not outweigh other general topics
  // ("the best film for a rainy day"), as a product only the store names does.
  for (const w of additions.outOfScopeWords) add(catalogPhrases.has(stemmed(w)) ? SHARED : 'WORLD', w);
  // A general topic the catalog sorts its goods by, a department several categories share or an
  // attribute's value ("dog" and "cat" in a pet shop: "Dog Food", "Dog Toys"; animal: dog), is
  // what a shopper's need is about in this store: read it by its catalog concept only, like a
  // store noun, not by what the default examples taught about the word ("how long do cats live"
  // is out of scope). A word one category or a tag uses ("music" for audio, "film" in "film
  // scanner") stays a shared topic: "play some music" is still no product question.
  const sortedBy = new Set<string>();
  for (const list of [store.departmentWords ?? [], store.attributeValues]) {
    for (const p of list) if (!p.includes(' ')) sortedBy.add(stemmed(p));
  }
  for (const w of additions.outOfScopeWords) {
    if (w.includes(' ') || !sortedBy.has(stemmed(w))) continue;
    add(STORE_NOUN, w);
    // Its catalog concept: the weaker ITEM signal, as a category word gives.
    catalog('ITEM', w);
  }
  // A synonym key is the customers' word for what its catalog words name ("zelt", "roomba"): a
  // key the lexicon does not read yet takes the object concept of its targets, PRODUCT before
  // ITEM. A key it reads already keeps what the file says ("cancellation" is a return word);
  // one whose targets are qualities ("cheap" is budget) or needs stays to search.
  const known = new Set<string>();
  for (const set of out.values()) for (const w of set) known.add(stemmed(w));
  const stemmedIn = (concept: string) => new Set([...(out.get(concept) ?? [])].map(stemmed));
  const objects = [stemmedIn('PRODUCT'), stemmedIn('ITEM')] as const;
  for (const [key, targets] of additions.synonyms) {
    if (known.has(stemmed(key)) || wordsOf(key).every((w) => isEnglishWord(w, undefined, stem))) continue;
    if (objects.some((set) => targets.some((t) => set.has(stemmed(t))))) add('PRODUCT', key);
  }
  return new Map([...out].map(([k, v]) => [k, [...v]]));
}

/** The repository's skills/vocabulary.yaml without a catalog (tests and tools that train on bare examples). */
let cached: ConceptLexicon | null = null;
export function defaultConceptLexicon(): ConceptLexicon {
  if (cached) return cached;
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../skills/vocabulary.yaml');
  const { additions } = parseVocabulary(file, parse(readFileSync(file, 'utf8')) as unknown);
  cached = conceptLexicon({ store: EMPTY_STORE_VOCABULARY, additions });
  return cached;
}
