import { beforeEach, describe, expect, it } from 'vitest';
import type { DemoCommerce } from '../../src/commerce/demo-commerce.js';
import type { ReturnEligibilityDetail } from '../../src/commerce/store-types.js';
import { demoCommerce, pinnedClock, PINNED_NOW, DAY, owner } from './demo-fixture.js';

let commerce: DemoCommerce;
beforeEach(async () => {
  ({ commerce } = await demoCommerce());
});

const isoDay = (daysFromNow: number) => new Date(PINNED_NOW + daysFromNow * DAY).toISOString().slice(0, 10);

describe('return eligibility (pinned clock)', () => {
  it('is eligible inside the category window, with the last day and the policy cited', async () => {
    const r = await commerce.checkReturnEligibility(owner('SB-10001'), 'SB-10001');
    expect(r).toMatchObject({ orderId: 'SB-10001', sku: 'KIT-1001', eligible: true, reason: 'ok', windowDays: 30, daysSinceDelivery: 5, lastDay: isoDay(25) });
    expect(r.explanation).toContain('30 days from delivery for kitchen appliances');
  });

  it('counts the last day of the window in, and the day after out', async () => {
    const lastDay = await commerce.checkReturnEligibility(owner('SB-10022'), 'SB-10022');
    expect(lastDay).toMatchObject({ eligible: true, reason: 'ok', daysSinceDelivery: 30, lastDay: isoDay(0) });
    expect(lastDay.explanation).toContain('today is the last day');
    const dayAfter = await commerce.checkReturnEligibility(owner('SB-10023'), 'SB-10023');
    expect(dayAfter).toMatchObject({ eligible: false, reason: 'window_expired', daysSinceDelivery: 31, lastDay: isoDay(-1) });
    expect(dayAfter.explanation).toMatch(/return window has closed/);
  });

  it('uses each category its own window', async () => {
    expect(await commerce.checkReturnEligibility(owner('SB-10006'), 'SB-10006')).toMatchObject({ eligible: false, reason: 'window_expired', windowDays: 15 });
    expect(await commerce.checkReturnEligibility(owner('SB-10007'), 'SB-10007')).toMatchObject({ eligible: true, windowDays: 15, daysSinceDelivery: 14 });
    expect(await commerce.checkReturnEligibility(owner('SB-10016'), 'SB-10016')).toMatchObject({ eligible: true, windowDays: 60 });
    expect(await commerce.checkReturnEligibility(owner('SB-10017'), 'SB-10017')).toMatchObject({ eligible: false, windowDays: 60, reason: 'window_expired' });
    expect(await commerce.checkReturnEligibility(owner('SB-10021'), 'SB-10021')).toMatchObject({ eligible: true, windowDays: 45 });
  });

  it('gives mattresses the sleep trial instead of the furniture window', async () => {
    const trial = await commerce.checkReturnEligibility(owner('SB-10008'), 'SB-10008');
    expect(trial).toMatchObject({ eligible: true, windowDays: 100, daysSinceDelivery: 60 });
    expect(trial.explanation).toContain('100-night sleep trial');
    expect(await commerce.checkReturnEligibility(owner('SB-10009'), 'SB-10009')).toMatchObject({ eligible: false, reason: 'window_expired', windowDays: 100 });
    // The duvet in the same category keeps the ordinary 30 days.
    expect(await commerce.checkReturnEligibility(owner('SB-10037'), 'SB-10037', 'BED-6007')).toMatchObject({ eligible: true, windowDays: 30 });
  });

  it('shortens the window for sale items even where the category allows longer', async () => {
    const soundbar = await commerce.checkReturnEligibility(owner('SB-10028'), 'SB-10028');
    expect(soundbar).toMatchObject({ eligible: true, windowDays: 14 });
    expect(soundbar.explanation).toContain('store credit');
    expect(await commerce.checkReturnEligibility(owner('SB-10029'), 'SB-10029')).toMatchObject({ eligible: false, reason: 'window_expired', windowDays: 14 });
  });

  it('refuses non-returnable items with the policy reason', async () => {
    const custom = await commerce.checkReturnEligibility(owner('SB-10010'), 'SB-10010');
    expect(custom).toMatchObject({ eligible: false, reason: 'non_returnable' });
    expect(custom.explanation).toMatch(/made-to-order/i);
    expect(await commerce.checkReturnEligibility(owner('SB-10018'), 'SB-10018')).toMatchObject({ eligible: false, reason: 'non_returnable' });
    expect(await commerce.checkReturnEligibility(owner('SB-10027'), 'SB-10027')).toMatchObject({ reason: 'non_returnable' });
    // Opened hygiene item no, sealed one yes; opened software key no, keyboard yes.
    expect(await commerce.checkReturnEligibility(owner('SB-10011'), 'SB-10011', 'PCR-9001')).toMatchObject({ eligible: false, reason: 'non_returnable' });
    expect(await commerce.checkReturnEligibility(owner('SB-10011'), 'SB-10011', 'PCR-9006')).toMatchObject({ eligible: true });
    expect(await commerce.checkReturnEligibility(owner('SB-10019'), 'SB-10019', 'CMP-3008')).toMatchObject({ reason: 'non_returnable' });
    expect(await commerce.checkReturnEligibility(owner('SB-10019'), 'SB-10019', 'CMP-3007')).toMatchObject({ eligible: true });
    expect(await commerce.checkReturnEligibility(owner('SB-10020'), 'SB-10020', 'NUT-1101')).toMatchObject({ reason: 'non_returnable' });
  });

  it('explains orders that are not delivered, cancelled or already returned', async () => {
    const processing = await commerce.checkReturnEligibility(owner('SB-10004'), 'SB-10004');
    expect(processing).toMatchObject({ eligible: false, reason: 'not_delivered' });
    expect(processing.explanation).toMatch(/cancelled instead/);
    expect(await commerce.checkReturnEligibility(owner('SB-10005'), 'SB-10005')).toMatchObject({ reason: 'not_delivered' });
    expect(await commerce.checkReturnEligibility(owner('SB-10014'), 'SB-10014')).toMatchObject({ reason: 'cancelled' });
    expect(await commerce.checkReturnEligibility(owner('SB-10015'), 'SB-10015')).toMatchObject({ eligible: false, reason: 'already_returned' });
    expect(await commerce.checkReturnEligibility(owner('SB-10033'), 'SB-10033', 'CLN-2005')).toMatchObject({ reason: 'already_returned' });
    expect(await commerce.checkReturnEligibility(owner('SB-10033'), 'SB-10033', 'CLN-2006')).toMatchObject({ eligible: true });
  });

  it('summarises every item when an order has several and no SKU is given', async () => {
    const r = (await commerce.checkReturnEligibility(owner('SB-10011'), 'SB-10011')) as ReturnEligibilityDetail;
    expect(r).toMatchObject({ sku: null, eligible: true, reason: 'some_items_eligible' });
    expect(r.items).toEqual([
      expect.objectContaining({ sku: 'PCR-9001', eligible: false, reason: 'non_returnable' }),
      expect.objectContaining({ sku: 'PCR-9006', eligible: true, reason: 'ok' }),
    ]);
    expect(r.explanation).toContain('Tell me which item');
  });

  it('reports unknown orders and items, and reads ids loosely', async () => {
    expect(await commerce.checkReturnEligibility(owner('SB-99999'), 'SB-99999')).toMatchObject({ eligible: false, reason: 'order_not_found' });
    const wrongItem = await commerce.checkReturnEligibility(owner('SB-10001'), 'SB-10001', 'AUD-4001');
    expect(wrongItem).toMatchObject({ reason: 'item_not_in_order' });
    expect(wrongItem.explanation).toContain('KIT-1001');
    for (const id of ['sb10001', 'SB 10001', '#SB-10001', '10001']) expect((await commerce.checkReturnEligibility(owner('SB-10001'), id, 'kit1001')).reason).toBe('ok');
  });

  it('moves with the clock: the same order expires as days pass', async () => {
    const clock = pinnedClock();
    const { commerce: c } = await demoCommerce({ clock });
    expect((await c.checkReturnEligibility(owner('SB-10001'), 'SB-10001')).eligible).toBe(true);
    clock.set(PINNED_NOW + 26 * DAY);
    expect(await c.checkReturnEligibility(owner('SB-10001'), 'SB-10001')).toMatchObject({ eligible: false, reason: 'window_expired', daysSinceDelivery: 31 });
  });
});
