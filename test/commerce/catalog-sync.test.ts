import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCatalogSync, type CatalogSyncResult } from '../../src/commerce/catalog-sync.js';
import { withResilience } from '../../src/commerce/resilience/resilient-backend.js';
import { createShopifyBackend } from '../../src/commerce/shopify/shopify-backend.js';
import { createStoreCommerce, type StoreCommerce } from '../../src/commerce/store-commerce.js';
import { silentLogger } from '../../src/core/logger.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { startFakeShopify, type FakeShopify } from '../fakes/fake-shopify-admin.js';
import { CONTRACT_STORE_DIR } from './contract/commerce-contract.js';

describe('catalog sync from Shopify', () => {
  let shop: FakeShopify;
  let commerce: StoreCommerce;
  beforeEach(async () => {
    shop = await startFakeShopify({ extraProducts: 30 });
    const clock = { now: () => Date.now() };
    commerce = await createStoreCommerce({
      dir: CONTRACT_STORE_DIR,
      store: new MemoryStore({ historyTtlSeconds: 3600, maxMessages: 10, clock }),
      clock,
      backend: async () =>
        withResilience(createShopifyBackend({ storeDomain: shop.domain, credentials: { accessToken: shop.token }, apiUrl: shop.url, throttleRetries: 0 }), {
          timeoutMs: 2000,
          retries: 0,
          breakerFailures: 100,
          breakerResetMs: 1000,
          catalogTimeoutMs: 5000,
        }),
    });
  });
  afterEach(() => shop.stop());

  it("replaces the folder's catalog at start, keeping the folder's warranty months and policy categories", async () => {
    expect(commerce.products()).toHaveLength(5);
    const sync = startCatalogSync({ commerce, intervalMs: 0, logger: silentLogger });
    expect(await sync.first).toMatchObject({ outcome: 'replaced', products: 35 });
    expect(commerce.products()).toHaveLength(35);
    // The folder says the blanket has no warranty; Shopify does not know warranties.
    expect(await commerce.getProduct('TST-2001')).toMatchObject({ warrantyMonths: 0, category: 'home', attributes: { material: 'wool', vendor: 'Fernhill' } });
    // A product only Shopify has: category from its product type, warranty from the category's terms.
    expect(await commerce.getProduct('XTR-0002')).toMatchObject({ category: 'kitchen', warrantyMonths: 24, price: 11 });
    // The search index is rebuilt over the synced products.
    expect((await commerce.searchProducts({ text: 'extra item' }))[0]?.product.sku).toMatch(/^XTR-/);
    // "Gift cards" is the folder's gift_cards category, so its never-returnable rule still applies.
    expect(commerce.categories()).toContain('gift_cards');
    sync.stop();
  });

  it('syncs again on its schedule, and a failed or empty sync keeps the catalog', async () => {
    const results: CatalogSyncResult[] = [];
    let waiting: ((r: CatalogSyncResult) => void) | null = null;
    const next = () => new Promise<CatalogSyncResult>((resolve) => (waiting = resolve));
    const sync = startCatalogSync({
      commerce,
      intervalMs: 20,
      logger: silentLogger,
      onSync: (r) => {
        results.push(r);
        waiting?.(r);
      },
    });
    await sync.first;
    shop.data.products[0]!.variants[0]!.price = '99.00';
    expect(await next()).toMatchObject({ outcome: 'replaced' });
    expect((await commerce.getProduct('TST-1001'))?.price).toBe(99);
    shop.fault({ kind: 'status', status: 502 });
    expect(await next()).toMatchObject({ outcome: 'failed' });
    expect(commerce.products()).toHaveLength(35);
    shop.clear();
    for (const p of shop.data.products) p.status = 'DRAFT';
    expect(await next()).toMatchObject({ outcome: 'empty' });
    expect(commerce.products()).toHaveLength(35);
    sync.stop();
  });

  it('survives a reload of the store folder', async () => {
    const sync = startCatalogSync({ commerce, intervalMs: 0, logger: silentLogger });
    await sync.first;
    await commerce.reload();
    expect(commerce.products()).toHaveLength(35);
  });
});
