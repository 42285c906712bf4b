import type { Clock } from '../core/clock.js';
import type {
  CancelEligibility,
  CancelResult,
  Commerce,
  CommerceHealth,
  Order,
  OrderItem,
  Product,
  ProductHit,
  ProductQuery,
  ProductSearchResult,
  ReturnRequest,
  StoreInfo,
  WarrantyClaim,
  WarrantyTerms,
} from '../core/commerce.js';
import { MAX_PROVED_ORDERS, normalizeEmail, ownsOrder, provedOrders, type OrderOwner, type VerifiedCustomer } from '../core/identity.js';
import type { CatalogSnapshot, OrderBackend } from '../core/order-backend.js';
import type { Store } from '../core/store.js';
import { CommerceRuleError } from './commerce-error.js';
import { mergeCatalog } from './catalog-merge.js';
import { canonicalId, caseId, idKey } from './identifiers.js';
import { loadStoreData } from './load-store-data.js';
import { createProductSearch, type ProductSearch } from './product-search.js';
import { EMPTY_SEARCH_LANGUAGE, type SearchLanguage } from './search-language.js';
import type { LanguageStemmers } from '../locale/language-stemmers.js';
import { itemEligibility, orderEligibility, returnInstructions } from './return-rules.js';
import type { CategoryInfo, ReturnEligibilityDetail, StoreData, StoreReturnPolicy, WarrantyStatusDetail } from './store-types.js';
import { claimNextSteps, itemWarranty, productWarranty } from './warranty-rules.js';
import type { RefusalFacts } from '../core/actions.js';

/** Collections in Store records; also read by the assist panel. Never linked to a conversation, so erasing a transcript keeps them. */
export const RETURNS_COLLECTION = 'returns';
export const WARRANTY_CLAIMS_COLLECTION = 'warranty_claims';

export interface StoreCommerceOptions {
  /** The store folder: store.yaml, catalog.yaml, returns-policy.yaml, warranty-terms.yaml. */
  dir: string;
  /** Where orders come from; built from the loaded catalog (the demo back-end needs it). */
  backend: (data: StoreData) => Promise<OrderBackend>;
  /** Records (returns, claims) and the lock that makes writes to one order one at a time across processes. */
  store: Pick<Store, 'putRecord' | 'getRecord' | 'withLock'>;
  clock: Clock;
  /**
   * Product search's language data (locale packs' `search:` sections, skills/vocabulary.yaml
   * synonyms), read at start and again on every reload. Without it search knows the catalog only.
   */
  language?: () => Promise<SearchLanguage>;
}

export interface StoreCommerce extends Commerce {
  /** Re-reads the store folder. On a validation error it throws (ConfigError) and keeps serving the last good data. */
  reload(): Promise<void>;
  /** Replaces the catalog with a platform's (catalog sync); policies and store info stay the folder's. */
  replaceCatalog(snapshot: CatalogSnapshot): void;
  /** Category ids with their labels and shopper words. */
  categoryInfo(): CategoryInfo[];
  /** Every product, for vocabulary and indexing (read-only). */
  products(): readonly Product[];
  /**
   * The locale packs' Snowball stemmers as this store last read them (with the search language,
   * at start and on each reload): the skill set hands them to the router, so a pack's edited
   * `stemming: snowball` reaches routing on the same reload as search. Undefined without
   * language data (no `language` option: tests, tools), so the router keeps its own.
   */
  languageStems(): LanguageStemmers | undefined;
  /** Called after every catalog or folder change. Returns an unsubscribe function. */
  onChange(listener: () => void): () => void;
  readonly backend: OrderBackend;
  close(): Promise<void>;
}

interface State {
  data: StoreData;
  search: ProductSearch;
  categories: ReadonlyMap<string, CategoryInfo>;
  /** Products by idKey(sku), so "rdb-102" finds RDB102 as "kit1001" finds KIT-1001. */
  byKey: ReadonlyMap<string, Product>;
}

const recordKey = (orderId: string, sku: string): string => `${orderId}:${sku}`;

/** A rule refused an action on one item: the order, the item and the rule's facts that are known. */
function itemRefused(reason: string, explanation: string, order: Order, item: OrderItem, known: { [K in Exclude<keyof RefusalFacts, 'orderId' | 'sku' | 'itemName'>]?: RefusalFacts[K] | null }): CommerceRuleError {
  const facts: RefusalFacts = { orderId: order.id, sku: item.sku, itemName: item.name };
  for (const [key, value] of Object.entries(known)) if (value !== null) (facts as Record<string, string | number>)[key] = value;
  return new CommerceRuleError(reason, explanation, facts);
}
const LIST_LIMIT = 10;
const MAX_LIST_LIMIT = 50;

/**
 * The Commerce the tools use, the same for every platform: catalog and policies from the store
 * folder (or a platform's catalog sync), orders from an OrderBackend, and the return, warranty
 * and cancellation rules over them. Every order-scoped call takes the verified customer, asks
 * the back-end for the order as that customer, and checks ownership again here, so another
 * customer's order and a missing one answer the same. Returns (for platforms without their own)
 * and warranty claims are recorded in the Store, keyed by order and SKU, never linked to the
 * conversation they came from (the audit trail outlives an erased transcript).
 */
export async function createStoreCommerce(opts: StoreCommerceOptions): Promise<StoreCommerce> {
  const { store, clock } = opts;
  const listeners = new Set<() => void>();
  const readLanguage = async (): Promise<SearchLanguage> => (opts.language ? opts.language() : EMPTY_SEARCH_LANGUAGE);
  let language = await readLanguage();
  const build = (data: StoreData): State => ({
    data,
    search: createProductSearch(data.products, data.categories, { currency: data.info.currency, sku: data.info.identifiers.sku, order: data.info.identifiers.order, language, ...(data.info.language ? { catalogLanguage: data.info.language } : {}) }),
    categories: new Map(data.categories.map((c) => [c.id, c])),
    byKey: new Map(data.products.map((p) => [idKey(p.sku), p])),
  });
  const initial = await loadStoreData(opts.dir, { packLanguages: language.packLanguages });
  let state = build(initial);
  /** The last platform catalog, re-applied over the folder after a reload of the folder's files. */
  let synced: CatalogSnapshot | null = null;
  let folderData = initial;
  const withSync = (data: StoreData): StoreData => (synced ? { ...data, ...mergeCatalog(data, synced, data.warranty) } : data);
  const backend = await opts.backend(initial);
  const changed = () => {
    for (const l of listeners) l();
  };

  function findProduct(sku: string): Product | null {
    return state.data.productsBySku.get(sku) ?? state.data.productsBySku.get(canonicalId(sku)) ?? state.byKey.get(idKey(sku)) ?? null;
  }

  /** The catalog product behind an order item; a product the catalog no longer has is described from the order itself. */
  function productOf(item: OrderItem): Product {
    const found = findProduct(item.sku);
    if (found) return found;
    const category = item.category ?? 'uncategorized';
    const term = state.data.warranty.terms.find((t) => t.category === category);
    return {
      sku: item.sku,
      name: item.name,
      category,
      price: item.unitPrice,
      description: item.name,
      attributes: {},
      tags: [],
      warrantyMonths: term?.months ?? state.data.warranty.defaultMonths,
      inStock: false,
    };
  }

  function itemOf(order: Order, sku: string): OrderItem | null {
    const wanted = idKey(sku);
    return order.items.find((i) => i.sku === sku || idKey(i.sku) === wanted) ?? null;
  }

  /** The order as `customer`, or null: the back-end filters by owner and this checks again. */
  async function orderFor(customer: OrderOwner, orderId: string): Promise<Order | null> {
    const order = await backend.findOrder(orderId, customer);
    return order && ownsOrder(customer, order) ? order : null;
  }

  const notFound = (orderId: string) =>
    `No order ${orderId.trim()} was found for you. Order numbers look like ${state.data.info.identifiers.order.example} and are in the confirmation e-mail.`;

  const returnFacts = () => ({ policy: state.data.policy, categories: state.categories, now: clock.now() });
  const existingReturn = (orderId: string, sku: string) => store.getRecord<ReturnRequest>(RETURNS_COLLECTION, recordKey(orderId, sku));
  const existingClaim = (orderId: string, sku: string) => store.getRecord<WarrantyClaim>(WARRANTY_CLAIMS_COLLECTION, recordKey(orderId, sku));

  /** The platform's own "nothing left to return" on a delivered order (Shopify returnableFulfillments) counts as returned. */
  const platformView = (order: Order, item: OrderItem): OrderItem =>
    order.status === 'delivered' && item.returnableQuantity === 0 && !item.returned ? { ...item, returned: true } : item;

  async function checkReturnEligibility(customer: OrderOwner, orderId: string, sku?: string): Promise<ReturnEligibilityDetail> {
    const none = { sku: sku ? canonicalId(sku) : null, windowDays: null, daysSinceDelivery: null, lastDay: null };
    const order = await orderFor(customer, orderId);
    if (!order) return { orderId: orderId.trim(), ...none, eligible: false, reason: 'order_not_found', explanation: notFound(orderId) };
    if (sku !== undefined && sku.trim() !== '') {
      const item = itemOf(order, sku);
      if (!item) {
        return {
          orderId: order.id,
          ...none,
          eligible: false,
          reason: 'item_not_in_order',
          explanation: `Order ${order.id} does not contain ${sku.trim()}; it contains ${order.items.map((i) => `${i.name} (${i.sku})`).join(', ')}.`,
        };
      }
      return itemEligibility(order, platformView(order, item), productOf(item), returnFacts(), await existingReturn(order.id, item.sku));
    }
    const perItem = await Promise.all(
      order.items.map(async (item) => ({ item, result: itemEligibility(order, platformView(order, item), productOf(item), returnFacts(), await existingReturn(order.id, item.sku)) })),
    );
    if (perItem.length === 1) return perItem[0]!.result;
    return orderEligibility(order, perItem, clock.now());
  }

  /**
   * Writes to one order (a return, a claim, a cancellation) run one at a time, across processes.
   * Each reads what is already recorded and then acts: two confirmations of one order in two
   * conversations (two tabs, two processes) both read "nothing yet" and both asked the platform,
   * two return requests for one item. The order is found first, so every spelling of its number
   * takes the same lock, and read again under it, so the second write sees what the first did.
   */
  async function oneWriteAtATime<T>(customer: OrderOwner, orderId: string, missing: () => T | Promise<T>, write: (orderId: string) => Promise<T>): Promise<T> {
    const order = await orderFor(customer, orderId);
    if (!order) return missing();
    return store.withLock(`order-write:${encodeURIComponent(idKey(order.id))}`, () => write(order.id));
  }

  const startReturn = (customer: OrderOwner, input: { orderId: string; sku: string; reason: string; sourceConversation?: string }): Promise<ReturnRequest> =>
    oneWriteAtATime(customer, input.orderId, () => startReturnNow(customer, input), (orderId) => startReturnNow(customer, { ...input, orderId }));
  const openWarrantyClaim = (customer: OrderOwner, input: { orderId: string; sku: string; issue: string; sourceConversation?: string }): Promise<WarrantyClaim> =>
    oneWriteAtATime(customer, input.orderId, () => openWarrantyClaimNow(customer, input), (orderId) => openWarrantyClaimNow(customer, { ...input, orderId }));
  const cancelOrder = (customer: OrderOwner, input: { orderId: string; reason: string; sourceConversation?: string }): Promise<CancelResult> =>
    oneWriteAtATime(customer, input.orderId, () => cancelOrderNow(customer, input), (orderId) => cancelOrderNow(customer, { ...input, orderId }));

  async function startReturnNow(customer: OrderOwner, input: { orderId: string; sku: string; reason: string; sourceConversation?: string }): Promise<ReturnRequest> {
    const order = await orderFor(customer, input.orderId);
    if (!order) throw new CommerceRuleError('order_not_found', notFound(input.orderId), { orderId: input.orderId.trim() });
    const item = itemOf(order, input.sku);
    if (!item) throw new CommerceRuleError('item_not_in_order', `Order ${order.id} does not contain ${input.sku.trim()}.`, { orderId: order.id, sku: input.sku.trim() });
    const existing = await existingReturn(order.id, item.sku);
    if (existing) return existing;
    const check = itemEligibility(order, platformView(order, item), productOf(item), returnFacts(), null);
    if (!check.eligible) throw itemRefused(check.reason, check.explanation, order, item, { windowDays: check.windowDays, lastDay: check.lastDay });
    // The platform may know fewer still returnable than were bought (some already went back).
    const quantity = Math.max(1, Math.min(item.quantity, item.returnableQuantity ?? item.quantity));
    const external = backend.requestReturn ? await backend.requestReturn({ order, sku: item.sku, quantity, reason: input.reason.trim() }) : null;
    const request: ReturnRequest = {
      id: external?.externalId ?? caseId(state.data.info.identifiers.return.prefix, order.id, item.sku),
      orderId: order.id,
      sku: item.sku,
      reason: input.reason.trim(),
      status: 'requested',
      createdAt: new Date(clock.now()).toISOString(),
      ...(input.sourceConversation ? { sourceConversation: input.sourceConversation } : {}),
      ...(external ? { externalId: external.externalId } : {}),
      ...returnInstructions(state.data.policy, item, productOf(item)),
    };
    await store.putRecord(RETURNS_COLLECTION, recordKey(order.id, item.sku), request);
    return request;
  }

  async function orderWarranty(customer: OrderOwner, input: { orderId: string; sku?: string }): Promise<WarrantyStatusDetail> {
    const facts = { terms: state.data.warranty, now: clock.now() };
    const empty = { covered: false, months: null, expiresOn: null, covers: [], excludes: [] };
    const sku = input.sku?.trim() ? input.sku.trim() : null;
    const order = await orderFor(customer, input.orderId);
    if (!order) return { sku, orderId: input.orderId.trim(), productName: null, ...empty, reason: 'order_not_found', explanation: notFound(input.orderId) };
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

  async function openWarrantyClaimNow(customer: OrderOwner, input: { orderId: string; sku: string; issue: string; sourceConversation?: string }): Promise<WarrantyClaim> {
    const order = await orderFor(customer, input.orderId);
    if (!order) throw new CommerceRuleError('order_not_found', notFound(input.orderId), { orderId: input.orderId.trim() });
    const item = itemOf(order, input.sku);
    if (!item) throw new CommerceRuleError('item_not_in_order', `Order ${order.id} does not contain ${input.sku.trim()}.`, { orderId: order.id, sku: input.sku.trim() });
    const existing = await existingClaim(order.id, item.sku);
    if (existing) return existing;
    const status = itemWarranty(order, item, productOf(item), { terms: state.data.warranty, now: clock.now() }, null);
    if (!status.covered) throw itemRefused(status.reason, status.explanation, order, item, { months: status.months, expiresOn: status.expiresOn });
    const claim: WarrantyClaim = {
      id: caseId(state.data.info.identifiers.claim.prefix, order.id, item.sku),
      orderId: order.id,
      sku: item.sku,
      issue: input.issue.trim(),
      status: 'open',
      createdAt: new Date(clock.now()).toISOString(),
      ...(input.sourceConversation ? { sourceConversation: input.sourceConversation } : {}),
      nextSteps: claimNextSteps(state.data.warranty),
    };
    await store.putRecord(WARRANTY_CLAIMS_COLLECTION, recordKey(order.id, item.sku), claim);
    return claim;
  }

  function cancellation(order: Order): CancelEligibility {
    switch (order.status) {
      case 'processing':
        return { orderId: order.id, cancellable: true, reason: 'ok', explanation: `Order ${order.id} has not shipped yet, so it can still be cancelled; the payment is refunded ${state.data.policy.refundMethod}.` };
      case 'cancelled':
        return { orderId: order.id, cancellable: false, reason: 'already_cancelled', explanation: `Order ${order.id} is already cancelled.` };
      case 'shipped':
        return { orderId: order.id, cancellable: false, reason: 'already_shipped', explanation: `Order ${order.id} has already shipped, so it can no longer be cancelled; once it arrives it can be returned under the returns policy.` };
      default:
        return { orderId: order.id, cancellable: false, reason: 'already_delivered', explanation: `Order ${order.id} was already delivered, so it cannot be cancelled; a return may be possible instead.` };
    }
  }

  async function checkCancellation(customer: OrderOwner, orderId: string): Promise<CancelEligibility> {
    const order = await orderFor(customer, orderId);
    if (!order) return { orderId: orderId.trim(), cancellable: false, reason: 'order_not_found', explanation: notFound(orderId) };
    return cancellation(order);
  }

  async function cancelOrderNow(customer: OrderOwner, input: { orderId: string; reason: string; sourceConversation?: string }): Promise<CancelResult> {
    const order = await orderFor(customer, input.orderId);
    if (!order) return { orderId: input.orderId.trim(), cancelled: false, reason: 'order_not_found', explanation: notFound(input.orderId) };
    const check = cancellation(order);
    if (!check.cancellable) return { orderId: order.id, cancelled: false, reason: check.reason, explanation: check.explanation };
    const result = await backend.cancelOrder({ order, reason: input.reason.trim() });
    if (!result.ok) {
      const explanation =
        result.refusal === 'already_cancelled'
          ? `Order ${order.id} is already cancelled.`
          : result.refusal === 'already_shipped'
            ? `Order ${order.id} has just shipped, so it can no longer be cancelled.`
            : `Order ${order.id} cannot be cancelled online; a member of our team can look at it.`;
      return { orderId: order.id, cancelled: false, reason: result.refusal, explanation };
    }
    return { orderId: order.id, cancelled: true, reason: 'ok', explanation: `Order ${order.id} is cancelled; the payment is refunded ${state.data.policy.refundMethod} within ${state.data.policy.refundDays} days.` };
  }

  return {
    backend,
    storeInfo: (): StoreInfo => state.data.info,
    categories: (): string[] => state.data.categories.map((c) => c.id),
    categoryInfo: (): CategoryInfo[] => state.data.categories.map((c) => ({ ...c, words: [...c.words] })),
    products: () => state.data.products,
    languageStems: () => (opts.language ? language.languageStems : undefined),
    searchProducts: async (query: ProductQuery): Promise<ProductHit[]> => state.search.search(query).hits,
    findProducts: async (query: ProductQuery): Promise<ProductSearchResult> => state.search.search(query),
    getProduct: async (sku: string): Promise<Product | null> => findProduct(sku),
    returnPolicy: (): StoreReturnPolicy => state.data.policy,
    warrantyTerms: (): WarrantyTerms => state.data.warranty,
    async productWarranty(sku: string): Promise<WarrantyStatusDetail> {
      const product = findProduct(sku);
      if (!product) {
        return { sku: sku.trim(), orderId: null, productName: null, covered: false, months: null, expiresOn: null, covers: [], excludes: [], reason: 'product_not_found', explanation: `No product with SKU ${sku.trim()} was found.` };
      }
      return productWarranty(product, { terms: state.data.warranty, now: clock.now() });
    },
    async verifyOrderEmail(orderId: string, email: string): Promise<VerifiedCustomer | null> {
      const wanted = normalizeEmail(email);
      if (!wanted.includes('@') || orderId.trim() === '') return null;
      const order = await orderFor({ email: wanted }, orderId);
      if (!order) return null;
      return {
        email: wanted,
        // A back-end's empty id (a guest order) identifies nobody: the e-mail is the owner then.
        ...(order.customerId !== undefined && order.customerId.trim() !== '' ? { customerId: order.customerId } : {}),
        method: 'order_email',
        verifiedAt: clock.now(),
        viaOrder: order.id,
        orders: [order.id],
      };
    },
    getOrder: (customer, orderId) => orderFor(customer, orderId),
    async listOrders(customer, listOpts = {}) {
      const limit = Math.min(Math.max(1, listOpts.limit ?? LIST_LIMIT), MAX_LIST_LIMIT);
      // A guest's orders are the ones they proved, looked up one by one (a back-end's newest N may not hold them).
      const proved = provedOrders(customer);
      if (proved !== undefined) {
        const found = await Promise.all(proved.slice(0, MAX_PROVED_ORDERS).map((id) => orderFor(customer, id)));
        return found.filter((o): o is Order => o !== null).sort((a, b) => Date.parse(b.placedAt) - Date.parse(a.placedAt)).slice(0, limit);
      }
      const orders = await backend.listOrders(customer, { limit });
      return orders.filter((o) => ownsOrder(customer, o)).slice(0, limit);
    },
    checkReturnEligibility,
    startReturn,
    orderWarranty,
    openWarrantyClaim,
    checkCancellation,
    cancelOrder,
    health: (): CommerceHealth => {
      const h = backend.health?.() ?? { state: 'up' as const };
      return { backend: backend.kind, state: h.state, ...(h.detail ? { detail: h.detail } : {}) };
    },
    async reload(): Promise<void> {
      const nextLanguage = await readLanguage();
      const data = await loadStoreData(opts.dir, { packLanguages: nextLanguage.packLanguages });
      language = nextLanguage;
      const reloadable = backend as OrderBackend & { reload?: (products: ReadonlyMap<string, Product>) => Promise<void> };
      await reloadable.reload?.(data.productsBySku);
      folderData = data;
      state = build(withSync(data));
      changed();
    },
    replaceCatalog(snapshot: CatalogSnapshot): void {
      synced = snapshot;
      state = build(withSync(folderData));
      changed();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      await backend.close?.();
    },
  };
}
