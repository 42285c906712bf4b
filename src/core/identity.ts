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
  /**
   * For `order_email`: every order proved with its number and e-mail in this conversation
   * (`viaOrder` first), as the order system spells them. A guest sees and acts on these only,
   * as an order-status page shows one order; a signed-in shopper (`identity_token`) sees all theirs.
   */
  orders?: string[];
  /** In a conversation several people write in (Slack, Teams): the channel user who verified; only their messages act as this customer. */
  speaker?: string;
  /**
   * For `identity_token`: when the token expires (epoch ms, its `exp`). The binding does not
   * outlive the store's word for it: after this, order tools answer "verification needed" until
   * the site sends a fresh token (or the customer proves an order with its e-mail).
   */
  expiresAt?: number;
}

/** The customer a conversation may act as now: its bound customer, unless their sign-in has expired. */
export function currentCustomer(customer: VerifiedCustomer | undefined | null, now: number): VerifiedCustomer | null {
  if (!customer) return null;
  return customer.expiresAt !== undefined && now >= customer.expiresAt ? null : customer;
}

/** The owner an order lookup must match: e-mail (case-insensitive) or the store's customer id. */
export interface OrderOwner {
  email: string;
  customerId?: string;
  /** A guest's verification: how it was made and the orders it proved (see VerifiedCustomer); none for a signed-in shopper. */
  method?: VerificationMethod;
  viaOrder?: string;
  orders?: readonly string[];
}

/** Bound on the orders one guest conversation may prove. */
export const MAX_PROVED_ORDERS = 10;

/**
 * The orders a guest verification covers (undefined: no limit, a signed-in shopper). A guest
 * bound before `orders` existed covers the order it verified with.
 */
export function provedOrders(owner: OrderOwner): readonly string[] | undefined {
  if (owner.method !== 'order_email') return undefined;
  return owner.orders ?? (owner.viaOrder !== undefined ? [owner.viaOrder] : []);
}

/** An order id in the form two spellings of one id share: case, a leading "#", spaces, "_" and "-" dropped. */
function sameId(a: string, b: string): boolean {
  const key = (s: string) => s.trim().replace(/^#/, '').toUpperCase().replace(/[\s_-]+/g, '');
  return key(a) === key(b);
}

/** Whether a guest's verification covers `orderId` (always, for a signed-in shopper). */
export function coversOrder(owner: OrderOwner, orderId: string): boolean {
  const scope = provedOrders(owner);
  return scope === undefined || scope.some((o) => sameId(o, orderId));
}

const ASCII_UPPER = /[A-Z]/g;
const NON_ASCII = /[^\0-\x7f]/;
const ASCII = /[\0-\x7f]/;

/**
 * The one e-mail comparison form: surrounding space and letter case never matter ("JÖRG@" is
 * "jörg@"). A non-ASCII character whose lower case is or holds ASCII (the Kelvin sign U+212A
 * becomes "k", the dotted capital I U+0130 "i\u0307") stays as it is, so "daniel.\u212Aim@" never
 * compares equal to another customer's "daniel.kim@". Lower-cased one character at a time, so
 * no neighbour changes a character's form (final sigma).
 */
export function normalizeEmail(raw: string): string {
  const trimmed = raw.trim();
  if (!NON_ASCII.test(trimmed)) return trimmed.replace(ASCII_UPPER, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
  let out = '';
  for (const ch of trimmed) {
    const lower = ch.toLowerCase();
    out += ch.length === 1 && ch.charCodeAt(0) < 0x80 ? lower : ASCII.test(lower) ? ch : lower;
  }
  return out;
}

/** A customer id that can identify someone: a non-empty string (a back-end's "" or a missing one never matches). */
function usableId(id: unknown): id is string {
  return typeof id === 'string' && id.trim() !== '';
}

/**
 * Whether `owner` owns an order (and, for a guest, proved it). A customer id match is enough when both sides have one;
 * otherwise the e-mail on the order must match. Used by every back-end and again by the
 * commerce layer, so a back-end bug alone cannot hand out another customer's order.
 */
export function ownsOrder(owner: OrderOwner, order: { id?: string; customerEmail: string; customerId?: string }): boolean {
  // A guest's verification covers the orders it proved, not everything of that customer's.
  if (provedOrders(owner) !== undefined && (order.id === undefined || !coversOrder(owner, order.id))) return false;
  if (usableId(owner.customerId) && usableId(order.customerId) && owner.customerId === order.customerId) return true;
  const email = normalizeEmail(owner.email);
  return email.length > 0 && normalizeEmail(order.customerEmail) === email;
}
