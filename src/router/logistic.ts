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
  const W = new Float64Array(features * classes);
  const b = new Float64Array(classes);
  const state = runState(features, classes);
  trainRun(xs, ys, classes, opts, first, W, b, state);
  // The other runs share one pair of buffers, zeroed per run (a fresh megabyte each was garbage).
  const moreW = runs > 1 ? new Float64Array(features * classes) : W;
  const moreB = new Float64Array(classes);
  for (let r = 1; r < runs; r++) {
    moreW.fill(0);
    moreB.fill(0);
    state.G.fill(0);
    state.Gb.fill(0);
    trainRun(xs, ys, classes, opts, Math.floor(nextSeed() * 4294967296), moreW, moreB, state);
    for (let i = 0; i < W.length; i++) W[i] = W[i]! + moreW[i]!;
    for (let k = 0; k < classes; k++) b[k] = b[k]! + moreB[k]!;
  }
  if (runs > 1) {
    for (let i = 0; i < W.length; i++) W[i] = W[i]! / runs;
    for (let k = 0; k < classes; k++) b[k] = b[k]! / runs;
  }
  return modelOf(W, b, classes);
}

/** A run's AdaGrad accumulators and per-example scratch. */
interface RunState {
  /**
   * One AdaGrad accumulator per feature (shared by its class weights): a quarter of the
   * square roots of a per-weight accumulator, with no measurable loss in accuracy.
   */
  G: Float64Array;
  Gb: Float64Array;
  z: Float64Array;
}

function runState(features: number, classes: number): RunState {
  return { G: new Float64Array(features), Gb: new Float64Array(classes), z: new Float64Array(classes) };
}

/** One run from zero weights (W, b and the state's accumulators all zero) in `seed`'s example orders. */
function trainRun(xs: SparseVector[], ys: number[], classes: number, opts: TrainOptions, seed: number, W: Float64Array, b: Float64Array, state: RunState): void {
  const rand = seededRandom(seed);
  const order = xs.map((_, i) => i);
  const weightOf = opts.classWeights;
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const n of order) {
      const x = xs[n]!;
      const y = ys[n]!;
      sgdStep(x, y, weightOf?.[y] ?? 1, W, b, state, classes, opts.learningRate, opts.l2);
    }
  }
}

const EPS = 1e-8;

/**
 * One example's AdaGrad step. A function of its own, not the body of the epoch loop: called
 * some 2,000 times an epoch, it is optimised within the first epoch of the first run, where a
 * loop body waits for on-stack replacement (the first training after start-up paid for that).
 */
function sgdStep(x: SparseVector, y: number, cw: number, W: Float64Array, b: Float64Array, state: RunState, classes: number, lr: number, l2: number): void {
  const { G, Gb, z } = state;
  logitsOf(x, W, b, classes, z);
  softmaxInPlace(z);
  let gsq = 0;
  for (let k = 0; k < classes; k++) {
    const g = (z[k]! - (k === y ? 1 : 0)) * cw;
    z[k] = g;
    gsq += g * g;
    Gb[k] = Gb[k]! + g * g;
    b[k] = b[k]! - (lr * g) / Math.sqrt(Gb[k]! + EPS);
  }
  const idx = x.idx;
  const val = x.val;
  const nnz = idx.length;
  for (let t = 0; t < nnz; t++) {
    const f = idx[t]!;
    const v = val[t]!;
    const acc = G[f]! + gsq * v * v;
    G[f] = acc;
    const step = lr / Math.sqrt(acc + EPS);
    const base = f * classes;
    for (let k = 0; k < classes; k++) {
      const p = base + k;
      const w = W[p]!;
      W[p] = w - step * (z[k]! * v + l2 * w);
    }
  }
}

/**
 * The logits into `z`, four classes at a time in locals: each class's sum starts from its bias
 * and adds the features in order, the same additions as a feature-by-feature loop (so the same
 * doubles, the same trained weights), without storing and reloading z[k] for every feature.
 */
function logitsOf(x: SparseVector, W: Float64Array, b: Float64Array, classes: number, z: Float64Array): void {
  const idx = x.idx;
  const val = x.val;
  const nnz = idx.length;
  let k = 0;
  for (; k + 4 <= classes; k += 4) {
    let s0 = b[k]!;
    let s1 = b[k + 1]!;
    let s2 = b[k + 2]!;
    let s3 = b[k + 3]!;
    for (let t = 0; t < nnz; t++) {
      const p = idx[t]! * classes + k;
      const v = val[t]!;
      s0 += v * W[p]!;
      s1 += v * W[p + 1]!;
      s2 += v * W[p + 2]!;
      s3 += v * W[p + 3]!;
    }
    z[k] = s0;
    z[k + 1] = s1;
    z[k + 2] = s2;
    z[k + 3] = s3;
  }
  for (; k < classes; k++) {
    let s = b[k]!;
    for (let t = 0; t < nnz; t++) s += val[t]! * W[idx[t]! * classes + k]!;
    z[k] = s;
  }
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
