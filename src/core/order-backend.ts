import type { Order, Product } from './commerce.js';
import type { OrderOwner } from './identity.js';

/** A category as the catalog names it: an id, a label for answers, and the words shoppers use for it. */
export interface CatalogCategory {
  id: string;
  label: string;
  words: string[];
}

/**
 * A product as a platform knows it. Platforms rarely hold warranty terms, so `warrantyMonths` may
 * be absent: the commerce layer then keeps the store folder's figure for that SKU, or the
 * warranty terms' figure for its category.
 */
export type CatalogProduct = Omit<Product, 'warrantyMonths'> & { warrantyMonths?: number };

/** What a catalog sync brings: every product and the categories they use. */
export interface CatalogSnapshot {
  products: CatalogProduct[];
  categories: CatalogCategory[];
}

/** Passed to every back-end call: the resilience layer aborts a call past its timeout. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** The back-end's state as the resilience layer sees it (src/commerce/resilience/), for /readyz. */
export interface BackendHealth {
  state: 'up' | 'down' | 'circuit_open';
  detail?: string;
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
  findOrder(orderId: string, owner: OrderOwner, opts?: CallOptions): Promise<Order | null>;
  /** The owner's orders, newest first, at most `limit`. */
  listOrders(owner: OrderOwner, opts: { limit: number } & CallOptions): Promise<Order[]>;
  /**
   * Creates the return on the platform (Shopify `returnRequest`). Absent, or resolving to null
   * (an HTTP bridge whose platform keeps no returns), when the platform has no returns of its
   * own: Switchboard then records the return for the merchant.
   */
  requestReturn?(input: { order: Order; sku: string; quantity: number; reason: string } & CallOptions): Promise<{ externalId: string } | null>;
  /** Cancels an order the rules found cancellable; the platform may still refuse. */
  cancelOrder(input: { order: Order; reason: string } & CallOptions): Promise<{ ok: true } | { ok: false; refusal: CancelRefusal; detail?: string }>;
  /** The platform's catalog, for the store's catalog data (synced at start and on a schedule). Absent: the store folder's catalog file is the catalog. */
  fetchCatalog?(signal?: AbortSignal): Promise<CatalogSnapshot>;
  /** Breaker state and last failure; only the resilience wrapper has one. */
  health?(): BackendHealth;
  close?(): Promise<void>;
}
