import type { Order, Product, ReturnEligibility, ReturnPolicy, StoreInfo, WarrantyStatus, WarrantyTerms } from '../core/commerce.js';
import type { CatalogCategory } from '../core/order-backend.js';

/** Scope of a policy rule: every key that is set must match the item. */
export interface RuleScope {
  category?: string;
  sku?: string;
  tag?: string;
  whenOpened?: boolean;
  onSale?: boolean;
}

/** The store's returns policy file: the core shape plus scopes and window overrides the rules engine needs. */
export interface StoreReturnPolicy extends ReturnPolicy {
  exceptions: Array<RuleScope & { rule: string; windowDays?: number }>;
  nonReturnable: Array<RuleScope & { reason: string }>;
}

export type CategoryInfo = CatalogCategory;

/** The store's catalog: products and categories, from the store folder or a platform sync. */
export interface Catalog {
  categories: CategoryInfo[];
  products: Product[];
  productsBySku: ReadonlyMap<string, Product>;
}

/** Everything read from the store folder (skills/_store/ or STORE_DIR), validated. Immutable once built. */
export interface StoreData extends Catalog {
  info: StoreInfo;
  policy: StoreReturnPolicy;
  warranty: WarrantyTerms;
}

/** Per-item result when an order has several items and no SKU was named. */
export interface ItemEligibility {
  sku: string;
  name: string;
  eligible: boolean;
  reason: string;
  lastDay: string | null;
}

export interface ReturnEligibilityDetail extends ReturnEligibility {
  items?: ItemEligibility[];
  /** A short clause for one line of a multi-item summary ("returnable until May 3, 2026"). */
  summary?: string;
}

export interface WarrantyStatusDetail extends WarrantyStatus {
  /** Items of the order when it has several and no SKU was named. */
  items?: Array<{ sku: string; name: string }>;
  /** An already opened claim for this order item. */
  claimId?: string;
}

export type { Order };
