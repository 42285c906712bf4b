import type { z } from 'zod';
import type { Order } from '../../core/commerce.js';
import { ownsOrder, type OrderOwner } from '../../core/identity.js';
import type { CallOptions, CatalogCategory, CatalogProduct, CatalogSnapshot, OrderBackend } from '../../core/order-backend.js';
import type { Logger } from '../../core/logger.js';
import { CommerceRuleError } from '../commerce-error.js';
import { canonicalId } from '../identifiers.js';
import { createShopifyGraphql, type ShopifyGraphql } from './shopify-client.js';
import type { ShopifyCredentials } from './shopify-token.js';
import { categoryOf, toCatalogProducts, toOrder } from './shopify-mapping.js';
import {
  ORDER_CANCEL_MUTATION,
  ORDERS_PER_PAGE,
  ORDERS_QUERY,
  PRODUCT_VARIANTS_QUERY,
  PRODUCTS_PER_PAGE,
  PRODUCTS_QUERY,
  RETURN_REQUEST_MUTATION,
  RETURNABLE_QUERY,
  VARIANTS_PER_PAGE,
} from './shopify-queries.js';
import { orderCancelAnswer, ordersAnswer, productsAnswer, productVariantsAnswer, returnableAnswer, returnRequestAnswer, type ReturnableLine } from './shopify-schemas.js';
import { orderSearch, ownerTerm } from './search-query.js';

export interface ShopifyBackendOptions {
  storeDomain: string;
  credentials: ShopifyCredentials;
  apiUrl?: string;
  throttleRetries: number;
  throttleBackoffMs?: number;
  /** Bound on catalog pages per sync (memory and time); default 400 pages (10,000 products). */
  maxCatalogPages?: number;
  logger?: Logger;
}

/** Shopify keeps the customer's note on a return line to 300 characters. */
const NOTE_MAX = 300;
const STAFF_NOTE_MAX = 255;

/**
 * Orders, returns, cancellations and the catalog through Shopify's Admin GraphQL API. An order
 * is found by its name and the customer's e-mail (or customer id) together in the search, and
 * ownership is checked again on the answer; nothing is cached between calls. Returns go in as
 * `returnRequest` (the merchant approves them in Shopify); cancellation is `orderCancel` with a
 * refund to the original payment methods. Warranty claims have no Shopify counterpart: the
 * commerce layer records them.
 */
export function createShopifyBackend(opts: ShopifyBackendOptions, graphql: ShopifyGraphql = createShopifyGraphql(opts)): OrderBackend {
  async function returnable(orderGid: string, signal?: AbortSignal): Promise<ReturnableLine[]> {
    const data = await graphql.request('returnable', RETURNABLE_QUERY, { orderId: orderGid }, returnableAnswer, { signal });
    return data.returnableFulfillments.nodes.flatMap((f) => f.returnableFulfillmentLineItems.nodes);
  }

  async function findOrder(orderId: string, owner: OrderOwner, callOpts: CallOptions = {}): Promise<Order | null> {
    const query = orderSearch(orderId, owner);
    if (!query) return null;
    const data = await graphql.request('orders', ORDERS_QUERY, { query, first: 2 }, ordersAnswer, callOpts);
    const wanted = canonicalId(orderId);
    const found = data.orders.nodes.find((o) => canonicalId(o.name) === wanted);
    if (!found) return null;
    const order = toOrder(found, null);
    if (!ownsOrder(owner, order)) return null;
    // Only a delivered order can be returned; its returnable quantities come from Shopify.
    if (order.status !== 'delivered') return order;
    return toOrder(found, await returnable(found.id, callOpts.signal));
  }

  async function refusalOf(order: Order, signal?: AbortSignal) {
    const now = await findOrder(order.id, { email: order.customerEmail, ...(order.customerId ? { customerId: order.customerId } : {}) }, { signal });
    if (now?.status === 'cancelled') return 'already_cancelled' as const;
    if (now && now.status !== 'processing') return 'already_shipped' as const;
    return 'not_cancellable' as const;
  }

  async function fetchCatalog(signal?: AbortSignal): Promise<CatalogSnapshot> {
    const products: CatalogProduct[] = [];
    const categories = new Map<string, CatalogCategory>();
    const maxPages = opts.maxCatalogPages ?? 400;
    let after: string | null = null;
    for (let page = 0; page < maxPages; page++) {
      const data: z.output<typeof productsAnswer> = await graphql.request('products', PRODUCTS_QUERY, { first: PRODUCTS_PER_PAGE, after }, productsAnswer, { signal });
      for (const p of data.products.nodes) {
        const variants = [...p.variants.nodes];
        let cursor = p.variants.pageInfo.hasNextPage ? p.variants.pageInfo.endCursor : null;
        while (cursor) {
          const more = await graphql.request('productVariants', PRODUCT_VARIANTS_QUERY, { id: p.id, first: VARIANTS_PER_PAGE, after: cursor }, productVariantsAnswer, { signal });
          if (!more.product) break;
          variants.push(...more.product.variants.nodes);
          cursor = more.product.variants.pageInfo.hasNextPage ? more.product.variants.pageInfo.endCursor : null;
        }
        const mapped = toCatalogProducts(p, variants);
        if (mapped.length > 0) {
          const category = categoryOf(p.productType);
          if (!categories.has(category.id)) categories.set(category.id, category);
        }
        products.push(...mapped);
      }
      if (!data.products.pageInfo.hasNextPage || !data.products.pageInfo.endCursor) return { products, categories: [...categories.values()] };
      after = data.products.pageInfo.endCursor;
    }
    opts.logger?.warn({ pages: maxPages, products: products.length }, 'Shopify catalog sync stopped at its page bound; later products are not in the catalog');
    return { products, categories: [...categories.values()] };
  }

  return {
    kind: 'shopify',
    findOrder,
    async listOrders(owner, { limit, signal }) {
      const query = ownerTerm(owner);
      if (!query) return [];
      const orders: Order[] = [];
      let after: string | null = null;
      while (orders.length < limit) {
        const data: z.output<typeof ordersAnswer> = await graphql.request('orders', ORDERS_QUERY, { query, first: Math.min(ORDERS_PER_PAGE, limit - orders.length), after }, ordersAnswer, { signal });
        orders.push(...data.orders.nodes.map((o) => toOrder(o, null)).filter((o) => ownsOrder(owner, o)));
        if (!data.orders.pageInfo.hasNextPage || !data.orders.pageInfo.endCursor) break;
        after = data.orders.pageInfo.endCursor;
      }
      return orders.slice(0, limit);
    },
    async requestReturn({ order, sku, quantity, reason, signal }) {
      if (!order.platformId) throw new CommerceRuleError('order_not_found', `Order ${order.id} could not be found in the store's system.`);
      const lines = (await returnable(order.platformId, signal)).filter((l) => (l.fulfillmentLineItem.lineItem.sku ?? '').trim() === sku);
      // Spread the quantity over the shipments that still hold returnable units of this SKU.
      const returnLineItems: Array<Record<string, unknown>> = [];
      let left = quantity;
      for (const line of lines) {
        if (left <= 0) break;
        const take = Math.min(left, line.quantity);
        if (take <= 0) continue;
        returnLineItems.push({ fulfillmentLineItemId: line.fulfillmentLineItem.id, quantity: take, returnReason: 'OTHER', customerNote: reason.slice(0, NOTE_MAX) });
        left -= take;
      }
      if (returnLineItems.length === 0) throw new CommerceRuleError('already_returned', `Nothing of ${sku} from order ${order.id} is left to return.`);
      const data = await graphql.request('returnRequest', RETURN_REQUEST_MUTATION, { input: { orderId: order.platformId, returnLineItems } }, returnRequestAnswer, { signal });
      const payload = data.returnRequest;
      if (!payload?.return || payload.userErrors.length > 0) {
        opts.logger?.warn({ order: order.id, sku, errors: payload?.userErrors }, 'Shopify refused a return request');
        throw new CommerceRuleError('platform_refused', `The store's system did not accept a return of this item from order ${order.id}; a member of our team can look at it.`);
      }
      return { externalId: payload.return.name || payload.return.id };
    },
    async cancelOrder({ order, reason, signal }) {
      if (!order.platformId) return { ok: false, refusal: 'not_cancellable', detail: 'no Shopify id' };
      const data = await graphql.request(
        'orderCancel',
        ORDER_CANCEL_MUTATION,
        {
          orderId: order.platformId,
          reason: 'CUSTOMER',
          refundMethod: { originalPaymentMethodsRefund: true },
          restock: true,
          notifyCustomer: true,
          staffNote: `Cancelled by the customer in chat: ${reason}`.slice(0, STAFF_NOTE_MAX),
        },
        orderCancelAnswer,
        { signal },
      );
      const errors = data.orderCancel?.orderCancelUserErrors ?? [];
      if (data.orderCancel?.job && errors.length === 0) return { ok: true };
      // Shopify's messages are prose; why it refused is read from the order itself.
      return { ok: false, refusal: await refusalOf(order, signal), detail: errors.map((e) => e.code ?? e.message).join(', ') };
    },
    fetchCatalog,
  };
}
