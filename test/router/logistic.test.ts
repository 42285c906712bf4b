import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/core/seeded-random.js';
import { trainSoftmax } from '../../src/router/logistic.js';
import type { SparseVector } from '../../src/router/sparse.js';

/** Noisy three-class data: each example shares a few class words and a few random ones. */
function data(): { xs: SparseVector[]; ys: number[]; features: number } {
  const rand = seededRandom(99);
  const xs: SparseVector[] = [];
  const ys: number[] = [];
  for (let n = 0; n < 300; n++) {
    const y = n % 3;
    const idx = new Set<number>();
    while (idx.size < 3) idx.add(y * 10 + Math.floor(rand() * 10));
    while (idx.size < 6) idx.add(30 + Math.floor(rand() * 30));
    const sorted = Int32Array.from([...idx].sort((a, b) => a - b));
    xs.push({ idx: sorted, val: Float64Array.from(sorted, () => 1 / Math.sqrt(6)) });
    ys.push(y);
  }
  return { xs, ys, features: 60 };
}

function distance(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(s);
}

describe('trainSoftmax', () => {
  it('averaging runs in several example orders leaves less of the order in the weights', () => {
    const { xs, ys, features } = data();
    const opts = { epochs: 3, learningRate: 0.5, l2: 1e-4 };
    const gap = (runs: number) => distance(trainSoftmax(xs, ys, 3, features, { ...opts, runs, seed: 1 }).weights, trainSoftmax(xs, ys, 3, features, { ...opts, runs, seed: 2 }).weights);
    const one = gap(1);
    expect(one).toBeGreaterThan(0);
    expect(gap(4)).toBeLessThan(one * 0.75);
  });

  it('trains one run, in the order its seed gives, when runs is absent or 1', () => {
    const { xs, ys, features } = data();
    const opts = { epochs: 2, learningRate: 0.5, l2: 1e-4, seed: 3 };
    expect(trainSoftmax(xs, ys, 3, features, { ...opts, runs: 1 }).weights).toEqual(trainSoftmax(xs, ys, 3, features, opts).weights);
    expect(trainSoftmax(xs, ys, 3, features, { ...opts, runs: 2 }).weights).not.toEqual(trainSoftmax(xs, ys, 3, features, opts).weights);
  });
});
