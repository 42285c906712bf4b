import type { Clock } from '../core/clock.js';
import type { Store } from '../core/store.js';
import type { SearchLanguage } from './search-language.js';
import { createDemoBackend } from './demo-backend.js';
import { createStoreCommerce, type StoreCommerce } from './store-commerce.js';

export { RETURNS_COLLECTION, WARRANTY_CLAIMS_COLLECTION } from './store-commerce.js';
export type DemoCommerce = StoreCommerce;

/** The store folder's catalog and policies with the demo order back-end (its orders.yaml): `COMMERCE=demo`. */
export function createDemoCommerce(opts: { dir: string; store: Pick<Store, 'putRecord' | 'getRecord' | 'withLock'>; clock: Clock; language?: () => Promise<SearchLanguage> }): Promise<StoreCommerce> {
  return createStoreCommerce({
    dir: opts.dir,
    ...(opts.language ? { language: opts.language } : {}),
    store: opts.store,
    clock: opts.clock,
    backend: (data) => createDemoBackend({ dir: opts.dir, productsBySku: data.productsBySku, store: opts.store, clock: opts.clock }),
  });
}
