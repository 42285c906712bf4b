import { ownValue } from '../core/own-keys.js';
import type { StoreVocabulary } from '../core/vocabulary.js';
import { repositoryBrandAttributes } from '../locale/search-section.js';

/** The catalog as the vocabulary needs it (StoreCommerce's categoryInfo() and products()). */
export interface CatalogForVocabulary {
  categories: ReadonlyArray<{ id: string; label: string; words: readonly string[] }>;
  products: ReadonlyArray<{
    sku?: string;
    name: string;
    category: string;
    tags: readonly string[];
    attributes: Readonly<Record<string, string | number | boolean>>;
  }>;
}

/** Caps: a catalog of 100k products keeps its vocabulary (and the router's start-up) bounded. */
const MAX_PHRASES = 50_000;
const MAX_PHRASE_CHARS = 80;

const MAX_SKU_SHAPES = 20;

/**
 * "KIT-1006" -> "a3-d4": runs of letters (a) and digits (d) with their lengths, dashes kept.
 * Only codes with both letters and digits, of at most eight runs, count: "12345" or a
 * free-text handle is no code a shopper would type.
 */
export function skuShape(sku: string): string | null {
  const runs = sku.toLowerCase().match(/[a-z]+|\d+|-/g);
  if (!runs || runs.length > 8 || runs.join('') !== sku.toLowerCase()) return null;
  const shape = runs.map((r) => (r === '-' ? '-' : /\d/.test(r) ? `d${r.length}` : `a${r.length}`));
  if (!shape.some((x) => x.startsWith('a')) || !shape.some((x) => x.startsWith('d'))) return null;
  return shape.join('');
}

/** A regex matching any of the shapes (dashes optional, as shoppers drop them); null when there are none. */
export function skuPattern(shapes: readonly string[]): RegExp | null {
  const alts = shapes.map((s) =>
    (s.match(/-|[ad]\d+/g) ?? []).map((part) => (part === '-' ? '-?' : part[0] === 'a' ? `[a-z]{${part.slice(1)}}` : `\\d{${part.slice(1)}}`)).join(''),
  );
  return alts.length ? new RegExp(`\\b(?:${alts.join('|')})\\b`, 'g') : null;
}

/**
 * A product name without what only tells its variants apart, as shop feeds write them
 * ("Title - Variant", "Title (Variant)"): "Aurora Down Sleeping Bag - Long" is a sleeping bag,
 * "Running Shoes (Men's)" shoes.
 */
export function productCore(name: string): string {
  let end = name.length;
  for (const sep of [' - ', ' – ', ' — ', ' (', ' [', ' / ']) {
    const at = name.indexOf(sep);
    if (at > 0 && at < end) end = at;
  }
  return name.slice(0, end);
}

/** The parts of a compound category label ("Bags & Panniers" -> Bags, Panniers); none for a simple one. */
export function labelParts(label: string): string[] {
  const parts = label.split(/[&,/+]/).map((p) => p.trim()).filter((p) => p.length > 0);
  return parts.length > 1 ? parts : [];
}

/** Lower case, accents off, words of letters and digits joined by single spaces. */
export function phraseOf(text: string): string {
  const head = text.slice(0, MAX_PHRASE_CHARS * 2);
  // Plain ASCII (most catalog text) in one pass: the same result without the Unicode regexes.
  if (isAscii(head)) return asciiPhrase(head.toLowerCase()).trim().slice(0, MAX_PHRASE_CHARS);
  return head
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[_/&+,.()\-–—:;"'!?]+/g, ' ')
    .replace(/[^\p{L}\p{N} ]+/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_PHRASE_CHARS);
}

/** Separators of words in a phrase (ASCII), by char code: each becomes a space. */
const SEPARATOR_CODES = new Uint8Array(128);
for (const ch of '_/&+,.()-:;"\'!?') SEPARATOR_CODES[ch.charCodeAt(0)] = 1;

/** Lower-case ASCII: separators and spaces become one space, letters and digits stay, anything else goes. */
function asciiPhrase(lower: string): string {
  let out = '';
  let space = false;
  // Runs of kept characters are copied as slices, not a character at a time.
  let runStart = -1;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 32;
    const keep = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    if (keep) {
      if (runStart < 0) {
        if (space && out.length > 0) out += ' ';
        space = false;
        runStart = i;
      }
      continue;
    }
    if (runStart >= 0) {
      out += lower.slice(runStart, i);
      runStart = -1;
    }
    if (c === 32 || SEPARATOR_CODES[c] === 1) space = true;
  }
  return out;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

/** Has a letter: ASCII letters found by a scan (most catalog text), anything else by the Unicode property. */
function hasLetter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) return true;
    if (c > 127) return /\p{L}/u.test(text.slice(i));
  }
  return false;
}

function wordsOf(phrase: string): string[] {
  return phrase.split(' ').filter((w) => w.length >= 2 && hasLetter(w));
}

/** phraseOf once per distinct text: tags and attribute values repeat across a catalog. */
function phraseCache(): (text: string) => string {
  const cache = new Map<string, string>();
  return (text) => {
    let p = cache.get(text);
    if (p === undefined) {
      if (cache.size >= MAX_PHRASES * 4) cache.clear();
      cache.set(text, (p = phraseOf(text)));
    }
    return p;
  };
}

class PhraseSet {
  readonly items = new Set<string>();
  constructor(private readonly phrase: (text: string) => string = phraseOf) {}
  add(text: string): void {
    if (this.items.size >= MAX_PHRASES) return;
    this.addPhrase(this.phrase(text));
  }
  /** A phrase already made by phraseOf; true when it is new in the set. */
  addPhrase(p: string): boolean {
    // Repeated texts (tags, attribute values) come back as the same phrase: the set has it already.
    if (this.items.size >= MAX_PHRASES || this.items.has(p)) return false;
    if (!p || !hasLetter(p)) return false;
    this.items.add(p);
    return true;
  }
}

/**
 * Derives the store's vocabulary from its catalog at load time: category ids, labels and
 * shopper words, product names, brands (an attribute the locale packs' `brand_attributes`
 * name, lower case: "brand", "marque"; or a first name word that several products share),
 * tags, attribute names and textual values. A word that only this catalog uses ("kayak",
 * "film") is then a product signal for the router and a search term, with no code change.
 */
export function storeVocabularyFrom(catalog: CatalogForVocabulary, brandAttributes: ReadonlySet<string> = repositoryBrandAttributes()): StoreVocabulary {
  const phrase = phraseCache();
  const categoryPhrases = new PhraseSet(phrase);
  const categoryLabels = new PhraseSet(phrase);
  const categoryLabelParts = new PhraseSet(phrase);
  const productNames = new PhraseSet();
  const productCores = new PhraseSet();
  const brands = new PhraseSet(phrase);
  const tags = new PhraseSet(phrase);
  const attributeNames = new PhraseSet(phrase);
  const attributeValues = new PhraseSet(phrase);
  // How many categories list each shopper word: one that several share names a department.
  const categoryWordCounts = new Map<string, number>();
  for (const c of catalog.categories) {
    categoryPhrases.add(c.id);
    categoryPhrases.add(c.label);
    categoryLabels.add(c.label);
    // "Bags & Panniers", "Paddles, PFDs": each part of a compound label names goods on its own.
    for (const part of labelParts(c.label)) categoryLabelParts.add(part);
    for (const w of c.words) {
      categoryPhrases.add(w);
      const folded = phrase(w);
      if (folded) categoryWordCounts.set(folded, (categoryWordCounts.get(folded) ?? 0) + 1);
    }
  }
  const departmentWords: string[] = [];
  for (const [w, n] of categoryWordCounts) if (n >= 2) departmentWords.push(w);
  const firstWords = new Map<string, number>();
  /** The words of each name phrase, in the set's order: split once, for the first word and for the word counts below. */
  const nameWords: string[][] = [];
  for (const p of catalog.products) {
    // Names are mostly unique: made once here, not kept in the cache of repeated texts.
    const name = phraseOf(p.name);
    const ws = wordsOf(name);
    if (productNames.addPhrase(name)) nameWords.push(ws);
    const core = productCore(p.name);
    productCores.addPhrase(core === p.name ? name : phraseOf(core));
    for (const t of p.tags) tags.add(t);
    const first = ws[0];
    if (first && !/\d/.test(first)) firstWords.set(first, (firstWords.get(first) ?? 0) + 1);
    // for-in: the same keys in the same order as Object.entries, without an array per product and per entry.
    const attributes = p.attributes;
    for (const k in attributes) {
      const v = ownValue(attributes, k);
      if (v === undefined) continue;
      attributeNames.add(k);
      if (typeof v !== 'string') continue;
      if (brandAttributes.has(k.toLowerCase())) brands.add(v);
      // Values with letters ("stainless steel", "merino wool"); "600 W" keeps only its unit word.
      else attributeValues.add(v);
    }
  }
  for (const [w, n] of firstWords) if (n >= 2) brands.add(w);
  const skuShapes = new Set<string>();
  for (const p of catalog.products) {
    const shape = p.sku === undefined ? null : skuShape(p.sku);
    if (shape && skuShapes.size < MAX_SKU_SHAPES) skuShapes.add(shape);
  }

  const words = new Map<string, number>();
  const countWords = (ws: readonly string[]) => {
    for (const w of new Set(ws)) words.set(w, (words.get(w) ?? 0) + 1);
  };
  const count = (set: PhraseSet) => {
    for (const p of set.items) countWords(wordsOf(p));
  };
  count(categoryPhrases);
  for (const ws of nameWords) countWords(ws);
  for (const s of [brands, tags, attributeNames, attributeValues]) count(s);
  return {
    categoryPhrases: [...categoryPhrases.items],
    categoryLabels: [...categoryLabels.items],
    categoryLabelParts: [...categoryLabelParts.items],
    departmentWords,
    productNames: [...productNames.items],
    productCores: [...productCores.items],
    brands: [...brands.items],
    tags: [...tags.items],
    attributeNames: [...attributeNames.items],
    attributeValues: [...attributeValues.items],
    skuShapes: [...skuShapes],
    words,
  };
}
