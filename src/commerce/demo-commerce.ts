import type { Clock } from '../core/clock.js';
import type {
  Commerce,
  Order,
  Product,
  ProductHit,
  ProductQuery,
  ReturnRequest,
  StoreInfo,
  WarrantyClaim,
  WarrantyTerms,
} from '../core/commerce.js';
import type { Store } from '../core/store.js';
import { CommerceRuleError } from './commerce-error.js';
import type { CategoryInfo, DemoOrder, DemoOrderItem, DemoReturnEligibility, DemoReturnPolicy, DemoWarrantyStatus, StoreData } from './demo-types.js';
import { canonicalId } from './identifiers.js';
import { loadStoreData } from './load-store-data.js';
import { createProductSearch, type ProductSearch } from './product-search.js';
import { itemEligibility, orderEligibility, returnInstructions } from './return-rules.js';
import { claimNextSteps, itemWarranty, productWarranty } from './warranty-rules.js';

/** Collections in Store records; also read by the assist panel. */
export const RETURNS_COLLECTION = 'returns';
export const WARRANTY_CLAIMS_COLLECTION = 'warranty_claims';

/** The record methods the demo store needs; any Store satisfies it. */
export type RecordStore = Pick<Store, 'putRecord' | 'getRecord'>;

export interface DemoCommerceOptions {
  /** The folder with store.yaml, catalog.yaml, returns-policy.yaml, warranty-terms.yaml, orders.yaml. */
  dir: string;
  store: RecordStore;
  clock: Clock;
}

export interface DemoCommerce extends Commerce {
  /** Re-reads the files. On a validation error it throws (ConfigError) and keeps serving the last good data. */
  reload(): Promise<void>;
  /** Category ids with their labels and shopper words. */
  categoryInfo(): CategoryInfo[];
}

interface State {
  data: StoreData;
  search: ProductSearch;
  categories: ReadonlyMap<string, CategoryInfo>;
}

const recordKey = (orderId: string, sku: string): string => `${orderId}:${sku}`;
const digits = (id: string): string => id.replace(/\D/g, '');

/**
 * The demo back office over skills/_store/. Catalog, policies and orders are read
 * from YAML; returns and warranty claims that customers start are written to the
 * Store, keyed by order and SKU, so asking twice gives the same request back.
 */
export async function createDemoCommerce(opts: DemoCommerceOptions): Promise<DemoCommerce> {
  const { store, clock } = opts;
  const build = (data: StoreData): State => ({
    data,
    search: createProductSearch(data.products, data.categories),
    categories: new Map(data.categories.map((c) => [c.id, c])),
  });
  let state = build(await loadStoreData(opts.dir, clock));

  function findOrder(orderId: string): DemoOrder | null {
    const { ordersById, orders } = state.data;
    const id = canonicalId(orderId);
    const exact = ordersById.get(id);
    if (exact) return exact;
    // "10012" alone: the number part is unique in practice.
    if (/^\d+$/.test(id)) return orders.find((o) => digits(o.id) === id) ?? null;
    return null;
  }

  function findProduct(sku: string): Product | null {
    return state.data.productsBySku.get(canonicalId(sku)) ?? null;
  }

  function itemOf(order: DemoOrder, sku: string): DemoOrderItem | null {
    const wanted = canonicalId(sku);
    return order.items.find((i) => i.sku === wanted) ?? null;
  }

  function productOf(item: DemoOrderItem): Product {
    const p = state.data.productsBySku.get(item.sku);
    // The loader rejects orders with unknown SKUs, so this only fails on a programming error.
    if (!p) throw new Error(`order item ${item.sku} has no catalog product`);
    return p;
  }

  const returnFacts = () => ({ policy: state.data.policy, categories: state.categories, now: clock.now() });
  const existingReturn = (orderId: string, sku: string) => store.getRecord<ReturnRequest>(RETURNS_COLLECTION, recordKey(orderId, sku));
  const existingClaim = (orderId: string, sku: string) => store.getRecord<WarrantyClaim>(WARRANTY_CLAIMS_COLLECTION, recordKey(orderId, sku));

  async function checkReturnEligibility(orderId: string, sku?: string): Promise<DemoReturnEligibility> {
    const none = { sku: sku ? canonicalId(sku) : null, windowDays: null, daysSinceDelivery: null, lastDay: null };
    const order = findOrder(orderId);
    if (!order) {
      return { orderId: canonicalId(orderId), ...none, eligible: false, reason: 'order_not_found', explanation: `No order ${canonicalId(orderId)} was found. Order numbers look like SB-10001 and are in the confirmation email.` };
    }
    if (sku !== undefined && sku.trim() !== '') {
      const item = itemOf(order, sku);
      if (!item) {
        return {
          orderId: order.id,
          ...none,
          eligible: false,
          reason: 'item_not_in_order',
          explanation: `Order ${order.id} does not contain ${canonicalId(sku)}; it contains ${order.items.map((i) => `${i.name} (${i.sku})`).join(', ')}.`,
        };
      }
      return itemEligibility(order, item, productOf(item), returnFacts(), await existingReturn(order.id, item.sku));
    }
    const perItem = await Promise.all(
      order.items.map(async (item) => ({ item, result: itemEligibility(order, item, productOf(item), returnFacts(), await existingReturn(order.id, item.sku)) })),
    );
    if (perItem.length === 1) return perItem[0]!.result;
    return orderEligibility(order, perItem, clock.now());
  }

  async function startReturn(input: { orderId: string; sku: string; reason: string; conversationId?: string }): Promise<ReturnRequest> {
    const order = findOrder(input.orderId);
    if (!order) throw new CommerceRuleError('order_not_found', `No order ${canonicalId(input.orderId)} was found.`);
    const item = itemOf(order, input.sku);
    if (!item) throw new CommerceRuleError('item_not_in_order', `Order ${order.id} does not contain ${canonicalId(input.sku)}.`);
    const existing = await existingReturn(order.id, item.sku);
    if (existing) return existing;
    const check = itemEligibility(order, item, productOf(item), returnFacts(), null);
    if (!check.eligible) throw new CommerceRuleError(check.reason, check.explanation);
    const request: ReturnRequest = {
      id: `RET-${digits(order.id)}-${item.sku}`,
      orderId: order.id,
      sku: item.sku,
      reason: input.reason.trim(),
      status: 'requested',
      createdAt: new Date(clock.now()).toISOString(),
      ...(input.conversationId ? { conversationId: input.conversationId } : {}),
      instructions: returnInstructions(state.data.policy, item, productOf(item)),
    };
    await store.putRecord(RETURNS_COLLECTION, recordKey(order.id, item.sku), request);
    return request;
  }

  async function checkWarranty(input: { sku?: string; orderId?: string }): Promise<DemoWarrantyStatus> {
    const facts = { terms: state.data.warranty, now: clock.now() };
    const empty = { covered: false, months: null, expiresOn: null, covers: [], excludes: [] };
    const sku = input.sku?.trim() ? canonicalId(input.sku) : null;
    if (input.orderId?.trim()) {
      const order = findOrder(input.orderId);
      if (!order) {
        return { sku, orderId: canonicalId(input.orderId), productName: null, ...empty, reason: 'order_not_found', explanation: `No order ${canonicalId(input.orderId)} was found. Order numbers look like SB-10001.` };
      }
      if (sku) {
        const item = itemOf(order, sku);
        if (!item) {
          return {
            sku,
            orderId: order.id,
            productName: findProduct(sku)?.name ?? null,
            ...empty,
            reason: 'item_not_in_order',
            explanation: `Order ${order.id} does not contain ${sku}; it contains ${order.items.map((i) => `${i.name} (${i.sku})`).join(', ')}.`,
          };
        }
        return itemWarranty(order, item, productOf(item), facts, await existingClaim(order.id, item.sku));
      }
      if (order.items.length === 1) {
        const item = order.items[0]!;
        return itemWarranty(order, item, productOf(item), facts, await existingClaim(order.id, item.sku));
      }
      return {
        sku: null,
        orderId: order.id,
        productName: null,
        ...empty,
        reason: 'item_required',
        explanation: `Order ${order.id} has ${order.items.length} items: ${order.items.map((i) => `${i.name} (${i.sku})`).join(', ')}. Which one is the warranty question about?`,
        items: order.items.map((i) => ({ sku: i.sku, name: i.name })),
      };
    }
    if (!sku) {
      return { sku: null, orderId: null, productName: null, ...empty, reason: 'missing_input', explanation: 'Give an order number or a product SKU to check a warranty.' };
    }
    const product = findProduct(sku);
    if (!product) return { sku, orderId: null, productName: null, ...empty, reason: 'product_not_found', explanation: `No product with SKU ${sku} was found.` };
    return productWarranty(product, facts);
  }

  async function openWarrantyClaim(input: { orderId: string; sku: string; issue: string; conversationId?: string }): Promise<WarrantyClaim> {
    const order = findOrder(input.orderId);
    if (!order) throw new CommerceRuleError('order_not_found', `No order ${canonicalId(input.orderId)} was found.`);
    const item = itemOf(order, input.sku);
    if (!item) throw new CommerceRuleError('item_not_in_order', `Order ${order.id} does not contain ${canonicalId(input.sku)}.`);
    const existing = await existingClaim(order.id, item.sku);
    if (existing) return existing;
    const status = itemWarranty(order, item, productOf(item), { terms: state.data.warranty, now: clock.now() }, null);
    if (!status.covered) throw new CommerceRuleError(status.reason, status.explanation);
    const claim: WarrantyClaim = {
      id: `WC-${digits(order.id)}-${item.sku}`,
      orderId: order.id,
      sku: item.sku,
      issue: input.issue.trim(),
      status: 'open',
      createdAt: new Date(clock.now()).toISOString(),
      ...(input.conversationId ? { conversationId: input.conversationId } : {}),
      nextSteps: claimNextSteps(state.data.warranty),
    };
    await store.putRecord(WARRANTY_CLAIMS_COLLECTION, recordKey(order.id, item.sku), claim);
    return claim;
  }

  return {
    storeInfo: (): StoreInfo => state.data.info,
    categories: (): string[] => state.data.categories.map((c) => c.id),
    categoryInfo: (): CategoryInfo[] => state.data.categories.map((c) => ({ ...c, words: [...c.words] })),
    searchProducts: async (query: ProductQuery): Promise<ProductHit[]> => state.search.search(query),
    getProduct: async (sku: string): Promise<Product | null> => findProduct(sku),
    getOrder: async (orderId: string): Promise<Order | null> => findOrder(orderId),
    returnPolicy: (): DemoReturnPolicy => state.data.policy,
    warrantyTerms: (): WarrantyTerms => state.data.warranty,
    checkReturnEligibility,
    startReturn,
    checkWarranty,
    openWarrantyClaim,
    async reload(): Promise<void> {
      const next = build(await loadStoreData(opts.dir, clock));
      state = next;
    },
  };
}
