import {
  FulfillmentHandler,
  LanguageCode,
  PaymentMethodHandler,
  type OrderCodeStrategy,
} from '@vendure/core';

/**
 * The store-side pieces a real Vendure shop configures for itself, kept as small as Vendure
 * allows: a payment provider that answers at once (no card network here), a shipping handler that
 * records carrier, tracking number and tracking link, and order numbers counted up from a start
 * (a common merchant set-up; Vendure's default is 16 random characters).
 */

export const TEST_PAYMENT_METHOD = 'switchboard-test-payment';
export const TRACKED_SHIPMENT_HANDLER = 'tracked-shipment';

/** Settles at once, or only authorizes when the checkout passes `{ authorizeOnly: true }`; refunds settle at once. */
export const testPaymentHandler = new PaymentMethodHandler({
  code: TEST_PAYMENT_METHOD,
  description: [{ languageCode: LanguageCode.en, value: 'Test payment provider (answers at once)' }],
  args: {},
  createPayment: (_ctx, order, amount, _args, metadata) => ({
    amount,
    state: metadata?.authorizeOnly ? ('Authorized' as const) : ('Settled' as const),
    transactionId: `test-pay-${order.code}`,
    metadata: {},
  }),
  settlePayment: () => ({ success: true }),
  cancelPayment: () => ({ success: true }),
  createRefund: (_ctx, _input, _amount, _order, payment) => ({ state: 'Settled' as const, transactionId: `test-refund-${String(payment.id)}` }),
});

/** Carrier (Fulfillment.method), tracking number (trackingCode) and the carrier's tracking link (custom field). */
export const trackedShipmentHandler = new FulfillmentHandler({
  code: TRACKED_SHIPMENT_HANDLER,
  description: [{ languageCode: LanguageCode.en, value: 'Shipment with carrier, tracking number and tracking link' }],
  args: {
    method: { type: 'string' },
    trackingCode: { type: 'string' },
    trackingUrl: { type: 'string' },
  },
  createFulfillment: (_ctx, _orders, _lines, args) => ({
    method: args.method,
    trackingCode: args.trackingCode,
    customFields: { trackingUrl: args.trackingUrl },
  }),
});

/** Order codes 1001, 1002, … in the order checkouts start. */
export class SequentialOrderCodeStrategy implements OrderCodeStrategy {
  private next: number;
  constructor(start: number) {
    this.next = start;
  }
  generate(): string {
    return String(this.next++);
  }
}
