/**
 * Domain vocabulary as data: what the router and product search know about the store's
 * trade comes from the store's catalog and from skills/vocabulary.yaml, never from code.
 */

/** Words derived from the store's catalog at load time. All lower case. */
export interface StoreVocabulary {
  /** Category ids, labels and the shopper words of each category, as phrases. */
  categoryPhrases: readonly string[];
  /** The category labels alone ("Film", "Kitchen appliances"): what the store says it sells. */
  categoryLabels: readonly string[];
  /** The parts of compound labels ("Bags & Panniers" -> "bags", "panniers"); absent or empty when none. */
  categoryLabelParts?: readonly string[];
  /**
   * Shopper words that several categories share ("dog" in "Dog Food", "Dog Toys" and "Collars &
   * Leads" of a pet shop): the departments the store is sorted by. Absent or empty when none.
   */
  departmentWords?: readonly string[];
  /** Product names as phrases ("quietblend 600 blender"). */
  productNames: readonly string[];
  /**
   * The same names without what tells a product's variants apart (" - Long", " (Men's)"):
   * "aurora 10 down sleeping bag" names a sleeping bag, not something "long".
   */
  productCores: readonly string[];
  /** Brand phrases: the leading word(s) shared by several product names, or a `brand` attribute. */
  brands: readonly string[];
  /** Tags of every product. */
  tags: readonly string[];
  /** Attribute names ("noise level") and textual attribute values ("stainless steel"). */
  attributeNames: readonly string[];
  attributeValues: readonly string[];
  /**
   * Shapes of the store's SKUs ("a3-d4" = three letters, an optional dash, four digits), so a
   * catalogue code in a message is recognised whatever the store's format.
   */
  skuShapes: readonly string[];
  /**
   * The store's own name as a phrase (folded), from its StoreInfo: a message naming it asks
   * about the company, not a product, even where the catalog uses it as a house brand. Absent or
   * empty when the Commerce has no name.
   */
  storeNames?: readonly string[];
  /** Every single word of the above, with how many products (or categories) use it. */
  words: ReadonlyMap<string, number>;
}

/** Per-deployment additions from skills/vocabulary.yaml (all languages merged). */
export interface VocabularyAdditions {
  /**
   * word -> catalog words it stands for (search expands it; the router reads a key whose catalog
   * words name something sold as a product word: src/router/concept-lexicon.ts).
   */
  synonyms: ReadonlyMap<string, readonly string[]>;
  /** Extra words (or phrases) that name something the store sells. */
  productWords: readonly string[];
  /** Words (or phrases) that mean a message is not about the store. */
  outOfScopeWords: readonly string[];
  /** concept name (lower case) -> words and phrases that mean it (support intents: return, warranty, ...). */
  concepts: ReadonlyMap<string, readonly string[]>;
}

export interface DomainVocabulary {
  store: StoreVocabulary;
  additions: VocabularyAdditions;
  /**
   * The locale packs' Snowball stemmers as the store's last (re)load read them (language ->
   * stemmer; src/locale/language-stemmers.ts): the router's key reader takes these over the ones
   * it started with, so an edited pack's `stemming: snowball` is live. Absent: the router's own.
   */
  languageStems?: ReadonlyMap<string, (word: string) => string>;
}

export const EMPTY_STORE_VOCABULARY: StoreVocabulary = {
  categoryPhrases: [],
  categoryLabels: [],
  productNames: [],
  productCores: [],
  brands: [],
  tags: [],
  attributeNames: [],
  attributeValues: [],
  skuShapes: [],
  words: new Map(),
};

export const EMPTY_ADDITIONS: VocabularyAdditions = { synonyms: new Map(), productWords: [], outOfScopeWords: [], concepts: new Map() };
