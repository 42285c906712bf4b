import { describe, expect, it } from 'vitest';
import { plainText } from '../../../src/commerce/vendure/map-catalog.js';
import { mapOrder, orderStatus, toAmount } from '../../../src/commerce/vendure/map-order.js';
import type { VendureOrder } from '../../../src/commerce/vendure/schemas.js';
import { orderCodeCandidates } from '../../../src/commerce/vendure/vendure-backend.js';

/** The pure parts of the connector, on the cases a seeded server does not produce. */

const placed = (over: Partial<VendureOrder> = {}): VendureOrder => ({
  id: '7',
  code: 'AB12CD34',
  state: 'Shipped',
  active: false,
  orderPlacedAt: '2026-03-01T10:00:00.000Z',
  createdAt: '2026-03-01T09:50:00.000Z',
  currencyCode: 'JPY',
  totalWithTax: 12_345,
  customer: { id: '3', firstName: 'Kenji', lastName: 'Sato', emailAddress: 'kenji@example.jp' },
  lines: [
    { id: 'l1', quantity: 1, orderPlacedQuantity: 1, unitPriceWithTax: 12_345, discountedUnitPriceWithTax: 10_000, proratedUnitPriceWithTax: 10_000, productVariant: { id: 'v1', sku: 'CAM-1', name: 'Camera' } },
  ],
  fulfillments: [
    { id: 'f1', state: 'Shipped', method: ' Yamato ', trackingCode: ' 1234 ', createdAt: '2026-03-02T00:00:00.000Z', updatedAt: '2026-03-02T01:00:00.000Z', lines: [{ orderLineId: 'l1', quantity: 1 }], customFields: { link: 'javascript:alert(1)' } },
    { id: 'f0', state: 'Cancelled', method: 'Old', trackingCode: null, createdAt: '2026-03-02T00:00:00.000Z', updatedAt: '2026-03-02T00:00:00.000Z', lines: [], customFields: null },
  ],
  payments: [],
  history: { items: [] },
  ...over,
});

describe('Vendure order mapping', () => {
  it("maps Vendure's states; a shop's own states count as processing", () => {
    expect(['PaymentAuthorized', 'PaymentSettled', 'Modifying', 'ArrangingAdditionalPayment', 'AwaitingFraudCheck'].map(orderStatus)).toEqual(Array(5).fill('processing'));
    expect(['PartiallyShipped', 'Shipped', 'PartiallyDelivered'].map(orderStatus)).toEqual(['shipped', 'shipped', 'shipped']);
    expect(orderStatus('Delivered')).toBe('delivered');
    expect(orderStatus('Cancelled')).toBe('cancelled');
  });

  it('carts, drafts and orders without a customer are no orders of anyone', () => {
    expect(mapOrder(placed({ state: 'ArrangingPayment', active: true, orderPlacedAt: null }), { precision: 2 })).toBeNull();
    expect(mapOrder(placed({ state: 'Draft', orderPlacedAt: null }), { precision: 2 })).toBeNull();
    expect(mapOrder(placed({ customer: null }), { precision: 2 })).toBeNull();
  });

  it("uses the server's money precision, the price paid, and keeps only web links; a cancelled shipment is dropped", () => {
    const order = mapOrder(placed(), { precision: 0, trackingUrlField: 'link' })!;
    expect(order).toMatchObject({ id: 'AB12CD34', total: 12_345, currency: 'JPY', status: 'shipped', customerName: 'Kenji Sato' });
    expect(order.items).toEqual([{ sku: 'CAM-1', name: 'Camera', quantity: 1, unitPrice: 10_000, onSale: true }]);
    expect(order.fulfillments).toEqual([
      { status: 'in_transit', carrier: 'Yamato', trackingNumber: '1234', trackingUrl: null, shippedAt: '2026-03-02T01:00:00.000Z', deliveredAt: null, skus: ['CAM-1'] },
    ]);
    expect(toAmount(4950, 2)).toBe(49.5);
    expect(toAmount(49_501, 3)).toBe(49.501);
  });
});

describe('Vendure order codes and text', () => {
  it('looks a code up as typed and upper-cased, without "#"; anything else is no code', () => {
    expect(orderCodeCandidates(' #w6k3gt7u ')).toEqual(['w6k3gt7u', 'W6K3GT7U']);
    expect(orderCodeCandidates('1001')).toEqual(['1001']);
    for (const bad of ['', '#', 'a b', 'x'.repeat(65), '1"}', '{orders}']) expect(orderCodeCandidates(bad), bad).toEqual([]);
  });

  it('turns rich-text descriptions into plain text, bounded', () => {
    expect(plainText('<p>Light &amp; <b>quiet</b></p><br/>kettle')).toBe('Light & quiet kettle');
    expect(plainText(`<p>${'a'.repeat(10_000)}</p>`).length).toBe(2000);
    expect(plainText('<'.repeat(50_000))).toBe('<'.repeat(2000));
  });
});
