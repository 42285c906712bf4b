import type { CommerceKind, Env } from '../config/config.js';
import type { Clock } from '../core/clock.js';
import { ConfigError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { OrderBackend } from '../core/order-backend.js';
import type { Store } from '../core/store.js';
import { createDemoBackend } from './demo-backend.js';
import { createHttpBackend } from './http/http-backend.js';
import { createShopifyBackend } from './shopify/shopify-backend.js';
import { createVendureBackend } from './vendure/vendure-backend.js';
import { vendureOptionsFrom } from './vendure/vendure-options.js';
import type { StoreData } from './store-types.js';

/** What every back-end factory may use: the validated env, the store folder's data, the record store. */
export interface BackendContext {
  env: Env;
  /** The store folder. */
  dir: string;
  data: StoreData;
  store: Pick<Store, 'putRecord' | 'getRecord'>;
  clock: Clock;
  logger: Logger;
}

export type BackendFactory = (ctx: BackendContext) => Promise<OrderBackend>;

/** A kind whose module is not in this build: start-up stops with a message naming COMMERCE. */
const notInThisBuild =
  (kind: CommerceKind, where: string): BackendFactory =>
  async () => {
    throw new ConfigError('COMMERCE', `"${kind}" is not available in this build (${where} is missing)`);
  };

/**
 * One line per platform. Each factory reads only its own variables (config.ts checked that they
 * are set) and returns a plain OrderBackend; resilience, the rules and catalog sync are added
 * around it the same way for all (src/commerce/create-commerce.ts).
 */
export const ORDER_BACKENDS: Record<CommerceKind, BackendFactory> = {
  demo: (ctx) => createDemoBackend({ dir: ctx.dir, productsBySku: ctx.data.productsBySku, store: ctx.store, clock: ctx.clock }),
  shopify: async (ctx) =>
    createShopifyBackend({
      storeDomain: ctx.env.SHOPIFY_STORE_DOMAIN!,
      credentials: ctx.env.SHOPIFY_ADMIN_TOKEN
        ? { accessToken: ctx.env.SHOPIFY_ADMIN_TOKEN }
        : { clientId: ctx.env.SHOPIFY_CLIENT_ID!, clientSecret: ctx.env.SHOPIFY_CLIENT_SECRET! },
      ...(ctx.env.SHOPIFY_API_URL ? { apiUrl: ctx.env.SHOPIFY_API_URL } : {}),
      throttleRetries: ctx.env.SHOPIFY_THROTTLE_RETRIES,
      logger: ctx.logger,
    }),
  vendure: async (ctx) => createVendureBackend({ options: vendureOptionsFrom(ctx.env), storeData: ctx.data }),
  http: async (ctx) => createHttpBackend({ baseUrl: ctx.env.COMMERCE_HTTP_URL!, token: ctx.env.COMMERCE_HTTP_TOKEN! }),
};

export function createOrderBackend(kind: CommerceKind, ctx: BackendContext, registry: Record<CommerceKind, BackendFactory> = ORDER_BACKENDS): Promise<OrderBackend> {
  return registry[kind](ctx);
}
