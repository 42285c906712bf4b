import { randomUUID } from 'node:crypto';
import { afterAll, inject } from 'vitest';
import { silentLogger } from '../../src/core/logger.js';
import { createRedisStore } from '../../src/store/create-redis-store.js';
import { closeRedis, connectRedis } from '../../src/store/redis-client.js';
import { runEventBusContract } from './event-bus-contract.js';
import { sleep, type MakeHarness } from './harness.js';
import { runRateLimiterContract } from './rate-limiter-contract.js';
import { runStoreContract } from './store-contract.js';

const url = inject('redisUrl');
// Unique per run of this file; each harness adds a counter so tests never see each other's keys.
const filePrefix = `sbtest:${randomUUID().slice(0, 8)}:`;
let harnesses = 0;

const makeRedis: MakeHarness = async (opts) => {
  const prefix = `${filePrefix}${++harnesses}:`;
  const make = () => createRedisStore({ url, prefix, ...opts });
  return {
    bundle: await make(),
    // Redis expiry runs on the server's clock, so time has to really pass.
    advance: (ms) => sleep(ms),
    now: () => Date.now(),
    sibling: make,
  };
};

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

runStoreContract('redis', makeRedis);
runEventBusContract('redis', makeRedis);
runRateLimiterContract('redis', makeRedis);
