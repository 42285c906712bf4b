import { afterEach, describe, expect, it } from 'vitest';
import { findRedisBinaries, startLocalCluster } from '../../src/cli/load-cluster.js';
import { findRedisServer, freePort, startPrivateRedis } from '../../src/cli/load-redis.js';
import { StoreUnavailableError } from '../../src/core/errors.js';
import type { Logger } from '../../src/core/logger.js';
import { createRedisStore } from '../../src/store/create-redis-store.js';
import type { StoreBundle } from '../../src/store/store-bundle.js';
import { conversation, customerMessage } from './fixtures.js';
import { waitUntil } from './harness.js';

/**
 * Redis restarting under a live process (issue 7, point 4): this file runs its own
 * redis-server so it can kill and restart it without disturbing the shared test Redis.
 * The same run on a Redis Cluster of its own (issue 20, point 7): every master killed and
 * restarted on the same ports.
 */

/** A Redis this file may kill: one server, or a whole 3-master cluster. */
interface Killable {
  config: { url: string } | { clusterNodes: string[] };
  kill(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

const backends: Array<{ name: string; available: boolean; start: () => Promise<Killable> }> = [
  {
    name: 'one Redis',
    available: findRedisServer() !== null,
    start: async () => {
      const server = await startPrivateRedis({ durable: false });
      return { config: { url: server.url }, kill: () => server.kill(), start: () => server.start(), close: () => server.close() };
    },
  },
  {
    name: 'Redis Cluster',
    available: findRedisBinaries() !== null,
    start: async () => {
      const cluster = await startLocalCluster(findRedisBinaries()!);
      return {
        config: { clusterNodes: cluster.nodes.map((n) => `redis://${n}`) },
        kill: () => cluster.kill(),
        start: () => cluster.start(),
        close: () => cluster.stop(),
      };
    },
  },
];

const redisServer = findRedisServer();

function recordingLogger(lines: string[]): Logger {
  const log = (obj: object | string, msg?: string) => void lines.push(typeof obj === 'string' ? obj : (msg ?? ''));
  const logger: Logger = { debug: log, info: log, warn: log, error: log, child: () => logger };
  return logger;
}

const unavailable = (p: Promise<unknown>) => p.then(() => false, (err: unknown) => err instanceof StoreUnavailableError);

describe.skipIf(!redisServer)('Redis faults', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  it.each(backends.filter((b) => b.available))('$name: fails fast with StoreUnavailableError while Redis is down, then recovers by itself (store, limiter, bus)', async (backend) => {
    const server = await backend.start();
    cleanup.push(() => server.close());
    const logs: string[] = [];
    const open = async (logger?: Logger): Promise<StoreBundle> => {
      const bundle = await createRedisStore({ ...server.config, prefix: 'fault:', historyTtlSeconds: 3600, maxMessages: 50, logger });
      cleanup.push(() => bundle.close());
      return bundle;
    };
    const a = await open(recordingLogger(logs));
    const b = await open();

    const heard: unknown[] = [];
    await a.bus.subscribe('events', (p) => heard.push(p));
    await b.bus.publish('events', { n: 0 });
    await waitUntil(() => heard.length === 1, 3000, 'delivery before the outage');
    await a.store.saveConversation(conversation('c1'));
    const limiter = a.rateLimiters.create({ name: 'ip', points: 100, durationSeconds: 60 });
    expect((await limiter.consume('1.2.3.4')).ok).toBe(true);

    // Redis dies in the middle of a turn: the turn still completes (its lock expires by TTL).
    const result = await a.store.withLock('conv:c1', async () => {
      await server.kill();
      return 'turn finished';
    });
    expect(result).toBe('turn finished');
    await waitUntil(() => unavailable(a.store.ping()), 5000, 'ping to report the outage');

    // Every kind of call fails while Redis is still down. With an offline queue they would
    // wait for a reconnect that cannot happen yet, so settling at all proves they fail fast.
    const calls: Array<Promise<unknown>> = [
      a.store.getConversation('c1'),
      a.store.saveConversation(conversation('c2')),
      a.store.updateConversation('c1', (cur) => ({ ...cur, unclearStreak: 1 })),
      a.store.appendMessage('c1', customerMessage('m1')),
      a.store.getMessages('c1'),
      a.store.listConversations(),
      a.store.countConversations(),
      a.store.deleteConversation('c1'),
      a.store.withLock('conv:c1', async () => 'never runs'),
      a.store.claimOnce('seen:c1:m1', 60),
      a.store.putRecord('returns', 'r1', { order: 'A1' }),
      a.store.listRecords('returns'),
      a.store.zAdd('queue:escalations', 'c1', 1),
      a.store.zRange('queue:escalations'),
      a.bus.publish('events', { n: 'lost' }),
      a.bus.subscribe('other-topic', () => undefined),
      limiter.consume('1.2.3.4'),
    ];
    const hang = new Promise<'hang'>((resolve) => setTimeout(() => resolve('hang'), 5000).unref());
    const settled = await Promise.race([Promise.allSettled(calls), hang]);
    expect(settled, 'calls waited for Redis instead of failing').not.toBe('hang');
    for (const [i, outcome] of (settled as PromiseSettledResult<unknown>[]).entries()) {
      expect(outcome.status, `call #${i}`).toBe('rejected');
      if (outcome.status === 'rejected') expect(outcome.reason, `call #${i}`).toBeInstanceOf(StoreUnavailableError);
    }

    // Same port, empty data (no persistence): the clients find it on their own.
    await server.start();
    await waitUntil(async () => !(await unavailable(a.store.ping())), 15_000, 'the store to reconnect');
    await a.store.saveConversation(conversation('c3'));
    expect(await a.store.getConversation('c3')).toEqual(conversation('c3'));
    expect(await a.store.withLock('conv:c3', async () => 'locked again')).toBe('locked again');
    expect((await limiter.consume('1.2.3.4')).ok).toBe(true);

    // The subscriber connection reconnects separately and re-subscribes by itself.
    await waitUntil(
      async () => {
        await b.bus.publish('events', { n: 1 }).catch(() => undefined);
        return heard.some((p) => (p as { n: unknown }).n === 1);
      },
      15_000,
      'the bus to resubscribe',
    );

    expect(logs).toContain('redis connection lost; reconnecting');
    expect(logs).toContain('redis connection restored');
  });

  it('start-up fails with StoreUnavailableError naming REDIS_URL when nothing answers', async () => {
    const port = await freePort();
    const err = await createRedisStore({
      url: `redis://user:secret@127.0.0.1:${port}`,
      historyTtlSeconds: 60,
      maxMessages: 10,
      connectTimeoutMs: 300,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect((err as Error).message).toMatch(/REDIS_URL/);
    expect((err as Error).message).not.toMatch(/secret/);
  });
});
