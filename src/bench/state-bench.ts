import { exited, forkTs, nextMessage } from './child.js';
import type { StateRun, StateSection } from './results-schema.js';
import { round } from './stats.js';

export interface StateBenchOptions {
  sizes: number[];
  redis: { url: string; prefix: string } | null;
  log: (line: string) => void;
}

interface StateMessage {
  type: 'result';
  fillMs: number;
  rssMb: number;
  rssDeltaMb: number;
  loadP50Us: number;
  loadP99Us: number;
  redisUsedMemoryDeltaMb: number | null;
  redisKeyBytesPerConversation: number | null;
}

/** Section 5: one fresh child process per (store, size), see src/bench/state-process.ts. */
export async function runStateBench(opts: StateBenchOptions): Promise<StateSection> {
  const runs: StateRun[] = [];
  const stores: Array<'memory' | 'redis'> = ['memory', ...(opts.redis ? (['redis'] as const) : [])];
  for (const store of stores) {
    for (const conversations of opts.sizes) {
      const prefix = opts.redis ? `${opts.redis.prefix}state${conversations}:` : undefined;
      const child = forkTs(
        'state-process.ts',
        { BENCH_STATE: JSON.stringify({ store, conversations, redisUrl: opts.redis?.url, prefix }) },
        ['--expose-gc', '--max-old-space-size=4096'],
      );
      try {
        const r = await nextMessage<StateMessage>(child, ['result'], 600_000);
        const run: StateRun = {
          store,
          conversations,
          messagesPerConversation: 2,
          fillMs: round(r.fillMs, 0) ?? 0,
          rssMb: round(r.rssMb, 1) ?? 0,
          rssDeltaMb: round(r.rssDeltaMb, 1) ?? 0,
          loadP50Us: round(r.loadP50Us, 1) ?? 0,
          loadP99Us: round(r.loadP99Us, 1) ?? 0,
          redisUsedMemoryDeltaMb: r.redisUsedMemoryDeltaMb === null ? null : round(r.redisUsedMemoryDeltaMb, 1),
          redisKeyBytesPerConversation: r.redisKeyBytesPerConversation === null ? null : round(r.redisKeyBytesPerConversation, 0),
        };
        runs.push(run);
        opts.log(
          `  ${store} ${conversations}: RSS ${run.rssMb} MB (+${run.rssDeltaMb}), load p50 ${run.loadP50Us} µs p99 ${run.loadP99Us} µs` +
            (run.redisUsedMemoryDeltaMb !== null ? `, Redis +${run.redisUsedMemoryDeltaMb} MB (${run.redisKeyBytesPerConversation} B/conversation by MEMORY USAGE)` : ''),
        );
      } finally {
        await exited(child, 120_000);
      }
    }
  }
  return { runs };
}
