import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/config/config.js';
import { createOrderBackend, ORDER_BACKENDS } from '../../src/commerce/create-order-backend.js';
import { loadStoreData } from '../../src/commerce/load-store-data.js';
import { silentLogger } from '../../src/core/logger.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { CONTRACT_STORE_DIR } from '../commerce/contract/commerce-contract.js';

const fails = (env: Record<string, string>) => {
  try {
    parseEnv(env);
  } catch (err) {
    return err as Error & { source?: string };
  }
  throw new Error('expected a ConfigError');
};

describe('COMMERCE configuration', () => {
  it('defaults to the demo back-end with bounded calls and an hourly catalog sync', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ COMMERCE: 'demo', COMMERCE_TIMEOUT_MS: 5000, COMMERCE_RETRIES: 1, COMMERCE_BREAKER_FAILURES: 5, CATALOG_SYNC_MINUTES: 60 });
  });

  it('names the variable a kind needs and the kind itself when unknown', () => {
    expect(fails({ COMMERCE: 'magento' })).toMatchObject({ source: 'COMMERCE', message: expect.stringMatching(/demo, shopify, vendure, http/) });
    expect(fails({ COMMERCE: 'shopify', SHOPIFY_ADMIN_TOKEN: 't' })).toMatchObject({ source: 'SHOPIFY_STORE_DOMAIN' });
    expect(fails({ COMMERCE: 'shopify', SHOPIFY_STORE_DOMAIN: 'shop.myshopify.com' })).toMatchObject({ source: 'SHOPIFY_ADMIN_TOKEN' });
    expect(fails({ COMMERCE: 'shopify', SHOPIFY_STORE_DOMAIN: 'shop.myshopify.com', SHOPIFY_CLIENT_ID: 'id' })).toMatchObject({ source: 'SHOPIFY_CLIENT_SECRET' });
    expect(parseEnv({ COMMERCE: 'shopify', SHOPIFY_STORE_DOMAIN: 'shop.myshopify.com', SHOPIFY_CLIENT_ID: 'id', SHOPIFY_CLIENT_SECRET: 's' }).SHOPIFY_CLIENT_ID).toBe('id');
    expect(fails({ COMMERCE: 'shopify', SHOPIFY_STORE_DOMAIN: 'https://shop.myshopify.com/admin', SHOPIFY_ADMIN_TOKEN: 't' })).toMatchObject({ source: 'SHOPIFY_STORE_DOMAIN' });
    expect(fails({ COMMERCE: 'http', COMMERCE_HTTP_URL: 'https://bridge.example.com' })).toMatchObject({ source: 'COMMERCE_HTTP_TOKEN' });
    expect(fails({ COMMERCE: 'http', COMMERCE_HTTP_URL: 'ftp://bridge.example.com', COMMERCE_HTTP_TOKEN: 't' })).toMatchObject({ source: 'COMMERCE_HTTP_URL' });
    expect(fails({ COMMERCE_TIMEOUT_MS: '10' })).toMatchObject({ source: 'COMMERCE_TIMEOUT_MS' });
  });

  it('refuses a plain-http bridge off this machine in production, and allows one on loopback', () => {
    const http = { COMMERCE: 'http', COMMERCE_HTTP_TOKEN: 't', NODE_ENV: 'production' };
    expect(fails({ ...http, COMMERCE_HTTP_URL: 'http://bridge.example.com' })).toMatchObject({ source: 'COMMERCE_HTTP_URL' });
    expect(parseEnv({ ...http, COMMERCE_HTTP_URL: 'http://127.0.0.1:4100' }).COMMERCE_HTTP_URL).toBe('http://127.0.0.1:4100');
  });

  it('has one factory per kind; a kind whose module is missing stops start-up naming COMMERCE', async () => {
    expect(Object.keys(ORDER_BACKENDS).sort()).toEqual(['demo', 'http', 'shopify', 'vendure']);
    const clock = { now: () => Date.now() };
    const ctx = { env: parseEnv({}), dir: CONTRACT_STORE_DIR, data: await loadStoreData(CONTRACT_STORE_DIR), store: new MemoryStore({ historyTtlSeconds: 60, maxMessages: 2, clock }), clock, logger: silentLogger };
    expect((await createOrderBackend('demo', ctx)).kind).toBe('demo');
    const registry = { ...ORDER_BACKENDS, vendure: async () => { throw Object.assign(new Error('COMMERCE: "vendure" is not available in this build'), { source: 'COMMERCE' }); } };
    await expect(createOrderBackend('vendure', ctx, registry)).rejects.toMatchObject({ source: 'COMMERCE' });
  });
});
