/** The parts of the tools' JSON results (src/tools/) the offline responder reads. */

export interface ProductSummaryResult {
  sku: string;
  name: string;
  category: string;
  price: number;
  currency?: string;
  in_stock: boolean;
  rating?: number;
  warranty_months: number;
  key_attributes: Record<string, string | number | boolean>;
  matched?: string[];
  match?: 'exact' | 'related';
}

/** search_products' answer (src/tools/search-products.ts): data, never a note to parse. */
export interface SearchResult {
  match: 'exact' | 'related' | 'none';
  count: number;
  currency: string;
  products: ProductSummaryResult[];
  nearest_categories?: string[];
  unmatched?: string[];
  price_filter?: { min?: number; max?: number; currency: string };
  currency_mismatch?: { asked: string; store: string; min?: number; max?: number };
  outside_budget?: ProductSummaryResult[];
  compare_skus?: string[];
}

/** compare_products' answer (src/tools/compare-products.ts). */
export interface CompareResult {
  found: boolean;
  currency: string;
  products: Array<{ sku: string; name: string; category?: string; price?: number; in_stock?: boolean; rating?: number; warranty_months?: number }>;
  attributes?: Array<{ name: string; values: Array<string | number | boolean | null> }>;
  differences?: string[];
  cheapest?: string;
  not_found?: string[];
}

export interface ProductResult {
  found: boolean;
  product?: ProductSummaryResult & { description: string; attributes: Record<string, string | number | boolean>; tags: string[] };
}

/** An order tool's answer for an unverified customer. */
export interface VerificationNeeded {
  verification_needed?: boolean;
}

export interface OrderResult extends VerificationNeeded {
  found: boolean;
  order?: {
    id: string;
    status: string;
    placed_on: string | null;
    delivered_on: string | null;
    items: Array<{ sku: string; name: string; quantity: number; unit_price: number; returned?: boolean }>;
    total: number;
  };
}

export interface EligibilityResult {
  order_id: string;
  sku: string | null;
  eligible: boolean;
  reason: string;
  explanation: string;
  window_days: number | null;
  last_day: string | null;
}

export interface StartReturnResult extends VerificationNeeded {
  proposed: boolean;
  already_requested?: boolean;
  reason?: string;
  explanation?: string;
  item_name?: string | null;
}

export interface PolicyResult {
  found: boolean;
  category?: string;
  window_days?: number;
  /** False when nothing in the category can be returned (gift cards). */
  returnable?: boolean;
  /** False when opened items of the category cannot be returned (hygiene, food safety). */
  returnable_when_opened?: boolean;
  /** The store's own rule for opened items (its words, in its language). */
  opened_rule?: string;
  default_window_days?: number;
  windows?: Record<string, number>;
  exceptions: string[];
  non_returnable: string[];
  refund_method: string;
  refund_days: number;
  how_to_return: string[];
}

export interface WarrantyResult {
  order_id: string | null;
  sku: string | null;
  product_name: string | null;
  covered: boolean;
  reason: string;
  explanation: string;
  months: number | null;
  expires_on: string | null;
  covers: string[];
  excludes: string[];
  items?: Array<{ sku: string; name: string }>;
  open_claim_id?: string;
}

export interface ClaimResult extends VerificationNeeded {
  proposed: boolean;
  already_open?: boolean;
  claim_id?: string;
  reason?: string;
  explanation?: string;
}

export interface TermsResult {
  found: boolean;
  category?: string;
  months?: number;
  default_months?: number;
  months_by_category?: Record<string, number>;
  /** A category with no warranty of its own: its products that carry one, longest first. */
  products_with_warranty?: Array<{ sku: string; name: string; warranty_months: number }>;
  covers?: string[];
  excludes?: string[];
  how_to_claim: string[];
  extended_offer?: string;
}

/** get_order_status's view of one order. */
export interface OrderStatusView {
  id: string;
  status: string;
  placed_on: string | null;
  delivered_on: string | null;
  expected_delivery: string | null;
  items: Array<{ sku: string; name: string; quantity: number }>;
  shipments: Array<{ status: string; carrier: string | null; tracking_number: string | null; tracking_url: string | null; shipped_on: string | null; delivered_on: string | null }>;
  cancellable: boolean;
}

export interface OrderStatusResult extends VerificationNeeded {
  found?: boolean;
  order?: OrderStatusView;
  orders?: OrderStatusView[];
  /** The order back-end could not be reached. */
  unavailable?: boolean;
}
