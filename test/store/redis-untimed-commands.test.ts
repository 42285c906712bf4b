import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, inject, it, vi } from 'vitest';
import { silentLogger } from '../../src/core/logger.js';
import { createRedisStore } from '../../src/store/create-redis-store.js';
import { closeRedis, connectRedis } from '../../src/store/redis-client.js';
import { clusterHarness, deleteClusterKeys } from './cluster-harness.js';
import { conversation, customerMessage } from './fixtures.js';
import { defaultHarnessOptions, type MakeHarness } from './harness.js';

/**
 * node-redis would give every command a 5 s timeout made of an AbortSignal.timeout (a timer, a
 * weak reference, an abort listener) that is dropped once the command is written; a turn sends
 * about 15 commands (issue 20). The store's connections send them without it: what a turn's
 * store calls do must not create one.
 */
const filePrefix = `sbtest:untimed:${randomUUID().slice(0, 8)}:`;
const single: MakeHarness = async (opts) => {
  const open = () => createRedisStore({ url: inject('redisUrl'), prefix: filePrefix, ...opts });
  return { bundle: await open(), advance: async () => undefined, now: () => Date.now(), sibling: open };
};
const cluster = clusterHarness();

afterEach(() => vi.restoreAllMocks());
afterAll(async () => {
  const client = await connectRedis({ url: inject('redisUrl'), name: 'switchboard-test-cleanup', logger: silentLogger });
  try {
    for await (const keys of client.scanIterator({ MATCH: `${filePrefix}*`, COUNT: 500 })) if (keys.length > 0) await client.del(keys);
  } finally {
    await closeRedis(client);
  }
  await deleteClusterKeys(cluster.filePrefix);
});

describe.each([
  ['redis', single],
  ['redis cluster', cluster.make],
] as const)('%s: commands without a per-command timer', (_name, make) => {
  it("a turn's store calls create no AbortSignal.timeout", async () => {
    const { bundle } = await make(defaultHarnessOptions);
    try {
      const { store, bus, rateLimiters } = bundle;
      const id = `c-${randomUUID()}`;
      await store.saveConversation(conversation(id));
      const limiter = rateLimiters.create({ name: 'untimed', points: 100, durationSeconds: 60 });
      const timeout = vi.spyOn(AbortSignal, 'timeout');
      await store.getConversation(id);
      await limiter.consume(id);
      await store.withLockOnce(
        `conv:${id}`,
        `seen:${id}:m1`,
        async () => store.updateConversation(id, (c) => ({ ...c, updatedAt: 2_000 }), { append: () => customerMessage('m1') }),
        async () => null,
        { onceTtlSeconds: 60, load: { conversationId: id, messages: 20 } },
      );
      await bus.publish('untimed', { id });
      await store.updateCounters('untimed', 'b', { add: { n: 1 } }, { ttlSeconds: 60 });
      expect(timeout).not.toHaveBeenCalled();
      expect((await store.getMessages(id)).map((m) => m.id)).toEqual(['m1']);
    } finally {
      await bundle.close();
    }
  });
});
