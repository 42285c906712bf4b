import type { Env } from '../config/config.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Store } from '../core/store.js';
import { createOrderBackend, ORDER_BACKENDS, type BackendFactory } from './create-order-backend.js';
import { withResilience, type CommerceCallInfo, type ResilienceSettings } from './resilience/resilient-backend.js';
import { createStoreCommerce, type StoreCommerce } from './store-commerce.js';
import type { CommerceKind } from '../config/config.js';
import type { SearchLanguage } from './search-language.js';

export function resilienceFromEnv(env: Env): ResilienceSettings {
  return {
    timeoutMs: env.COMMERCE_TIMEOUT_MS,
    retries: env.COMMERCE_RETRIES,
    breakerFailures: env.COMMERCE_BREAKER_FAILURES,
    breakerResetMs: env.COMMERCE_BREAKER_RESET_MS,
    catalogTimeoutMs: env.CATALOG_SYNC_TIMEOUT_MS,
  };
}

/**
 * The Commerce the bot uses, for any COMMERCE kind: the store folder (catalog, policies, rules)
 * over the chosen order back-end, which is wrapped in the one resilience layer.
 */
export function createCommerce(input: {
  env: Env;
  dir: string;
  store: Pick<Store, 'putRecord' | 'getRecord' | 'withLock'>;
  clock: Clock;
  logger: Logger;
  onCall?: (info: CommerceCallInfo) => void;
  registry?: Record<CommerceKind, BackendFactory>;
  /** Product search's language data (locale packs + skills/vocabulary.yaml), re-read on reload. */
  language?: () => Promise<SearchLanguage>;
}): Promise<StoreCommerce> {
  const { env, dir, store, clock, logger } = input;
  return createStoreCommerce({
    dir,
    ...(input.language ? { language: input.language } : {}),
    store,
    clock,
    backend: async (data) => {
      const backend = await createOrderBackend(env.COMMERCE, { env, dir, data, store, clock, logger }, input.registry ?? ORDER_BACKENDS);
      return withResilience(backend, resilienceFromEnv(env), { onCall: input.onCall, logger });
    },
  });
}
