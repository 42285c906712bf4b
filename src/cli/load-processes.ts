import type { FakeOpenAIServer } from '../../test/fakes/fake-openai-server.js';
import { findRedisBinaries, startLocalCluster, type LocalCluster } from './load-cluster.js';
import { checkOrder, type SentTurn } from './load-order.js';
import { startRoundRobinProxy, type RoundRobinProxy } from './load-proxy.js';
import { startPrivateRedis, type PrivateRedis } from './load-redis.js';
import { openConversations, runPhase, type PhaseResult } from './load-run.js';
import { startAppTarget, type AppTarget } from './load-target.js';

/**
 * `npm run load -- --processes N [--cluster]` (issue 20, point 6): 1, 2, 4... up to N app
 * processes on one Redis (or one 3-master Redis Cluster), behind the round-robin proxy of
 * load-proxy.ts; each conversation is driven by one connection, one message at a time, and
 * afterwards every acknowledged message must be in history, answered, in the order sent.
 */

export interface ProcessLevel {
  processes: number;
  connections: number;
  phase: PhaseResult;
  /** Requests the proxy sent to each process. */
  perProcess: number[];
  checked: number;
  lost: number;
  outOfOrder: number;
  examples: SentTurn[];
}

export interface ProcessesReport {
  store: 'redis' | 'redis-cluster';
  levels: ProcessLevel[];
  /** Every app's exit code after SIGTERM. */
  exitCodes: Array<number | null>;
}

/** 1, 2, 4, ... below N, then N. */
export function processCounts(n: number): number[] {
  const out: number[] = [];
  for (let p = 1; p < n; p *= 2) out.push(p);
  out.push(n);
  return out;
}

interface SharedRedis {
  env: Record<string, string>;
  close(): Promise<void>;
}

async function startSharedRedis(cluster: boolean): Promise<SharedRedis> {
  if (cluster) {
    const binaries = findRedisBinaries();
    if (!binaries) throw new Error('--cluster needs redis-server and redis-cli (apt-get install -y redis-server)');
    const c: LocalCluster = await startLocalCluster(binaries);
    return { env: { REDIS_CLUSTER_NODES: c.nodes.join(',') }, close: () => c.stop() };
  }
  const r: PrivateRedis = await startPrivateRedis({ durable: false });
  return { env: { REDIS_URL: r.url }, close: () => r.close() };
}

export async function runProcesses(opts: {
  processes: number;
  cluster: boolean;
  connections: number;
  seconds: number;
  conversations: number;
  fake: FakeOpenAIServer;
  appEnv: (extra: Record<string, string>) => Record<string, string>;
  log: (s: string) => void;
}): Promise<ProcessesReport> {
  const redis = await startSharedRedis(opts.cluster);
  const levels: ProcessLevel[] = [];
  const exitCodes: Array<number | null> = [];
  try {
    for (const count of processCounts(opts.processes)) {
      let apps: AppTarget[] = [];
      let proxy: RoundRobinProxy | undefined;
      try {
        // Every message of the run stays in history, so a missing one is a loss, not trimming.
        // Each level opens conversations of its own, so nothing is shared with the level before.
        const env = opts.appEnv({ ...redis.env, HISTORY_MAX_MESSAGES: '5000' });
        // One after another: started together on a busy machine they can miss the health deadline,
        // and every one started is in `apps` for the clean-up below whatever happens.
        for (let i = 0; i < count; i++) apps.push(await startAppTarget(env, { healthDeadlineMs: 180_000 }));
        proxy = await startRoundRobinProxy(apps.map((a) => a.url));
        const chats = await openConversations(proxy.url, Math.max(opts.conversations, opts.connections));
        const sent: SentTurn[] = [];
        const phase = await runPhase({ url: proxy.url, chats, connections: opts.connections, seconds: opts.seconds, tag: `p${count}`, ordered: { sent } });
        const check = await checkOrder(proxy.url, chats, sent);
        const level: ProcessLevel = {
          processes: count,
          connections: opts.connections,
          phase,
          perProcess: [...proxy.forwarded],
          checked: check.checked,
          lost: check.lost.length,
          outOfOrder: check.outOfOrder.length,
          examples: [...check.lost, ...check.outOfOrder].slice(0, 5),
        };
        levels.push(level);
        opts.log(
          `  ${count} process${count > 1 ? 'es' : ''}: ${phase.throughputRps} turns/s, p50 ${phase.latencyMs.p50} ms, p99 ${phase.latencyMs.p99} ms, ` +
            `non-2xx ${phase.non2xx}, errors ${phase.errors + phase.timeouts}; checked ${check.checked}, lost ${level.lost}, out of order ${level.outOfOrder}; per process ${level.perProcess.join('/')}`,
        );
      } finally {
        await proxy?.close();
        exitCodes.push(...(await Promise.all(apps.map((a) => a.stop()))));
      }
    }
  } finally {
    await redis.close();
  }
  return { store: opts.cluster ? 'redis-cluster' : 'redis', levels, exitCodes };
}

const pad = (s: string | number, n: number) => String(s).padStart(n);

export function formatProcessesReport(r: ProcessesReport): string {
  const lines = [`Many processes (web chat API on ${r.store}, round-robin proxy, instant fake model, each conversation one message at a time)`];
  lines.push(`${pad('procs', 6)} ${pad('conns', 6)} ${pad('turns/s', 9)} ${pad('x 1 proc', 9)} ${pad('p50 ms', 7)} ${pad('p99', 7)} ${pad('2xx', 7)} ${pad('non2xx', 7)} ${pad('errors', 7)} ${pad('lost', 5)} ${pad('order', 6)}  per process`);
  const base = r.levels[0]?.phase.throughputRps ?? 0;
  for (const l of r.levels) {
    const p = l.phase;
    const ratio = base > 0 ? (p.throughputRps / base).toFixed(2) : '-';
    lines.push(
      `${pad(l.processes, 6)} ${pad(l.connections, 6)} ${pad(p.throughputRps, 9)} ${pad(ratio, 9)} ${pad(p.latencyMs.p50, 7)} ${pad(p.latencyMs.p99, 7)} ${pad(p.ok, 7)} ${pad(p.non2xx, 7)} ${pad(p.errors + p.timeouts, 7)} ${pad(l.lost, 5)} ${pad(l.outOfOrder, 6)}  ${l.perProcess.join('/')}`,
    );
  }
  lines.push(`App exit codes after SIGTERM: ${r.exitCodes.join(', ')}`);
  return lines.join('\n');
}
