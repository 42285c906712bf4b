import type { Logger } from '../core/logger.js';
import type { StoreCommerce } from './store-commerce.js';

export interface CatalogSyncResult {
  outcome: 'replaced' | 'empty' | 'failed';
  products: number;
  durationMs: number;
}

export interface CatalogSync {
  /** The first sync (at start); resolves whatever its outcome. */
  readonly first: Promise<CatalogSyncResult | null>;
  stop(): void;
}

/**
 * Keeps the catalog in memory in step with the platform's: one sync at start, then one every
 * `intervalMs` (0: only at start), never two at once. A sync that fails or brings no products
 * (a bridge without a catalog, a platform glitch) keeps the catalog the bot has; order data is
 * never cached here or anywhere.
 */
export function startCatalogSync(opts: {
  commerce: StoreCommerce;
  intervalMs: number;
  logger: Logger;
  onSync?: (result: CatalogSyncResult) => void;
}): CatalogSync {
  const fetchCatalog = opts.commerce.backend.fetchCatalog?.bind(opts.commerce.backend);
  if (!fetchCatalog) return { first: Promise.resolve(null), stop() {} };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<CatalogSyncResult> | null = null;

  async function sync(): Promise<CatalogSyncResult> {
    const started = performance.now();
    const done = (outcome: CatalogSyncResult['outcome'], products: number): CatalogSyncResult => {
      const result = { outcome, products, durationMs: performance.now() - started };
      opts.onSync?.(result);
      return result;
    };
    try {
      const snapshot = await fetchCatalog!();
      if (stopped) return done('failed', 0);
      if (snapshot.products.length === 0) {
        opts.logger.warn({ backend: opts.commerce.backend.kind }, 'catalog sync brought no products; keeping the current catalog');
        return done('empty', 0);
      }
      opts.commerce.replaceCatalog(snapshot);
      opts.logger.info({ backend: opts.commerce.backend.kind, products: snapshot.products.length, categories: snapshot.categories.length }, 'catalog synced');
      return done('replaced', snapshot.products.length);
    } catch (err) {
      opts.logger.warn({ backend: opts.commerce.backend.kind, err: (err as Error).message }, 'catalog sync failed; keeping the current catalog');
      return done('failed', 0);
    }
  }

  const once = () => (running ??= sync().finally(() => (running = null)));
  const schedule = () => {
    if (stopped || opts.intervalMs <= 0) return;
    timer = setTimeout(() => void once().then(schedule), opts.intervalMs);
    timer.unref();
  };
  const first = once().then((r) => {
    schedule();
    return r;
  });
  return {
    first,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
