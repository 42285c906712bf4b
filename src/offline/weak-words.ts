import type { Commerce } from '../core/commerce.js';
import { words } from '../commerce/text-terms.js';
import { defaultRouterLanguage } from '../router/router-language.js';

/**
 * Words of product names that say nothing about which item a customer means: the locale
 * packs' stopwords ("the", "with", "für"), and the catalog's own modifiers, computed when the
 * catalog loads so it works for any store. A word in the names of two or more categories, but
 * few names in each (MAX_NAMES_PER_CATEGORY on average), is a variant or a maker: "pro" in a
 * vacuum's, a laptop's, an earbud's and a shaver's name; "set", "mini", "pack". A kind of
 * thing names several products where it occurs ("camera": five names in three categories).
 * Units are recognised by shape (a short word after a number: "6 Qt", "128 GB"; digits run
 * into letters: "35mm"), whatever their language.
 */
export interface WeakWords {
  has(word: string): boolean;
}

interface CatalogProducts {
  products(): ReadonlyArray<{ name: string; category: string }>;
}

/** A word of product names in this many categories... */
const MIN_CATEGORIES = 2;
/** ...with at most this many names per category on average is a modifier. */
const MAX_NAMES_PER_CATEGORY = 1.5;
/** Categories counted per word (the average needs no more: the sets stay small at any catalog size). */
const MAX_CATEGORIES_COUNTED = 64;
/** A word after a number of at most this many letters is its unit ("qt", "gb", "ml"). */
const MAX_UNIT_LETTERS = 3;

const NUMBER = /^\d+(?:\.\d+)?$/;
const NUMBER_WITH_UNIT = /^\d+(?:\.\d+)?[a-z]{1,3}$/;

/** The weak words of a catalog's product names, and `stopwords`. */
export function weakWordsFrom(products: ReadonlyArray<{ name: string; category: string }>, stopwords: ReadonlySet<string>): WeakWords {
  const categories = new Map<string, Set<string>>();
  const names = new Map<string, number>();
  for (const p of products) {
    for (const w of new Set(words(p.name))) {
      if (NUMBER.test(w)) continue;
      let cats = categories.get(w);
      if (cats === undefined) categories.set(w, (cats = new Set()));
      if (cats.size < MAX_CATEGORIES_COUNTED) cats.add(p.category);
      names.set(w, (names.get(w) ?? 0) + 1);
    }
  }
  const catalog = new Set<string>();
  for (const [w, cats] of categories) if (cats.size >= MIN_CATEGORIES && names.get(w)! <= cats.size * MAX_NAMES_PER_CATEGORY) catalog.add(w);
  return { has: (w) => stopwords.has(w) || catalog.has(w) };
}

const NO_CATALOG: ReadonlyArray<{ name: string; category: string }> = [];
/** Per set of stopwords (the app's packs'), per catalog. */
const byStopwords = new WeakMap<ReadonlySet<string>, WeakMap<object, WeakWords>>();

function hasProducts(c: Commerce): c is Commerce & CatalogProducts {
  return typeof (c as Partial<CatalogProducts>).products === 'function';
}

/**
 * The weak words of the store's catalog as it is now (computed once per catalog: a reload gives a
 * new product list), with the packs' stopwords (OfflineTurn `words.stopwords`; the repository's by default).
 */
export function weakWordsOf(commerce: Commerce, stopwords: ReadonlySet<string> = defaultRouterLanguage().stopwords): WeakWords {
  const products = hasProducts(commerce) ? commerce.products() : NO_CATALOG;
  let byCatalog = byStopwords.get(stopwords);
  if (byCatalog === undefined) byStopwords.set(stopwords, (byCatalog = new WeakMap()));
  let weak = byCatalog.get(products);
  if (weak === undefined) byCatalog.set(products, (weak = weakWordsFrom(products, stopwords)));
  return weak;
}

/** The words of a name or message that may tell an item apart: no weak word, no number, no unit. */
export function strongWords(text: string, weak: WeakWords): string[] {
  const all = words(text);
  const out: string[] = [];
  for (let i = 0; i < all.length; i++) {
    const w = all[i]!;
    if (weak.has(w) || NUMBER.test(w) || NUMBER_WITH_UNIT.test(w)) continue;
    if (i > 0 && w.length <= MAX_UNIT_LETTERS && NUMBER.test(all[i - 1]!) && /^[a-z]+$/.test(w)) continue;
    out.push(w);
  }
  return out;
}
