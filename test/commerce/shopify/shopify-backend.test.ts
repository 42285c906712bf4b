import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createShopifyBackend } from '../../../src/commerce/shopify/shopify-backend.js';
import { createCostBucket } from '../../../src/commerce/shopify/cost-bucket.js';
import { orderStatus, toOrder } from '../../../src/commerce/shopify/shopify-mapping.js';
import type { ShopifyOrder } from '../../../src/commerce/shopify/shopify-schemas.js';
import { orderSearch, quoted } from '../../../src/commerce/shopify/search-query.js';
import { CommerceUnavailableError } from '../../../src/core/errors.js';
import type { OrderBackend } from '../../../src/core/order-backend.js';
import { FAKE_CLIENT, startFakeShopify, type FakeShopify } from '../../fakes/fake-shopify-admin.js';
import { seedCustomer } from '../contract/seed.js';

const alice = { email: seedCustomer('alice').email };

describe('Shopify back-end against the fake Admin API', () => {
  let shop: FakeShopify;
  let backend: OrderBackend;
  const make = (extra: { throttleRetries?: number } = {}) =>
    createShopifyBackend({ storeDomain: shop.domain, credentials: { accessToken: shop.token }, apiUrl: shop.url, throttleRetries: extra.throttleRetries ?? 3, throttleBackoffMs: 5 });
  beforeEach(async () => {
    shop = await startFakeShopify({ extraProducts: 60 });
    backend = make();
  });
  afterEach(() => shop.stop());

  it('finds an order by name and e-mail together in one search, and maps tracking and status', async () => {
    const order = await backend.findOrder('1002', alice);
    expect(order).toMatchObject({ id: '#1002', status: 'shipped', expectedDelivery: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(order!.fulfillments[0]).toMatchObject({ status: 'in_transit', carrier: 'UPS', trackingNumber: '1Z999AA10123456784', trackingUrl: expect.stringMatching(/^https:\/\//) });
    const search = shop.requests.find((r) => r.operationName === 'SwitchboardOrders')!;
    expect(search.variables.query).toBe(`email:"${alice.email}" AND (name:"#1002" OR name:"1002")`);
    expect(order!.platformId).toMatch(/^gid:\/\/shopify\/Order\//);
  });

  it("answers another customer's order, and an order typed with search syntax, like a missing one", async () => {
    expect(await backend.findOrder('#1006', alice)).toBeNull();
    const before = shop.requests.length;
    for (const typed of ['1006" OR email:"bob.okafor@example.com', '1003) OR (name:*', '*', '']) expect(await backend.findOrder(typed, alice), typed).toBeNull();
    // Nothing a customer types leaves its quotes: shapes that are not an order name are never sent.
    expect(shop.requests.length).toBe(before);
    expect(quoted('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(orderSearch('1001', { email: 'x"y@example.com' })).toBe('email:"x\\"y@example.com" AND (name:"#1001" OR name:"1001")');
    // An address with spaces cannot be the order's: no search is built from it.
    expect(orderSearch('1001', { email: 'x" OR name:"#1006@example.com' })).toBeNull();
  });

  it('reads returnable quantities from returnableFulfillments for delivered orders only', async () => {
    const delivered = await backend.findOrder('#1003', alice);
    expect(delivered?.items.map((i) => [i.sku, i.returnableQuantity])).toEqual([
      ['TST-1002', 1],
      ['TST-2001', 1],
    ]);
    expect((await backend.findOrder('#1002', alice))?.items[0]?.returnableQuantity).toBeUndefined();
    expect(shop.requests.filter((r) => r.operationName === 'SwitchboardReturnable')).toHaveLength(1);
  });

  it('sends returnRequest with the fulfillment line item, quantity, reason and the customer note (cut to 300)', async () => {
    const order = (await backend.findOrder('#1003', alice))!;
    const created = await backend.requestReturn!({ order, sku: 'TST-2001', quantity: 1, reason: `itchy ${'x'.repeat(400)}` });
    expect(created?.externalId).toBe('#1003-R1');
    const sent = shop.requests.find((r) => r.operationName === 'SwitchboardReturnRequest')!.variables as { input: { orderId: string; returnLineItems: Array<Record<string, unknown>> } };
    expect(sent.input.orderId).toBe(order.platformId);
    expect(sent.input.returnLineItems).toEqual([
      { fulfillmentLineItemId: expect.stringMatching(/^gid:\/\/shopify\/FulfillmentLineItem\//), quantity: 1, returnReason: 'OTHER', customerNote: expect.stringMatching(/^itchy x+$/) },
    ]);
    expect((sent.input.returnLineItems[0]!.customerNote as string).length).toBe(300);
    // Shopify now has nothing left of it to return.
    expect((await backend.findOrder('#1003', alice))?.items.find((i) => i.sku === 'TST-2001')?.returnableQuantity).toBe(0);
    await expect(backend.requestReturn!({ order, sku: 'TST-2001', quantity: 1, reason: 'again' })).rejects.toMatchObject({ code: 'already_returned' });
  });

  it('cancels with orderCancel (refund to the original payment, restock), and reads a refusal from the order', async () => {
    const order = (await backend.findOrder('#1001', alice))!;
    expect(await backend.cancelOrder({ order, reason: 'changed my mind' })).toEqual({ ok: true });
    const sent = shop.requests.find((r) => r.operationName === 'SwitchboardOrderCancel')!.variables;
    expect(sent).toMatchObject({ orderId: order.platformId, reason: 'CUSTOMER', refundMethod: { originalPaymentMethodsRefund: true }, restock: true, notifyCustomer: true });
    expect(await backend.cancelOrder({ order, reason: 'again' })).toMatchObject({ ok: false, refusal: 'already_cancelled' });
    const shipped = (await backend.findOrder('#1002', alice))!;
    expect(await backend.cancelOrder({ order: shipped, reason: 'x' })).toMatchObject({ ok: false, refusal: 'already_shipped' });
  });

  it('syncs the catalog page by page (title, type, vendor, tags, SKU, price, stock)', async () => {
    const snapshot = await backend.fetchCatalog!();
    expect(snapshot.products).toHaveLength(65);
    const pages = shop.requests.filter((r) => r.operationName === 'SwitchboardProducts');
    expect(pages.map((p) => p.variables.after ?? null).filter((a) => a === null)).toHaveLength(1);
    expect(pages).toHaveLength(3); // 25 + 25 + 15
    expect(new Set(snapshot.products.map((p) => p.sku)).size).toBe(65);
    expect(snapshot.products.find((p) => p.sku === 'TST-9001')).toMatchObject({ name: 'Gift Card 50', category: 'gift_cards', price: 50, inStock: true, attributes: { vendor: 'Gift' } });
    expect(snapshot.categories.map((c) => c.id).sort()).toEqual(['gift_cards', 'home', 'kitchen', 'outdoor']);
    expect(pages.every((p) => p.cost <= 1000)).toBe(true);
  });

  it('reads the rest of a product’s variants when they do not fit on the products page', async () => {
    const product = shop.data.products[0]!;
    for (let i = 0; i < 14; i++) product.variants.push({ id: shop.data.nextId('ProductVariant'), sku: `TST-1001-${i}`, title: `Size ${i}`, price: '49.50', inventoryQuantity: i, options: [{ name: 'Size', value: String(i) }] });
    const snapshot = await backend.fetchCatalog!();
    expect(snapshot.products.filter((p) => p.sku.startsWith('TST-1001')).length).toBe(15);
    expect(snapshot.products.find((p) => p.sku === 'TST-1001-0')).toMatchObject({ name: 'Larkspur Trail Kettle - Size 0', inStock: false, attributes: { size: '0' } });
    expect(shop.requests.filter((r) => r.operationName === 'SwitchboardProductVariants')).toHaveLength(1);
  });

  it('THROTTLED is retried after the bucket refills, then succeeds', async () => {
    shop.fault({ kind: 'throttle' }, 2);
    expect((await backend.findOrder('#1005', alice))?.status).toBe('cancelled');
    expect(shop.requests.map((r) => r.outcome)).toEqual(['throttled', 'throttled', 'ok']);
  });

  it('THROTTLED past the retries is a throttled CommerceUnavailableError', async () => {
    shop.fault({ kind: 'throttle' });
    const err = await backend.findOrder('#1005', alice).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommerceUnavailableError);
    expect(err).toMatchObject({ kind: 'throttled', backend: 'shopify' });
    expect(shop.requests).toHaveLength(4);
  });

  it('waits for the cost bucket before a call it cannot pay, instead of being throttled', async () => {
    await backend.findOrder('#1005', alice); // learns the query's cost
    const cost = shop.requests[0]!.cost;
    // The next answer reports a nearly empty bucket; the call after it must wait for the refill.
    shop.setBucket({ max: 1000, restoreRate: 2000, available: cost + 5 });
    await backend.findOrder('#1005', alice);
    await backend.findOrder('#1005', alice);
    expect(shop.requests.map((r) => r.outcome)).toEqual(['ok', 'ok', 'ok']);
  });

  it('maps HTTP failures to error kinds: 401 client, 500 server, refused connection network', async () => {
    const wrong = createShopifyBackend({ storeDomain: shop.domain, credentials: { accessToken: 'shpat_wrong' }, apiUrl: shop.url, throttleRetries: 0 });
    await expect(wrong.findOrder('#1001', alice)).rejects.toMatchObject({ kind: 'client' });
    shop.fault({ kind: 'status', status: 500 }, 1);
    await expect(backend.findOrder('#1001', alice)).rejects.toMatchObject({ kind: 'server' });
    await shop.down();
    await expect(backend.findOrder('#1001', alice)).rejects.toMatchObject({ kind: 'network' });
  });

  it('a Dev Dashboard app gets its token by the client credentials grant, keeps it, and asks again when it is refused', async () => {
    const app = createShopifyBackend({ storeDomain: shop.domain, credentials: { clientId: FAKE_CLIENT.id, clientSecret: FAKE_CLIENT.secret }, apiUrl: shop.url, throttleRetries: 0 });
    expect((await app.findOrder('#1001', alice))?.id).toBe('#1001');
    expect((await app.findOrder('#1002', alice))?.id).toBe('#1002');
    expect(shop.issuedTokens).toEqual(['shpat_cc_1']);
    shop.revokeTokens();
    expect((await app.findOrder('#1003', alice))?.id).toBe('#1003');
    expect(shop.issuedTokens).toEqual(['shpat_cc_1', 'shpat_cc_2']);
    const wrong = createShopifyBackend({ storeDomain: shop.domain, credentials: { clientId: FAKE_CLIENT.id, clientSecret: 'nope' }, apiUrl: shop.url, throttleRetries: 0 });
    await expect(wrong.findOrder('#1001', alice)).rejects.toMatchObject({ kind: 'client', message: expect.stringMatching(/SHOPIFY_CLIENT_SECRET/) });
  });

  it('an answer of the wrong shape is invalid_response, not a crash', async () => {
    const broken = createShopifyBackend(
      { storeDomain: shop.domain, credentials: { accessToken: shop.token }, throttleRetries: 0 },
      { request: async (_op, _doc, _vars, schema) => schema.parse({ orders: { nodes: [{ id: 1 }] } }) },
    );
    await expect(broken.findOrder('#1001', alice)).rejects.toThrow();
  });
});

describe('Shopify status mapping', () => {
  const base = (over: Partial<ShopifyOrder>): ShopifyOrder => ({
    id: 'gid://shopify/Order/1',
    name: '#1',
    email: 'a@example.com',
    createdAt: '2026-01-01T00:00:00Z',
    cancelledAt: null,
    displayFinancialStatus: 'PAID',
    displayFulfillmentStatus: 'UNFULFILLED',
    customer: null,
    totalPriceSet: { shopMoney: { amount: 10, currencyCode: 'USD' } },
    lineItems: { nodes: [] },
    fulfillments: [],
    ...over,
  });
  const shipment = (displayStatus: string, deliveredAt: string | null = null) => ({
    status: 'SUCCESS',
    displayStatus,
    createdAt: '2026-01-02T00:00:00Z',
    inTransitAt: '2026-01-02T00:00:00Z',
    deliveredAt,
    estimatedDeliveryAt: null,
    trackingInfo: [],
  });
  const status = (o: ShopifyOrder) => toOrder(o, null).status;

  it.each([
    ['unfulfilled, paid', 'processing', base({})],
    ['on hold', 'processing', base({ displayFulfillmentStatus: 'ON_HOLD' })],
    ['cancelled', 'cancelled', base({ cancelledAt: '2026-01-02T00:00:00Z', displayFinancialStatus: 'REFUNDED' })],
    ['refunded before shipping', 'cancelled', base({ displayFinancialStatus: 'REFUNDED' })],
    ['voided payment', 'cancelled', base({ displayFinancialStatus: 'VOIDED' })],
    ['in transit', 'shipped', base({ displayFulfillmentStatus: 'FULFILLED', fulfillments: [shipment('IN_TRANSIT')] })],
    ['fulfilled, no tracking events', 'shipped', base({ displayFulfillmentStatus: 'FULFILLED', fulfillments: [shipment('FULFILLED')] })],
    ['partially fulfilled, one delivered', 'shipped', base({ displayFulfillmentStatus: 'PARTIALLY_FULFILLED', fulfillments: [shipment('DELIVERED', '2026-01-03T00:00:00Z')] })],
    ['delivered', 'delivered', base({ displayFulfillmentStatus: 'FULFILLED', fulfillments: [shipment('DELIVERED', '2026-01-03T00:00:00Z')] })],
    ['refunded after delivery', 'returned', base({ displayFulfillmentStatus: 'FULFILLED', displayFinancialStatus: 'REFUNDED', fulfillments: [shipment('DELIVERED', '2026-01-03T00:00:00Z')] })],
    ['restocked', 'returned', base({ displayFulfillmentStatus: 'RESTOCKED', fulfillments: [shipment('DELIVERED', '2026-01-03T00:00:00Z')] })],
  ] as const)('%s -> %s', (_name, expected, order) => {
    expect(status(order)).toBe(expected);
  });

  it('a delivered order takes its delivery date from the latest shipment', () => {
    const o = base({ displayFulfillmentStatus: 'FULFILLED', fulfillments: [shipment('DELIVERED', '2026-01-03T00:00:00Z'), shipment('DELIVERED', '2026-01-05T00:00:00Z')] });
    expect(toOrder(o, null).deliveredAt).toBe('2026-01-05T00:00:00Z');
    expect(orderStatus(o, [])).toBe('processing');
  });
});

describe('cost bucket', () => {
  it('waits exactly as long as the restore rate needs to pay the last cost', () => {
    let t = 0;
    const bucket = createCostBucket(() => t);
    expect(bucket.waitBefore('orders')).toBe(0); // unknown cost: send
    bucket.observe('orders', 200, { maximumAvailable: 1000, currentlyAvailable: 50, restoreRate: 100 });
    expect(bucket.waitBefore('orders')).toBe(1500);
    t = 1000;
    expect(bucket.waitBefore('orders')).toBe(500);
    t = 2000;
    expect(bucket.waitBefore('orders')).toBe(0);
  });
});
