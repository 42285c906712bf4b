import type { Order, Product, WarrantyTerms } from '../../core/commerce.js';
import { CommerceUnavailableError } from '../../core/errors.js';
import { normalizeEmail, ownsOrder, type OrderOwner } from '../../core/identity.js';
import type { CancelRefusal, CatalogCategory, CatalogSnapshot, OrderBackend } from '../../core/order-backend.js';
import { createAdminClient, type AdminClient } from './admin-client.js';
import * as doc from './documents.js';
import { categoriesOf, mapVariant, type CatalogContext } from './map-catalog.js';
import { mapOrder, orderStatus, toAmount } from './map-order.js';
import * as S from './schemas.js';
import { checkVendureOptions, type VendureOptions } from './vendure-options.js';

export interface VendureBackendDeps {
  options: VendureOptions;
  /** The store folder's data the platform lacks: warranty lengths and category words (StoreData fits). */
  storeData: { productsBySku: ReadonlyMap<string, Product>; warranty: WarrantyTerms; categories: readonly CatalogCategory[] };
  fetch?: typeof fetch;
}

/** Past this many variants a catalog sync stops paging (a bound, not a store size anyone has reached). */
const MAX_CATALOG_VARIANTS = 100_000;
const MAX_LIST = 50;
const MAX_NOTE_TEXT = 500;
/** Vendure states from which a customer's cancellation is the same as the merchant's "cancel before shipping". */
const CANCELLABLE_STATES = new Set(['PaymentAuthorized', 'PaymentSettled']);

/** The order codes to look up for what the customer typed: as typed and upper-case (Vendure's codes are), without "#". */
export function orderCodeCandidates(typed: string): string[] {
  const t = typed.trim().replace(/^#\s*/, '');
  if (!/^[\p{L}\p{N}_\-./]{1,64}$/u.test(t)) return [];
  return [...new Set([t, t.toUpperCase()])];
}

/**
 * Orders from a Vendure store through its Admin GraphQL API (COMMERCE=vendure).
 * - Orders by code, checked against the verified customer on the result (another customer's
 *   order answers null, like a missing one); a customer's orders through their Customer record,
 *   found by e-mail (Vendure stores e-mails lower-cased) or by the Vendure customer id the
 *   identity token carries.
 * - Status from the order state, each shipment from its fulfilment (carrier = method, tracking
 *   number = trackingCode, link = the custom field VENDURE_TRACKING_URL_FIELD names).
 * - Cancelling uses Vendure's cancelOrder, then gives the money back as Vendure leaves it to the
 *   caller: an authorized payment is voided (cancelPayment), a settled one refunded (refundOrder).
 * - Returns: Vendure has no return request, so the commerce layer records the return (panel,
 *   audit trail) and this adds a private note to the order, where the merchant refunds it once
 *   the parcel is back; the note's id is the return's external id.
 * - The catalog from productVariants, page by page.
 */
export function createVendureBackend(deps: VendureBackendDeps): OrderBackend {
  const options = checkVendureOptions(deps.options);
  const client: AdminClient = createAdminClient(options, deps.fetch);
  const fields = doc.orderFields(options.trackingUrlField);
  let precision: Promise<number> | null = null;

  /** Vendure's money precision, asked once (it is server configuration). */
  function moneyPrecision(signal?: AbortSignal): Promise<number> {
    if (!precision) {
      const p = client.request('money precision', doc.moneyPrecision, {}, S.precisionResult, signal).then((r) => r.globalSettings.serverConfig.moneyStrategyPrecision);
      precision = p;
      p.catch(() => {
        if (precision === p) precision = null;
      });
    }
    return precision;
  }

  async function rawByCode(code: string): Promise<S.VendureOrder[]> {
    const codes = orderCodeCandidates(code);
    if (!codes.length) return [];
    const r = await client.request('order by code', doc.ordersByCode(fields), { codes }, S.ordersByCodeResult);
    return r.orders.items;
  }

  async function mapped(raw: S.VendureOrder[]): Promise<Order[]> {
    const ctx = { precision: await moneyPrecision(), ...(options.trackingUrlField ? { trackingUrlField: options.trackingUrlField } : {}) };
    return raw.map((v) => mapOrder(v, ctx)).filter((o): o is Order => o !== null);
  }

  /** The raw order behind a Switchboard order (by its code), for writes that need Vendure's ids. */
  async function rawFor(order: Order): Promise<S.VendureOrder | null> {
    const raw = await rawByCode(order.id);
    return raw.find((v) => v.code === order.id) ?? null;
  }

  async function note(orderId: string, text: string): Promise<string | null> {
    const r = await client.request('add note', doc.addNoteToOrder, { input: { id: orderId, note: text, isPublic: false } }, S.noteResult);
    return r.addNoteToOrder.history.items[0]?.id ?? null;
  }

  /** Gives the money of a just-cancelled order back; returns what could not be done, for a note to the merchant. */
  async function releasePayments(v: S.VendureOrder, reason: string, p: number): Promise<string[]> {
    const problems: string[] = [];
    for (const pay of v.payments ?? []) {
      try {
        if (pay.state === 'Authorized') {
          const r = await client.request('void payment', doc.cancelPayment, { id: pay.id }, S.cancelPaymentResult);
          if (r.cancelPayment.__typename !== 'Payment') problems.push(`voiding payment ${pay.id} failed: ${'message' in r.cancelPayment ? r.cancelPayment.message : ''}`);
        } else if (pay.state === 'Settled') {
          const refunded = pay.refunds.filter((r) => r.state !== 'Failed').reduce((sum, r) => sum + r.total, 0);
          const amount = pay.amount - refunded;
          if (amount <= 0) continue;
          // shipping and adjustment are deprecated, but Vendure 3 still stores them in NOT NULL columns.
          const input = { paymentId: pay.id, amount, shipping: 0, adjustment: 0, reason };
          const r = await client.request('refund', doc.refundOrder, { input }, S.refundResult);
          if (r.refundOrder.__typename !== 'Refund') problems.push(`refunding ${toAmount(amount, p)} ${v.currencyCode} of payment ${pay.id} failed: ${'message' in r.refundOrder ? r.refundOrder.message : ''}`);
        }
      } catch (err) {
        if (!(err instanceof CommerceUnavailableError)) throw err;
        problems.push(`payment ${pay.id}: ${err.message}`);
      }
    }
    return problems;
  }

  function refusalFor(v: S.VendureOrder | null): { refusal: CancelRefusal; detail?: string } | null {
    if (!v) return { refusal: 'not_cancellable', detail: 'the order is no longer in Vendure' };
    if (v.state === 'Cancelled') return { refusal: 'already_cancelled' };
    const status = orderStatus(v.state);
    if (status === 'shipped' || status === 'delivered') return { refusal: 'already_shipped' };
    if ((v.fulfillments ?? []).some((f) => f.state !== 'Cancelled')) return { refusal: 'not_cancellable', detail: 'a shipment is already being prepared' };
    if (!CANCELLABLE_STATES.has(v.state)) return { refusal: 'not_cancellable', detail: `order state ${v.state}` };
    return null;
  }

  return {
    kind: 'vendure',

    async findOrder(orderId: string, owner: OrderOwner): Promise<Order | null> {
      const orders = await mapped(await rawByCode(orderId));
      return orders.find((o) => ownsOrder(owner, o)) ?? null;
    },

    async listOrders(owner: OrderOwner, { limit }): Promise<Order[]> {
      const take = Math.min(Math.max(1, limit), MAX_LIST);
      const raw: S.VendureOrder[] = [];
      const email = normalizeEmail(owner.email);
      if (email.includes('@')) {
        const r = await client.request('orders by e-mail', doc.ordersByCustomerEmail(fields), { email, take }, S.ordersByEmailResult);
        for (const c of r.customers.items) raw.push(...c.orders.items);
      }
      if (owner.customerId) {
        const r = await client.request('orders by customer', doc.ordersByCustomerId(fields), { id: owner.customerId, take }, S.ordersByCustomerResult);
        raw.push(...(r.customer?.orders.items ?? []));
      }
      const byCode = new Map<string, Order>();
      for (const o of await mapped(raw)) if (ownsOrder(owner, o)) byCode.set(o.id, o);
      return [...byCode.values()].sort((a, b) => Date.parse(b.placedAt) - Date.parse(a.placedAt)).slice(0, take);
    },

    async cancelOrder({ order, reason }) {
      const before = await rawFor(order);
      const refused = refusalFor(before);
      if (refused) return { ok: false, ...refused };
      const v = before!;
      const r = await client.request('cancel', doc.cancelOrder, { input: { orderId: v.id, reason: reason.slice(0, MAX_NOTE_TEXT), cancelShipping: true } }, S.cancelResult);
      if (r.cancelOrder.__typename !== 'Order') {
        // Vendure said no: tell why from the order as it is now (it may have just shipped).
        const now = refusalFor(await rawFor(order));
        return { ok: false, ...(now ?? { refusal: 'not_cancellable' as const }), detail: 'message' in r.cancelOrder ? r.cancelOrder.message : r.cancelOrder.__typename };
      }
      const p = await moneyPrecision();
      const problems = await releasePayments(v, reason.slice(0, MAX_NOTE_TEXT), p);
      if (problems.length) {
        // The order is cancelled either way; the merchant finds what is left to do on the order.
        await note(v.id, `Cancelled at the customer's request through Switchboard, but the payment was not given back: ${problems.join('; ')}. Please refund it by hand.`).catch(() => null);
      }
      return { ok: true };
    },

    async requestReturn({ order, sku, quantity, reason }) {
      const v = await rawFor(order);
      if (!v) throw new CommerceUnavailableError('vendure', 'client', `Vendure order ${order.id} was not found when recording its return`);
      const item = order.items.find((i) => i.sku === sku);
      const text =
        `Return requested by the customer through Switchboard: ${quantity} × ${item?.name ?? sku} (${sku}). ` +
        `Reason: ${reason.slice(0, MAX_NOTE_TEXT)}. Refund it from this order once the item is back.`;
      const id = await note(v.id, text);
      if (!id) throw new CommerceUnavailableError('vendure', 'server', `Vendure did not return the note recorded on order ${order.id}`);
      return { externalId: id };
    },

    async fetchCatalog(signal?: AbortSignal): Promise<CatalogSnapshot> {
      const p = await moneyPrecision(signal);
      const variants: S.VendureVariant[] = [];
      for (let skip = 0; skip < MAX_CATALOG_VARIANTS; ) {
        const r = await client.request('catalog page', doc.productVariantsPage, { skip, take: options.catalogPageSize }, S.variantsPageResult, signal);
        const page = r.productVariants;
        variants.push(...page.items);
        skip += page.items.length;
        if (page.items.length === 0 || skip >= page.totalItems) break;
      }
      const ctx: CatalogContext = {
        precision: p,
        categoryFacet: options.categoryFacet,
        knownProducts: deps.storeData.productsBySku,
        warranty: deps.storeData.warranty,
        knownCategories: deps.storeData.categories,
      };
      const bySku = new Map<string, Product>();
      for (const v of variants) {
        const product = mapVariant(v, ctx);
        if (product && !bySku.has(product.sku)) bySku.set(product.sku, product);
      }
      const products = [...bySku.values()];
      return { products, categories: categoriesOf(variants, products, ctx) };
    },
  };
}
