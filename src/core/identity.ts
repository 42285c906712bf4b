/**
 * Who the customer is, as established in code: a signed identity token from the store's site
 * (signed-in shoppers) or an order number plus the e-mail on that order (guests). The model
 * never sets or changes it; tools read it from their context, never from their arguments.
 */
export type VerificationMethod = 'identity_token' | 'order_email';

export interface VerifiedCustomer {
  /** Trimmed and lower-cased. */
  email: string;
  /** The store's customer id when known (identity token `sub`, or the back-end's id for the order). */
  customerId?: string;
  method: VerificationMethod;
  /** Epoch ms. */
  verifiedAt: number;
  /** For `order_email`: the order whose number and e-mail matched. */
  viaOrder?: string;
}

/** The owner an order lookup must match: e-mail (case-insensitive) or the store's customer id. */
export interface OrderOwner {
  email: string;
  customerId?: string;
}

/** The one e-mail comparison form: surrounding space and case never matter. */
export function normalizeEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

/**
 * Whether `owner` owns an order. A customer id match is enough when both sides have one;
 * otherwise the e-mail on the order must match. Used by every back-end and again by the
 * commerce layer, so a back-end bug alone cannot hand out another customer's order.
 */
export function ownsOrder(owner: OrderOwner, order: { customerEmail: string; customerId?: string }): boolean {
  if (owner.customerId !== undefined && order.customerId !== undefined && owner.customerId === order.customerId) return true;
  const email = normalizeEmail(owner.email);
  return email.length > 0 && normalizeEmail(order.customerEmail) === email;
}
