import { startLoadModel } from './load-model.js';
import { openConversation, sendTurn } from './chat-client.js';
import { switchboardEnv } from './http-overhead.js';
import type { SoakSection } from './results-schema.js';
import { round } from './stats.js';
import { startTarget } from './target.js';

export interface SoakOptions {
  seconds: number;
  connections: number;
  turnsPerConversation: number;
  sampleEverySeconds: number;
  /** Share of the run left out of the slope at its start (heap growing to its working size). */
  warmupShare: number;
  goalSlopeMbPerMin: number;
  /** MEMORY_STORE_MAX_CONVERSATIONS for the soak: low, so the store reaches its bound during the warm-up. */
  maxConversations: number;
  texts: readonly string[];
  pickSkill: (text: string) => string;
  log: (line: string) => void;
}

/** Least-squares slope of y over x. */
export function slope(points: ReadonlyArray<readonly [number, number]>): number {
  const n = points.length;
  if (n < 2) return 0;
  let sx = 0;
  let sy = 0;
  for (const [x, y] of points) {
    sx += x;
    sy += y;
  }
  const mx = sx / n;
  const my = sy / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/**
 * Issue 20.3: the app (memory store) under a steady load of customers who come and go:
 * `connections` clients each open a conversation, send it a few turns and move on to a new
 * one, for `seconds`. RSS and heap are sampled throughout; the slope after the warm-up says
 * whether anything grows without bound (history, markers, rate-limit keys, metrics labels,
 * insights samples, event-stream registries).
 */
export async function runSoak(opts: SoakOptions): Promise<SoakSection> {
  const fake = await startLoadModel({ pickSkill: opts.pickSkill });
  const target = await startTarget({ name: 'soak', kind: 'switchboard', env: { ...switchboardEnv(fake.baseURL), MEMORY_STORE_MAX_CONVERSATIONS: String(opts.maxConversations) }, execArgv: ['--expose-gc'] });
  try {
    const started = performance.now();
    const deadline = started + opts.seconds * 1000;
    let turns = 0;
    let conversations = 0;
    let errors = 0;
    let n = 0;
    const worker = async () => {
      while (performance.now() < deadline) {
        try {
          const c = await openConversation(target.url);
          conversations++;
          for (let k = 0; k < opts.turnsPerConversation && performance.now() < deadline; k++) {
            await sendTurn(target.url, c, opts.texts[n++ % opts.texts.length]!);
            turns++;
          }
        } catch {
          errors++;
        }
      }
    };
    const samples: Array<[number, number, number | null]> = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const t = (performance.now() - started) / 1000;
        // Heap after a full GC first, then RSS: both read what the process keeps, not its garbage.
        const heap = await target.heapMb().catch(() => null);
        const rss = target.memory().rssMb;
        if (rss !== null) samples.push([round(t, 1) ?? 0, round(rss, 1) ?? 0, heap === null ? null : (round(heap, 1) ?? 0)]);
        const wait = started + (samples.length * opts.sampleEverySeconds) * 1000 - performance.now();
        await new Promise((r) => setTimeout(r, Math.max(50, wait)));
      }
    })();
    let lastLog = started;
    const progress = setInterval(() => {
      const now = performance.now();
      if (now - lastLog >= 30_000) {
        lastLog = now;
        const s = samples[samples.length - 1];
        opts.log(`  ${Math.round((now - started) / 1000)} s: ${turns} turns, RSS ${s?.[1] ?? '?'} MB, heap ${s?.[2] ?? '?'} MB`);
      }
    }, 1000);
    await Promise.all(Array.from({ length: opts.connections }, worker));
    clearInterval(progress);
    sampling = false;
    await sampler;
    const elapsed = (performance.now() - started) / 1000;
    const warmup = opts.seconds * opts.warmupShare;
    const steady = samples.filter(([t]) => t >= warmup);
    const perMin = (pts: Array<[number, number]>) => round(slope(pts) * 60, 3) ?? 0;
    const rssSlope = perMin(steady.map(([t, r]) => [t, r]));
    const heapPts = steady.filter(([, , h]) => h !== null).map(([t, , h]) => [t, h!] as [number, number]);
    const result: SoakSection = {
      store: 'memory',
      maxConversations: opts.maxConversations,
      connections: opts.connections,
      durationSeconds: round(elapsed, 1) ?? opts.seconds,
      turnsPerConversation: opts.turnsPerConversation,
      turns,
      conversations,
      errors,
      turnsPerSecond: round(turns / elapsed, 1) ?? 0,
      warmupSeconds: round(warmup, 1) ?? 0,
      rssStartMb: steady[0]?.[1] ?? 0,
      rssEndMb: steady[steady.length - 1]?.[1] ?? 0,
      peakRssMb: round(target.memory().peakRssMb ?? Number.NaN, 1),
      rssSlopeMbPerMin: rssSlope,
      heapSlopeMbPerMin: heapPts.length >= 2 ? perMin(heapPts) : null,
      goalSlopeMbPerMin: opts.goalSlopeMbPerMin,
      samples,
    };
    opts.log(
      `  soak ${result.durationSeconds} s, c${result.connections}: ${result.turns} turns (${result.turnsPerSecond}/s) in ${result.conversations} conversations, ${result.errors} errors; RSS ${result.rssStartMb} -> ${result.rssEndMb} MB after ${result.warmupSeconds} s warm-up, slope ${result.rssSlopeMbPerMin} MB/min (heap ${result.heapSlopeMbPerMin} MB/min), peak ${result.peakRssMb} MB`,
    );
    return result;
  } finally {
    await target.stop();
    await fake.close();
  }
}
