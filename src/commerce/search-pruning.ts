import type { SlotBound } from './term-scorer.js';

/**
 * Safe pruning for product search at catalog scale (issue 20.4). A common word of a query (a
 * word in a quarter of a 100,000-product catalog) costs the walk of all its postings, yet a
 * product matching only such words covers a small part of the query, and coverage counts
 * squared in the score: it cannot reach the hits shown. A plan restricts those slots to the
 * products that have a term of another slot (term-scorer.ts), and says what a product left out
 * could score at most; product search keeps the result only when nothing left out could change
 * it, else it scores every product (the same result either way, by construction).
 */
export interface PruningPlan {
  /** Per slot: scored only for the products having a term of a slot not restricted. */
  restricted: boolean[];
  /** No product left out has a rounded score above this. */
  cut: number;
  /** No product left out has a fit above this. */
  fit: number;
}

export interface PruningTuning {
  /** Below this many postings saved, walking them all costs less than planning. */
  minSaved: number;
  /**
   * A plan is tried when what it leaves out scores at most this share of what a product matching
   * every slot could (the hits shown usually match most of the query): a miss costs a second scoring.
   */
  cutShare: number;
}

export const PRUNING: PruningTuning = { minSaved: 2000, cutShare: 0.15 };

/** Above floating-point rounding between the bound's order of operations and the score's. */
const MARGIN = 1 + 1e-9;

/**
 * The slots to restrict, the costliest first, while what a product matching them alone could
 * score stays well below what one matching the rest could (`maxFactor`: the largest product
 * factor of the score, rating times stock). Null when restricting would not pay.
 */
export function pruningPlan(bounds: readonly SlotBound[], maxFactor: number, tuning: PruningTuning = PRUNING): PruningPlan | null {
  const n = bounds.length;
  if (n < 2) return null;
  const factor = Math.max(0, maxFactor) * MARGIN;
  const restricted = bounds.map(() => false);
  let totalSum = 0;
  let totalCost = 0;
  for (const b of bounds) {
    totalSum += b.sum;
    totalCost += b.cost;
  }
  let outSum = 0;
  let outFit = 0;
  let outCost = 0;
  let out = 0;
  // Costliest first (ties in slot order); at least one slot stays walked in full.
  const order = bounds.map((_, s) => s).sort((a, b) => bounds[b]!.cost - bounds[a]!.cost || a - b);
  for (const s of order) {
    if (out + 1 >= n) break;
    const b = bounds[s]!;
    const sum = outSum + b.sum;
    const left = (out + 1) / n;
    if (sum * left * left > tuning.cutShare * totalSum) continue;
    restricted[s] = true;
    outSum = sum;
    outFit += b.fit;
    outCost += b.cost;
    out++;
  }
  // The walked slots' postings are read twice (once for the candidates).
  if (out === 0 || outCost - 2 * (totalCost - outCost) < tuning.minSaved) return null;
  const coverage = out / n;
  return { restricted, cut: Math.round(outSum * coverage * coverage * factor * 1000) / 1000, fit: outFit * MARGIN };
}

/**
 * Whether the nearest categories taken from `ranked` (each category at its best product, best
 * first, after the `shown` ones, up to `max`) are the same whatever was left out: every entry
 * read before `max` are found ranks above anything left out (`certain`).
 */
export function certainCategories(shown: readonly string[], ranked: ReadonlyArray<{ category: string; certain: boolean }>, max: number): boolean {
  const taken: string[] = [];
  for (const c of shown) if (!taken.includes(c) && taken.length < max) taken.push(c);
  for (const r of ranked) {
    if (taken.length >= max) break;
    if (!r.certain) return false;
    if (!taken.includes(r.category)) taken.push(r.category);
  }
  return taken.length >= max;
}
