/**
 * Store at scale (not a test): fills a store with N conversations of M messages, then
 * times the hot-path reads and writes and reports memory. Run on loopback only:
 *
 *   node --expose-gc --import tsx test/store/scale-bench.ts [--n 100000] [--messages 10] [--redis redis://127.0.0.1:6379]
 *
 * With --redis it uses a unique key prefix and deletes its keys afterwards.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createMemoryStore } from '../../src/store/create-memory-store.js';
import { createRedisStore } from '../../src/store/create-redis-store.js';
import { closeRedis, connectRedis } from '../../src/store/redis-client.js';
import { silentLogger } from '../../src/core/logger.js';
import type { StoredMessage } from '../../src/core/conversation.js';
import { conversation } from './fixtures.js';

const { values } = parseArgs({
  options: { n: { type: 'string', default: '100000' }, messages: { type: 'string', default: '10' }, redis: { type: 'string' } },
});
const n = Number(values.n);
const perConversation = Number(values.messages);
const prefix = `sbbench:${randomUUID().slice(0, 8)}:`;

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timeEach(label: string, count: number, op: (i: number) => Promise<unknown>): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = process.hrtime.bigint();
    await op(i);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(42)} p50 ${percentile(times, 50).toFixed(3)} ms   p99 ${percentile(times, 99).toFixed(3)} ms`);
}

function message(conversationId: string, i: number): StoredMessage {
  return i % 2 === 0
    ? { id: `${conversationId}-m${i}`, role: 'customer', text: `Do you have a waterproof jacket in size M? (${i})`, at: 1_000 + i }
    : {
        id: `${conversationId}-m${i}`,
        role: 'bot',
        text: 'Yes: the Trailhead Shell (SKU OUT-104) comes in M and is fully seam-sealed.',
        at: 1_000 + i,
        skill: 'product_recommendation',
        offline: false,
      };
}

async function main(): Promise<void> {
  const redisUrl = values.redis;
  gc();
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  const bundle = redisUrl
    ? await createRedisStore({ url: redisUrl, prefix, historyTtlSeconds: 3600, maxMessages: 200 })
    : createMemoryStore({ historyTtlSeconds: 3600, maxMessages: 200, maxConversations: n });
  const { store } = bundle;
  const admin = redisUrl ? await connectRedis({ url: redisUrl, name: 'switchboard-bench', logger: silentLogger }) : null;
  const redisMemory = async () => {
    const info = await admin!.info('memory');
    return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
  };
  const redisBefore = admin ? await redisMemory() : 0;

  console.log(`${store.kind} store: ${n} conversations x ${perConversation} messages`);
  const fillStart = Date.now();
  const batch = 500;
  for (let start = 0; start < n; start += batch) {
    const jobs: Array<Promise<void>> = [];
    for (let i = start; i < Math.min(n, start + batch); i++) {
      const id = `conv-${i}`;
      jobs.push(
        (async () => {
          await store.saveConversation(conversation(id, { updatedAt: 1_000 + i }));
          for (let m = 0; m < perConversation; m++) await store.appendMessage(id, message(id, m));
        })(),
      );
    }
    await Promise.all(jobs);
  }
  console.log(`fill                                       ${((Date.now() - fillStart) / 1000).toFixed(1)} s`);
  gc();
  const mem = process.memoryUsage();
  console.log(`process RSS growth                         ${((mem.rss - rssBefore) / 2 ** 20).toFixed(0)} MiB (heap +${((mem.heapUsed - heapBefore) / 2 ** 20).toFixed(0)} MiB)`);
  if (admin) console.log(`redis used_memory growth                   ${(((await redisMemory()) - redisBefore) / 2 ** 20).toFixed(0)} MiB`);

  const pick = (i: number) => `conv-${(i * 7919) % n}`;
  await timeEach('load turn state (get + last 20 messages)', 2000, (i) =>
    Promise.all([store.getConversation(pick(i)), store.getMessages(pick(i), { limit: 20 })]),
  );
  await timeEach('updateConversation', 2000, (i) => store.updateConversation(pick(i), (c) => ({ ...c, updatedAt: c.updatedAt + 1 })));
  await timeEach('appendMessage', 2000, (i) => store.appendMessage(pick(i), message(pick(i), 99)));
  await timeEach('claimOnce + withLock (empty turn)', 2000, async (i) => {
    await store.claimOnce(`seen:${pick(i)}:${i}`, 60);
    await store.withLock(`conv:${pick(i)}`, async () => undefined);
  });
  await timeEach('listConversations (first 50)', 200, () => store.listConversations({ limit: 50 }));
  await timeEach('countConversations', 200, () => store.countConversations());

  await bundle.close();
  if (admin) {
    for await (const keys of admin.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) if (keys.length) await admin.del(keys);
    await closeRedis(admin);
  }
}

await main();
