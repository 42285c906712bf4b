import { beforeEach, describe, expect, it } from 'vitest';
import type { DemoCommerce } from '../../src/commerce/demo-commerce.js';
import { addMonths } from '../../src/commerce/day-math.js';
import { demoCommerce, pinnedClock, DAY, owner } from './demo-fixture.js';

let commerce: DemoCommerce;
beforeEach(async () => {
  ({ commerce } = await demoCommerce());
});

describe('warranty status (pinned clock)', () => {
  it('covers an item inside its own warranty, counted from delivery, with the category terms', async () => {
    const s = await commerce.orderWarranty(owner('SB-10013'), { orderId: 'SB-10013' });
    expect(s).toMatchObject({ orderId: 'SB-10013', sku: 'CLN-2001', covered: true, reason: 'ok', months: 24 });
    expect(s.covers).toContain('motor failure');
    expect(s.excludes.length).toBeGreaterThan(0);
    expect(s.explanation).toMatch(/2-year warranty; it is covered until/);
  });

  it('uses the product warranty when it is longer than the category default', async () => {
    const blender = await commerce.orderWarranty(owner('SB-10024'), { orderId: 'SB-10024' });
    expect(blender).toMatchObject({ covered: true, months: 60 });
    const mattress = await commerce.orderWarranty(owner('SB-10009'), { orderId: 'SB-10009' });
    expect(mattress).toMatchObject({ covered: true, months: 120 });
  });

  it('expires after the warranty months', async () => {
    expect(await commerce.orderWarranty(owner('SB-10012'), { orderId: 'SB-10012' })).toMatchObject({ covered: false, reason: 'expired', months: 12 });
    expect(await commerce.orderWarranty(owner('SB-10025'), { orderId: 'SB-10025' })).toMatchObject({ covered: false, reason: 'expired', months: 24 });
    expect(await commerce.orderWarranty(owner('SB-10036'), { orderId: 'SB-10036' })).toMatchObject({ covered: false, reason: 'expired' });
  });

  it('ends exactly on the calendar date the months run out', async () => {
    const clock = pinnedClock();
    const { commerce: c } = await demoCommerce({ clock });
    const status = await c.orderWarranty(owner('SB-10032'), { orderId: 'SB-10032' });
    const delivered = Date.parse((await c.getOrder(owner('SB-10032'), 'SB-10032'))!.deliveredAt!);
    const end = addMonths(delivered, 24);
    expect(status.expiresOn).toBe(new Date(end).toISOString().slice(0, 10));
    clock.set(end);
    expect((await c.orderWarranty(owner('SB-10032'), { orderId: 'SB-10032' })).covered).toBe(true);
    clock.set(end + DAY);
    expect((await c.orderWarranty(owner('SB-10032'), { orderId: 'SB-10032' })).reason).toBe('expired');
  });

  it('explains orders without a covered item', async () => {
    expect(await commerce.orderWarranty(owner('SB-10005'), { orderId: 'SB-10005' })).toMatchObject({ covered: false, reason: 'not_delivered' });
    expect(await commerce.orderWarranty(owner('SB-10014'), { orderId: 'SB-10014' })).toMatchObject({ covered: false, reason: 'cancelled' });
    expect(await commerce.orderWarranty(owner('SB-10041'), { orderId: 'SB-10041' })).toMatchObject({ covered: false, reason: 'already_returned' });
    expect(await commerce.orderWarranty(owner('SB-10020'), { orderId: 'SB-10020', sku: 'NUT-1103' })).toMatchObject({ covered: false, reason: 'no_warranty' });
    expect(await commerce.orderWarranty(owner('SB-99999'), { orderId: 'SB-99999' })).toMatchObject({ reason: 'order_not_found' });
    expect(await commerce.orderWarranty(owner('SB-10013'), { orderId: 'SB-10013', sku: 'KIT-1001' })).toMatchObject({ reason: 'item_not_in_order' });
  });

  it('asks which item when an order has several', async () => {
    const s = await commerce.orderWarranty(owner('SB-10039'), { orderId: 'SB-10039' });
    expect(s).toMatchObject({ reason: 'item_required', covered: false });
    expect((s as { items?: unknown[] }).items).toHaveLength(3);
    expect(await commerce.orderWarranty(owner('SB-10039'), { orderId: 'SB-10039', sku: 'kit-1010' })).toMatchObject({ covered: true, sku: 'KIT-1010', months: 60 });
  });

  it('answers for a product alone with its terms but no purchase date', async () => {
    expect(await commerce.productWarranty('AUD-4001')).toMatchObject({ covered: false, reason: 'no_purchase_date', months: 24, orderId: null });
    expect(await commerce.productWarranty('GFT-1301')).toMatchObject({ reason: 'no_warranty', months: 0 });
    expect(await commerce.productWarranty('ZZZ-0000')).toMatchObject({ reason: 'product_not_found' });
  });
});
