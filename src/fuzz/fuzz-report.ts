/** What one fuzz run found: per target the cases run and the slowest call, and the first failure. */
export interface TargetStats {
  cases: number;
  worstMs: number;
  /** The input of the slowest call (cut for printing; the full text is kept for the bench). */
  worstInput: string;
}

export interface FuzzReport {
  kind: 'direct' | 'http';
  seed: number;
  runs: number;
  cases: number;
  targets: Record<string, TargetStats>;
  /** Null when every property held. */
  failure: { message: string; seed: number; path: string | undefined; counterexample: string } | null;
}

export class StatsRecorder {
  readonly targets = new Map<string, TargetStats>();
  cases = 0;

  record(target: string, ms: number, input: string): void {
    this.cases++;
    const s = this.targets.get(target) ?? { cases: 0, worstMs: 0, worstInput: '' };
    s.cases++;
    if (ms > s.worstMs) {
      s.worstMs = ms;
      s.worstInput = input;
    }
    this.targets.set(target, s);
  }

  toJSON(): Record<string, TargetStats> {
    return Object.fromEntries([...this.targets].sort(([a], [b]) => a.localeCompare(b)));
  }
}

/** One line per target, for the console. */
export function formatReport(r: FuzzReport): string[] {
  const lines = [`fuzz ${r.kind}: ${r.cases} cases (${r.runs} runs), seed ${r.seed}`];
  for (const [name, s] of Object.entries(r.targets)) {
    lines.push(`  ${name.padEnd(28)} ${String(s.cases).padStart(6)} calls, worst ${s.worstMs.toFixed(1)} ms on ${JSON.stringify(s.worstInput.slice(0, 60))}${s.worstInput.length > 60 ? `… (${s.worstInput.length} chars)` : ''}`);
  }
  if (r.failure) {
    lines.push(`FAILED: ${r.failure.message}`);
    lines.push(`  replay: --seed ${r.failure.seed}${r.failure.path ? ` --path ${r.failure.path}` : ''}`);
    lines.push(`  counterexample: ${r.failure.counterexample.slice(0, 500)}`);
  } else lines.push('  no failure');
  return lines;
}
