import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ConfigError } from '../../src/core/errors.js';
import { loadOrdersFile, loadStoreData } from '../../src/commerce/load-store-data.js';
import { demoCommerce, pinnedClock, PINNED_NOW, DAY, scratchStoreDir, STORE_DIR } from './demo-fixture.js';

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup) await c();
  cleanup = [];
});

async function scratch() {
  const s = await scratchStoreDir();
  cleanup.push(s.cleanup);
  return s;
}

async function loadError(dir: string): Promise<ConfigError> {
  // The demo back-end's orders are validated against the folder's catalog, as at start-up.
  const err = await loadStoreData(dir).then((data) => loadOrdersFile(dir, data.productsBySku, pinnedClock().now())).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  return err as ConfigError;
}

describe('demo store data', () => {
  it('ships a catalog, policies and orders big enough to demo every skill', async () => {
    const data = await loadStoreData(STORE_DIR);
    const orders = await loadOrdersFile(STORE_DIR, data.productsBySku, PINNED_NOW);
    expect(data.products.length).toBeGreaterThanOrEqual(66);
    expect(data.categories.length).toBeGreaterThanOrEqual(8);
    expect(orders.length).toBeGreaterThanOrEqual(36);
    expect(new Set(orders.map((o) => o.status))).toEqual(new Set(['processing', 'shipped', 'delivered', 'cancelled', 'returned']));
    // Windows differ by category, so the bot has something real to explain.
    expect(new Set(data.policy.windows.map((w) => w.days)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(data.warranty.terms.map((t) => t.months)).size).toBeGreaterThanOrEqual(3);
    for (const p of data.products) expect(p.sku).toMatch(/^[A-Z]{3}-\d{4}$/);
  });

  it('resolves relative order dates against the injected clock', async () => {
    const data = await loadStoreData(STORE_DIR);
    const ordersById = new Map((await loadOrdersFile(STORE_DIR, data.productsBySku, PINNED_NOW)).map((o) => [o.id, o]));
    const order = ordersById.get('SB-10001')!;
    const raw = parse(await readFile(path.join(STORE_DIR, 'orders.yaml'), 'utf8')) as { orders: Array<{ id: string; deliveredDaysAgo?: number; placedDaysAgo: number }> };
    const src = raw.orders.find((o) => o.id === 'SB-10001')!;
    const today = Math.floor(PINNED_NOW / DAY) * DAY;
    expect(Math.floor(Date.parse(order.deliveredAt!) / DAY) * DAY).toBe(today - src.deliveredDaysAgo! * DAY);
    expect(Math.floor(Date.parse(order.placedAt) / DAY) * DAY).toBe(today - src.placedDaysAgo * DAY);
    expect(order.items[0]).toMatchObject({ sku: 'KIT-1001', name: 'Vireo QuietBlend 600 Blender', unitPrice: 69.99 });
    expect(order.total).toBe(69.99);
    expect(ordersById.get('SB-10004')!.deliveredAt).toBeNull();
  });

  it('names the file, the field path and the reason for a bad value', async () => {
    const s = await scratch();
    await s.edit('catalog.yaml', (t) => t.replace('price: 149.00', 'price: -149.00'));
    const err = await loadError(s.dir);
    expect(err.source).toMatch(/catalog\.yaml$/);
    expect(err.field).toBe('products[1].price');
    expect(err.message).toMatch(/catalog\.yaml: products\[1\]\.price: .*negative/);
  });

  it('reads an identifier written without quotes as the code it is (a number to YAML)', async () => {
    const s = await scratch();
    await s.edit('orders.yaml', (t) =>
      t
        .replace('trackingNumber: PA79197919,', 'trackingNumber: 15501234567890,')
        .replace('trackingNumber: NO79205838,', 'trackingNumber: 0045678901234567890123,')
        .replace('  - id: SB-10001\n', '  - id: 44172093\n'),
    );
    const data = await loadStoreData(s.dir);
    const orders = await loadOrdersFile(s.dir, data.productsBySku, PINNED_NOW);
    const shipments = orders.flatMap((o) => o.fulfillments.map((f) => f.trackingNumber));
    expect(orders.map((o) => o.id)).toContain('44172093');
    // A whole number is its digits; digits a number cannot hold keep their leading zeros and every digit.
    expect(shipments).toContain('15501234567890');
    expect(shipments).toContain('0045678901234567890123');
  });

  it('rejects an order item whose SKU is not in the catalog', async () => {
    const s = await scratch();
    await s.edit('orders.yaml', (t) => t.replace('{ sku: KIT-1007, quantity: 1 }', '{ sku: KIT-9999, quantity: 1 }'));
    const err = await loadError(s.dir);
    expect(err.source).toMatch(/orders\.yaml$/);
    expect(err.field).toBe('orders[2].items[0].sku');
    expect(err.message).toContain('unknown SKU KIT-9999');
  });

  it('rejects a delivered order without a delivery date', async () => {
    const s = await scratch();
    await s.edit('orders.yaml', (t) => t.replace('    placedDaysAgo: 9\n    deliveredDaysAgo: 5\n', '    placedDaysAgo: 9\n'));
    const err = await loadError(s.dir);
    expect(err.field).toBe('orders[0].deliveredDaysAgo');
    expect(err.message).toContain('is required when status is delivered');
  });

  it('rejects a return window for a category the catalog does not have', async () => {
    const s = await scratch();
    await s.edit('returns-policy.yaml', (t) => t.replace('{ category: audio, days: 30 }', '{ category: audoi, days: 30 }'));
    const err = await loadError(s.dir);
    expect(err.source).toMatch(/returns-policy\.yaml$/);
    expect(err.field).toBe('windows[3].category');
    expect(err.message).toContain('unknown category audoi');
  });

  it('rejects a misspelt key instead of ignoring it', async () => {
    const s = await scratch();
    await s.edit('warranty-terms.yaml', (t) => t.replace('howToClaim:', 'howtoClaim:'));
    const err = await loadError(s.dir);
    expect(err.source).toMatch(/warranty-terms\.yaml$/);
    expect(err.message).toMatch(/howtoClaim|howToClaim/);
  });

  it('reports YAML syntax errors with the file', async () => {
    const s = await scratch();
    await s.edit('store.yaml', (t) => `${t}\nname: [unclosed\n`);
    const err = await loadError(s.dir);
    expect(err.source).toMatch(/store\.yaml$/);
    expect(err.message).toContain('invalid YAML');
  });

  it('reload() picks up edits and keeps the last good data when an edit is broken', async () => {
    const s = await scratch();
    const { commerce } = await demoCommerce({ dir: s.dir });
    expect((await commerce.getProduct('KIT-1001'))!.price).toBe(69.99);

    await s.edit('catalog.yaml', (t) => t.replace('price: 69.99', 'price: 64.99'));
    await commerce.reload();
    expect((await commerce.getProduct('KIT-1001'))!.price).toBe(64.99);

    await s.edit('catalog.yaml', (t) => t.replace('price: 64.99', 'price: cheap'));
    await expect(commerce.reload()).rejects.toThrow(/catalog\.yaml: products\[0\]\.price/);
    expect((await commerce.getProduct('KIT-1001'))!.price).toBe(64.99);
    expect((await commerce.searchProducts({ text: 'quiet blender' }))[0]!.product.sku).toBe('KIT-1001');
  });
});
