import autocannon from 'autocannon';
import { startLoadModel } from './load-model.js';
import { messageHeaders, messagePath, openConversation, type ChatConversation } from './chat-client.js';
import { switchboardEnv } from './http-overhead.js';
import type { ThroughputRun, ThroughputSection } from './results-schema.js';
import { round } from './stats.js';
import { startTarget, type Target } from './target.js';

export interface ThroughputOptions {
  connections: number[];
  durationSeconds: number;
  conversations: number;
  redis: { url: string; prefix: string } | null;
  /** Also load the floor at the highest concurrency, for reference. */
  floor: boolean;
  /** Customer messages, sent in rotation. */
  texts: readonly string[];
  /** The fake model's answer to router calls. */
  pickSkill: (text: string) => string;
  log: (line: string) => void;
  /**
   * Also run the app (memory store) and the floor for exactly this many turns each at the highest
   * concurrency, each in a fresh process, and compare their peak RSS then (0: skipped).
   */
  equalTurns?: number;
}

async function openMany(url: string, n: number): Promise<ChatConversation[]> {
  const out: ChatConversation[] = [];
  for (let i = 0; i < n; i += 50) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(50, n - i) }, () => openConversation(url)))));
  }
  return out;
}

/**
 * Turns per second with autocannon and the instant fake model. Each request goes to the
 * next of many conversations, round-robin: one conversation takes one turn at a time
 * (its lock), so a load on a single conversation would measure the lock, not the server.
 */
type Kind = 'memory' | 'redis' | 'floor';

function startKind(kind: Kind, modelUrl: string, redis: ThroughputOptions['redis']) {
  return kind === 'floor'
    ? startTarget({ name: kind, kind: 'floor', env: { OPENAI_BASE_URL: modelUrl, OPENAI_API_KEY: 'x' } })
    : startTarget({
        name: kind,
        kind: 'switchboard',
        env: switchboardEnv(modelUrl, kind === 'redis' ? redis!.url : undefined),
        redisPrefix: kind === 'redis' ? redis!.prefix : undefined,
      });
}

/** One autocannon load on `target`: for `durationSeconds`, or for exactly `amount` turns. */
async function load(target: Target, kind: Kind, connections: number, limit: { durationSeconds: number } | { amount: number }, opts: ThroughputOptions): Promise<ThroughputRun> {
  const conversations = kind === 'floor' ? [{ id: 'floor', token: 'none' }] : await openMany(target.url, opts.conversations);
  let next = 0;
  const cpuBefore = await target.cpuMs();
  const ownCpuBefore = process.cpuUsage();
  const result = await autocannon({
    url: target.url,
    connections,
    ...('amount' in limit ? { amount: limit.amount } : { duration: limit.durationSeconds }),
    timeout: 30,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const n = next++;
          const c = conversations[n % conversations.length]!;
          return {
            ...req,
            path: messagePath(c),
            headers: messageHeaders(c),
            body: JSON.stringify({ text: opts.texts[n % opts.texts.length] }),
          };
        },
      },
    ],
  });
  const ok = result['2xx'];
  const cpuMs = (await target.cpuMs()) - cpuBefore;
  const own = process.cpuUsage(ownCpuBefore);
  return {
    target: kind,
    connections,
    durationSeconds: round(result.duration, 2) ?? 0,
    turns: ok,
    turnsPerSecond: round(ok / result.duration, 1) ?? 0,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    timeouts: result.timeouts,
    peakRssMb: round(target.memory().peakRssMb ?? Number.NaN, 1),
    cpuMsPerTurn: ok ? round(cpuMs / ok, 3) : null,
    serverCores: round(cpuMs / 1000 / result.duration, 2),
    loadGeneratorCores: round((own.user + own.system) / 1e6 / result.duration, 2),
  };
}

function logRun(opts: ThroughputOptions, run: ThroughputRun, label = `${run.target} c${run.connections}`): void {
  opts.log(`  ${label}: ${run.turnsPerSecond} turns/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, errors ${run.errors}, non-2xx ${run.non2xx}, peak RSS ${run.peakRssMb} MB, CPU ${run.cpuMsPerTurn} ms/turn, server ${run.serverCores} cores, load generator + fake model ${run.loadGeneratorCores} cores`);
}

/**
 * Turns per second with autocannon and the instant fake model. Each request goes to the
 * next of many conversations, round-robin: one conversation takes one turn at a time
 * (its lock), so a load on a single conversation would measure the lock, not the server.
 */
export async function runThroughput(opts: ThroughputOptions): Promise<ThroughputSection> {
  const fake = await startLoadModel({ pickSkill: opts.pickSkill });
  const runs: ThroughputRun[] = [];
  const kinds: Kind[] = ['memory', ...(opts.redis ? (['redis'] as const) : []), ...(opts.floor ? (['floor'] as const) : [])];
  const top = Math.max(...opts.connections);
  try {
    for (const kind of kinds) {
      const target = await startKind(kind, fake.baseURL, opts.redis);
      try {
        for (const connections of kind === 'floor' ? [top] : opts.connections) {
          const run = await load(target, kind, connections, { durationSeconds: opts.durationSeconds }, opts);
          runs.push(run);
          logRun(opts, run);
        }
      } finally {
        await target.stop();
      }
    }
    // Peak RSS follows the number of turns served between full GCs, and the app serves fewer turns
    // a second than the floor, so the timed runs above compare unlike amounts of work: here each
    // serves the same number of turns from a fresh process (the floor too, so both start cold).
    const equal: ThroughputRun[] = [];
    if (opts.equalTurns && opts.floor) {
      for (const kind of ['memory', 'floor'] as const) {
        const target = await startKind(kind, fake.baseURL, opts.redis);
        try {
          const run = await load(target, kind, top, { amount: opts.equalTurns }, opts);
          equal.push(run);
          logRun(opts, run, `${kind} c${top}, ${opts.equalTurns} turns`);
        } finally {
          await target.stop();
        }
      }
    }
    return { conversations: opts.conversations, runs, ...(equal.length ? { equalTurns: { turns: opts.equalTurns!, runs: equal } } : {}) };
  } finally {
    await fake.close();
  }
}
