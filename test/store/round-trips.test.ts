import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ORDINARY_TURN_GOAL, countTurnRoundTrips, formatRoundTrips } from '../../src/bench/state-roundtrips.js';
import { silentLogger } from '../../src/core/logger.js';
import { createRedisStore } from '../../src/store/create-redis-store.js';
import { closeRedis, connectRedis } from '../../src/store/redis-client.js';
import { CommandCounter } from '../../src/store/redis-command-counter.js';
import { clusterNodes, deleteClusterKeys } from './cluster-harness.js';
import { conversation } from './fixtures.js';

/**
 * Redis round trips per turn, counted (issue 20, point 2): counts, not times. The ceiling is
 * what a turn costs now; it only goes down. The goal (ORDINARY_TURN_GOAL) is reported by the
 * bench next to the count.
 */
const ORDINARY_TURN_CEILING = 4;
/**
 * On a cluster each conversation write has a second step on the listing index's slot (and the
 * queue's): 5 today; and the client resolves each command's node before writing it, so a batch
 * sometimes goes out in two writes: one more.
 */
const CLUSTER_ORDINARY_TURN_CEILING = 6;
/**
 * After the reply: the engine's batch (events, the lock's release) with the insights
 * recorder's first step (the tracker, its episode found in the same script), then the
 * recorder's second (the day's counters, samples and due set together). On a cluster a batch
 * can go out in two writes (above): one more.
 */
const AFTER_REPLY_CEILING = 2;
const CLUSTER_AFTER_REPLY_CEILING = 3;

const prefix = `sbtest:rt:${randomUUID().slice(0, 8)}:`;
afterAll(async () => {
  const client = await connectRedis({ url: inject('redisUrl'), name: 'switchboard-test-cleanup', logger: silentLogger });
  try {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) if (keys.length > 0) await client.del(keys);
  } finally {
    await closeRedis(client);
  }
  await deleteClusterKeys(prefix);
});

describe('the command counter', () => {
  it('counts commands sent together as one round trip, and each awaited step as another', async () => {
    const counter = new CommandCounter();
    const bundle = await createRedisStore({ url: inject('redisUrl'), prefix: `${prefix}c:`, historyTtlSeconds: 60, maxMessages: 10, commandCounter: counter });
    try {
      await bundle.store.saveConversation(conversation('c1'));
      await counter.idle();
      counter.reset();
      await Promise.all([bundle.store.getConversation('c1'), bundle.store.getMessages('c1'), bundle.store.erasedAt('c1')]);
      expect(counter.snapshot()).toMatchObject({ commands: 3, roundTrips: 1 });
      await bundle.store.getConversation('c1');
      await bundle.store.getMessages('c1');
      expect(counter.snapshot()).toMatchObject({ commands: 5, roundTrips: 3 });
    } finally {
      await bundle.close();
    }
  });
});

describe.each([
  { store: 'one Redis', ceiling: ORDINARY_TURN_CEILING, afterReply: AFTER_REPLY_CEILING, target: () => ({ redisUrl: inject('redisUrl') }) },
  { store: 'Redis Cluster', ceiling: CLUSTER_ORDINARY_TURN_CEILING, afterReply: CLUSTER_AFTER_REPLY_CEILING, target: () => ({ clusterNodes: clusterNodes() }) },
])('Redis round trips per web chat turn: $store', ({ ceiling, afterReply, target }) => {
  it(`an ordinary turn takes at most its ceiling of round trips (goal ${ORDINARY_TURN_GOAL}); a duplicate is answered from a read`, async () => {
    const section = await countTurnRoundTrips({ ...target(), prefix: `${prefix}${randomUUID().slice(0, 4)}:` });
    const row = (kind: string) => section.rows.find((r) => r.kind === kind)!;
    if (process.env.ROUND_TRIPS_PRINT) console.log(formatRoundTrips(section));
    expect(row('ordinary turn').roundTrips).toBeLessThanOrEqual(ceiling);
    expect(row('first message').roundTrips).toBeLessThanOrEqual(ceiling);
    expect(row('human mode').roundTrips).toBeLessThanOrEqual(row('ordinary turn').roundTrips);
    // After the reply, a new episode (first message) included: the recorder's writes go out in batches.
    for (const kind of ['first message', 'ordinary turn', 'human mode']) expect(row(kind).afterReplyRoundTrips).toBeLessThanOrEqual(afterReply);
    // A resend only reads: the lock step answers "done already" and the stored reply is replayed.
    expect(row('duplicate').batches.some((b) => /APPEND|CAS|SAVE|RELEASE/.test(b))).toBe(false);
    expect(row('duplicate').roundTrips).toBeLessThanOrEqual(3);
  });
});
