import type { Order, Product } from './commerce.js';
import type { OrderOwner } from './identity.js';

/** A category as the catalog names it: an id, a label for answers, and the words shoppers use for it. */
export interface CatalogCategory {
  id: string;
  label: string;
  words: string[];
}

/** What a catalog sync brings: every product and the categories they use. */
export interface CatalogSnapshot {
  products: Product[];
  categories: CatalogCategory[];
}

/** Why a platform refused a cancellation (mapped to CancelResult.reason). */
export type CancelRefusal = 'already_shipped' | 'already_cancelled' | 'not_cancellable';

/**
 * One store platform's orders: the demo files, Shopify, Vendure or the HTTP bridge
 * (`COMMERCE=demo|shopify|vendure|http`). Policies (return windows, warranty terms) and the
 * rules over them live once in src/commerce/, so every platform answers the same way; a
 * back-end only fetches and writes. Every method may throw CommerceUnavailableError
 * (src/core/errors.ts) when the platform is down, slow past its timeout or throttled past its
 * retries.
 */
export interface OrderBackend {
  /** 'demo', 'shopify', 'vendure', 'http': for logs, /readyz and metrics. */
  readonly kind: string;
  /**
   * The order named `orderId` (as the customer typed it: with or without '#', any case) when it
   * exists and belongs to `owner`; null otherwise. A missing order and another customer's must
   * be indistinguishable (same result, no different error or timing path a caller can see).
   */
  findOrder(orderId: string, owner: OrderOwner): Promise<Order | null>;
  /** The owner's orders, newest first, at most `limit`. */
  listOrders(owner: OrderOwner, opts: { limit: number }): Promise<Order[]>;
  /**
   * Creates the return on the platform (Shopify `returnRequest`). Absent when the platform has no
   * returns of its own: Switchboard then records the return for the merchant.
   */
  requestReturn?(input: { order: Order; sku: string; quantity: number; reason: string }): Promise<{ externalId: string }>;
  /** Cancels an order the rules found cancellable; the platform may still refuse. */
  cancelOrder(input: { order: Order; reason: string }): Promise<{ ok: true } | { ok: false; refusal: CancelRefusal; detail?: string }>;
  /** The platform's catalog, for the store's catalog data (synced at start and on a schedule). Absent: the store folder's catalog file is the catalog. */
  fetchCatalog?(signal?: AbortSignal): Promise<CatalogSnapshot>;
  close?(): Promise<void>;
}
