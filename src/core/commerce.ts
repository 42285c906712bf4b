import type { OrderOwner, VerifiedCustomer } from './identity.js';

/**
 * The store's back office, as the bot sees it: the store folder's catalog and policies,
 * and orders from an OrderBackend (src/core/order-backend.ts: the demo files, Shopify,
 * Vendure or an HTTP bridge). Every order-scoped call takes the verified customer and
 * answers an order that is not theirs exactly like a missing one.
 */

/** How the store's identifiers look, from the store data (never hard-coded in src/). */
export interface IdentifierShape {
  /** A regular expression source matching one identifier as customers type it (case-insensitive). */
  pattern: string;
  /** One example, for prompts and "order numbers look like …" answers. */
  example: string;
}

/** How the store numbers the returns and warranty claims it records: `<prefix>-<order digits>-<sku>`. */
export interface CaseIdShape {
  prefix: string;
  example: string;
}

export interface StoreIdentifiers {
  order: IdentifierShape;
  sku: IdentifierShape;
  return: CaseIdShape;
  claim: CaseIdShape;
}

/** A shipment as the store's carriers label it, for demonstrations (never a customer's). */
export interface ShipmentExample {
  carrier: string;
  trackingNumber: string;
  trackingUrl?: string;
}

export interface StoreInfo {
  name: string;
  currency: string;
  supportHours: string;
  supportEmail: string;
  supportPhone: string;
  website: string;
  identifiers: StoreIdentifiers;
  /** The language the catalog is written in (store.yaml `language`, a locale pack's name); absent: the packs' default. */
  language?: string;
  /**
   * The store's carriers with one tracking number each, for demonstrations: store.yaml's
   * `shipments`, else the shipments in the demo back-end's orders.yaml, else none.
   */
  shipments?: readonly ShipmentExample[];
}

export interface Product {
  sku: string;
  name: string;
  category: string;
  price: number;
  /** Short marketing description. */
  description: string;
  /** Key attributes, e.g. { capacity: "1.5 L", power: "1200 W" }. */
  attributes: Record<string, string | number | boolean>;
  /** Free tags for matching ("quiet", "budget", "gift", "stainless"). */
  tags: string[];
  warrantyMonths: number;
  inStock: boolean;
  rating?: number;
}

export interface ProductQuery {
  text?: string;
  category?: string;
  maxPrice?: number;
  minPrice?: number;
  limit?: number;
  /**
   * The customer's language for this turn (detected, else the conversation's): its words are
   * also read by its pack's Snowball stemmer. Unknown or the default language: as before.
   */
  language?: string | null;
}

export interface ProductHit {
  product: Product;
  score: number;
  /** The customer's words that matched (never a filter or a note). */
  matched: string[];
  /** 'exact': the kind of product asked for, matching as much of the request as anything the store has; 'related': a partial match. */
  match?: 'exact' | 'related';
}

export type MatchLevel = 'exact' | 'related' | 'none';

/** A price range in one currency. */
export interface PriceRange {
  min?: number;
  max?: number;
}

/** What a product search found, and how well it matches what was asked (data for tools and answers, never prose). */
export interface ProductSearchResult {
  /** 'none': nothing the store has matches; 'related': only partial matches (the store does not carry exactly that). */
  match: MatchLevel;
  hits: ProductHit[];
  /** Category ids nearest to the request, best first (empty on an exact match). */
  nearestCategories: string[];
  /** The store's currency (ISO 4217): every price is in it. */
  currency: string;
  /** The price filter applied, in the store's currency (from the query fields or the customer's text). */
  priceFilter: PriceRange | null;
  /** A budget stated in a currency the store does not use: reported, never read as the store's. */
  currencyMismatch: { asked: string; store: string; min?: number; max?: number } | null;
  /** The customer's words that nothing in the catalog matches ("kayak" in a kitchen shop). */
  unmatched: string[];
  /** When the price filter left only partial matches (or none): the best matches outside it, cheapest first. */
  outsideBudget: ProductHit[];
  /** The text asks to compare ("difference between A and B"): the products it names, in order (two or more), else empty. */
  comparison: Product[];
}

export type OrderStatus = 'processing' | 'shipped' | 'delivered' | 'cancelled' | 'returned';

export interface OrderItem {
  sku: string;
  name: string;
  quantity: number;
  unitPrice: number;
  /** Catalog category when the back-end knows it (Shopify product type); else from the catalog by SKU. */
  category?: string;
  /** True when the package was opened / the item used, as recorded at return time or from the order. */
  opened?: boolean;
  /** Bought at a sale price (some policies treat sale items differently). */
  onSale?: boolean;
  /** Already sent back. */
  returned?: boolean;
  /** How many the platform still lets the customer return (Shopify's returnableFulfillments); absent when the platform does not say. */
  returnableQuantity?: number;
}

/** One shipment of an order. */
export interface Fulfillment {
  status: 'pending' | 'in_transit' | 'delivered' | 'failed';
  carrier: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  shippedAt: string | null;
  deliveredAt: string | null;
  /** SKUs in this shipment; empty when the platform does not say. */
  skus: string[];
}

export interface Order {
  /** The number customers see and type (Shopify's order name, Vendure's code). */
  id: string;
  /** The platform's own id for writes (Shopify's Order gid); never shown to the customer or the model. */
  platformId?: string;
  /** The store's customer id when the back-end has one. */
  customerId?: string;
  customerEmail: string;
  customerName: string;
  placedAt: string; // ISO date-time
  deliveredAt: string | null;
  status: OrderStatus;
  items: OrderItem[];
  total: number;
  /** ISO 4217; the store's currency when absent. */
  currency?: string;
  fulfillments: Fulfillment[];
  /** Expected delivery date (ISO date) while the order is on its way, when known. */
  expectedDelivery: string | null;
}

export interface ReturnWindow {
  category: string;
  days: number;
}

export interface ReturnPolicy {
  defaultWindowDays: number;
  windows: ReturnWindow[];
  conditions: string[];
  exceptions: Array<{ category?: string; sku?: string; rule: string }>;
  /** Categories or SKUs that cannot be returned at all (hygiene, custom). */
  nonReturnable: Array<{ category?: string; sku?: string; reason: string }>;
  refundMethod: string;
  refundDays: number;
  howToReturn: string[];
}

export interface WarrantyTerm {
  category: string;
  months: number;
  covers: string[];
  excludes: string[];
}

export interface WarrantyTerms {
  defaultMonths: number;
  terms: WarrantyTerm[];
  howToClaim: string[];
  extendedOffer?: string;
}

export interface ReturnEligibility {
  orderId: string;
  sku: string | null;
  eligible: boolean;
  /** Machine-readable reason: 'ok' | 'window_expired' | 'non_returnable' | 'not_delivered' | 'already_returned' | 'order_not_found' | 'item_not_in_order' | 'cancelled'. */
  reason: string;
  /** Human-readable explanation citing the policy. */
  explanation: string;
  windowDays: number | null;
  daysSinceDelivery: number | null;
  lastDay: string | null;
}

export interface ReturnRequest {
  id: string;
  orderId: string;
  sku: string;
  reason: string;
  status: 'requested';
  createdAt: string;
  /** The conversation it was asked in (kept for the audit trail; not erased with the transcript). */
  sourceConversation?: string;
  /** The platform's own id (Shopify return id) when the back-end created it there. */
  externalId?: string;
  /** What the customer does next: the store's own steps (its policy text, in the store's language). */
  instructions: string[];
  /**
   * How the refund goes, as data, when the store's steps do not say it themselves: the engine
   * writes the sentence in the customer's language (locale pack `replies.refund_step`).
   */
  refund?: { method: string; days: number };
}

export interface WarrantyStatus {
  sku: string | null;
  orderId: string | null;
  productName: string | null;
  covered: boolean;
  months: number | null;
  /** 'ok' | 'expired' | 'not_delivered' | 'order_not_found' | 'product_not_found' | 'item_not_in_order' | 'no_purchase_date'. */
  reason: string;
  explanation: string;
  expiresOn: string | null;
  covers: string[];
  excludes: string[];
}

export interface WarrantyClaim {
  id: string;
  orderId: string;
  sku: string;
  issue: string;
  status: 'open';
  createdAt: string;
  /** The conversation it was asked in (kept for the audit trail; not erased with the transcript). */
  sourceConversation?: string;
  nextSteps: string[];
}

/** Whether an order can still be cancelled, and why not. */
export interface CancelEligibility {
  orderId: string;
  cancellable: boolean;
  /** 'ok' | 'already_shipped' | 'already_delivered' | 'already_cancelled' | 'order_not_found' | 'not_cancellable'. */
  reason: string;
  explanation: string;
}

export interface CancelResult {
  orderId: string;
  cancelled: boolean;
  reason: string;
  explanation: string;
}

/** State of the order back-end, for /readyz and metrics. */
export interface CommerceHealth {
  backend: string;
  state: 'up' | 'down' | 'circuit_open';
  detail?: string;
}

export interface Commerce {
  storeInfo(): StoreInfo;
  categories(): string[];
  searchProducts(query: ProductQuery): Promise<ProductHit[]>;
  /** The same search with how well it matched, the nearest categories and the money read from the text. */
  findProducts(query: ProductQuery): Promise<ProductSearchResult>;
  getProduct(sku: string): Promise<Product | null>;
  returnPolicy(): ReturnPolicy;
  warrantyTerms(): WarrantyTerms;
  /** A product's warranty without an order (no identity needed). */
  productWarranty(sku: string): Promise<WarrantyStatus>;

  /**
   * Guest verification: the customer when `orderId` exists and `email` is the e-mail on it
   * (trimmed, case-insensitive); null otherwise, never saying which part was wrong.
   */
  verifyOrderEmail(orderId: string, email: string): Promise<VerifiedCustomer | null>;
  /** The order when it exists and belongs to `customer`; null otherwise (the two look the same). */
  getOrder(customer: OrderOwner, orderId: string): Promise<Order | null>;
  /** The customer's orders, newest first. */
  listOrders(customer: OrderOwner, opts?: { limit?: number }): Promise<Order[]>;
  checkReturnEligibility(customer: OrderOwner, orderId: string, sku?: string): Promise<ReturnEligibility>;
  startReturn(customer: OrderOwner, input: { orderId: string; sku: string; reason: string; sourceConversation?: string }): Promise<ReturnRequest>;
  orderWarranty(customer: OrderOwner, input: { orderId: string; sku?: string }): Promise<WarrantyStatus>;
  openWarrantyClaim(customer: OrderOwner, input: { orderId: string; sku: string; issue: string; sourceConversation?: string }): Promise<WarrantyClaim>;
  checkCancellation(customer: OrderOwner, orderId: string): Promise<CancelEligibility>;
  cancelOrder(customer: OrderOwner, input: { orderId: string; reason: string; sourceConversation?: string }): Promise<CancelResult>;
  health(): CommerceHealth;
}
