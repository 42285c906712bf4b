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
  /** Mean of the last quarter of samples minus the mean of the first quarter after warm-up (the first 10%). */
  heapGrowthMb: number;
  rssGrowthMb: number;
  /** Least-squares slope over the samples after warm-up. */
  heapSlopeMbPerMin: number;
  rssSlopeMbPerMin: number;
  /** Heap growth under 10 MB and RSS growth under 25 MB between the first and last quarter. */
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
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);

function slopePerMinute(points: Array<{ t: number; v: number }>): number {
  if (points.length < 2) return 0;
  const mt = mean(points.map((p) => p.t));
  const mv = mean(points.map((p) => p.v));
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.t - mt) * (p.v - mv);
    den += (p.t - mt) ** 2;
  }
  return den === 0 ? 0 : (num / den) * 60;
}

export function summariseSoak(phase: PhaseResult, samples: MemorySample[]): SoakReport {
  const after = samples.slice(Math.floor(samples.length * 0.1));
  const quarter = Math.max(1, Math.floor(after.length / 4));
  const first = after.slice(0, quarter);
  const last = after.slice(-quarter);
  const heapGrowthMb = r1(mean(last.map((s) => s.heapUsedMb)) - mean(first.map((s) => s.heapUsedMb)));
  const rssGrowthMb = r1(mean(last.map((s) => s.rssMb)) - mean(first.map((s) => s.rssMb)));
  return {
    seconds: phase.seconds,
    connections: phase.connections,
    turns: phase.ok,
    throughputRps: phase.throughputRps,
    latencyMs: phase.latencyMs,
    non2xx: phase.non2xx,
    errors: phase.errors,
    samples,
    heapGrowthMb,
    rssGrowthMb,
    heapSlopeMbPerMin: r1(slopePerMinute(after.map((s) => ({ t: s.t, v: s.heapUsedMb })))),
    rssSlopeMbPerMin: r1(slopePerMinute(after.map((s) => ({ t: s.t, v: s.rssMb })))),
    flat: heapGrowthMb < 10 && rssGrowthMb < 25,
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
    lines.push(`  growth first->last quarter: heap ${s.heapGrowthMb} MB, RSS ${s.rssGrowthMb} MB; slope heap ${s.heapSlopeMbPerMin} MB/min, RSS ${s.rssSlopeMbPerMin} MB/min -> ${s.flat ? 'flat' : 'NOT flat'}`);
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
