import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { MemoryEventBus } from './memory-event-bus.js';
import { MemoryRateLimiterFactory } from './memory-rate-limiter.js';
import { MemoryStore } from './memory-store.js';
import type { StoreBundle } from './store-bundle.js';

export interface MemoryStoreConfig {
  historyTtlSeconds: number;
  maxMessages: number;
  clock?: Clock;
  logger?: Logger;
  /** Sorted sets holding conversation ids, cleaned by deleteConversation (default: the escalation queue). */
  conversationSets?: readonly string[];
  /** EMPTY_CONVERSATION_TTL_SECONDS */
  emptyConversationTtlSeconds?: number;
  /** MEMORY_STORE_MAX_CONVERSATIONS */
  maxConversations?: number;
}

/** The single-process backend (no REDIS_URL). */
export function createMemoryStore(config: MemoryStoreConfig): StoreBundle {
  const store = new MemoryStore(config);
  const bus = new MemoryEventBus({ logger: config.logger });
  let closing: Promise<void> | undefined;
  return {
    store,
    bus,
    rateLimiters: new MemoryRateLimiterFactory(),
    close: () => (closing ??= Promise.all([bus.close(), store.close()]).then(() => undefined)),
  };
}
