import type { Clock } from '../core/clock.js';
import type { Order, Product } from '../core/commerce.js';
import { ownsOrder, type OrderOwner } from '../core/identity.js';
import type { OrderBackend } from '../core/order-backend.js';
import type { Store } from '../core/store.js';
import { canonicalId, idKey } from './identifiers.js';
import { loadOrdersFile } from './load-store-data.js';

/** Cancellations the demo back-end made, keyed by order id (the orders file itself is read-only). */
export const DEMO_CANCELLATIONS = 'demo_cancellations';

export interface DemoCustomer {
  id: string;
  name: string;
  email: string;
}

export interface DemoBackend extends OrderBackend {
  /** The invented customers of orders.yaml (the demo page signs in as one of them, in development only). */
  customers(): DemoCustomer[];
  /** Re-reads orders.yaml against the current catalog; on a validation error it throws and keeps the last good orders. */
  reload(productsBySku: ReadonlyMap<string, Product>): Promise<void>;
}

/**
 * The demo store's orders: the store folder's orders.yaml (invented customers, relative dates),
 * with cancellations recorded in the Store. Returns are recorded by the commerce layer, as for
 * any platform without returns of its own.
 */
export async function createDemoBackend(opts: {
  dir: string;
  productsBySku: ReadonlyMap<string, Product>;
  store: Pick<Store, 'putRecord' | 'getRecord'>;
  clock: Clock;
}): Promise<DemoBackend> {
  let orders = await loadOrdersFile(opts.dir, opts.productsBySku, opts.clock.now());
  // Keyed loosely, so "cw-48213" finds CW48213 as "nb204518" finds NB-204518, whatever the store's own form.
  let byId = new Map(orders.map((o) => [idKey(o.id), o]));

  async function withCancellation(order: Order): Promise<Order> {
    const cancelled = await opts.store.getRecord<{ at: string }>(DEMO_CANCELLATIONS, order.id);
    return cancelled ? { ...order, status: 'cancelled' } : order;
  }

  function lookup(orderId: string, owner: OrderOwner): Order | null {
    const id = canonicalId(orderId);
    const exact = byId.get(idKey(id));
    if (exact) return exact;
    // "10012" alone: the number part, among this customer's own orders.
    if (/^\d+$/.test(id)) return orders.find((o) => ownsOrder(owner, o) && o.id.replace(/\D/g, '') === id) ?? null;
    return null;
  }

  return {
    kind: 'demo',
    customers() {
      const seen = new Map<string, DemoCustomer>();
      for (const o of orders) if (!seen.has(o.customerEmail)) seen.set(o.customerEmail, { id: o.customerId ?? o.customerEmail, name: o.customerName, email: o.customerEmail });
      return [...seen.values()];
    },
    async findOrder(orderId: string, owner: OrderOwner): Promise<Order | null> {
      const order = lookup(orderId, owner);
      if (!order || !ownsOrder(owner, order)) return null;
      return withCancellation(order);
    },
    async listOrders(owner: OrderOwner, { limit }): Promise<Order[]> {
      const mine = orders.filter((o) => ownsOrder(owner, o)).sort((a, b) => Date.parse(b.placedAt) - Date.parse(a.placedAt));
      return Promise.all(mine.slice(0, limit).map(withCancellation));
    },
    async cancelOrder({ order }) {
      const current = await withCancellation(order);
      if (current.status === 'cancelled') return { ok: false, refusal: 'already_cancelled' };
      if (current.status !== 'processing') return { ok: false, refusal: 'already_shipped' };
      await opts.store.putRecord(DEMO_CANCELLATIONS, order.id, { at: new Date(opts.clock.now()).toISOString() });
      return { ok: true };
    },
    async reload(productsBySku) {
      const next = await loadOrdersFile(opts.dir, productsBySku, opts.clock.now());
      orders = next;
      byId = new Map(next.map((o) => [idKey(o.id), o]));
    },
  };
}
