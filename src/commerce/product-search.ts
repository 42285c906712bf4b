import type { Product, ProductHit, ProductQuery } from '../core/commerce.js';
import { TEXT_BUDGET, analysisWindow } from '../core/text-budget.js';
import type { CategoryInfo } from './store-types.js';
import { parsePriceRange, withoutPrice, type PriceRange } from './price-phrases.js';
import { SEARCH_STOPWORDS, SYNONYMS, TRANSLATIONS } from './search-lexicon.js';
import { editDistance, fold, stem, words } from './text-terms.js';

// Where a word appears says how much it tells about the product: the name most, the blurb least.
const WEIGHT = { name: 3, tag: 2.5, trueAttribute: 2, category: 1.5, attributeValue: 1.2, description: 0.8, attributeKey: 0.4 } as const;
const MATCH = { exact: 1, prefix: 0.7, fuzzy: 0.6 } as const;
const SYNONYM_WEIGHT = 0.85;
const OUT_OF_STOCK_FACTOR = 0.8;
const DEFAULT_LIMIT = 5;
const MAX_LIMIT = 20;

interface IndexedProduct {
  product: Product;
  /** stem -> best field weight. */
  terms: Map<string, number>;
  /** Stems of attributes that are explicitly false ("noise_cancelling: false"): never a match. */
  negated: Set<string>;
}

interface Alternative {
  /** All must match for full credit ("air fryer" must not be satisfied by "air" alone). */
  stems: string[];
  /** The catalog-side word reported in `matched`. */
  word: string;
  weight: number;
}

interface Slot {
  word: string;
  alternatives: Alternative[];
}

export interface ProductSearch {
  search(query: ProductQuery): ProductHit[];
  /** The category id a free-text category ("Audio", "kitchen", "computers_tablets") refers to. */
  resolveCategory(text: string): string | null;
}

const SKU_IN_TEXT = /\b([a-z]{2,5})[-_ ]?(\d{3,6})\b/g;
const SKU_SCORE = 1000;
const EMPTY: ReadonlyMap<string, number> = new Map();

const PHRASES = [...SYNONYMS.keys(), ...TRANSLATIONS.keys()].filter((k) => k.includes(' '));

function addTerms(into: Map<string, number>, text: string, weight: number): void {
  for (const w of words(text)) {
    const s = stem(w);
    if ((into.get(s) ?? 0) < weight) into.set(s, weight);
  }
}

function indexProduct(p: Product, category: CategoryInfo | undefined): IndexedProduct {
  const terms = new Map<string, number>();
  const negated = new Set<string>();
  addTerms(terms, p.description, WEIGHT.description);
  addTerms(terms, p.category.replace(/_/g, ' '), WEIGHT.category);
  if (category) {
    addTerms(terms, category.label, WEIGHT.category);
    for (const w of category.words) addTerms(terms, w, WEIGHT.category);
  }
  for (const [key, value] of Object.entries(p.attributes)) {
    const keyText = key.replace(/_/g, ' ');
    if (value === true) addTerms(terms, keyText, WEIGHT.trueAttribute);
    else if (value === false) for (const w of words(keyText)) negated.add(stem(w));
    else {
      addTerms(terms, keyText, WEIGHT.attributeKey);
      addTerms(terms, String(value), WEIGHT.attributeValue);
    }
  }
  for (const tag of p.tags) addTerms(terms, tag, WEIGHT.tag);
  addTerms(terms, p.name, WEIGHT.name);
  for (const s of negated) terms.delete(s);
  return { product: p, terms, negated };
}

function alternative(text: string, weight: number): Alternative {
  return { stems: words(text).map(stem), word: text, weight };
}

function slotsOf(text: string): Slot[] {
  let folded = ` ${fold(text).replace(/['’]/g, '')} `;
  const slots: Slot[] = [];
  // Multi-word synonyms first ("high end", "pas cher"), so their words are not read one by one.
  for (const phrase of PHRASES) {
    const at = folded.indexOf(` ${phrase} `);
    if (at < 0) continue;
    const replacement = TRANSLATIONS.get(phrase) ?? SYNONYMS.get(phrase) ?? [];
    slots.push({ word: phrase, alternatives: replacement.map((r) => alternative(r, 1)) });
    folded = `${folded.slice(0, at)} ${folded.slice(at + phrase.length + 1)}`;
  }
  const seen = new Set<string>();
  for (let w of words(folded)) {
    // Short bare numbers ("a 10 year old", "2 of them") say little about which product it is.
    if (SEARCH_STOPWORDS.has(w) || w.length < 2 || /^\d{1,2}$/.test(w) || seen.has(w)) continue;
    // The work budget: a query has at most TEXT_BUDGET.queryWords words (slots).
    if (slots.length >= TEXT_BUDGET.queryWords) break;
    // A "word" longer than any real one is a name, a code or noise: its start is enough.
    if (w.length > TEXT_BUDGET.tokenChars) w = w.slice(0, TEXT_BUDGET.tokenChars);
    seen.add(w);
    const translated = TRANSLATIONS.get(w);
    if (translated) {
      slots.push({ word: w, alternatives: translated.map((r) => alternative(r, 1)) });
      continue;
    }
    const alternatives: Alternative[] = [alternative(w, 1), ...(SYNONYMS.get(w) ?? []).map((syn) => alternative(syn, SYNONYM_WEIGHT))];
    slots.push({ word: w, alternatives });
  }
  return slots;
}

function describePrice(min: number | undefined, max: number | undefined): string | null {
  if (min !== undefined && max !== undefined) return `$${min}–$${max}`;
  if (max !== undefined) return `under $${max}`;
  if (min !== undefined) return `over $${min}`;
  return null;
}

/**
 * Local product ranking: every query word (after filler words are dropped and
 * synonyms/translations added) is matched exactly, by prefix or with one typo against
 * the words of each product, weighted by where it appears and how rare it is in the
 * catalog; products matching more of the query rank first. Budget phrases in the text
 * ("under 80") become price filters. Hits carry the words that matched.
 */
export function createProductSearch(products: readonly Product[], categories: readonly CategoryInfo[]): ProductSearch {
  const byCategory = new Map(categories.map((c) => [c.id, c]));
  const bySku = new Map(products.map((p) => [p.sku, p]));
  const index = products.map((p) => indexProduct(p, byCategory.get(p.category)));
  const df = new Map<string, number>();
  for (const ip of index) for (const t of ip.terms.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const vocabulary = [...df.keys()];
  const n = Math.max(1, index.length);
  const idf = (t: string): number => Math.log(1 + n / (df.get(t) ?? n));

  // expand() scans the whole vocabulary (prefixes, edit distance); the catalog is fixed for
  // this index, so a stem's matches are computed once. Callers never mutate the returned map.
  const expanded = new Map<string, ReadonlyMap<string, number>>();
  function expand(q: string): ReadonlyMap<string, number> {
    let found = expanded.get(q);
    if (!found) {
      if (expanded.size >= 5000) expanded.clear();
      found = expandUncached(q);
      expanded.set(q, found);
    }
    return found;
  }

  /** Vocabulary words one query stem matches, with how well. */
  function expandUncached(q: string): Map<string, number> {
    const found = new Map<string, number>();
    if (df.has(q)) found.set(q, MATCH.exact);
    for (const t of vocabulary) {
      if (t === q) continue;
      if ((q.length >= 3 && t.startsWith(q)) || (/^\d+$/.test(q) && t.startsWith(`${q}.`)) || (t.length >= 4 && q.startsWith(t) && q.length - t.length <= 2)) {
        found.set(t, Math.max(found.get(t) ?? 0, MATCH.prefix));
      } else if (!df.has(q) && q.length >= 5 && !/\d/.test(q) && editDistance(q, t, q.length >= 8 ? 2 : 1) <= (q.length >= 8 ? 2 : 1)) {
        found.set(t, Math.max(found.get(t) ?? 0, MATCH.fuzzy));
      }
    }
    return found;
  }

  function resolveCategory(text: string): string | null {
    const f = fold(text).trim();
    if (!f) return null;
    const key = f.replace(/[^a-z0-9]+/g, '_').replace(/^_+|(?<!_)_+$/g, '');
    for (const c of categories) if (c.id === key || fold(c.label) === f) return c.id;
    const stems = words(f).map(stem);
    for (const c of categories) {
      const own = new Set([...words(c.id.replace(/_/g, ' ')), ...words(c.label), ...c.words.flatMap(words)].map(stem));
      if (stems.length > 0 && stems.every((s) => own.has(s) || SEARCH_STOPWORDS.has(s))) return c.id;
    }
    return null;
  }

  function search(query: ProductQuery): ProductHit[] {
    const limit = Math.min(MAX_LIMIT, Math.max(1, Math.floor(query.limit ?? DEFAULT_LIMIT)));
    // The work budget (src/core/text-budget.ts): the first characters of the text are read.
    const rawText = analysisWindow(query.text ?? '');
    const textRange: PriceRange | null = query.maxPrice === undefined && query.minPrice === undefined ? parsePriceRange(rawText) : null;
    const maxPrice = query.maxPrice ?? textRange?.max;
    const minPrice = query.minPrice ?? textRange?.min;
    let category: string | null = null;
    if (query.category !== undefined && query.category.trim() !== '') {
      category = resolveCategory(query.category);
      // An unknown category matches nothing rather than silently searching everything.
      if (!category) return [];
    }

    // SKUs named in the text are exact hits, ahead of any word match.
    const skuHits: ProductHit[] = [];
    let text = withoutPrice(analysisWindow(rawText), textRange);
    text = fold(text).replace(SKU_IN_TEXT, (whole, letters: string, digits: string) => {
      const p = bySku.get(`${letters}-${digits}`.toUpperCase());
      if (!p) return whole;
      if (!skuHits.some((h) => h.product.sku === p.sku)) skuHits.push({ product: p, score: SKU_SCORE, matched: [p.sku] });
      return ' ';
    });

    // Matching a stem scans the whole vocabulary (prefixes, typos):
    // the first TEXT_BUDGET.vocabularyScans stems of a query get it, the rest match exactly,
    // so a query of hundreds of unknown words costs a bounded number of scans (issue 14).
    let scans = 0;
    const match = (stem: string): ReadonlyMap<string, number> => {
      if (scans >= TEXT_BUDGET.vocabularyScans) return df.has(stem) ? new Map([[stem, MATCH.exact]]) : EMPTY;
      scans++;
      return expand(stem);
    };
    const slots = slotsOf(text)
      .map((s) => ({ slot: s, expansions: s.alternatives.map((a) => ({ alt: a, matches: a.stems.map(match) })) }))
      .filter((s) => s.expansions.some((e) => e.matches.some((m) => m.size > 0)));

    const priceNote = describePrice(minPrice, maxPrice);
    const filters: string[] = [];
    if (priceNote) filters.push(priceNote);
    if (category) filters.push(`category ${category}`);

    const candidates = index.filter(
      (ip) =>
        (category === null || ip.product.category === category) &&
        (maxPrice === undefined || ip.product.price <= maxPrice) &&
        (minPrice === undefined || ip.product.price >= minPrice),
    );

    const hasWords = words(text).some((w) => !SEARCH_STOPWORDS.has(w));
    if (skuHits.length > 0 && slots.length === 0) return skuHits.slice(0, limit);
    if (slots.length === 0) {
      // Words that match nothing in the catalog ("a gift for a unicorn"): say so with no hits,
      // unless a filter alone still narrows the catalog ("something under $30").
      if (hasWords && filters.length === 0) return [];
      return candidates
        .map((ip) => ({ product: ip.product, score: (ip.product.rating ?? 3) / 5 * (ip.product.inStock ? 1 : OUT_OF_STOCK_FACTOR), matched: [...filters] }))
        .sort((a, b) => b.score - a.score || a.product.price - b.product.price)
        .slice(0, limit);
    }

    const hits: ProductHit[] = [...skuHits];
    for (const ip of candidates) {
      if (skuHits.some((h) => h.product.sku === ip.product.sku)) continue;
      let sum = 0;
      let covered = 0;
      const matched: string[] = [];
      for (const { slot, expansions } of slots) {
        let best = 0;
        let bestWord = '';
        for (const { alt, matches } of expansions) {
          // A phrase scores the mean of its words' best matches, so a half match counts half.
          let phrase = 0;
          for (const perStem of matches) {
            let bestStem = 0;
            for (const [term, quality] of perStem) {
              const field = ip.terms.get(term);
              if (field !== undefined) bestStem = Math.max(bestStem, field * quality * idf(term));
            }
            phrase += bestStem;
          }
          const v = (phrase / Math.max(1, matches.length)) * alt.weight;
          if (v > best) {
            best = v;
            bestWord = alt.word;
          }
        }
        if (best > 0) {
          sum += best;
          covered++;
          if (!matched.includes(bestWord)) matched.push(bestWord);
        }
      }
      if (covered === 0) continue;
      const coverage = covered / slots.length;
      const quality = 1 + ((ip.product.rating ?? 3) - 3) * 0.05;
      const score = sum * coverage * coverage * quality * (ip.product.inStock ? 1 : OUT_OF_STOCK_FACTOR);
      hits.push({ product: ip.product, score: Math.round(score * 1000) / 1000, matched: [...matched, ...filters] });
    }
    return hits.sort((a, b) => b.score - a.score || a.product.price - b.product.price).slice(0, limit);
  }

  return { search, resolveCategory };
}
