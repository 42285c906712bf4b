import { ownValue } from '../core/own-keys.js';

/**
 * Classification metrics for the router eval. Pure functions over (gold, predicted,
 * confidence) triples so they can be checked by hand on a tiny fixture.
 */
export interface Prediction {
  gold: string;
  predicted: string;
  /** Confidence of the predicted route, in [0, 1]. */
  confidence: number;
  /** Local classifier confident at the threshold (coverage). */
  covered: boolean;
  /** Routing time of this case's messages, in microseconds. */
  latencyUs: number[];
}

export interface LabelScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface Metrics {
  n: number;
  accuracy: number;
  /** Mean F1 over the labels that occur in the gold data. */
  macro_f1: number;
  per_label: Record<string, LabelScores>;
  /** confusion[gold][predicted] = count. */
  confusion: Record<string, Record<string, number>>;
  latency_us: { p50: number; p99: number };
  coverage: number;
  covered_accuracy: number;
  ece: number;
}

/** Nearest-rank percentile; 0 for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/**
 * Expected calibration error with equal-width bins: the average gap between confidence and
 * accuracy, weighted by how many predictions fall in each bin. A confidence of exactly 1
 * belongs to the last bin.
 */
export function expectedCalibrationError(items: ReadonlyArray<{ confidence: number; correct: boolean }>, bins = 10): number {
  if (items.length === 0) return 0;
  const count = new Array<number>(bins).fill(0);
  const conf = new Array<number>(bins).fill(0);
  const acc = new Array<number>(bins).fill(0);
  for (const it of items) {
    const b = Math.min(bins - 1, Math.floor(it.confidence * bins));
    count[b]!++;
    conf[b]! += it.confidence;
    acc[b]! += it.correct ? 1 : 0;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    if (count[b] === 0) continue;
    ece += Math.abs(acc[b]! - conf[b]!) / items.length;
  }
  return ece;
}

function safeDiv(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

export function computeMetrics(preds: readonly Prediction[], labels: readonly string[]): Metrics {
  const confusion: Record<string, Record<string, number>> = {};
  const all = [...labels];
  for (const p of preds) for (const l of [p.gold, p.predicted]) if (!all.includes(l)) all.push(l);
  for (const g of all) {
    const row: Record<string, number> = {};
    for (const q of all) row[q] = 0;
    confusion[g] = row;
  }
  let correct = 0;
  let covered = 0;
  let coveredCorrect = 0;
  const latencies: number[] = [];
  for (const p of preds) {
    const row = ownValue(confusion, p.gold)!;
    row[p.predicted] = (ownValue(row, p.predicted) ?? 0) + 1;
    const ok = p.gold === p.predicted;
    if (ok) correct++;
    if (p.covered) {
      covered++;
      if (ok) coveredCorrect++;
    }
    latencies.push(...p.latencyUs);
  }
  const per_label: Record<string, LabelScores> = {};
  const f1s: number[] = [];
  for (const l of all) {
    const cell = (g: string, q: string) => ownValue(ownValue(confusion, g), q) ?? 0;
    const tp = cell(l, l);
    let predicted = 0;
    let support = 0;
    for (const g of all) predicted += cell(g, l);
    for (const q of all) support += cell(l, q);
    const precision = safeDiv(tp, predicted);
    const recall = safeDiv(tp, support);
    const f1 = safeDiv(2 * precision * recall, precision + recall);
    per_label[l] = { precision, recall, f1, support };
    if (support > 0) f1s.push(f1);
  }
  return {
    n: preds.length,
    accuracy: safeDiv(correct, preds.length),
    macro_f1: safeDiv(f1s.reduce((a, b) => a + b, 0), f1s.length),
    per_label,
    confusion,
    latency_us: { p50: percentile(latencies, 50), p99: percentile(latencies, 99) },
    coverage: safeDiv(covered, preds.length),
    covered_accuracy: safeDiv(coveredCorrect, covered),
    ece: expectedCalibrationError(preds.map((p) => ({ confidence: p.confidence, correct: p.gold === p.predicted }))),
  };
}
