import type { Acked, PhaseResult } from './load-run.js';
import type { MemorySample } from './load-target.js';

export interface SoakReport {
  seconds: number;
  connections: number;
  turns: number;
  throughputRps: number;
  latencyMs: PhaseResult['latencyMs'];
  non2xx: number;
  errors: number;
  samples: MemorySample[];
  /**
   * After a warm-up (the first quarter: V8 grows its heap and RSS to a working size), the rest
   * is cut in thirds. The heap is a sawtooth (garbage, then a collection), so what is retained
   * is its floor: the lowest sample of each third. RSS is taken as each third's highest sample.
   */
  heapFloorMb: number[];
  rssPeakMb: number[];
  /** Last third minus first third. */
  heapFloorGrowthMb: number;
  rssPeakGrowthMb: number;
  /** Heap floor growth under 10 MB and RSS peak growth under 25 MB. */
  flat: boolean;
}

export interface FaultReport {
  seconds: number;
  connections: number;
  requests: number;
  acknowledged: number;
  statuses: Record<string, number>;
  /** Answers other than 2xx and 503 (must be 0). */
  unexpectedStatuses: number;
  connectionErrors: number;
  timeouts: number;
  latencyMs: PhaseResult['latencyMs'];
  /** Acknowledged (2xx with a reply) but not in history afterwards (must be 0). */
  lost: number;
  lostExamples: Acked[];
  timeline: Array<{ t: number; event: string }>;
  exitCode: number | null;
}

export interface LoadReport {
  store: 'redis' | 'memory';
  conversations: number;
  levels: Array<PhaseResult & { rssMb: { before: number; peak: number } }>;
  soak?: SoakReport;
  faults?: FaultReport;
  /** The app's exit code after SIGTERM at the end of the load and soak (0 = graceful). */
  exitCode: number | null;
}

const r1 = (n: number) => Math.round(n * 10) / 10;

export function summariseSoak(phase: PhaseResult, samples: MemorySample[]): SoakReport {
  const warm = samples.filter((x) => x.t >= phase.seconds / 4);
  const size = Math.max(1, Math.ceil(warm.length / 3));
  const thirds = [warm.slice(0, size), warm.slice(size, 2 * size), warm.slice(2 * size)].filter((t) => t.length > 0);
  const heapFloorMb = thirds.map((t) => r1(Math.min(...t.map((x) => x.heapUsedMb))));
  const rssPeakMb = thirds.map((t) => r1(Math.max(...t.map((x) => x.rssMb))));
  const heapFloorGrowthMb = r1((heapFloorMb.at(-1) ?? 0) - (heapFloorMb[0] ?? 0));
  const rssPeakGrowthMb = r1((rssPeakMb.at(-1) ?? 0) - (rssPeakMb[0] ?? 0));
  return {
    seconds: phase.seconds,
    connections: phase.connections,
    turns: phase.ok,
    throughputRps: phase.throughputRps,
    latencyMs: phase.latencyMs,
    non2xx: phase.non2xx,
    errors: phase.errors,
    samples,
    heapFloorMb,
    rssPeakMb,
    heapFloorGrowthMb,
    rssPeakGrowthMb,
    flat: thirds.length === 3 && heapFloorGrowthMb < 10 && rssPeakGrowthMb < 25,
  };
}

function pad(s: string | number, n: number): string {
  return String(s).padStart(n);
}

export function formatLoadReport(r: LoadReport): string {
  const lines: string[] = [];
  lines.push(`Load (web chat API, ${r.store} store, instant fake model, ${r.conversations}+ conversations round-robin)`);
  lines.push(`${pad('conns', 6)} ${pad('turns/s', 9)} ${pad('p50 ms', 7)} ${pad('p97.5', 7)} ${pad('p99', 7)} ${pad('max', 7)} ${pad('2xx', 8)} ${pad('non2xx', 7)} ${pad('errors', 7)} ${pad('busy', 6)} ${pad('RSS MB', 14)}`);
  for (const l of r.levels) {
    lines.push(
      `${pad(l.connections, 6)} ${pad(l.throughputRps, 9)} ${pad(l.latencyMs.p50, 7)} ${pad(l.latencyMs.p97_5, 7)} ${pad(l.latencyMs.p99, 7)} ${pad(l.latencyMs.max, 7)} ${pad(l.ok, 8)} ${pad(l.non2xx, 7)} ${pad(l.errors + l.timeouts, 7)} ${pad(l.busy, 6)} ${pad(`${l.rssMb.before} -> ${l.rssMb.peak}`, 14)}`,
    );
  }
  if (r.soak) {
    const s = r.soak;
    lines.push('');
    lines.push(`Soak: ${s.seconds} s at ${s.connections} connections, ${s.turns} turns (${s.throughputRps}/s), p50 ${s.latencyMs.p50} ms, p99 ${s.latencyMs.p99} ms, non-2xx ${s.non2xx}, errors ${s.errors}`);
    lines.push(`  memory samples (t s: RSS MB / heap MB): ${s.samples.map((x) => `${x.t}: ${x.rssMb}/${x.heapUsedMb}`).join(', ')}`);
    lines.push(
      `  after warm-up, by thirds: heap floor ${s.heapFloorMb.join(' / ')} MB (growth ${s.heapFloorGrowthMb}), RSS peak ${s.rssPeakMb.join(' / ')} MB (growth ${s.rssPeakGrowthMb}) -> ${s.flat ? 'flat' : 'NOT flat'}`,
    );
  }
  if (r.faults) {
    const f = r.faults;
    lines.push('');
    lines.push(`Faults: ${f.seconds} s at ${f.connections} connections; model failing 6 s; Redis killed for 3 s`);
    for (const e of f.timeline) lines.push(`  ${pad(e.t.toFixed(1), 5)} s  ${e.event}`);
    lines.push(`  requests ${f.requests}, acknowledged ${f.acknowledged}, statuses ${JSON.stringify(f.statuses)}, other than 2xx/503: ${f.unexpectedStatuses}, connection errors ${f.connectionErrors}, timeouts ${f.timeouts}`);
    lines.push(`  latency p50 ${f.latencyMs.p50} ms, p99 ${f.latencyMs.p99} ms, max ${f.latencyMs.max} ms`);
    lines.push(`  LOST (acknowledged but not in history): ${f.lost}${f.lost ? ` e.g. ${JSON.stringify(f.lostExamples)}` : ''}`);
    lines.push(`  app exit code after SIGTERM: ${f.exitCode}`);
  }
  lines.push(`App exit code after SIGTERM (load run): ${r.exitCode}`);
  return lines.join('\n');
}
