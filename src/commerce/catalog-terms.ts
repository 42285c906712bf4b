import type { Product } from '../core/commerce.js';
import type { CategoryInfo } from './store-types.js';
import type { Stemmer } from '../locale/stemmer.js';
import { stem as repositoryStem, words } from './text-terms.js';

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
/** Starts with a digit (an ASCII one, as `words()` yields), or is a signed number ("-10", signedWords). */
const isNumber = (w: string): boolean => {
  const c = w.charCodeAt(w.charCodeAt(0) === 45 ? 1 : 0);
  return c >= 48 && c <= 57;
};

/** Catalog terms built one product at a time, so a caller that already split a product's texts shares the work. */
export interface CatalogTermsBuilder {
  /**
   * The next product in catalog order, with `words()` of its name and of its description; the
   * stem of each of those words is written into `nameStems` / `descriptionStems` when given (the
   * caller's index reads them, without a second lookup per word).
   */
  add(p: Product, nameWords: readonly string[], descriptionWords: readonly string[], nameStems?: string[], descriptionStems?: string[]): void;
  finish(): CatalogTerms;
}

/** Per stem, everything the catalog's terms count about it (one record: one lookup per word). */
interface StemUses {
  total: number;
  afterNumber: number;
  /** Products that carry it in their name or tags, and the last product counted. */
  productWords: number;
  productWordAt: number;
  /** Products that name an attribute with it, and the last product counted. */
  attributeUses: number;
  attributeAt: number;
  /** Already added to typeWords / standalone (each add is then skipped). */
  typeWord: boolean;
  standalone: boolean;
  /** The forms it is written in, up to 8, in the order first met. */
  forms: Set<string>;
}

/** What is known of one written word: its stem, the stem's uses, and whether it was already offered as a form. */
interface WordInfo {
  stem: string;
  number: boolean;
  uses: StemUses;
  formSeen: boolean;
}

/**
 * Unit words and product-type words of a catalog. A unit is learnt from the catalog's text:
 * "13-inch laptop", "screen: 13.3 in", "128 GB" — a word that mostly follows a number — so a
 * camera shop's "mm" and "iso" are found the same way as a kitchen shop's "W" and "L".
 */
export function catalogTerms(products: readonly Product[], categories: readonly CategoryInfo[], stem: Stemmer = repositoryStem): CatalogTerms {
  const builder = catalogTermsBuilder(categories, stem);
  for (const p of products) builder.add(p, words(p.name), words(p.description));
  return builder.finish();
}

/** `stem`: product search's stemmer (its SearchLanguage's); the repository packs' by default. */
export function catalogTermsBuilder(categories: readonly CategoryInfo[], stem: Stemmer = repositoryStem): CatalogTermsBuilder {
  const typeWords = new Set<string>();
  const standalone = new Set<string>();
  /** Per stem: its uses in the catalog's texts, how many follow a number, the forms it is written in (up to 8). */
  const uses = new Map<string, StemUses>();
  /** Stems that follow a number somewhere, in the order first seen doing so. */
  const afterNumberOrder: string[] = [];
  /** Stems used in an attribute name, in the order first seen so. */
  const attributeOrder: string[] = [];
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
  // One lookup per written word for its stem and its stem's counts (a catalog's words repeat).
  const infos = new Map<string, WordInfo>();
  const infoOf = (w: string): WordInfo => {
    let info = infos.get(w);
    if (info === undefined) {
      if (infos.size >= 200_000) infos.clear();
      const s = stem(w);
      let u = uses.get(s);
      if (!u) uses.set(s, (u = { total: 0, afterNumber: 0, productWords: 0, productWordAt: -1, attributeUses: 0, attributeAt: -1, typeWord: false, standalone: false, forms: new Set<string>() }));
      infos.set(w, (info = { stem: s, number: isNumber(w), uses: u, formSeen: false }));
    }
    return info;
  };
  // Every text of the catalog (names, descriptions, attribute values) counted where it occurs:
  // how often each stem follows a number, of all its uses, and the forms it is written in.
  const countText = (ws: readonly string[], stems?: string[]) => {
    let afterNumber = false;
    if (stems) stems.length = 0;
    for (let i = 0; i < ws.length; i++) {
      const w = ws[i]!;
      const info = infoOf(w);
      stems?.push(info.stem);
      const follows = afterNumber;
      afterNumber = info.number;
      if (info.number) continue;
      const u = info.uses;
      u.total++;
      if (follows && u.afterNumber++ === 0) afterNumberOrder.push(info.stem);
      // A word's first use is the only one that can add it as a form (the set only grows).
      if (!info.formSeen) {
        info.formSeen = true;
        if (u.forms.size < 8) u.forms.add(w);
      }
    }
  };
  for (const c of categories) {
    for (const w of [...words(c.id.replace(/_/g, ' ')), ...words(c.label), ...c.words.flatMap((x) => words(x))]) {
      typeWords.add(stem(w));
      standalone.add(stem(w));
      categoryWords.add(stem(w));
    }
  }
  // Attribute names repeat across a catalog, and JSON keys are interned: each key is split once.
  const keyWords = new Map<string, readonly WordInfo[]>();
  const keyWordsOf = (k: string): readonly WordInfo[] => {
    let found = keyWords.get(k);
    if (!found) {
      if (keyWords.size >= 100_000) keyWords.clear();
      keyWords.set(k, (found = words(k.replace(/_/g, ' ')).map(infoOf)));
    }
    return found;
  };
  // Counted once per product: each stem remembers the last product that counted it.
  const countProductWord = (u: StemUses, i: number) => {
    if (u.productWordAt === i) return;
    u.productWordAt = i;
    u.productWords++;
  };
  let next = 0;
  const add = (p: Product, nameWords: readonly string[], descriptionWords: readonly string[], nameStems?: string[], descriptionStems?: string[]): void => {
    const i = next++;
    for (const w of nameWords) {
      const info = infoOf(w);
      if (info.number) continue;
      if (!info.uses.typeWord) {
        info.uses.typeWord = true;
        typeWords.add(info.stem);
      }
      countProductWord(info.uses, i);
    }
    for (const t of p.tags) {
      const ws = wordsOnce(t);
      // A tag of its own ("shelf", "hiking"), not a number with its unit ("4k").
      const own = !ws.some(isNumber);
      for (const w of ws) {
        const info = infoOf(w);
        if (own && !info.uses.standalone) {
          info.uses.standalone = true;
          standalone.add(info.stem);
        }
        if (!info.number) countProductWord(info.uses, i);
      }
    }
    countText(nameWords, nameStems);
    countText(descriptionWords, descriptionStems);
    for (const [k, v] of Object.entries(p.attributes)) {
      if (typeof v === 'boolean') continue;
      countText(wordsOnce(String(v)));
      for (const info of keyWordsOf(k)) {
        const u = info.uses;
        if (u.attributeAt === i) continue;
        u.attributeAt = i;
        if (u.attributeUses++ === 0) attributeOrder.push(info.stem);
      }
    }
  };
  const finish = (): CatalogTerms => {
    const units = new Set<string>();
    const unitWords = new Set<string>();
    for (const s of afterNumberOrder) {
      const u = uses.get(s)!;
      if (standalone.has(s) || u.afterNumber / u.total < UNIT_SHARE) continue;
      units.add(s);
      unitWords.add(s);
      for (const w of u.forms) unitWords.add(w);
    }
    for (const u of units) typeWords.delete(u);
    // An attribute name is what the catalog uses the word for when more products name an
    // attribute with it ("power: 600 W" on a dozen appliances) than carry it in their name or
    // tags (one "Power Bank"): alone it is no product, and no product-type word. A category word
    // always names a kind of product.
    const attributeNames = new Set<string>();
    for (const s of attributeOrder) {
      const u = uses.get(s)!;
      if (!categoryWords.has(s) && u.attributeUses > u.productWords) attributeNames.add(s);
    }
    for (const s of attributeNames) typeWords.delete(s);
    return { typeWords, units, unitWords, attributeNames };
  };
  return { add, finish };
}
