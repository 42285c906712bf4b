import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { silentLogger } from '../core/logger.js';
import { closeRedis, connectDuplicate, connectRedis } from './redis-client.js';
import { RedisEventBus } from './redis-event-bus.js';
import { RedisRateLimiterFactory } from './redis-rate-limiter.js';
import { RedisStore } from './redis-store.js';
import type { StoreBundle } from './store-bundle.js';
import { DEFAULT_CONVERSATION_SETS } from './store-rules.js';

export interface RedisStoreConfig {
  /** REDIS_URL. */
  url: string;
  /** Prepended to every key and channel (default "sb:"). */
  prefix?: string;
  historyTtlSeconds: number;
  maxMessages: number;
  logger?: Logger;
  /** Sorted sets holding conversation ids, cleaned by deleteConversation (default: the escalation queue). */
  conversationSets?: readonly string[];
  /** How long start-up waits for Redis before failing (default 5000). */
  connectTimeoutMs?: number;
  /** EMPTY_CONVERSATION_TTL_SECONDS */
  emptyConversationTtlSeconds?: number;
  /** The app's clock: erasures are stamped with it, to compare with message times. */
  clock?: Clock;
}

/**
 * The multi-process backend: two connections (commands, and pub/sub subscriptions).
 * Rejects with StoreUnavailableError naming REDIS_URL when Redis does not answer at start-up;
 * after that, outages make calls fail fast while the connections reconnect by themselves.
 */
export async function createRedisStore(config: RedisStoreConfig): Promise<StoreBundle> {
  const prefix = config.prefix ?? 'sb:';
  const logger = (config.logger ?? silentLogger).child({ component: 'redis' });
  const connect = { url: config.url, logger, connectTimeoutMs: config.connectTimeoutMs };
  const client = await connectRedis({ ...connect, name: 'switchboard' });
  let subscriber;
  try {
    subscriber = await connectDuplicate(client, { ...connect, name: 'switchboard-sub' });
  } catch (err) {
    await closeRedis(client);
    throw err;
  }
  const store = new RedisStore(client, {
    prefix,
    historyTtlSeconds: config.historyTtlSeconds,
    maxMessages: config.maxMessages,
    logger,
    conversationSets: config.conversationSets ?? DEFAULT_CONVERSATION_SETS,
    emptyConversationTtlSeconds: config.emptyConversationTtlSeconds,
    clock: config.clock,
  });
  const bus = new RedisEventBus(client, subscriber, { prefix, logger });
  let closing: Promise<void> | undefined;
  return {
    store,
    bus,
    rateLimiters: new RedisRateLimiterFactory(client, { prefix }),
    close: () => (closing ??= bus.close().then(() => store.close())),
  };
}
