import type { Metrics } from './eval-metrics.js';
import { ownValue } from '../core/own-keys.js';

/** Text tables for the router eval: router and baseline side by side. */

const f3 = (v: number) => v.toFixed(3);
const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

export interface Side {
  name: string;
  metrics: Metrics;
}

export function summaryTable(sides: readonly Side[], threshold: number): string {
  const rows: Array<[string, (m: Metrics) => string]> = [
    ['n', (m) => String(m.n)],
    ['accuracy', (m) => f3(m.accuracy)],
    ['macro-F1', (m) => f3(m.macro_f1)],
    [`coverage @${threshold}`, (m) => f3(m.coverage)],
    ['covered accuracy', (m) => f3(m.covered_accuracy)],
    ['ECE', (m) => f3(m.ece)],
    ['latency p50 (µs)', (m) => String(Math.round(m.latency_us.p50))],
    ['latency p99 (µs)', (m) => String(Math.round(m.latency_us.p99))],
  ];
  const head = pad('', 22) + sides.map((s) => lpad(s.name, 12)).join('');
  return [head, ...rows.map(([label, get]) => pad(label, 22) + sides.map((s) => lpad(get(s.metrics), 12)).join(''))].join('\n');
}

export function perLabelTable(sides: readonly Side[], labels: readonly string[]): string {
  const width = Math.max(10, ...labels.map((l) => l.length)) + 2;
  const group = (name: string) => lpad(`${name} P`, 10) + lpad('R', 7) + lpad('F1', 7);
  const lines = [pad('label', width) + lpad('n', 6) + sides.map((s) => group(s.name)).join('  ')];
  for (const l of labels) {
    const support = ownValue(sides[0]?.metrics.per_label, l)?.support ?? 0;
    const cells = sides.map((s) => {
      const p = ownValue(s.metrics.per_label, l) ?? { precision: 0, recall: 0, f1: 0, support: 0 };
      return lpad(f3(p.precision), 10) + lpad(f3(p.recall), 7) + lpad(f3(p.f1), 7);
    });
    lines.push(pad(l, width) + lpad(String(support), 6) + cells.join('  '));
  }
  return lines.join('\n');
}

export function confusionTable(m: Metrics, labels: readonly string[]): string {
  const width = Math.max(10, ...labels.map((l) => l.length)) + 2;
  const short = labels.map((l) => l.slice(0, 8));
  const lines = [pad('gold \\ predicted', width) + short.map((s) => lpad(s, 10)).join('')];
  for (const g of labels) {
    lines.push(pad(g, width) + labels.map((p) => lpad(String(ownValue(ownValue(m.confusion, g), p) ?? 0), 10)).join(''));
  }
  return lines.join('\n');
}

/** Metrics as the --json line wants them: rounded, stable key order. */
export function jsonMetrics(m: Metrics): Record<string, unknown> {
  const r4 = (v: number) => Math.round(v * 10_000) / 10_000;
  const per_label: Record<string, unknown> = {};
  for (const [l, s] of Object.entries(m.per_label)) {
    per_label[l] = { precision: r4(s.precision), recall: r4(s.recall), f1: r4(s.f1), support: s.support };
  }
  return {
    n: m.n,
    accuracy: r4(m.accuracy),
    macro_f1: r4(m.macro_f1),
    per_label,
    confusion: m.confusion,
    latency_us: { p50: Math.round(m.latency_us.p50), p99: Math.round(m.latency_us.p99) },
    coverage: r4(m.coverage),
    covered_accuracy: r4(m.covered_accuracy),
    ece: r4(m.ece),
  };
}
