import { beforeEach, describe, expect, it } from 'vitest';
import { CommerceRuleError } from '../../src/commerce/commerce-error.js';
import { RETURNS_COLLECTION, WARRANTY_CLAIMS_COLLECTION, type DemoCommerce } from '../../src/commerce/demo-commerce.js';
import type { ReturnRequest, WarrantyClaim } from '../../src/core/commerce.js';
import type { MemoryStore } from '../../src/store/memory-store.js';
import { demoCommerce, owner } from './demo-fixture.js';

let commerce: DemoCommerce;
let store: MemoryStore;
beforeEach(async () => {
  ({ commerce, store } = await demoCommerce());
});

describe('starting returns', () => {
  it('persists a return in the store with the policy steps', async () => {
    const r = await commerce.startReturn(owner('SB-10001'), { orderId: 'sb-10001', sku: 'KIT-1001', reason: 'too loud', sourceConversation: 'conv-1' });
    expect(r).toMatchObject({ id: 'RET-10001-KIT-1001', orderId: 'SB-10001', sku: 'KIT-1001', reason: 'too loud', status: 'requested', sourceConversation: 'conv-1' });
    expect(r.createdAt).toBe('2025-06-15T10:00:00.000Z');
    expect(r.instructions.some((s) => /prepaid label/.test(s))).toBe(true);
    expect(await store.getRecord<ReturnRequest>(RETURNS_COLLECTION, 'SB-10001:KIT-1001')).toEqual(r);
  });

  it('is idempotent for the same order and item', async () => {
    const first = await commerce.startReturn(owner('SB-10001'), { orderId: 'SB-10001', sku: 'KIT-1001', reason: 'too loud' });
    const again = await commerce.startReturn(owner('SB-10001'), { orderId: 'SB10001', sku: 'kit1001', reason: 'changed my mind' });
    expect(again).toEqual(first);
    expect(await store.listRecords(RETURNS_COLLECTION)).toHaveLength(1);
    const check = await commerce.checkReturnEligibility(owner('SB-10001'), 'SB-10001');
    expect(check).toMatchObject({ eligible: false, reason: 'already_requested' });
    expect(check.explanation).toContain(first.id);
  });

  it('refuses returns the policy does not allow, with the reason code, and stores nothing', async () => {
    for (const [orderId, sku, code] of [
      ['SB-10023', 'KIT-1005', 'window_expired'],
      ['SB-10010', 'BED-6004', 'non_returnable'],
      ['SB-10015', 'APP-8001', 'already_returned'],
      ['SB-10004', 'CMP-3001', 'not_delivered'],
      ['SB-99999', 'KIT-1001', 'order_not_found'],
      ['SB-10001', 'AUD-4001', 'item_not_in_order'],
    ] as const) {
      const err = await commerce.startReturn(owner(orderId), { orderId, sku, reason: 'x' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CommerceRuleError);
      expect((err as CommerceRuleError).code).toBe(code);
    }
    expect(await store.listRecords(RETURNS_COLLECTION)).toHaveLength(0);
  });

  it('adds item-specific rules to the instructions (mattress collection, sale credit)', async () => {
    const mattress = await commerce.startReturn(owner('SB-10008'), { orderId: 'SB-10008', sku: 'BED-6001', reason: 'too firm' });
    expect(mattress.instructions.join(' ')).toContain('collect it from your home');
    const sale = await commerce.startReturn(owner('SB-10028'), { orderId: 'SB-10028', sku: 'AUD-4007', reason: 'too big' });
    expect(sale.instructions.join(' ')).toContain('store credit');
  });
});

describe('warranty claims', () => {
  it('opens a claim for a covered item and persists it', async () => {
    const c = await commerce.openWarrantyClaim(owner('SB-10013'), { orderId: 'SB-10013', sku: 'CLN-2001', issue: 'battery dies after five minutes', sourceConversation: 'conv-2' });
    expect(c).toMatchObject({ id: 'WC-10013-CLN-2001', status: 'open', issue: 'battery dies after five minutes', sourceConversation: 'conv-2' });
    expect(c.nextSteps.length).toBeGreaterThan(0);
    expect(await store.getRecord<WarrantyClaim>(WARRANTY_CLAIMS_COLLECTION, 'SB-10013:CLN-2001')).toEqual(c);
  });

  it('is idempotent and shows up in the warranty check', async () => {
    const first = await commerce.openWarrantyClaim(owner('SB-10013'), { orderId: 'SB-10013', sku: 'CLN-2001', issue: 'battery' });
    const again = await commerce.openWarrantyClaim(owner('SB-10013'), { orderId: 'SB-10013', sku: 'CLN-2001', issue: 'still the battery' });
    expect(again).toEqual(first);
    expect(await store.listRecords(WARRANTY_CLAIMS_COLLECTION)).toHaveLength(1);
    const status = await commerce.orderWarranty(owner('SB-10013'), { orderId: 'SB-10013' });
    expect(status).toMatchObject({ covered: true, claimId: first.id });
    expect(status.explanation).toContain(first.id);
  });

  it('refuses a claim outside the warranty and stores nothing', async () => {
    const err = await commerce.openWarrantyClaim(owner('SB-10012'), { orderId: 'SB-10012', sku: 'AUD-4003', issue: 'left bud silent' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommerceRuleError);
    expect((err as CommerceRuleError).code).toBe('expired');
    expect(await store.listRecords(WARRANTY_CLAIMS_COLLECTION)).toHaveLength(0);
  });
});
