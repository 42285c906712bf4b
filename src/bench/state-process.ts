import { systemClock } from '../core/clock.js';
import { startConversation, type Conversation, type StoredMessage } from '../core/conversation.js';
import { silentLogger } from '../core/logger.js';
import type { Store } from '../core/store.js';
import { createMemoryStore } from '../store/create-memory-store.js';
import { createRedisStore } from '../store/create-redis-store.js';
import { closeRedis, connectRedis, type RedisClient } from '../store/redis-client.js';
import { deleteUnder, keyBytes, keysUnder, usedMemoryBytes } from './redis-admin.js';
import { summarize } from './stats.js';

/**
 * Child process entry for the state benchmark: a fresh process (run with --expose-gc)
 * fills one store with N web chat conversations of one exchange each (a customer message
 * and a bot reply with its route, cost and flags, as the engine stores them), then reports
 * its RSS, Redis memory (INFO used_memory before/after, and MEMORY USAGE summed over the
 * run's keys), and the time to load one conversation as a turn does (conversation + the
 * last 20 messages). Redis keys live under a unique prefix and are deleted before exit.
 */
interface StateConfig {
  store: 'memory' | 'redis';
  conversations: number;
  redisUrl?: string;
  prefix?: string;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function settle(): void {
  gc();
  gc();
}

function messagesFor(i: number, now: number): StoredMessage[] {
  return [
    { id: `m${i}a`, role: 'customer', text: `Hello, I ordered a desk lamp last week (order ${100000 + i}) and would like to know if I can still send it back.`, at: now, route: { skill: 'returns', confidence: 0.93, method: 'local' } },
    {
      id: `m${i}b`,
      role: 'bot',
      text: 'Yes: items can be returned within 30 days of delivery if unused and in their original packaging. I can start the return for you now; the refund goes back to the original payment method within 5 to 7 days of us receiving it.',
      at: now + 1,
      replyTo: `m${i}a`,
      skill: 'returns',
      variant: 'default',
      offline: false,
      tools: [],
      cost: { usage: { promptTokens: 2711, completionTokens: 61, cachedTokens: 2304 }, cost: 0.00027, modelCalls: 1 },
      flags: [],
    },
  ];
}

async function main(): Promise<void> {
  const config = JSON.parse(process.env.BENCH_STATE ?? '{}') as StateConfig;
  const n = config.conversations;
  let admin: RedisClient | null = null;
  let store: Store;
  let close: () => Promise<void>;
  settle();
  const rssBefore = process.memoryUsage().rss;
  let usedBefore = Number.NaN;
  if (config.store === 'redis') {
    if (!config.redisUrl || !config.prefix) throw new Error('redis state run needs redisUrl and prefix');
    admin = await connectRedis({ url: config.redisUrl, name: 'switchboard-bench', logger: silentLogger });
    usedBefore = await usedMemoryBytes(admin);
    const bundle = await createRedisStore({ url: config.redisUrl, prefix: config.prefix, historyTtlSeconds: 3600, maxMessages: 200, logger: silentLogger });
    store = bundle.store;
    close = bundle.close;
  } else {
    // Sized to hold every conversation of the run: this measures memory per conversation, not eviction.
    const bundle = createMemoryStore({ historyTtlSeconds: 3600, maxMessages: 200, maxConversations: n, clock: systemClock, logger: silentLogger });
    store = bundle.store;
    close = bundle.close;
  }
  try {
    const now = Date.now();
    const fillStart = performance.now();
    const batch = 500;
    for (let start = 0; start < n; start += batch) {
      const jobs: Promise<void>[] = [];
      for (let i = start; i < Math.min(n, start + batch); i++) {
        const c: Conversation = {
          ...startConversation({ id: `c${i}`, channel: 'webchat', user: { id: `u${i}` }, tokenHash: 'x'.repeat(43), tokenExpiresAt: now + 86_400_000 }, now),
          activeSkill: 'returns',
          variants: { returns: 'default' },
        };
        const [customer, bot] = messagesFor(i, now);
        jobs.push(store.saveConversation(c).then(() => store.appendMessage(c.id, customer!)).then(() => store.appendMessage(c.id, bot!)));
      }
      await Promise.all(jobs);
    }
    const fillMs = performance.now() - fillStart;
    settle();
    const rssAfter = process.memoryUsage().rss;

    let usedDelta = Number.NaN;
    let keyBytesPerConversation = Number.NaN;
    if (admin && config.prefix) {
      usedDelta = (await usedMemoryBytes(admin)) - usedBefore;
      keyBytesPerConversation = (await keyBytes(admin, await keysUnder(admin, config.prefix))) / n;
    }

    // Random loads, the way a turn starts: the conversation, then its recent history.
    const loads: number[] = [];
    for (let k = 0; k < 2000; k++) {
      const id = `c${Math.floor(Math.random() * n)}`;
      const t0 = process.hrtime.bigint();
      const c = await store.getConversation(id);
      const h = await store.getMessages(id, { limit: 20 });
      loads.push(Number(process.hrtime.bigint() - t0) / 1000);
      if (!c || h.length !== 2) throw new Error(`conversation ${id} did not load (${h.length} messages)`);
    }
    const s = summarize(loads.slice(200));
    process.send?.({
      type: 'result',
      fillMs,
      rssMb: rssAfter / 1048576,
      rssDeltaMb: (rssAfter - rssBefore) / 1048576,
      loadP50Us: s.p50,
      loadP99Us: s.p99,
      redisUsedMemoryDeltaMb: Number.isFinite(usedDelta) ? usedDelta / 1048576 : null,
      redisKeyBytesPerConversation: Number.isFinite(keyBytesPerConversation) ? keyBytesPerConversation : null,
    });
  } finally {
    if (admin && config.prefix) {
      await deleteUnder(admin, config.prefix);
      await closeRedis(admin);
    }
    await close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.send?.({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
    process.exit(1);
  },
);
