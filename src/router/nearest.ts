import type { SparseVector } from './sparse.js';

/**
 * Cosine similarity to every routing example through an inverted index: the examples
 * closest to a message explain a route ("it looks like these examples") and give a
 * second, instance-based opinion next to the linear model. Only word and word-pair
 * features take part (see `restrictTo`): shape, concept and letter features occur in
 * hundreds of examples, which would make every query walk most of the index, and
 * "nearest" should mean "says the same words".
 */
export interface NearestIndex {
  /** Best similarity per class, and the top `k` examples overall. */
  query(x: SparseVector, k: number): { perClass: Float64Array; top: Array<{ example: number; score: number }> };
  /**
   * The same as `query(restrictTo(x, keep), k)`, without building the restricted vector: the
   * norm of the kept features scales the scores once at the end.
   */
  queryRestricted(x: SparseVector, keep: Uint8Array, k: number): { perClass: Float64Array; top: Array<{ example: number; score: number }> };
}

/** Keeps the features `keep` accepts and re-normalises to unit length. */
export function restrictTo(x: SparseVector, keep: Uint8Array): SparseVector {
  let n = 0;
  let norm = 0;
  for (let t = 0; t < x.idx.length; t++) {
    if (!keep[x.idx[t]!]) continue;
    n++;
    norm += x.val[t]! * x.val[t]!;
  }
  const idx = new Int32Array(n);
  const val = new Float64Array(n);
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  let j = 0;
  for (let t = 0; t < x.idx.length; t++) {
    if (!keep[x.idx[t]!]) continue;
    idx[j] = x.idx[t]!;
    val[j] = x.val[t]! * scale;
    j++;
  }
  return { idx, val };
}

export function buildNearestIndex(xs: SparseVector[], ys: number[], classes: number, features: number): NearestIndex {
  const counts = new Int32Array(features);
  for (const x of xs) for (const i of x.idx) counts[i] = counts[i]! + 1;
  const start = new Int32Array(features + 1);
  for (let f = 0; f < features; f++) start[f + 1] = start[f]! + counts[f]!;
  const postDoc = new Int32Array(start[features]!);
  const postVal = new Float64Array(start[features]!);
  const fill = start.slice(0, features);
  xs.forEach((x, d) => {
    for (let t = 0; t < x.idx.length; t++) {
      const f = x.idx[t]!;
      const p = fill[f]!;
      postDoc[p] = d;
      postVal[p] = x.val[t]!;
      fill[f] = p + 1;
    }
  });
  const labels = Int32Array.from(ys);
  const scores = new Float64Array(xs.length);
  // The best k so far as parallel scratch arrays (no object per insertion); objects for the result only.
  let topDoc = new Int32Array(8);
  let topScore = new Float64Array(8);
  // Examples hit by the current query; a fixed buffer, reused (no per-query garbage).
  const touched = new Int32Array(xs.length);
  let nTouched = 0;
  // Positions in the query of the features it keeps (scratch, grown as needed).
  let kept = new Int32Array(256);
  const collect = (k: number) => {
    const perClass = new Float64Array(classes);
    if (topDoc.length < k) {
      topDoc = new Int32Array(k);
      topScore = new Float64Array(k);
    }
    // The same list insertTop keeps: sorted by descending score, a later equal score after.
    let n = 0;
    for (let u = 0; u < nTouched; u++) {
      const d = touched[u]!;
      const s = scores[d]!;
      const c = labels[d]!;
      if (s > perClass[c]!) perClass[c] = s;
      if (n < k || s > topScore[n - 1]!) {
        let i = n < k ? n++ : n - 1;
        while (i > 0 && topScore[i - 1]! < s) {
          topDoc[i] = topDoc[i - 1]!;
          topScore[i] = topScore[i - 1]!;
          i--;
        }
        topDoc[i] = d;
        topScore[i] = s;
      }
      scores[d] = 0;
    }
    nTouched = 0;
    const top = new Array<{ example: number; score: number }>(n);
    for (let i = 0; i < n; i++) top[i] = { example: topDoc[i]!, score: topScore[i]! };
    return { perClass, top };
  };
  return {
    query(x, k) {
      for (let t = 0; t < x.idx.length; t++) {
        const f = x.idx[t]!;
        const v = x.val[t]!;
        for (let p = start[f]!; p < start[f + 1]!; p++) {
          const d = postDoc[p]!;
          if (scores[d] === 0) touched[nTouched++] = d;
          scores[d] = scores[d]! + v * postVal[p]!;
        }
      }
      return collect(k);
    },
    queryRestricted(x, keep, k) {
      // One pass finds the kept features (a few of a message's ~100) and their norm.
      if (kept.length < x.idx.length) kept = new Int32Array(x.idx.length * 2);
      let nKept = 0;
      let norm = 0;
      for (let t = 0; t < x.idx.length; t++) {
        if (!keep[x.idx[t]!]) continue;
        kept[nKept++] = t;
        norm += x.val[t]! * x.val[t]!;
      }
      // Scaled before accumulating, as restrictTo does: the same sums to the last bit.
      const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let j = 0; j < nKept; j++) {
        const t = kept[j]!;
        const f = x.idx[t]!;
        const v = x.val[t]! * scale;
        for (let p = start[f]!; p < start[f + 1]!; p++) {
          const d = postDoc[p]!;
          if (scores[d] === 0) touched[nTouched++] = d;
          scores[d] = scores[d]! + v * postVal[p]!;
        }
      }
      return collect(k);
    },
  };
}
