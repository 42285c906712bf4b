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
   * The first plan tried leaves out products scoring at most this share of what a product having
   * the best term of every slot could (the hits shown usually match most of the query). A bold
   * first plan walks few postings; when it does not hold, the second is chosen within what it
   * learnt, or else by `cutShare`.
   */
  boldShare: number;
  /** The second plan's share, when the first's pool learnt nothing that allows one. */
  cutShare: number;
}

export const PRUNING: PruningTuning = { minSaved: 2000, boldShare: 0.45, cutShare: 0.3 };

/**
 * What a plan that did not hold learnt from its pool (whose figures are exact, so its k-th best
 * is a floor for the catalog's): a plan surely holds with a cut and a fit below these (a small
 * pool's floors are low: a plan above them may hold too).
 */
export interface PruningMiss {
  cutBelow: number;
  fitBelow: number;
  /** The plan's: a second plan restricts fewer terms. */
  restrictFrom: number;
}

/** Above floating-point rounding between the bound's order of operations and the score's. */
const MARGIN = 1 + 1e-9;
/** Lengths tried: the catalog's size halved this many times at most (a constant number of passes over the query's terms). */
const LEVELS = 10;

/**
 * The restriction that saves the most postings (`boundsAt`: the slots' bounds for a length
 * from which terms are restricted) among those whose left-out products score at most `share`
 * of what the query's best could (`maxFactor`: the largest product factor of the score, rating
 * times stock), and after a `miss`, restricting fewer terms and below what it learnt (a pool's
 * k-th best and best fit are floors for the catalog's). Null when none pays.
 */
export function pruningPlan(
  boundsAt: (restrictFrom: number) => readonly SlotBound[],
  catalogSize: number,
  maxFactor: number,
  tuning: PruningTuning = PRUNING,
  miss?: PruningMiss,
  share: number | null = miss ? null : tuning.boldShare,
): PruningPlan | null {
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
    if (walked === 0 || (miss && from <= miss.restrictFrom)) break;
    if (slots === 0) continue;
    const coverage = slots / n;
    const plan = { restrictFrom: from, cut: Math.round(sum * coverage * coverage * factor * 1000) / 1000, fit: fit * MARGIN };
    if (miss && (plan.cut >= miss.cutBelow || plan.fit >= miss.fitBelow)) break;
    if (share !== null && sum * coverage * coverage > share * total) break;
    // A restricted posting saves its scoring and its product's place in the pool the ranking
    // reads (a query of two common words has a pool as large as its postings); the walked terms'
    // postings are read again for the candidates.
    const saved = restricted * 2 - walked;
    if (saved >= bestSaved) {
      bestSaved = saved;
      best = plan;
    }
  }
  return best;
}

/**
 * The nearest categories taken from `ranked` (each category at its best product, best first,
 * after the `shown` ones, up to `max`) are the same whatever was left out when every entry read
 * ranks above it: the cut must be below the lowest score read (-Infinity: the ranking ends first).
 */
export function categoriesCut(shown: readonly string[], ranked: ReadonlyArray<{ category: string; score: number }>, max: number): number {
  const taken: string[] = [];
  for (const c of shown) if (!taken.includes(c) && taken.length < max) taken.push(c);
  let lowest = Infinity;
  for (const r of ranked) {
    if (taken.length >= max) break;
    lowest = Math.min(lowest, r.score);
    if (!taken.includes(r.category)) taken.push(r.category);
  }
  return taken.length >= max ? lowest : -Infinity;
}

/** A ranking from a pruned pool that did not hold. */
export function isMiss<T extends object>(x: T | PruningMiss): x is PruningMiss {
  return 'cutBelow' in x;
}

/**
 * The plan to try after `miss`: within what it learnt, else (a pool too small to learn from) by
 * the cautious share; either way restricting fewer terms than the plan that did not hold.
 */
export function nextPlan(boundsAt: (restrictFrom: number) => readonly SlotBound[], catalogSize: number, maxFactor: number, tuning: PruningTuning, miss: PruningMiss): PruningPlan | null {
  return (
    pruningPlan(boundsAt, catalogSize, maxFactor, tuning, miss) ??
    pruningPlan(boundsAt, catalogSize, maxFactor, tuning, { cutBelow: Infinity, fitBelow: Infinity, restrictFrom: miss.restrictFrom }, tuning.cutShare)
  );
}
