import autocannon from 'autocannon';
import { startLoadModel } from './load-model.js';
import { messageHeaders, messagePath, openConversation, type ChatConversation } from './chat-client.js';
import { switchboardEnv } from './http-overhead.js';
import type { ThroughputRun, ThroughputSection } from './results-schema.js';
import { round } from './stats.js';
import { startTarget } from './target.js';

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
export async function runThroughput(opts: ThroughputOptions): Promise<ThroughputSection> {
  const fake = await startLoadModel({ pickSkill: opts.pickSkill });
  const runs: ThroughputRun[] = [];
  const kinds: Array<'memory' | 'redis' | 'floor'> = ['memory', ...(opts.redis ? (['redis'] as const) : []), ...(opts.floor ? (['floor'] as const) : [])];
  try {
    for (const kind of kinds) {
      const target =
        kind === 'floor'
          ? await startTarget({ name: kind, kind: 'floor', env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'x' } })
          : await startTarget({
              name: kind,
              kind: 'switchboard',
              env: switchboardEnv(fake.baseURL, kind === 'redis' ? opts.redis!.url : undefined),
              redisPrefix: kind === 'redis' ? opts.redis!.prefix : undefined,
            });
      try {
        const levels = kind === 'floor' ? [Math.max(...opts.connections)] : opts.connections;
        for (const connections of levels) {
          const conversations = kind === 'floor' ? [{ id: 'floor', token: 'none' }] : await openMany(target.url, opts.conversations);
          let next = 0;
          const cpuBefore = await target.cpuMs();
          const ownCpuBefore = process.cpuUsage();
          const result = await autocannon({
            url: target.url,
            connections,
            duration: opts.durationSeconds,
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
          const run: ThroughputRun = {
            target: kind,
            connections,
            durationSeconds: round(result.duration, 2) ?? opts.durationSeconds,
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
          runs.push(run);
          opts.log(`  ${kind} c${connections}: ${run.turnsPerSecond} turns/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, errors ${run.errors}, non-2xx ${run.non2xx}, peak RSS ${run.peakRssMb} MB, CPU ${run.cpuMsPerTurn} ms/turn, server ${run.serverCores} cores, load generator + fake model ${run.loadGeneratorCores} cores`);
        }
      } finally {
        await target.stop();
      }
    }
    return { conversations: opts.conversations, runs };
  } finally {
    await fake.close();
  }
}
