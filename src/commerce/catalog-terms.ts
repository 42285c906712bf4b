import type { Product } from '../core/commerce.js';
import type { CategoryInfo } from './store-types.js';
import { stem, words } from './text-terms.js';

/** What the catalog's own text says about its words (derived at load time, never listed in code). */
export interface CatalogTerms {
  /** Stems of words that name kinds of product: words of product names and of categories (ids, labels, shopper words). */
  typeWords: ReadonlySet<string>;
  /** Stems of unit words ("inch", "gb", "mah"): words that follow a number in the catalog and never stand alone as a tag or category word. */
  units: ReadonlySet<string>;
  /** The same units as written and as stems, for reading "55 inch" or "2 kg" as a size, not a price. */
  unitWords: ReadonlySet<string>;
  /** Stems the catalog uses as attribute names ("screen", "weight", "power": more products name an attribute with them than carry them in their name or tags; never a category word): alone, not a product. */
  attributeNames: ReadonlySet<string>;
}

/** Share of a word's occurrences that must follow a number for it to be a unit. */
const UNIT_SHARE = 0.6;
const isNumber = (w: string): boolean => /^\d/.test(w);

/** Catalog terms built one product at a time, so a caller that already split a product's texts shares the work. */
export interface CatalogTermsBuilder {
  /** The next product in catalog order, with `words()` of its name and of its description. */
  add(p: Product, nameWords: readonly string[], descriptionWords: readonly string[]): void;
  finish(): CatalogTerms;
}

/**
 * Unit words and product-type words of a catalog. A unit is learnt from the catalog's text:
 * "13-inch laptop", "screen: 13.3 in", "128 GB" — a word that mostly follows a number — so a
 * camera shop's "mm" and "iso" are found the same way as a kitchen shop's "W" and "L".
 */
export function catalogTerms(products: readonly Product[], categories: readonly CategoryInfo[]): CatalogTerms {
  const builder = catalogTermsBuilder(categories);
  for (const p of products) builder.add(p, words(p.name), words(p.description));
  return builder.finish();
}

/** `stemOf`: the stemmer to use (a caching one may be shared with the caller; `stem` is pure). */
export function catalogTermsBuilder(categories: readonly CategoryInfo[], stemOf?: (word: string) => string): CatalogTermsBuilder {
  const typeWords = new Set<string>();
  const standalone = new Set<string>();
  const afterNumber = new Map<string, number>();
  const total = new Map<string, number>();
  const raw = new Map<string, Set<string>>();
  /** Per stem: how many products use it in an attribute name, and how many in their name or tags. */
  const asAttribute = new Map<string, number>();
  const asProductWord = new Map<string, number>();
  const categoryWords = new Set<string>();
  // Attribute values repeat across a catalog ("600 W", "stainless steel"): each text is split once.
  const split = new Map<string, string[]>();
  const wordsOnce = (text: string): string[] => {
    if (text.length > 60) return words(text);
    let ws = split.get(text);
    if (!ws) {
      if (split.size >= 100_000) split.clear();
      split.set(text, (ws = words(text)));
    }
    return ws;
  };
  const stems = new Map<string, string>();
  const stemOnce =
    stemOf ??
    ((w: string): string => {
      let s = stems.get(w);
      if (s === undefined) {
        if (stems.size >= 100_000) stems.clear();
        stems.set(w, (s = stem(w)));
      }
      return s;
    });
  // Every text of the catalog (names, descriptions, attribute values) counted where it occurs:
  // how often each stem follows a number, of all its uses, and the forms it is written in.
  const countText = (ws: readonly string[]) => {
    for (let i = 0; i < ws.length; i++) {
      const w = ws[i]!;
      if (isNumber(w)) continue;
      const s = stemOnce(w);
      total.set(s, (total.get(s) ?? 0) + 1);
      if (i > 0 && isNumber(ws[i - 1]!)) afterNumber.set(s, (afterNumber.get(s) ?? 0) + 1);
      let forms = raw.get(s);
      if (!forms) raw.set(s, (forms = new Set<string>()));
      if (forms.size < 8) forms.add(w);
    }
  };
  for (const c of categories) {
    for (const w of [...words(c.id.replace(/_/g, ' ')), ...words(c.label), ...c.words.flatMap((x) => words(x))]) {
      typeWords.add(stem(w));
      standalone.add(stem(w));
      categoryWords.add(stem(w));
    }
  }
  // Counted once per product: the last product that counted each stem.
  const productWordAt = new Map<string, number>();
  const attributeAt = new Map<string, number>();
  const countIn = (counts: Map<string, number>, at: Map<string, number>, s: string, i: number) => {
    if (at.get(s) === i) return;
    at.set(s, i);
    counts.set(s, (counts.get(s) ?? 0) + 1);
  };
  let next = 0;
  const add = (p: Product, nameWords: readonly string[], descriptionWords: readonly string[]): void => {
    const i = next++;
    for (const w of nameWords) {
      if (isNumber(w)) continue;
      typeWords.add(stemOnce(w));
      countIn(asProductWord, productWordAt, stemOnce(w), i);
    }
    for (const t of p.tags) {
      const ws = wordsOnce(t);
      // A tag of its own ("shelf", "hiking"), not a number with its unit ("4k").
      if (!ws.some(isNumber)) for (const w of ws) standalone.add(stemOnce(w));
      for (const w of ws) if (!isNumber(w)) countIn(asProductWord, productWordAt, stemOnce(w), i);
    }
    countText(nameWords);
    countText(descriptionWords);
    for (const [k, v] of Object.entries(p.attributes)) {
      if (typeof v === 'boolean') continue;
      countText(wordsOnce(String(v)));
      for (const w of wordsOnce(k.replace(/_/g, ' '))) countIn(asAttribute, attributeAt, stemOnce(w), i);
    }
  };
  const finish = (): CatalogTerms => {
    const units = new Set<string>();
    const unitWords = new Set<string>();
    for (const [s, after] of afterNumber) {
      if (standalone.has(s) || after / (total.get(s) ?? after) < UNIT_SHARE) continue;
      units.add(s);
      unitWords.add(s);
      for (const w of raw.get(s) ?? []) unitWords.add(w);
    }
    for (const u of units) typeWords.delete(u);
    // An attribute name is what the catalog uses the word for when more products name an
    // attribute with it ("power: 600 W" on a dozen appliances) than carry it in their name or
    // tags (one "Power Bank"): alone it is no product, and no product-type word. A category word
    // always names a kind of product.
    const attributeNames = new Set<string>();
    for (const [s, n] of asAttribute) {
      if (!categoryWords.has(s) && n > (asProductWord.get(s) ?? 0)) attributeNames.add(s);
    }
    for (const s of attributeNames) typeWords.delete(s);
    return { typeWords, units, unitWords, attributeNames };
  };
  return { add, finish };
}
