import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCatalog, loadBaseCatalog, loadCatalogWords, writeGeneratedStore } from '../../src/bench/catalog-generator.js';
import { loadStoreData } from '../../src/commerce/load-store-data.js';
import { createProductSearch, type ProductSearch } from '../../src/commerce/product-search.js';
import { categoriesCut, nextPlan, PRUNING, pruningPlan } from '../../src/commerce/search-pruning.js';
import type { SlotBound } from '../../src/commerce/term-scorer.js';
import type { ProductQuery } from '../../src/core/commerce.js';
import { shippedSearchLanguage } from './demo-fixture.js';

/**
 * Safe pruning (src/commerce/search-pruning.ts) changes nothing: on a generated catalog, search
 * with pruning (the default, and plans tried on every query, bold ones that often do not hold)
 * gives the same result as search scoring every product, for texts made of the catalog's common
 * and rare words, typos, prefixes, money and filters.
 */
const SEED = 20261206;
let dir: string;
let data: Awaited<ReturnType<typeof loadStoreData>>;
let full: ProductSearch;
const counts = { kept: 0, missed: 0 };
let variants: ProductSearch[];
let common: string[];
let rare: string[];
let generated: string[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'search-pruning-'));
  const { catalog, queries } = generateCatalog(await loadCatalogWords(), await loadBaseCatalog(), 6000);
  generated = queries;
  await writeGeneratedStore(dir, catalog, 'json');
  data = await loadStoreData(dir);
  const opts = { currency: data.info.currency, sku: data.info.identifiers.sku, language: await shippedSearchLanguage() };
  const onPruning = (kept: boolean) => (kept ? counts.kept++ : counts.missed++);
  full = createProductSearch(data.products, data.categories, { ...opts, prune: false });
  variants = [
    createProductSearch(data.products, data.categories, { ...opts, onPruning }),
    createProductSearch(data.products, data.categories, { ...opts, onPruning, prune: { minSaved: 0 } }),
    createProductSearch(data.products, data.categories, { ...opts, onPruning, prune: { minSaved: 0, boldShare: 1, cutShare: 1 } }),
    // The boldest first plan, then a cautious second one when its pool learnt too little.
    createProductSearch(data.products, data.categories, { ...opts, onPruning, prune: { minSaved: 0, boldShare: 1 } }),
  ];
  const seen = new Map<string, number>();
  for (const p of data.products) for (const w of `${p.name} ${p.tags.join(' ')}`.toLowerCase().split(/[^a-z0-9]+/)) if (w) seen.set(w, (seen.get(w) ?? 0) + 1);
  const ranked = [...seen].sort((a, b) => b[1] - a[1]).map(([w]) => w);
  common = ranked.slice(0, 40);
  rare = ranked.slice(-300);
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `arbitrary` once in `every` draws, else null. */
const sometimes = <T,>(arbitrary: fc.Arbitrary<T>, every: number): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: every - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });

const shown = (r: unknown): string => JSON.stringify(r, (k, v: { sku?: string }) => (k === 'product' ? v.sku : v));

describe('product search pruning', () => {
  it('gives the same hits, order, scores, match levels and categories as scoring every product', () => {
    const word = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...common) },
      { weight: 3, arbitrary: fc.constantFrom(...rare) },
      { weight: 1, arbitrary: fc.constantFrom(...common, ...rare).map((w) => (w.length > 4 ? w.slice(0, 2) + w.slice(3) : w.slice(0, 3))) },
      { weight: 1, arbitrary: fc.constantFrom('under 40', 'over 200', 'with', 'for', 'cm', 'W', '128', 'looking for', 'stuff, something') },
    );
    // Filters now and then: a category or a low budget often leaves the result to nearest categories and related hits.
    const query: fc.Arbitrary<ProductQuery> = fc
      .tuple(
        // The generator's shopper queries (words that go together), with random words around them, or random words alone.
        fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(...generated).map((g) => [g]) },
          { weight: 1, arbitrary: fc.tuple(fc.array(word, { maxLength: 2 }), fc.constantFrom(...generated), fc.array(word, { maxLength: 2 })).map(([a, g, b]) => [...a, g, ...b]) },
          { weight: 2, arbitrary: fc.array(word, { minLength: 1, maxLength: 8 }) },
        ),
        sometimes(fc.integer({ min: 1, max: 20 }), 2),
        sometimes(fc.integer({ min: 5, max: 2000 }), 6),
        sometimes(fc.constantFrom(...data.categories.slice(0, 20).map((c: { id: string }) => c.id)), 8),
      )
      .map(([ws, limit, maxPrice, category]) => ({ text: ws.join(' '), ...(limit === null ? {} : { limit }), ...(maxPrice === null ? {} : { maxPrice }), ...(category === null ? {} : { category }) }));
    fc.assert(
      fc.property(query, (q) => {
        const expected = shown(full.search(q));
        for (const v of variants) expect(shown(v.search(q))).toBe(expected);
      }),
      { seed: SEED, numRuns: 400 },
    );
    // Both ways were taken: plans that held and plans that did not.
    expect(counts.kept).toBeGreaterThan(100);
    expect(counts.missed).toBeGreaterThan(50);
  }, 120_000);

  it('plans from bounds only: none for one cheap slot, a cut that grows as more terms are restricted', () => {
    const slot = (restricted: number, walked: number, sum: number): SlotBound => ({ restricted, walked, sum, fit: 1 });
    expect(pruningPlan(() => [slot(100, 0, 10)], 10_000, 1.1)).toBeNull();
    // A common word (long postings, low bound) and a rare one: the common one is restricted.
    const boundsAt = (from: number): SlotBound[] => [from <= 5000 ? slot(25_000, 0, 4) : slot(0, 25_000, 0), from <= 500 ? slot(500, 0, 15) : slot(0, 500, 0)];
    const plan = pruningPlan(boundsAt, 100_000, 1.1)!;
    expect(plan.restrictFrom).toBeGreaterThan(500);
    expect(plan.restrictFrom).toBeLessThanOrEqual(5000);
    expect(plan.cut).toBeGreaterThanOrEqual(Math.round(((4 * 1.1) / 4) * 1000) / 1000);
    expect(plan.fit).toBeGreaterThanOrEqual(1);
    // After a miss that needs a lower cut than any restriction gives: no plan.
    expect(pruningPlan(boundsAt, 100_000, 1.1, undefined, { cutBelow: 0.5, fitBelow: 2, restrictFrom: plan.restrictFrom })).toBeNull();
  });

  it('tries a bold plan first, then one within what its pool learnt, else a cautious one restricting fewer terms', () => {
    const slot = (restricted: number, walked: number, sum: number): SlotBound => ({ restricted, walked, sum, fit: 1 });
    // Three slots: a common word (restricted from 5000), a middling one (from 500) and a rare one (walked at every level tried).
    const boundsAt = (from: number): SlotBound[] => [
      from <= 5000 ? slot(30_000, 0, 6) : slot(0, 30_000, 0),
      from <= 500 ? slot(3000, 0, 14) : slot(0, 3000, 0),
      from <= 50 ? slot(50, 0, 8) : slot(0, 50, 0),
    ];
    // Restricting the first two leaves out at most (6 + 14) * (2/3)² of 28: above the cautious share, within the bold one.
    const share = ((6 + 14) * (2 / 3) ** 2) / 28;
    expect(share).toBeGreaterThan(PRUNING.cutShare);
    expect(share).toBeLessThan(PRUNING.boldShare);
    const bold = pruningPlan(boundsAt, 100_000, 1.1)!;
    expect(bold.restrictFrom).toBeLessThanOrEqual(500);
    expect(pruningPlan(boundsAt, 100_000, 1.1, PRUNING, undefined, PRUNING.cutShare)!.restrictFrom).toBeGreaterThan(500);
    // Its pool learnt a floor above the cautious plan's cut: that plan.
    const learnt = nextPlan(boundsAt, 100_000, 1.1, PRUNING, { cutBelow: 5, fitBelow: 3, restrictFrom: bold.restrictFrom })!;
    expect(learnt.restrictFrom).toBeGreaterThan(500);
    expect(learnt.cut).toBeLessThan(5);
    // Its pool was too small to learn anything: the cautious plan all the same.
    const cautious = nextPlan(boundsAt, 100_000, 1.1, PRUNING, { cutBelow: -Infinity, fitBelow: -Infinity, restrictFrom: bold.restrictFrom })!;
    expect(cautious.restrictFrom).toBeGreaterThan(500);
    expect(cautious.restrictFrom).toBeLessThanOrEqual(5000);
    // Never one restricting as many terms as the plan that did not hold.
    expect(nextPlan(boundsAt, 100_000, 1.1, PRUNING, { cutBelow: -Infinity, fitBelow: -Infinity, restrictFrom: 5000 })).toBeNull();
  });

  it('takes the nearest categories as certain only above the lowest score read', () => {
    const ranked = [
      { category: 'a', score: 9 },
      { category: 'a', score: 8 },
      { category: 'b', score: 7 },
      { category: 'c', score: 3 },
    ];
    expect(categoriesCut([], ranked, 3)).toBe(3);
    expect(categoriesCut(['a', 'b', 'c'], ranked, 3)).toBe(Infinity);
    expect(categoriesCut(['x'], ranked, 3)).toBe(7);
    expect(categoriesCut([], ranked.slice(0, 3), 3)).toBe(-Infinity);
  });
});
