import { startLoadModel } from './load-model.js';
import { openConversation, sendTurn, type ChatConversation } from './chat-client.js';
import { ConversationRotation } from './load-messages.js';
import type { OverheadSection } from './results-schema.js';
import { ratio, round, summarize } from './stats.js';
import { startTarget, type Target } from './target.js';
import type { ProfileSummary } from './profile-summary.js';

export interface OverheadOptions {
  turns: number;
  warmup: number;
  turnsPerConversation: number;
  redis: { url: string; prefix: string } | null;
  /** Customer messages, sent in rotation. */
  texts: readonly string[];
  /** The fake model's answer to router calls. */
  pickSkill: (text: string) => string;
  log: (line: string) => void;
  /** Turns per variant of the profiled window after the timed one (floor and memory store). */
  profileTurns: number;
}

/**
 * The profiles of the floor and of the app (memory store) over the same turns, as ms of
 * self time per turn: by module (a package, a folder of src/, node's internals) and the app's
 * top functions. Sampled wall time while running JavaScript or native code, idle excluded.
 */
export function profileSection(floor: ProfileSummary | null, memory: ProfileSummary | null, turns: number): NonNullable<OverheadSection['profile']> | null {
  if (!floor || !memory || turns <= 0) return null;
  const per = (ms: number) => round(ms / turns, 4) ?? 0;
  const floorOf = new Map(floor.modules.map((m) => [m.name, m.selfMs]));
  return {
    turns,
    floorBusyMsPerTurn: per(floor.totalMs - floor.idleMs),
    memoryBusyMsPerTurn: per(memory.totalMs - memory.idleMs),
    modules: memory.modules.slice(0, 25).map((m) => ({ name: m.name, memoryMsPerTurn: per(m.selfMs), floorMsPerTurn: per(floorOf.get(m.name) ?? 0) })),
    functions: memory.functions.slice(0, 25).map((f) => ({ name: f.name, memoryMsPerTurn: per(f.selfMs) })),
  };
}

/** Settings every Switchboard target shares: limits out of the way, the model at `modelUrl`. */
export function switchboardEnv(modelUrl: string, redisUrl?: string): Record<string, string> {
  return {
    OPENAI_BASE_URL: modelUrl,
    OPENAI_API_KEY: 'x',
    RATE_LIMIT_IP_PER_MINUTE: '100000000',
    RATE_LIMIT_CONVERSATION_PER_MINUTE: '100000000',
    LOG_LEVEL: 'silent',
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
  };
}

const FLOOR_CONVERSATION: ChatConversation = { id: 'floor', token: 'none' };

export function latency(samplesMs: number[]) {
  const s = summarize(samplesMs);
  return { n: s.n, p50Ms: round(s.p50, 3) ?? 0, p99Ms: round(s.p99, 3) ?? 0, meanMs: round(s.mean, 3) ?? 0 };
}

/**
 * End-to-end latency of one web chat turn (JSON reply) with an instant fake model, for
 * Switchboard (memory, Redis) and the floor, one request at a time, interleaved round by
 * round so machine noise hits every variant alike. Conversations are replaced every few
 * turns (opening one is not timed), so history stays the size of a real chat.
 */
export async function runOverhead(opts: OverheadOptions): Promise<OverheadSection> {
  const fake = await startLoadModel({ pickSkill: opts.pickSkill });
  const targets: Array<{ key: 'floor' | 'memory' | 'redis'; target: Target; rotation: ConversationRotation<ChatConversation>; samples: number[] }> = [];
  // Conversations for the measured turns are opened before them (at the end of the warm-up):
  // opening one is not a turn (the floor opens none, and its latency is not timed), yet it costs
  // the app about 1 ms of CPU, which counted in its CPU per turn at one open every 4 turns.
  const opened = new Map<string, ChatConversation[]>();
  const opener = (key: string, target: Target) => async (): Promise<ChatConversation> => opened.get(key)?.shift() ?? openConversation(target.url);
  try {
    const floor = await startTarget({ name: 'floor', kind: 'floor', env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'x' } });
    targets.push({ key: 'floor', target: floor, rotation: new ConversationRotation(async () => FLOOR_CONVERSATION, 1), samples: [] });
    const memory = await startTarget({ name: 'memory', kind: 'switchboard', env: switchboardEnv(fake.baseURL) });
    targets.push({ key: 'memory', target: memory, rotation: new ConversationRotation(opener('memory', memory), opts.turnsPerConversation), samples: [] });
    if (opts.redis) {
      const redis = await startTarget({ name: 'redis', kind: 'switchboard', env: switchboardEnv(fake.baseURL, opts.redis.url), redisPrefix: opts.redis.prefix });
      targets.push({ key: 'redis', target: redis, rotation: new ConversationRotation(opener('redis', redis), opts.turnsPerConversation), samples: [] });
    }
    let byModel = 0;
    let routed = 0;
    const cpuAtStart = new Map<string, number>();
    for (let i = 0; i < opts.warmup + opts.turns; i++) {
      if (i === opts.warmup) {
        for (const t of targets) {
          if (t.key === 'floor') continue;
          const list: ChatConversation[] = [];
          for (let n = 0; n < Math.ceil(opts.turns / opts.turnsPerConversation) + 1; n++) list.push(await openConversation(t.target.url));
          opened.set(t.key, list);
        }
        for (const t of targets) cpuAtStart.set(t.key, await t.target.cpuMs());
      }
      const text = opts.texts[i % opts.texts.length]!;
      // Rotate which variant goes first, so none always runs right after another's GC.
      for (let k = 0; k < targets.length; k++) {
        const t = targets[(i + k) % targets.length]!;
        const conversation = await t.rotation.next();
        const started = performance.now();
        const reply = await sendTurn(t.target.url, conversation, text);
        const ms = performance.now() - started;
        if (i < opts.warmup) continue;
        t.samples.push(ms);
        if (t.key === 'memory') {
          routed += 1;
          if (reply.routeMethod === 'model') byModel += 1;
        }
      }
    }
    const cpu = new Map<string, number>();
    for (const t of targets) cpu.set(t.key, ((await t.target.cpuMs()) - cpuAtStart.get(t.key)!) / opts.turns);
    // Where the time goes: a separate profiled window (the sampler costs CPU, so it stays out of
    // the timed turns above), the same messages, floor and memory store side by side. Its
    // conversations are opened before the profile starts, so only turns are sampled.
    const profiled = targets.filter((t) => t.key !== 'redis');
    const window = new Map<string, ChatConversation[]>();
    for (const t of profiled) {
      const list: ChatConversation[] = [];
      for (let i = 0; i < opts.profileTurns; i++) list.push(await t.rotation.next());
      window.set(t.key, list);
    }
    for (const t of profiled) await t.target.profile('start');
    for (let i = 0; i < opts.profileTurns; i++) {
      for (const t of profiled) await sendTurn(t.target.url, window.get(t.key)![i]!, opts.texts[(opts.warmup + opts.turns + i) % opts.texts.length]!);
    }
    const summaries = new Map<string, ProfileSummary | null>();
    for (const t of profiled) summaries.set(t.key, await t.target.profile('stop', `overhead-${t.key}.cpuprofile`));
    const profile = profileSection(summaries.get('floor') ?? null, summaries.get('memory') ?? null, opts.profileTurns);
    const get = (key: string) => targets.find((t) => t.key === key);
    const floorL = latency(get('floor')!.samples);
    const memL = latency(get('memory')!.samples);
    const redisT = get('redis');
    const redisL = redisT ? latency(redisT.samples) : null;
    const r = (a: number, b: number) => round(ratio(a, b) ?? Number.NaN, 3);
    opts.log(`  floor p50 ${floorL.p50Ms} ms, memory p50 ${memL.p50Ms} ms${redisL ? `, redis p50 ${redisL.p50Ms} ms` : ''}`);
    opts.log(`  CPU per turn: floor ${cpu.get('floor')!.toFixed(2)} ms, memory ${cpu.get('memory')!.toFixed(2)} ms${redisT ? `, redis ${cpu.get('redis')!.toFixed(2)} ms` : ''}`);
    return {
      turnsPerVariant: opts.turns,
      turnsPerConversation: opts.turnsPerConversation,
      floorKind: 'bare express handler calling the fake through src/model (createModelFromEnv: the same openai SDK and client wrapper), streaming, JSON reply',
      floor: floorL,
      memory: memL,
      redis: redisL,
      memoryRatio: { p50: r(memL.p50Ms, floorL.p50Ms), p99: r(memL.p99Ms, floorL.p99Ms) },
      redisRatio: redisL ? { p50: r(redisL.p50Ms, floorL.p50Ms), p99: r(redisL.p99Ms, floorL.p99Ms) } : null,
      routedByModelShare: round(routed ? byModel / routed : 0, 4) ?? 0,
      cpuMsPerTurn: { floor: round(cpu.get('floor')!, 3) ?? 0, memory: round(cpu.get('memory')!, 3) ?? 0, redis: redisT ? (round(cpu.get('redis')!, 3) ?? 0) : null },
      cpuRatio: { memory: r(cpu.get('memory')!, cpu.get('floor')!), redis: redisT ? r(cpu.get('redis')!, cpu.get('floor')!) : null },
      profile,
    };
  } finally {
    await Promise.all(targets.map((t) => t.target.stop()));
    await fake.close();
  }
}
