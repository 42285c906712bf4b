import { describe, expect, it } from 'vitest';
import type { Commerce } from '../../src/core/commerce.js';
import type { VerifiedCustomer } from '../../src/core/identity.js';
import { engineHarness, message, testStoreInfo } from './engine-harness.js';

/** A shop whose one order T-4821 belongs to ana@shop.test. */
const commerce = {
  storeInfo: testStoreInfo,
  verifyOrderEmail: async (orderId: string, email: string): Promise<VerifiedCustomer | null> =>
    orderId === 'T-4821' && email.toLowerCase() === 'ana@shop.test' ? { email: 'ana@shop.test', method: 'order_email', verifiedAt: 0, viaOrder: 'T-4821' } : null,
} as unknown as Commerce;

/**
 * A bare verification in a skill set without an order lookup (the harness's set has none): the
 * engine names no skill, so it confirms in the customer's language which order is now theirs and
 * asks what they need. On main the message was answered as an empty one, with no confirmation.
 */
describe('a bare order verification when no skill is the order lookup', () => {
  it('confirms the order in the locale pack\'s words and asks what the customer needs', async () => {
    const h = await engineHarness({ model: false, deps: { commerce } });
    const r = await h.engine.handle(message('c-bare', 'T-4821 ana@shop.test'));
    expect(r.reply?.text).toBe("Thanks, that's confirmed: order T-4821 is yours. What would you like to know or do about it?");
    expect(h.offlineCalls).toBe(0);
    const conversation = await h.bundle.store.getConversation('c-bare');
    expect(conversation?.customer?.viaOrder).toBe('T-4821');
  });

  it('a request with the verification is still answered by the skill it routes to', async () => {
    const h = await engineHarness({ model: false, deps: { commerce } });
    const r = await h.engine.handle(message('c-req', 'returns T-4821 ana@shop.test'));
    expect(r.reply?.text).toBe("Thanks, that's confirmed.\n\nOffline answer from returns.");
  });
});
