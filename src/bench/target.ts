import type { ChildProcess } from 'node:child_process';
import { appStartFlags, exited, forkTs, nextMessage, processMemory } from './child.js';
import type { ProfileSummary } from './profile-summary.js';

/** A server under test running in its own process (src/bench/target-process.ts). */
export interface Target {
  readonly name: string;
  readonly url: string;
  readonly pid: number | undefined;
  memory(): { rssMb: number | null; peakRssMb: number | null };
  /** CPU time (user + system) the process has used so far, in ms. */
  cpuMs(): Promise<number>;
  /** V8 heap used now, in MB (after a full GC when the server runs with --expose-gc). */
  heapMb(): Promise<number>;
  /**
   * Starts a CPU profile in the server ('start'), or stops it ('stop') and returns its summary;
   * with BENCH_CPU_PROF=DIR the whole profile is also written to DIR/<file>.
   */
  profile(action: 'start' | 'stop', file?: string): Promise<ProfileSummary | null>;
  stop(): Promise<void>;
}

export interface TargetOptions {
  name: string;
  kind: 'switchboard' | 'floor';
  /** Environment for parseEnv in the child (OPENAI_BASE_URL, REDIS_URL, RATE_LIMIT_*, ...). */
  env: Record<string, string>;
  redisPrefix?: string;
  /** Extra node flags for the server (the soak passes --expose-gc). */
  execArgv?: string[];
}

export async function startTarget(opts: TargetOptions): Promise<Target> {
  // BENCH_TRACE_GC=1: the servers under test print their GC pauses (BENCH_CPU_PROF: see profile()).
  // The app runs with its start command's node flags (package.json "start"); the floor, a minimal
  // handler anyone would write, with node's defaults.
  const profile = [
    ...(opts.kind === 'switchboard' ? appStartFlags() : []),
    ...(process.env.BENCH_TRACE_GC ? ['--trace-gc'] : []),
    ...(opts.execArgv ?? []),
  ];
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
      async heapMb() {
        const reply = nextMessage<{ type: 'heap'; mb: number }>(child, ['heap'], 10_000);
        child.send({ type: 'heap' });
        return (await reply).mb;
      },
      async profile(action, file) {
        const reply = nextMessage<{ type: 'profiled'; summary: ProfileSummary | null }>(child, ['profiled'], 60_000);
        child.send({ type: 'profile', action, file });
        return (await reply).summary;
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
