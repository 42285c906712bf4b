import { describe, expect, it } from 'vitest';
import { loadStoreData } from '../../src/commerce/load-store-data.js';
import type { Product, StoreInfo } from '../../src/core/commerce.js';
import { EXAMPLE_PRODUCTS, exampleShipment, orderNumberLike, pickExampleProducts } from '../../src/skills/example-vars.js';

const product = (sku: string, category: string, over: Partial<Product> = {}): Product => ({
  sku,
  name: `Product ${sku}`,
  category,
  price: 100,
  description: 'd',
  attributes: {},
  tags: [],
  warrantyMonths: 12,
  inStock: true,
  ...over,
});

describe('example products and ids from the store data', () => {
  it('picks the best-rated product of the largest warranted category, a cheaper one beside it, an out-of-stock one elsewhere', () => {
    const byCategory = new Map<string, Product[]>([
      ['film', [product('F-1', 'film', { warrantyMonths: 0 }), product('F-2', 'film', { warrantyMonths: 0 }), product('F-3', 'film', { warrantyMonths: 0 }), product('F-4', 'film', { warrantyMonths: 0 })]],
      ['tents', [product('T-1', 'tents', { rating: 4 }), product('T-2', 'tents', { rating: 5, price: 300 }), product('T-3', 'tents', { price: 50 })]],
      ['kayaks', [product('K-1', 'kayaks', { inStock: false }), product('K-2', 'kayaks')]],
      ['lenses', [product('L-1', 'lenses')]],
    ]);
    const picked = pickExampleProducts(byCategory).map((p) => p.sku);
    expect(picked).toHaveLength(EXAMPLE_PRODUCTS);
    expect(picked.slice(0, 3)).toEqual(['T-2', 'T-1', 'K-1']);
    expect(picked).toContain('L-1');
  });

  it('fills every slot from a tiny catalog', () => {
    const picked = pickExampleProducts(new Map([['one', [product('A-1', 'one')]]]));
    expect(picked.map((p) => p.sku)).toEqual(['A-1', 'A-1', 'A-1', 'A-1', 'A-1']);
  });

  it("numbers orders in the store's own shape, away from its example", () => {
    expect([1, 2].map((n) => orderNumberLike('SB-10001', n))).toEqual(['SB-17001', 'SB-17002']);
    expect(orderNumberLike('NB-204518', 1)).toBe('NB-274518');
    expect(orderNumberLike('#1001', 3)).toBe('#1703');
    expect(orderNumberLike('#99', 1)).toBe('#100');
    expect(orderNumberLike('ORDER', 2)).toBe('ORDER-2');
  });
});

describe("example shipments from the store's data", () => {
  it("takes each store's carriers and tracking numbers from its orders, distinct carriers first", async () => {
    const demo = await loadStoreData('skills/_store');
    const northbound = await loadStoreData('examples/stores/northbound');
    const demoCarriers = new Set((demo.info.shipments ?? []).map((s) => s.carrier));
    const nbCarriers = (northbound.info.shipments ?? []).map((s) => s.carrier);
    expect(nbCarriers.slice(0, 2).sort()).toEqual(['Canada Post', 'Prairie Freight']);
    expect(nbCarriers.some((c) => demoCarriers.has(c))).toBe(false);
    const order = orderNumberLike(northbound.info.identifiers.order.example, 1);
    const first = exampleShipment(northbound.info, order, 1);
    expect(first).toEqual(northbound.info.shipments![0]);
    expect(exampleShipment(northbound.info, order, 3)).toEqual(northbound.info.shipments![2 % northbound.info.shipments!.length]);
  });

  it('falls back to the store itself and the order number when the store has no shipments', () => {
    const info = { name: 'Lens & Trail', currency: 'EUR', supportHours: 'h', supportEmail: 'a@b.example', supportPhone: '1', website: 'https://lt.example', identifiers: {} as StoreInfo['identifiers'], shipments: [] };
    expect(exampleShipment(info, 'LT-1', 2)).toEqual({ carrier: 'Lens & Trail', trackingNumber: 'LT-1', trackingUrl: 'https://lt.example' });
  });
});
