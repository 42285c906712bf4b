import { beforeAll, describe, expect, it } from 'vitest';
import type { DemoCommerce } from '../../src/commerce/demo-commerce.js';
import { noEffects } from '../../src/core/actions.js';
import { runToolCall } from '../../src/tools/run-tool-call.js';
import { createToolRegistry } from '../../src/tools/tool-registry.js';
import { CAMERA_STORE, demoCommerce } from '../commerce/demo-fixture.js';

/** search_products, get_product and compare_products as the model sees them, on two stores. */
const registry = createToolRegistry();
let demo: DemoCommerce;
let camera: DemoCommerce;
beforeAll(async () => {
  ({ commerce: demo } = await demoCommerce());
  ({ commerce: camera } = await demoCommerce({ dir: CAMERA_STORE }));
});

async function run(commerce: DemoCommerce, name: string, args: unknown): Promise<Record<string, any>> {
  const rec = await runToolCall(registry, { name, arguments: args }, { conversationId: 'conv-p', commerce, customer: null, namedOrders: [], effects: noEffects });
  expect(rec.ok, JSON.stringify(rec)).toBe(true);
  return rec.result as Record<string, any>;
}

describe('search_products', () => {
  it('answers with structured data: match level, prices as numbers with the store currency code', async () => {
    const r = await run(camera, 'search_products', { query: 'a tent for snow' });
    expect(r).toMatchObject({ match: 'exact', currency: 'EUR' });
    expect(r.products[0]).toMatchObject({ sku: '340002', price: 689, currency: 'EUR', match: 'exact' });
    expect(typeof r.products[0].price).toBe('number');
    expect(r).not.toHaveProperty('note');
  });

  it('says "none" with the nearest categories and the words it does not carry', async () => {
    const r = await run(camera, 'search_products', { query: 'do you have drones' });
    expect(r).toMatchObject({ match: 'none', count: 0, products: [], unmatched: ['drones'] });
    expect(r.nearest_categories.length).toBeGreaterThan(0);
  });

  it('reports a budget in another currency and applies one in the store currency', async () => {
    expect(await run(demo, 'search_products', { query: 'Kopfhörer unter 200 Euro' })).toMatchObject({ currency_mismatch: { asked: 'EUR', store: 'USD', max: 200 } });
    const r = await run(demo, 'search_products', { query: 'headphones under 100 dollars' });
    expect(r.price_filter).toEqual({ max: 100, currency: 'USD' });
    expect(r).not.toHaveProperty('currency_mismatch');
    for (const p of r.products) expect(p.price).toBeLessThanOrEqual(100);
  });

  it('offers the real match beyond the budget', async () => {
    const r = await run(demo, 'search_products', { query: 'gift for dad under $50, he likes coffee' });
    expect(r.match).not.toBe('exact');
    expect(r.outside_budget[0].price).toBeGreaterThan(50);
  });

  it('names the products of a comparison for compare_products', async () => {
    const r = await run(demo, 'search_products', { query: "what's the difference between the QuietBlend and the ProBlend?" });
    expect(r.compare_skus).toEqual(['KIT-1001', 'KIT-1002']);
  });
});

describe('compare_products', () => {
  it('puts products side by side by SKU: attributes (null where missing), prices, what differs', async () => {
    const r = await run(demo, 'compare_products', { skus: ['KIT-1001', 'KIT-1002'] });
    expect(r).toMatchObject({ found: true, currency: 'USD', cheapest: 'KIT-1001' });
    expect(r.products.map((p: { sku: string; price: number }) => [p.sku, p.price])).toEqual([
      ['KIT-1001', 69.99],
      ['KIT-1002', 149],
    ]);
    expect(r.attributes).toContainEqual({ name: 'power', values: ['600 W', '1400 W'] });
    expect(r.attributes).toContainEqual({ name: 'programs', values: [null, 5] });
    expect(r.differences).toEqual(expect.arrayContaining(['price', 'warranty_months', 'power']));
    expect(r.differences).not.toContain('jar');
  });

  it('finds products by name, in another store and currency', async () => {
    const r = await run(camera, 'compare_products', { names: ['Ridge 2', 'Storm 3 expedition tent'] });
    expect(r).toMatchObject({ found: true, currency: 'EUR', cheapest: '340001' });
    expect(r.attributes).toContainEqual({ name: 'seasons', values: [3, 4] });
  });

  it('says which names it could not find, and needs two products', async () => {
    const r = await run(camera, 'compare_products', { names: ['Ridge 2', 'hovercraft'] });
    expect(r).toMatchObject({ found: false, not_found: ['hovercraft'] });
    const bad = await runToolCall(registry, { name: 'compare_products', arguments: { skus: ['310001'] } }, { conversationId: 'c', commerce: camera, customer: null, namedOrders: [], effects: noEffects });
    expect(bad.ok).toBe(false);
    expect(JSON.stringify(bad.result)).toMatch(/at least two/);
  });
});
