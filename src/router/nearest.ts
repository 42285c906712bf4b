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

/**
 * Inserts into a list kept sorted by descending score and at most `k` long. An insertion,
 * not Array.prototype.sort: sort allocates on every call, and this runs for many of the
 * examples a message touches, so the garbage showed up as collector pauses at p99.
 */
function insertTop(top: Array<{ example: number; score: number }>, item: { example: number; score: number }, k: number): void {
  let i = top.length;
  top.push(item);
  while (i > 0 && top[i - 1]!.score < item.score) {
    top[i] = top[i - 1]!;
    i--;
  }
  top[i] = item;
  if (top.length > k) top.pop();
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
  const scores = new Float64Array(xs.length);
  // Examples hit by the current query; a fixed buffer, reused (no per-query garbage).
  const touched = new Int32Array(xs.length);
  let nTouched = 0;
  const collect = (k: number) => {
    const perClass = new Float64Array(classes);
    const top: Array<{ example: number; score: number }> = [];
    for (let u = 0; u < nTouched; u++) {
      const d = touched[u]!;
      const s = scores[d]!;
      const c = ys[d]!;
      if (s > perClass[c]!) perClass[c] = s;
      if (top.length < k || s > top[top.length - 1]!.score) insertTop(top, { example: d, score: s }, k);
      scores[d] = 0;
    }
    nTouched = 0;
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
      let norm = 0;
      for (let t = 0; t < x.idx.length; t++) if (keep[x.idx[t]!]) norm += x.val[t]! * x.val[t]!;
      // Scaled before accumulating, as restrictTo does: the same sums to the last bit.
      const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let t = 0; t < x.idx.length; t++) {
        const f = x.idx[t]!;
        if (!keep[f]) continue;
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
