import type { SlotBound } from './term-scorer.js';

/**
 * Safe pruning for product search at catalog scale (issue 20.4). A common word of a query (a
 * word in a quarter of a 100,000-product catalog) costs the walk of all its postings, yet a
 * product having only common terms of the query gets little from each (their idf is low) and
 * covers little of it (coverage counts squared in the score): it cannot reach the hits shown.
 * A plan restricts the terms with long postings to the products having a shorter term of the
 * query (term-scorer.ts) and says what a product left out could score and fit at most; product
 * search keeps the result only when nothing left out could change it, else it scores every
 * product (the same result either way, by construction).
 */
export interface PruningPlan {
  /** Terms with at least this many postings are read only at the products having another term of the query. */
  restrictFrom: number;
  /** No product left out has a rounded score above this. */
  cut: number;
  /** No product left out has a fit above this. */
  fit: number;
}

export interface PruningTuning {
  /** Below this many postings saved, walking them all costs less than planning. */
  minSaved: number;
  /**
   * A plan is tried when what it leaves out scores at most this share of what a product having
   * the best term of every slot could (the hits shown usually match most of the query): a miss
   * costs a second scoring.
   */
  cutShare: number;
}

export const PRUNING: PruningTuning = { minSaved: 2000, cutShare: 0.3 };

/** Above floating-point rounding between the bound's order of operations and the score's. */
const MARGIN = 1 + 1e-9;
/** Lengths tried: the catalog's size halved this many times at most (a constant number of passes over the query's terms). */
const LEVELS = 10;

/**
 * The restriction that saves the most postings (`boundsAt`: the slots' bounds for a length
 * from which terms are restricted) among those whose left-out products score well below what
 * the query's best could (`maxFactor`: the largest product factor of the score, rating times
 * stock). Null when none pays.
 */
export function pruningPlan(boundsAt: (restrictFrom: number) => readonly SlotBound[], catalogSize: number, maxFactor: number, tuning: PruningTuning = PRUNING): PruningPlan | null {
  const full = boundsAt(0);
  const n = full.length;
  let total = 0;
  let postings = 0;
  for (const b of full) {
    total += b.sum;
    postings += b.restricted;
  }
  if (postings < tuning.minSaved) return null;
  const factor = Math.max(0, maxFactor) * MARGIN;
  let best: PruningPlan | null = null;
  let bestSaved = tuning.minSaved;
  // Halving the length restricts more terms: the bound only grows, the walked postings only shrink.
  for (let level = 1, from = Math.ceil(catalogSize / 2); level <= LEVELS && from >= 2; level++, from = Math.ceil(from / 2)) {
    const bounds = boundsAt(from);
    let sum = 0;
    let fit = 0;
    let slots = 0;
    let restricted = 0;
    let walked = 0;
    for (const b of bounds) {
      sum += b.sum;
      fit += b.fit;
      restricted += b.restricted;
      walked += b.walked;
      if (b.restricted > 0) slots++;
    }
    if (walked === 0) break;
    if (slots === 0) continue;
    const coverage = slots / n;
    if (sum * coverage * coverage > tuning.cutShare * total) break;
    // The walked terms' postings are read twice (once for the candidates).
    const saved = restricted - walked;
    if (saved >= bestSaved) {
      bestSaved = saved;
      best = { restrictFrom: from, cut: Math.round(sum * coverage * coverage * factor * 1000) / 1000, fit: fit * MARGIN };
    }
  }
  return best;
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
