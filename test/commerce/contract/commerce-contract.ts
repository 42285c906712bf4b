import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoreCommerce, type StoreCommerce } from '../../../src/commerce/store-commerce.js';
import type { Clock } from '../../../src/core/clock.js';
import type { OrderBackend } from '../../../src/core/order-backend.js';
import { MemoryStore } from '../../../src/store/memory-store.js';
import { DAYS_AFTER_DELIVERY, seedCustomer, SEED_ORDERS, SEED_PRODUCTS } from './seed.js';

/** The store folder every back-end shares (catalog and policies match seed.ts). */
export const CONTRACT_STORE_DIR = path.resolve(import.meta.dirname, '../../fixtures/contract-store');

export interface ContractBackend {
  backend: OrderBackend;
  /** How the back-end names a seed order ("1001" may be "#1001" in Shopify); customers type either. */
  orderRef(number: string): string;
  close(): Promise<void>;
}

const DAY = 86_400_000;

/**
 * The Commerce contract: the same cases, on the same seeded data (seed.ts), against every order
 * back-end (demo files, Shopify through its Admin API, a real Vendure server, the HTTP bridge).
 * The commerce layer and its rules are the same for all; what differs, and what this checks,
 * is that each back-end finds, filters and writes orders the same way.
 */
export function commerceContract(name: string, setup: () => Promise<ContractBackend>): void {
  describe(`Commerce contract: ${name}`, () => {
    let target: ContractBackend;
    const stores: MemoryStore[] = [];
    const alice = seedCustomer('alice');
    const bob = seedCustomer('bob');
    const asAlice = { email: alice.email, customerId: undefined as string | undefined };

    beforeAll(async () => {
      target = await setup();
    }, 180_000);
    afterAll(async () => {
      await target?.close();
    });

    /** A commerce layer over the back-end with its own clock and record store. */
    async function commerceAt(clock: Clock): Promise<StoreCommerce> {
      const store = new MemoryStore({ historyTtlSeconds: 3600, maxMessages: 50, clock });
      stores.push(store);
      return createStoreCommerce({ dir: CONTRACT_STORE_DIR, store, clock, backend: async () => target.backend });
    }
    const now = (): Clock => ({ now: () => Date.now() });
    /** A clock `days` after the order's delivery as the back-end reports it. */
    async function afterDelivery(number: string, days: number): Promise<StoreCommerce> {
      const c = await commerceAt(now());
      const order = await c.getOrder(asAlice, target.orderRef(number));
      expect(order?.deliveredAt, `order ${number} has a delivery date`).toBeTruthy();
      const at = Date.parse(order!.deliveredAt!) + days * DAY;
      return commerceAt({ now: () => at });
    }
    const ref = (n: string) => target.orderRef(n);

    it("finds the customer's own order by its number, with items, prices and status", async () => {
      const c = await commerceAt(now());
      const order = await c.getOrder(asAlice, ref('1003'));
      expect(order).not.toBeNull();
      expect(order!.status).toBe('delivered');
      expect(order!.items.map((i) => i.sku).sort()).toEqual(['TST-1002', 'TST-2001']);
      const blender = order!.items.find((i) => i.sku === 'TST-1002')!;
      expect(blender.unitPrice).toBeCloseTo(SEED_PRODUCTS.find((p) => p.sku === 'TST-1002')!.price, 2);
      expect(order!.total).toBeCloseTo(35 + 89, 2);
    });

    it('reads the order number loosely (with or without "#") and the e-mail case-insensitively', async () => {
      const c = await commerceAt(now());
      for (const typed of ['1003', '#1003', ` ${ref('1003')} `]) {
        expect((await c.getOrder({ email: `  ${alice.email.toUpperCase()} ` }, typed))?.items.length, typed).toBe(2);
      }
    });

    it("answers another customer's order exactly like a missing one", async () => {
      const c = await commerceAt(now());
      expect(await c.getOrder(asAlice, ref('1006'))).toBeNull();
      expect(await c.getOrder(asAlice, ref('9999'))).toBeNull();
      const theirs = await c.checkReturnEligibility(asAlice, ref('1006'));
      const missing = await c.checkReturnEligibility(asAlice, ref('9999'));
      expect(theirs.reason).toBe('order_not_found');
      expect(missing.reason).toBe('order_not_found');
      expect(theirs.explanation.replace(ref('1006').trim(), 'X')).toBe(missing.explanation.replace(ref('9999').trim(), 'X'));
      // Bob sees his own.
      expect((await c.getOrder({ email: bob.email }, ref('1006')))?.items[0]?.sku).toBe('TST-3001');
    });

    it('verifies a guest by order number and the e-mail on the order, and nothing else', async () => {
      const c = await commerceAt(now());
      expect(await c.verifyOrderEmail(ref('1003'), ` ${alice.email.toUpperCase()}`)).toMatchObject({ email: alice.email, method: 'order_email' });
      expect(await c.verifyOrderEmail(ref('1003'), bob.email)).toBeNull();
      expect(await c.verifyOrderEmail(ref('1006'), alice.email)).toBeNull();
      expect(await c.verifyOrderEmail(ref('9999'), alice.email)).toBeNull();
      expect(await c.verifyOrderEmail(ref('1003'), 'not an email')).toBeNull();
    });

    it("lists only the customer's own orders, newest first", async () => {
      const c = await commerceAt(now());
      const mine = await c.listOrders(asAlice, { limit: 10 });
      expect(mine.length).toBe(SEED_ORDERS.filter((o) => o.customer === 'alice').length);
      expect(mine.every((o) => o.customerEmail.toLowerCase() === alice.email)).toBe(true);
      for (let i = 1; i < mine.length; i++) expect(Date.parse(mine[i - 1]!.placedAt)).toBeGreaterThanOrEqual(Date.parse(mine[i]!.placedAt));
      expect((await c.listOrders({ email: bob.email })).length).toBe(1);
    });

    it('reports each state: processing, shipped with carrier and tracking, delivered, cancelled', async () => {
      const c = await commerceAt(now());
      expect((await c.getOrder(asAlice, ref('1001')))?.status).toBe('processing');
      const shipped = await c.getOrder(asAlice, ref('1002'));
      expect(shipped?.status).toBe('shipped');
      expect(shipped?.fulfillments[0]).toMatchObject({ carrier: 'UPS', trackingNumber: '1Z999AA10123456784' });
      expect(shipped?.fulfillments[0]?.trackingUrl).toMatch(/^https:\/\//);
      expect((await c.getOrder(asAlice, ref('1003')))?.status).toBe('delivered');
      expect((await c.getOrder(asAlice, ref('1005')))?.status).toBe('cancelled');
    });

    it('return eligibility: inside the window, closed window, never-returnable, not delivered, cancelled', async () => {
      const inside = await afterDelivery('1003', DAYS_AFTER_DELIVERY.returnable);
      expect(await inside.checkReturnEligibility(asAlice, ref('1003'), 'TST-1002')).toMatchObject({ eligible: true, reason: 'ok', windowDays: 30 });
      const closed = await afterDelivery('1003', DAYS_AFTER_DELIVERY.windowClosed);
      expect(await closed.checkReturnEligibility(asAlice, ref('1003'), 'TST-1002')).toMatchObject({ eligible: false, reason: 'window_expired' });
      const gift = await afterDelivery('1004', DAYS_AFTER_DELIVERY.returnable);
      expect(await gift.checkReturnEligibility(asAlice, ref('1004'))).toMatchObject({ eligible: false, reason: 'non_returnable' });
      const c = await commerceAt(now());
      expect(await c.checkReturnEligibility(asAlice, ref('1001'))).toMatchObject({ eligible: false, reason: 'not_delivered' });
      expect(await c.checkReturnEligibility(asAlice, ref('1005'))).toMatchObject({ eligible: false, reason: 'cancelled' });
    });

    it('starts a return once, as the owner only, and a second request gives the same return back', async () => {
      const c = await afterDelivery('1003', DAYS_AFTER_DELIVERY.returnable);
      await expect(c.startReturn({ email: bob.email }, { orderId: ref('1003'), sku: 'TST-1002', reason: 'too loud' })).rejects.toMatchObject({ code: 'order_not_found' });
      const first = await c.startReturn(asAlice, { orderId: ref('1003'), sku: 'TST-1002', reason: 'too loud', sourceConversation: 'c-contract' });
      expect(first).toMatchObject({ sku: 'TST-1002', status: 'requested', sourceConversation: 'c-contract' });
      const again = await c.startReturn(asAlice, { orderId: ref('1003'), sku: 'TST-1002', reason: 'still too loud' });
      expect(again.id).toBe(first.id);
      expect(await c.checkReturnEligibility(asAlice, ref('1003'), 'TST-1002')).toMatchObject({ eligible: false, reason: 'already_requested' });
    });

    it('warranty: running, expired, none; only the owner may open a claim', async () => {
      const running = await afterDelivery('1003', DAYS_AFTER_DELIVERY.windowClosed);
      expect(await running.orderWarranty(asAlice, { orderId: ref('1003'), sku: 'TST-1002' })).toMatchObject({ covered: true, reason: 'ok', months: 12 });
      expect(await running.orderWarranty(asAlice, { orderId: ref('1003'), sku: 'TST-2001' })).toMatchObject({ covered: false, reason: 'no_warranty' });
      const over = await afterDelivery('1003', DAYS_AFTER_DELIVERY.blenderWarrantyOver);
      expect(await over.orderWarranty(asAlice, { orderId: ref('1003'), sku: 'TST-1002' })).toMatchObject({ covered: false, reason: 'expired' });
      await expect(running.openWarrantyClaim({ email: bob.email }, { orderId: ref('1003'), sku: 'TST-1002', issue: 'stopped working' })).rejects.toMatchObject({ code: 'order_not_found' });
      const claim = await running.openWarrantyClaim(asAlice, { orderId: ref('1003'), sku: 'TST-1002', issue: 'stopped working' });
      expect(claim).toMatchObject({ sku: 'TST-1002', status: 'open' });
    });

    it('cancels an unshipped order once; refuses shipped, delivered and cancelled ones and strangers', async () => {
      const c = await commerceAt(now());
      expect(await c.checkCancellation(asAlice, ref('1002'))).toMatchObject({ cancellable: false, reason: 'already_shipped' });
      expect(await c.cancelOrder(asAlice, { orderId: ref('1003'), reason: 'x' })).toMatchObject({ cancelled: false, reason: 'already_delivered' });
      expect(await c.cancelOrder(asAlice, { orderId: ref('1005'), reason: 'x' })).toMatchObject({ cancelled: false, reason: 'already_cancelled' });
      expect(await c.cancelOrder({ email: bob.email }, { orderId: ref('1001'), reason: 'x' })).toMatchObject({ cancelled: false, reason: 'order_not_found' });
      expect(await c.checkCancellation(asAlice, ref('1001'))).toMatchObject({ cancellable: true });
      expect(await c.cancelOrder(asAlice, { orderId: ref('1001'), reason: 'changed my mind' })).toMatchObject({ cancelled: true, reason: 'ok' });
      expect((await c.getOrder(asAlice, ref('1001')))?.status).toBe('cancelled');
      expect(await c.cancelOrder(asAlice, { orderId: ref('1001'), reason: 'again' })).toMatchObject({ cancelled: false, reason: 'already_cancelled' });
    });
  });
}
