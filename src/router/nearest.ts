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
}

/** Keeps the features `keep` accepts and re-normalises to unit length. */
export function restrictTo(x: SparseVector, keep: Uint8Array): SparseVector {
  const idx: number[] = [];
  const val: number[] = [];
  let norm = 0;
  for (let t = 0; t < x.idx.length; t++) {
    const f = x.idx[t]!;
    if (!keep[f]) continue;
    idx.push(f);
    val.push(x.val[t]!);
    norm += x.val[t]! * x.val[t]!;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return { idx: Int32Array.from(idx), val: Float64Array.from(val, (v) => v * scale) };
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
  const touched: number[] = [];
  return {
    query(x, k) {
      for (let t = 0; t < x.idx.length; t++) {
        const f = x.idx[t]!;
        const v = x.val[t]!;
        for (let p = start[f]!; p < start[f + 1]!; p++) {
          const d = postDoc[p]!;
          if (scores[d] === 0) touched.push(d);
          scores[d] = scores[d]! + v * postVal[p]!;
        }
      }
      const perClass = new Float64Array(classes);
      const top: Array<{ example: number; score: number }> = [];
      for (const d of touched) {
        const s = scores[d]!;
        const c = ys[d]!;
        if (s > perClass[c]!) perClass[c] = s;
        if (top.length < k || s > top[top.length - 1]!.score) {
          top.push({ example: d, score: s });
          top.sort((a, b) => b.score - a.score);
          if (top.length > k) top.pop();
        }
        scores[d] = 0;
      }
      touched.length = 0;
      return { perClass, top };
    },
  };
}
