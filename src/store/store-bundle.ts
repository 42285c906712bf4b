import type { EventBus, RateLimiterFactory, Store } from '../core/store.js';

/** What a store factory hands to main.ts: the store, the event bus, rate limiters, and one close for all of them. */
export interface StoreBundle {
  store: Store;
  bus: EventBus;
  rateLimiters: RateLimiterFactory;
  /** Closes the store, the bus and every connection they use. Safe to call twice. */
  close(): Promise<void>;
}
