import type { PostingList, TermPostings } from './term-postings.js';

/**
 * Product search's scoring, a query term at a time over the term postings (issue 20.4): each
 * expanded term of a query stem walks the products that have it, so a query costs the postings
 * of its terms, never the whole catalog, and no per-product object is made until the few hits
 * shown are chosen. The figures are the ones a product-at-a-time walk computes, in the same
 * order of floating-point operations, so hits, scores and ties are unchanged. The terms of
 * long postings (common words) can be restricted to the products having a shorter term of the
 * query (search-pruning.ts): their postings are then read only at those products, by a seek per
 * product when they are far fewer.
 */

/** The catalog terms one query stem matches, with how well, in the order they were found. */
export interface StemExpansion {
  size: number;
  terms: readonly string[];
  quality: readonly number[];
  idf: readonly number[];
  /** Per term: bit c is set when the term says something about a product in a field of value code c. */
  strongIn: readonly number[];
  /** Per term: a product-type word (when strong). */
  typed: readonly boolean[];
}

export interface ScoringAlternative {
  /** One expansion per word of the alternative; all must match for full credit. */
  stems: readonly StemExpansion[];
  /** Per word: the customer typed a unit word ("bar") or an attribute name ("power"), which stays one wherever it matches. */
  unitAsked: readonly boolean[];
  weight: number;
}

/**
 * Per product of `pool` (ascending positions): the figures the ranking needs. Views of the
 * scorer's own buffers, valid until its next score() (queries run one at a time, and each reads
 * its figures before the next scoring).
 */
export interface TermScores {
  pool: Uint32Array;
  /** Sum over slots of the slot's best alternative value. */
  sum: Float64Array;
  covered: Uint16Array;
  fit: Float64Array;
  strong: Uint8Array;
  typed: Uint8Array;
}

interface StemBuffer {
  mark: Uint32Array;
  value: Float64Array;
  rank: Int32Array;
  code: Uint8Array;
  epoch: number;
}

/**
 * Per slot, from the postings alone, for the terms restricted by a length (postings at least
 * `restrictFrom`): what a product having only restricted terms can get from the slot, and the
 * postings of each kind (a term in several alternatives counted each time).
 */
export interface SlotBound {
  /** Postings of the restricted terms. */
  restricted: number;
  /** Postings of the others (walked in full). */
  walked: number;
  /** No value for the slot (TermScores.sum's part) from restricted terms alone is above this (0: none). */
  sum: number;
  /** No fit for the slot (TermScores.fit's part) from restricted terms alone is above this. */
  fit: number;
}

export interface TermScorer {
  /**
   * Terms with at least `restrictFrom` postings are read only at the products having some
   * other term of the query (every other term is walked in full): a product having restricted
   * terms alone is left out of the pool, every product in it has exact figures. The caller
   * knows from bounds() what such a product could score and whether it could matter.
   */
  score(slots: ReadonlyArray<readonly ScoringAlternative[]>, restrictFrom?: number): TermScores;
  bounds(slots: ReadonlyArray<readonly ScoringAlternative[]>, restrictFrom: number): SlotBound[];
}

/** The first index at or after `from` whose position is at least `target` (galloping, then halving: log of the gap). */
function seek(ids: Uint32Array, from: number, target: number): number {
  let lo = from;
  let hi = from;
  let step = 1;
  while (hi < ids.length && ids[hi]! < target) {
    lo = hi + 1;
    hi += step;
    step *= 2;
  }
  hi = Math.min(hi, ids.length);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Below this many positions a native sort is cheaper than a walk of the whole bit set. */
const SORT_BELOW = 512;

/**
 * The first `count` positions of `ids` (distinct, below bits.length * 32) in ascending order,
 * in place: a bit per position, then the set bits read in order. A query's pool or candidates
 * at 100k products are thousands to tens of thousands of positions, where the typed array's
 * sort was a quarter of a query's time; the walk costs the catalog's size / 32 plus the count.
 * `bits` is all zero before and after.
 */
export function ascendingIds(ids: Uint32Array, count: number, bits: Uint32Array): Uint32Array {
  const out = ids.subarray(0, count);
  if (count < SORT_BELOW) return out.sort();
  for (let x = 0; x < count; x++) {
    const i = ids[x]!;
    bits[i >>> 5] = bits[i >>> 5]! | (1 << (i & 31));
  }
  let at = 0;
  for (let k = 0; k < bits.length && at < count; k++) {
    let w = bits[k]! | 0;
    if (w === 0) continue;
    bits[k] = 0;
    while (w !== 0) {
      const low = w & -w;
      out[at++] = k * 32 + (31 - Math.clz32(low));
      w ^= low;
    }
  }
  return out;
}

/** Scratch arrays sized to the catalog, made once per index and reused by every query (queries run one at a time). */
export function createTermScorer(postings: TermPostings): TermScorer {
  const n = postings.size;
  const values = Float64Array.from(postings.values);
  const stemBuffers: StemBuffer[] = [];
  const stemBuffer = (k: number): StemBuffer => {
    while (stemBuffers.length <= k) stemBuffers.push({ mark: new Uint32Array(n), value: new Float64Array(n), rank: new Int32Array(n), code: new Uint8Array(n), epoch: 0 });
    return stemBuffers[k]!;
  };
  const next = (epoch: number, marks: Uint32Array): number => {
    if (epoch < 0xffffffff) return epoch + 1;
    marks.fill(0);
    return 1;
  };
  // Per alternative and per slot: which products were touched, and the slot's best so far.
  const altMark = new Uint32Array(n);
  let altEpoch = 0;
  const slotMark = new Uint32Array(n);
  let slotEpoch = 0;
  const slotBest = new Float64Array(n);
  const slotFit = new Float64Array(n);
  const slotFlags = new Uint8Array(n);
  const productMark = new Uint32Array(n);
  let productEpoch = 0;
  const sum = new Float64Array(n);
  const covered = new Uint16Array(n);
  const fit = new Float64Array(n);
  const flags = new Uint8Array(n);
  // What a query touches, and its figures, in buffers sized to the catalog and reused: tens of
  // thousands of products per query at 100k were arrays grown by push and fresh typed arrays,
  // a few hundred kilobytes of garbage a query, whose young-generation collections (2-4 ms each
  // with a 100k catalog's heap) were the slow tail of search.
  const touchedIds = new Uint32Array(n);
  const slotTouchedIds = new Uint32Array(n);
  const altTouchedIds = new Uint32Array(n);
  const outSum = new Float64Array(n);
  const outCovered = new Uint16Array(n);
  const outFit = new Float64Array(n);
  const outStrong = new Uint8Array(n);
  const outTyped = new Uint8Array(n);
  const idBits = new Uint32Array(Math.ceil(n / 32));
  const STRONG = 1;
  const TYPED = 2;

  // The products having a term walked in full: where restricted terms are read.
  const candidateMark = new Uint32Array(n);
  let candidateEpoch = 0;
  const candidateIds = new Uint32Array(n);
  /** One restricted list at those products. */
  const chosenIds = new Uint32Array(n);
  const chosenCodes = new Uint8Array(n);

  function candidatesOf(slots: ReadonlyArray<readonly ScoringAlternative[]>, restrictFrom: number): Uint32Array {
    candidateEpoch = next(candidateEpoch, candidateMark);
    let found = 0;
    for (const alternatives of slots) {
      for (const alt of alternatives) {
        for (const e of alt.stems) {
          for (let j = 0; j < e.size; j++) {
            const ids = postings.list(e.terms[j]!)?.ids;
            if (!ids || ids.length >= restrictFrom) continue;
            for (const i of ids) {
              if (candidateMark[i] === candidateEpoch) continue;
              candidateMark[i] = candidateEpoch;
              candidateIds[found++] = i;
            }
          }
        }
      }
    }
    return ascendingIds(candidateIds, found, idBits);
  }

  /** Into the chosen lists: the postings of `list` at the candidates (a walk of the list, or a seek per candidate when they are far fewer). */
  function choose({ ids, codes }: PostingList, candidates: Uint32Array): number {
    let count = 0;
    const keep = (p: number): void => {
      chosenIds[count] = ids[p]!;
      chosenCodes[count++] = codes[p]!;
    };
    if (candidates.length * 4 * Math.log2(ids.length / Math.max(1, candidates.length) + 2) < ids.length) {
      let p = 0;
      for (let c = 0; c < candidates.length && p < ids.length; c++) {
        p = seek(ids, p, candidates[c]!);
        if (ids[p] === candidates[c]) keep(p);
      }
    } else {
      for (let p = 0; p < ids.length; p++) if (candidateMark[ids[p]!] === candidateEpoch) keep(p);
    }
    return count;
  }

  function bounds(slots: ReadonlyArray<readonly ScoringAlternative[]>, restrictFrom: number): SlotBound[] {
    return slots.map((alternatives) => {
      let restricted = 0;
      let walked = 0;
      let sumBound = 0;
      let fitBound = 0;
      for (const alt of alternatives) {
        const m = alt.stems.length;
        let phrase = 0;
        let phraseFit = 0;
        for (const e of alt.stems) {
          // The operations of score() on the largest inputs: rounding is monotone, so never less.
          let best = 0;
          let bestQuality = 0;
          for (let j = 0; j < e.size; j++) {
            const list = postings.list(e.terms[j]!);
            if (!list) continue;
            if (list.ids.length < restrictFrom) {
              walked += list.ids.length;
              continue;
            }
            restricted += list.ids.length;
            best = Math.max(best, list.max * e.quality[j]! * e.idf[j]!);
            bestQuality = Math.max(bestQuality, e.quality[j]!);
          }
          phrase += best;
          phraseFit += bestQuality;
        }
        sumBound = Math.max(sumBound, (phrase / Math.max(1, m)) * alt.weight);
        fitBound = Math.max(fitBound, (phraseFit / Math.max(1, m)) * alt.weight);
      }
      return { restricted, walked, sum: sumBound, fit: fitBound };
    });
  }

  function score(slots: ReadonlyArray<readonly ScoringAlternative[]>, restrictFrom = Infinity): TermScores {
    productEpoch = next(productEpoch, productMark);
    const currentQuery = productEpoch;
    let touched = 0;
    /** A slot's best value for product i, added to the product's figures. */
    const credit = (i: number, best: number, bestFit: number, f: number): void => {
      if (productMark[i] !== currentQuery) {
        productMark[i] = currentQuery;
        sum[i] = 0;
        covered[i] = 0;
        fit[i] = 0;
        flags[i] = 0;
        touchedIds[touched++] = i;
      }
      sum[i] = sum[i]! + best;
      covered[i] = covered[i]! + 1;
      fit[i] = fit[i]! + bestFit;
      flags[i] = flags[i]! | f;
    };
    const candidates = restrictFrom < Infinity ? candidatesOf(slots, restrictFrom) : null;
    for (const alternatives of slots) {
      slotEpoch = next(slotEpoch, slotMark);
      let slotTouched = 0;
      for (const alt of alternatives) {
        altEpoch = next(altEpoch, altMark);
        let altTouched = 0;
        const m = alt.stems.length;
        // Each word's best term per product: the highest value, the first in expansion order among equals.
        for (let k = 0; k < m; k++) {
          const e = alt.stems[k]!;
          const b = stemBuffer(k);
          b.epoch = next(b.epoch, b.mark);
          // Locals: the loop below runs once per posting (tens of thousands at 100k products).
          const { mark, value, rank, code } = b;
          const epoch = b.epoch;
          const touchedEpoch = altEpoch;
          for (let j = 0; j < e.size; j++) {
            const list = postings.list(e.terms[j]!);
            if (!list) continue;
            const q = e.quality[j]!;
            const idf = e.idf[j]!;
            // A restricted list is read at the candidates only, copied into the scratch lists.
            const restricted = candidates !== null && list.ids.length >= restrictFrom;
            const count = restricted ? choose(list, candidates) : list.ids.length;
            const ids = restricted ? chosenIds : list.ids;
            const codes = restricted ? chosenCodes : list.codes;
            for (let p = 0; p < count; p++) {
              const i = ids[p]!;
              const c = codes[p]!;
              const v = values[c]! * q * idf;
              if (mark[i] !== epoch) {
                mark[i] = epoch;
                value[i] = v;
                rank[i] = j;
                code[i] = c;
                if (altMark[i] !== touchedEpoch) {
                  altMark[i] = touchedEpoch;
                  altTouchedIds[altTouched++] = i;
                }
              } else if (v > value[i]!) {
                value[i] = v;
                rank[i] = j;
                code[i] = c;
              }
            }
          }
        }
        // A phrase scores the mean of its words' best matches, so a half match counts half.
        const currentSlot = slotEpoch;
        // A slot of one alternative (most words: no synonym) is its alternative's value: the
        // product's figures are credited here, without the slot's own pass over its products.
        const single = alternatives.length === 1;
        for (let t = 0; t < altTouched; t++) {
          const i = altTouchedIds[t]!;
          let phrase = 0;
          let phraseFit = 0;
          let f = 0;
          for (let k = 0; k < m; k++) {
            const b = stemBuffers[k]!;
            if (b.mark[i] !== b.epoch) {
              phrase += 0;
              phraseFit += 0;
              continue;
            }
            const e = alt.stems[k]!;
            const j = b.rank[i]!;
            phrase += b.value[i]!;
            phraseFit += e.quality[j]!;
            if ((e.strongIn[j]! >>> b.code[i]!) & 1 && !alt.unitAsked[k]) {
              f |= STRONG;
              if (e.typed[j]) f |= TYPED;
            }
          }
          const v = (phrase / Math.max(1, m)) * alt.weight;
          if (single) {
            if (v > 0) credit(i, v, (phraseFit / Math.max(1, m)) * alt.weight, f);
            continue;
          }
          if (slotMark[i] !== currentSlot) {
            slotMark[i] = currentSlot;
            slotBest[i] = 0;
            slotTouchedIds[slotTouched++] = i;
          }
          if (v > slotBest[i]!) {
            slotBest[i] = v;
            slotFlags[i] = f;
            slotFit[i] = (phraseFit / Math.max(1, m)) * alt.weight;
          }
        }
      }
      for (let t = 0; t < slotTouched; t++) {
        const i = slotTouchedIds[t]!;
        if (slotBest[i]! > 0) credit(i, slotBest[i]!, slotFit[i]!, slotFlags[i]!);
      }
    }
    // Ascending positions (tens of thousands of candidates at 100k products).
    const pool = ascendingIds(touchedIds, touched, idBits);
    for (let x = 0; x < touched; x++) {
      const i = pool[x]!;
      outSum[x] = sum[i]!;
      outCovered[x] = covered[i]!;
      outFit[x] = fit[i]!;
      outStrong[x] = flags[i]! & STRONG ? 1 : 0;
      outTyped[x] = flags[i]! & TYPED ? 1 : 0;
    }
    return {
      pool,
      sum: outSum.subarray(0, touched),
      covered: outCovered.subarray(0, touched),
      fit: outFit.subarray(0, touched),
      strong: outStrong.subarray(0, touched),
      typed: outTyped.subarray(0, touched),
    };
  }
  return { score, bounds };
}
