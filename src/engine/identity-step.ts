import type { Commerce } from '../core/commerce.js';
import type { Conversation } from '../core/conversation.js';
import { coversOrder, currentCustomer, MAX_PROVED_ORDERS, normalizeEmail, provedOrders, type VerifiedCustomer } from '../core/identity.js';
import type { RateLimiter } from '../core/store.js';
import { createHash } from 'node:crypto';
import { CommerceUnavailableError } from '../core/errors.js';
import { idKey } from '../commerce/identifiers.js';
import { emailsIn } from '../privacy/pii.js';

export interface VerificationLimits {
  /** Failed attempts per conversation (e.g. 5 an hour). */
  perConversation: RateLimiter;
  /** Failed attempts per client address or workspace user. */
  perClient: RateLimiter;
  /**
   * Failed attempts on one order, whoever makes them (many addresses, many conversations). Keyed
   * by a hash of the order number's canonical form, for existing and unknown numbers alike.
   */
  perOrder: RateLimiter;
  /**
   * Past the order's limit: checks still made for a conversation and client with no failed
   * attempt in their windows (their first try), where only a match counts. Bounded per order (a
   * multiple of `perOrder`'s points a day), so a stranger cannot lock the owner out with a few
   * wrong e-mails, and the guesses against one order stay bounded. Absent: no check past the limit.
   */
  pastOrderLimit?: { checks: RateLimiter; attemptsPerHour: number };
}

/**
 * The per-order counter's key: every spelling the order lookup accepts is one order (any case,
 * separators anywhere or none, and its digits alone, which the back-end matches among the
 * guessed e-mail's orders), so a stranger cannot get a fresh counter by writing the number another
 * way. An order number's digits are the key (two orders that differ only in letters share one
 * counter: stricter, never looser); one without digits keys by its letters. Hashed: the number
 * itself is not stored.
 */
export function orderLimitKey(orderId: string): string {
  const key = idKey(orderId);
  const digits = key.replace(/\D+/g, '');
  return createHash('sha256').update(digits.length > 0 ? digits : key).digest('base64url').slice(0, 22);
}

/** Whether two verifications are of one customer (their store id, else their e-mail). */
export function sameCustomer(a: VerifiedCustomer, b: VerifiedCustomer): boolean {
  if (a.customerId && b.customerId) return a.customerId === b.customerId;
  return normalizeEmail(a.email) === normalizeEmail(b.email);
}

export type IdentityOutcome =
  | { kind: 'none' }
  /** `order`: the order this message proved (the customer's `viaOrder` for a first verification). */
  | { kind: 'verified'; customer: VerifiedCustomer; order: string }
  | { kind: 'failed' }
  | { kind: 'locked' }
  /** The order system did not answer: nothing was checked. */
  | { kind: 'unavailable' };

/**
 * Guest verification, decided in code before the message is routed (also a verified guest's
 * proof of one more order: it covers the orders proved, not all of that customer's): when the message carries an
 * e-mail address and there is an order to check it against (one named in this message, or the
 * one the bot asked about), the commerce layer checks that the e-mail is the order's. Each failed
 * attempt counts against the conversation, the client and the order; once any has none left, no
 * check is made at all and the bot offers a person. A failure never says which part was wrong,
 * and a locked order is answered like a locked client, whether or not the order exists.
 */
export async function identityStep(input: {
  conversation: Conversation;
  text: string;
  /** Order numbers in this message, in the store's format. */
  ordersInMessage: readonly string[];
  clientKey: string | undefined;
  commerce: Commerce;
  limits: VerificationLimits;
  now: number;
}): Promise<IdentityOutcome> {
  const { conversation } = input;
  // A signed-in shopper whose token has expired proves an order like a guest (of the same customer only).
  const lapsed = conversation.customer !== undefined && currentCustomer(conversation.customer, input.now) === null;
  const bound = lapsed ? { ...conversation.customer!, method: 'order_email' as const, orders: [], expiresAt: undefined } : conversation.customer;
  // A signed-in shopper sees all their orders: nothing to prove.
  if (bound && provedOrders(bound) === undefined) return { kind: 'none' };
  const email = emailsIn(input.text, 1)[0];
  if (!email) return { kind: 'none' };
  const orderId = (bound ? input.ordersInMessage.find((o) => !coversOrder(bound, o)) : input.ordersInMessage[0]) ?? conversation.verification?.orderId ?? null;
  if (!orderId) return { kind: 'none' };
  // A guest proves one more order of theirs (at most MAX_PROVED_ORDERS); one they proved already needs nothing.
  if (bound && (coversOrder(bound, orderId) || (provedOrders(bound)?.length ?? 0) >= MAX_PROVED_ORDERS)) return { kind: 'none' };
  const clientKey = input.clientKey ?? `conversation:${conversation.id}`;
  const orderKey = orderLimitKey(orderId);
  const { perConversation, perClient, perOrder } = input.limits;
  // Each attempt takes its point before the check and gets it back if it does not count: read
  // first and counted after the failure, a burst of guesses from many conversations (or many
  // processes) all passed the read and were all checked.
  const [here, client] = await Promise.all([perConversation.consume(conversation.id), perClient.consume(clientKey)]);
  // The order's point only once this conversation and client may try at all: a counter takes a
  // point even when it refuses, so a burst from one locked address would otherwise spend the
  // order's points for everyone (its owner included).
  const order = here.ok && client.ok ? await perOrder.consume(orderKey) : null;
  const giveBack = () =>
    Promise.all([here.ok && perConversation.reward(conversation.id), client.ok && perClient.reward(clientKey), order?.ok && perOrder.reward(orderKey)]);
  if (!order?.ok) {
    // The order is locked. A first try (no failure here or from this client in their windows)
    // is still checked, within the order's bounded budget for them, and only a match counts: the
    // owner, who knows their e-mail, still gets in; a miss is answered like any locked attempt.
    const past = input.limits.pastOrderLimit;
    const firstTry = here.ok && client.ok && here.remaining === (past?.attemptsPerHour ?? 0) - 1 && client.remaining === (past?.attemptsPerHour ?? 0) - 1;
    const extra = past && firstTry ? await past.checks.consume(orderKey) : null;
    if (!past || !extra?.ok) {
      await giveBack();
      return { kind: 'locked' };
    }
    let matched: VerifiedCustomer | null;
    try {
      matched = bound ? null : await input.commerce.verifyOrderEmail(orderId, email);
    } catch (err) {
      await Promise.all([giveBack(), past.checks.reward(orderKey)]);
      if (err instanceof CommerceUnavailableError) return { kind: 'unavailable' };
      throw err;
    }
    if (!matched) return { kind: 'locked' };
    await Promise.all([giveBack(), past.checks.reward(orderKey)]);
    return { kind: 'verified', customer: matched, order: matched.viaOrder ?? orderId };
  }
  let customer: VerifiedCustomer | null;
  try {
    customer = await input.commerce.verifyOrderEmail(orderId, email);
  } catch (err) {
    // The check could not be made: it is not counted against the customer.
    await giveBack();
    if (err instanceof CommerceUnavailableError) return { kind: 'unavailable' };
    throw err;
  }
  if (customer && !bound) {
    await giveBack();
    return { kind: 'verified', customer, order: customer.viaOrder ?? orderId };
  }
  if (customer && bound && sameCustomer(bound, customer)) {
    await giveBack();
    if (lapsed) return { kind: 'verified', customer: { ...customer, ...(bound.speaker ? { speaker: bound.speaker } : {}) }, order: customer.viaOrder ?? orderId };
    const proved = customer.viaOrder ?? orderId;
    return { kind: 'verified', customer: { ...bound, orders: [...(provedOrders(bound) ?? []), proved] }, order: proved };
  }
  // Another customer's order and e-mail: a conversation is bound to one customer for its lifetime.
  return { kind: 'failed' };
}
