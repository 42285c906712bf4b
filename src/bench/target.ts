import type { ChildProcess } from 'node:child_process';
import { exited, forkTs, nextMessage, processMemory } from './child.js';

/** A server under test running in its own process (src/bench/target-process.ts). */
export interface Target {
  readonly name: string;
  readonly url: string;
  readonly pid: number | undefined;
  memory(): { rssMb: number | null; peakRssMb: number | null };
  /** CPU time (user + system) the process has used so far, in ms. */
  cpuMs(): Promise<number>;
  /**
   * With BENCH_CPU_PROF=DIR: starts a CPU profile in the server ('start'), or stops it and
   * writes DIR/<file> ('stop'), so a profile holds the measured turns only. A no-op otherwise.
   */
  profile(action: 'start' | 'stop', file?: string): Promise<void>;
  stop(): Promise<void>;
}

export interface TargetOptions {
  name: string;
  kind: 'switchboard' | 'floor';
  /** Environment for parseEnv in the child (OPENAI_BASE_URL, REDIS_URL, RATE_LIMIT_*, ...). */
  env: Record<string, string>;
  redisPrefix?: string;
}

export async function startTarget(opts: TargetOptions): Promise<Target> {
  // BENCH_TRACE_GC=1: the servers under test print their GC pauses (BENCH_CPU_PROF: see profile()).
  const profile = process.env.BENCH_TRACE_GC ? ['--trace-gc'] : [];
  const child: ChildProcess = forkTs(
    'target-process.ts',
    { BENCH_TARGET: JSON.stringify({ kind: opts.kind, env: opts.env, redisPrefix: opts.redisPrefix }) },
    profile,
  );
  try {
    const { url } = await nextMessage<{ type: 'ready'; url: string }>(child, ['ready']);
    return {
      name: opts.name,
      url,
      pid: child.pid,
      memory: () => processMemory(child.pid),
      async cpuMs() {
        const reply = nextMessage<{ type: 'cpu'; ms: number }>(child, ['cpu'], 10_000);
        child.send({ type: 'cpu' });
        return (await reply).ms;
      },
      async profile(action, file) {
        if (!process.env.BENCH_CPU_PROF) return;
        const reply = nextMessage<{ type: 'profiled' }>(child, ['profiled'], 60_000);
        child.send({ type: 'profile', action, file });
        await reply;
      },
      async stop() {
        if (child.connected) child.send({ type: 'stop' });
        await exited(child);
      },
    };
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
}
