import { randomUUID } from 'node:crypto';
import { afterAll, inject } from 'vitest';
import { silentLogger } from '../../src/core/logger.js';
import { createRedisStore } from '../../src/store/create-redis-store.js';
import { closeRedis, connectRedis } from '../../src/store/redis-client.js';
import type { StoreBundle } from '../../src/store/store-bundle.js';

/**
 * Store bundles on the real Redis, each under its own key prefix (so parallel test files
 * never collide); every key this file created is removed after its tests.
 */
export function redisBundles(tag: string): () => Promise<StoreBundle> {
  const url = inject('redisUrl');
  const filePrefix = `sbtest:channels:${tag}:${randomUUID().slice(0, 8)}:`;
  let count = 0;
  afterAll(async () => {
    const client = await connectRedis({ url, name: 'switchboard-test-cleanup', logger: silentLogger });
    try {
      for await (const keys of client.scanIterator({ MATCH: `${filePrefix}*`, COUNT: 500 })) {
        if (keys.length > 0) await client.del(keys);
      }
    } finally {
      await closeRedis(client);
    }
  });
  return () => createRedisStore({ url, prefix: `${filePrefix}${++count}:`, historyTtlSeconds: 3600, maxMessages: 100 });
}
