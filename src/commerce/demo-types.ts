import type { Order, OrderItem, Product, ReturnEligibility, ReturnPolicy, StoreInfo, WarrantyStatus, WarrantyTerms } from '../core/commerce.js';

/** Scope of a policy rule: every key that is set must match the item. */
export interface RuleScope {
  category?: string;
  sku?: string;
  tag?: string;
  whenOpened?: boolean;
  onSale?: boolean;
}

/** The demo policy: the core shape plus scopes and window overrides the rules engine needs. */
export interface DemoReturnPolicy extends ReturnPolicy {
  exceptions: Array<RuleScope & { rule: string; windowDays?: number }>;
  nonReturnable: Array<RuleScope & { reason: string }>;
}

export interface DemoOrderItem extends OrderItem {
  onSale?: boolean;
  returned?: boolean;
}

export interface DemoOrder extends Order {
  items: DemoOrderItem[];
}

export interface CategoryInfo {
  id: string;
  label: string;
  words: string[];
}

/** Everything read from skills/_store/, validated and with dates resolved. Immutable once built. */
export interface StoreData {
  info: StoreInfo;
  categories: CategoryInfo[];
  products: Product[];
  productsBySku: ReadonlyMap<string, Product>;
  policy: DemoReturnPolicy;
  warranty: WarrantyTerms;
  orders: DemoOrder[];
  ordersById: ReadonlyMap<string, DemoOrder>;
}

/** Per-item result when an order has several items and no SKU was named. */
export interface ItemEligibility {
  sku: string;
  name: string;
  eligible: boolean;
  reason: string;
  lastDay: string | null;
}

export interface DemoReturnEligibility extends ReturnEligibility {
  items?: ItemEligibility[];
  /** A short clause for one line of a multi-item summary ("returnable until May 3, 2026"). */
  summary?: string;
}

export interface DemoWarrantyStatus extends WarrantyStatus {
  /** Items of the order when it has several and no SKU was named. */
  items?: Array<{ sku: string; name: string }>;
  /** An already opened claim for this order item. */
  claimId?: string;
}
