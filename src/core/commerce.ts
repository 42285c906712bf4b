/**
 * The store's back office, as the bot sees it. The demo implementation reads
 * skills/_store/; a real shop plugs in here without touching skills or engine.
 */

export interface StoreInfo {
  name: string;
  currency: string;
  supportHours: string;
  supportEmail: string;
  supportPhone: string;
  website: string;
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
}

export interface ProductHit {
  product: Product;
  score: number;
  /** Which words/attributes matched, so answers can say why. */
  matched: string[];
}

export type OrderStatus = 'processing' | 'shipped' | 'delivered' | 'cancelled' | 'returned';

export interface OrderItem {
  sku: string;
  name: string;
  quantity: number;
  unitPrice: number;
  /** True when the package was opened / the item used, as recorded at return time or from the order. */
  opened?: boolean;
}

export interface Order {
  id: string;
  customerEmail: string;
  customerName: string;
  placedAt: string; // ISO date-time
  deliveredAt: string | null;
  status: OrderStatus;
  items: OrderItem[];
  total: number;
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
  conversationId?: string;
  instructions: string[];
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
  conversationId?: string;
  nextSteps: string[];
}

export interface Commerce {
  storeInfo(): StoreInfo;
  categories(): string[];
  searchProducts(query: ProductQuery): Promise<ProductHit[]>;
  getProduct(sku: string): Promise<Product | null>;
  getOrder(orderId: string): Promise<Order | null>;
  returnPolicy(): ReturnPolicy;
  warrantyTerms(): WarrantyTerms;
  checkReturnEligibility(orderId: string, sku?: string): Promise<ReturnEligibility>;
  startReturn(input: { orderId: string; sku: string; reason: string; conversationId?: string }): Promise<ReturnRequest>;
  checkWarranty(input: { sku?: string; orderId?: string }): Promise<WarrantyStatus>;
  openWarrantyClaim(input: { orderId: string; sku: string; issue: string; conversationId?: string }): Promise<WarrantyClaim>;
}
