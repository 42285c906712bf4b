import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { silentLogger } from '../core/logger.js';
import {
  closeRedis,
  connectClusterDuplicate,
  connectDuplicate,
  connectRedis,
  connectRedisCluster,
  type RedisConnection,
} from './redis-client.js';
import { countCommands, type CommandCounter } from './redis-command-counter.js';
import { RedisEventBus } from './redis-event-bus.js';
import { preloadScripts } from './lua-script.js';
import { RedisRateLimiterFactory } from './redis-rate-limiter.js';
import { RedisStore } from './redis-store.js';
import type { StoreBundle } from './store-bundle.js';
import { DEFAULT_CONVERSATION_SETS } from './store-rules.js';

export interface RedisStoreConfig {
  /** REDIS_URL (one Redis); ignored when clusterNodes is given. */
  url?: string;
  /** REDIS_CLUSTER_NODES: some nodes of a Redis Cluster (redis://host:port), from which the client learns the rest. */
  clusterNodes?: readonly string[];
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
  /** Counts the commands and round trips of the command connection (the bench's round trips per turn). */
  commandCounter?: CommandCounter;
}

/** The command connection, and how to open the subscriber's: one Redis or a cluster. */
async function connect(config: RedisStoreConfig, logger: Logger): Promise<{ client: RedisConnection; duplicate: () => Promise<RedisConnection> }> {
  const common = { logger, connectTimeoutMs: config.connectTimeoutMs };
  if (config.clusterNodes && config.clusterNodes.length > 0) {
    const cluster = { ...common, nodes: config.clusterNodes };
    const client = await connectRedisCluster({ ...cluster, name: 'switchboard' });
    return { client, duplicate: () => connectClusterDuplicate(client, { ...cluster, name: 'switchboard-sub' }) };
  }
  if (!config.url) throw new TypeError('createRedisStore: url (REDIS_URL) or clusterNodes (REDIS_CLUSTER_NODES) is required');
  const single = { ...common, url: config.url };
  const client = await connectRedis({ ...single, name: 'switchboard' });
  return { client, duplicate: () => connectDuplicate(client, { ...single, name: 'switchboard-sub' }) };
}

/**
 * The multi-process backend: two connections (commands, and pub/sub subscriptions).
 * Rejects with StoreUnavailableError naming REDIS_URL when Redis does not answer at start-up;
 * after that, outages make calls fail fast while the connections reconnect by themselves.
 */
export async function createRedisStore(config: RedisStoreConfig): Promise<StoreBundle> {
  const prefix = config.prefix ?? 'sb:';
  const logger = (config.logger ?? silentLogger).child({ component: 'redis' });
  const { client: connected, duplicate } = await connect(config, logger);
  await preloadScripts(connected, logger);
  const client = config.commandCounter ? countCommands(connected, config.commandCounter) : connected;
  let subscriber: RedisConnection;
  try {
    subscriber = await duplicate();
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
