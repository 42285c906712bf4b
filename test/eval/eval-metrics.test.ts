import { describe, expect, it } from 'vitest';
import { computeMetrics, expectedCalibrationError, percentile } from '../../src/cli/eval-metrics.js';

const LABELS = ['product_recommendation', 'returns', 'warranty', 'other'];

describe('eval metrics', () => {
  it('nearest-rank percentiles', () => {
    expect(percentile([], 50)).toBe(0);
    expect(percentile([5], 99)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
    expect(percentile([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 99)).toBe(10);
    expect(percentile([1, 2, 3, 4], 75)).toBe(3);
  });

  it('ECE: weighted gap between confidence and accuracy per bin', () => {
    // bin 9: two right at 0.9 and 1.0 -> |2 - 1.9| = 0.1; bin 5: one wrong at 0.5 -> 0.5; total / 3.
    const ece = expectedCalibrationError([
      { confidence: 0.9, correct: true },
      { confidence: 1, correct: true },
      { confidence: 0.5, correct: false },
    ]);
    expect(ece).toBeCloseTo((0.1 + 0.5) / 3, 10);
    expect(expectedCalibrationError([])).toBe(0);
  });

  it('accuracy, per-label scores, macro-F1 over gold labels, confusion and coverage', () => {
    const m = computeMetrics(
      [
        { gold: 'returns', predicted: 'returns', confidence: 0.9, covered: true, latencyUs: [10] },
        { gold: 'returns', predicted: 'other', confidence: 0.4, covered: false, latencyUs: [30] },
        { gold: 'other', predicted: 'other', confidence: 0.8, covered: true, latencyUs: [20] },
        { gold: 'other', predicted: 'returns', confidence: 0.7, covered: true, latencyUs: [40] },
      ],
      LABELS,
    );
    expect(m.n).toBe(4);
    expect(m.accuracy).toBe(0.5);
    expect(m.per_label.returns).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(m.per_label.other).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    // warranty has no gold lines: reported, but left out of the macro average.
    expect(m.per_label.warranty).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(m.macro_f1).toBe(0.5);
    expect(m.confusion.returns).toEqual({ product_recommendation: 0, returns: 1, warranty: 0, other: 1 });
    expect(m.confusion.other!.returns).toBe(1);
    expect(m.coverage).toBe(0.75);
    expect(m.covered_accuracy).toBeCloseTo(2 / 3, 10);
    expect(m.latency_us).toEqual({ p50: 20, p99: 40 });
  });
});
