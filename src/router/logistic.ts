import { seededRandom } from '../core/seeded-random.js';
import { softmaxInPlace, type SparseVector } from './sparse.js';

/** Multinomial logistic regression over sparse vectors, trained in-process with AdaGrad. */
export interface SoftmaxModel {
  readonly classes: number;
  /** Row-major [feature][class]. */
  readonly weights: Float64Array;
  readonly bias: Float64Array;
  logits(x: SparseVector): Float64Array;
  /** The same into `out` (length `classes`), allocating nothing. */
  logitsInto(x: SparseVector, out: Float64Array): Float64Array;
}

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  /** Per-class weight on the loss (balances classes with few examples). */
  classWeights?: number[];
  seed?: number;
  /**
   * Training runs, each in its own example order, whose weights are averaged (1: one run, the
   * order `seed` gives). The loss is convex, so every run heads for the same optimum and stops
   * short of it in an order-dependent way; the mean of a few runs keeps the common part and
   * cancels most of the order noise (the model keeps its shape, so classifying costs the same).
   */
  runs?: number;
}

/**
 * Four runs: with one, the example order alone moved a file's accuracy by up to 0.018 (issue-16
 * figures, `npm run eval -- router --seeds 6`); four cost about three runs' more training time
 * (some 0.2 s each with the shipped examples) and brought the spread on the -train files and the
 * held-out sets down to a message or so, with more runs no steadier.
 */
export const defaultTrainOptions: TrainOptions = { epochs: 12, learningRate: 0.5, l2: 1e-4, runs: 4 };

export function trainSoftmax(xs: SparseVector[], ys: number[], classes: number, features: number, opts: TrainOptions): SoftmaxModel {
  const runs = Math.max(1, Math.floor(opts.runs ?? 1));
  const first = opts.seed ?? 7;
  // Run 0 keeps `seed` (one run trains exactly as before); the others draw theirs from it, so
  // neighbouring seeds (eval --seeds) do not share runs.
  const nextSeed = seededRandom(first ^ 0x5bd1e995);
  const { W, b } = trainRun(xs, ys, classes, features, opts, first);
  for (let r = 1; r < runs; r++) {
    const more = trainRun(xs, ys, classes, features, opts, Math.floor(nextSeed() * 4294967296));
    for (let i = 0; i < W.length; i++) W[i] = W[i]! + more.W[i]!;
    for (let k = 0; k < classes; k++) b[k] = b[k]! + more.b[k]!;
  }
  if (runs > 1) {
    for (let i = 0; i < W.length; i++) W[i] = W[i]! / runs;
    for (let k = 0; k < classes; k++) b[k] = b[k]! / runs;
  }
  return modelOf(W, b, classes);
}

function trainRun(xs: SparseVector[], ys: number[], classes: number, features: number, opts: TrainOptions, seed: number): { W: Float64Array; b: Float64Array } {
  const W = new Float64Array(features * classes);
  // One AdaGrad accumulator per feature (shared by its class weights): a quarter of the
  // square roots of a per-weight accumulator, with no measurable loss in accuracy.
  const G = new Float64Array(features);
  const b = new Float64Array(classes);
  const Gb = new Float64Array(classes);
  const rand = seededRandom(seed);
  const order = xs.map((_, i) => i);
  const z = new Float64Array(classes);
  const eps = 1e-8;
  const lr = opts.learningRate;
  const l2 = opts.l2;
  const weightOf = opts.classWeights;
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const n of order) {
      const x = xs[n]!;
      const y = ys[n]!;
      const cw = weightOf?.[y] ?? 1;
      for (let k = 0; k < classes; k++) z[k] = b[k]!;
      const idx = x.idx;
      const val = x.val;
      const nnz = idx.length;
      for (let t = 0; t < nnz; t++) {
        const base = idx[t]! * classes;
        const v = val[t]!;
        for (let k = 0; k < classes; k++) z[k] = z[k]! + v * W[base + k]!;
      }
      softmaxInPlace(z);
      let gsq = 0;
      for (let k = 0; k < classes; k++) {
        const g = (z[k]! - (k === y ? 1 : 0)) * cw;
        z[k] = g;
        gsq += g * g;
        Gb[k] = Gb[k]! + g * g;
        b[k] = b[k]! - (lr * g) / Math.sqrt(Gb[k]! + eps);
      }
      for (let t = 0; t < nnz; t++) {
        const f = idx[t]!;
        const v = val[t]!;
        const acc = G[f]! + gsq * v * v;
        G[f] = acc;
        const step = lr / Math.sqrt(acc + eps);
        const base = f * classes;
        for (let k = 0; k < classes; k++) {
          const p = base + k;
          const w = W[p]!;
          W[p] = w - step * (z[k]! * v + l2 * w);
        }
      }
    }
  }
  return { W, b };
}

function modelOf(W: Float64Array, b: Float64Array, classes: number): SoftmaxModel {
  const logitsInto = (x: SparseVector, out: Float64Array): Float64Array => {
    // Class by class, summing in a local: the same additions in the same order per class as a
    // feature-by-feature loop (so the same doubles), without storing and reloading `out[k]`
    // for every feature (a typed array the compiler must assume may share W's memory).
    const idx = x.idx;
    const val = x.val;
    const nnz = idx.length;
    for (let k = 0; k < classes; k++) {
      let s = b[k]!;
      for (let t = 0; t < nnz; t++) s += val[t]! * W[idx[t]! * classes + k]!;
      out[k] = s;
    }
    return out;
  };
  return {
    classes,
    weights: W,
    bias: b,
    logits: (x) => logitsInto(x, new Float64Array(classes)),
    logitsInto,
  };
}
