import { canonicalId } from '../commerce/identifiers.js';
import { coversOrder, type VerifiedCustomer } from '../core/identity.js';
import type { ToolContext } from '../core/skill.js';

/**
 * The ownership gate every order-scoped tool goes through. Identity comes from the tool
 * context (set by code), never from the tool's arguments: an unverified conversation gets
 * "verification needed" as data, and the engine asks the customer for the e-mail on the order.
 */
export type OrderAccess = { ok: true; customer: VerifiedCustomer } | { ok: false; result: Record<string, unknown> };

export function orderAccess(ctx: ToolContext, orderId: string | null): OrderAccess {
  // A guest verified with one order number and its e-mail sees that order only (as an
  // order-status page does): another order needs its own proof, asked for exactly like an
  // unverified customer's, whether or not it is theirs or exists at all.
  if (ctx.customer && (orderId === null || coversOrder(ctx.customer, orderId))) return { ok: true, customer: ctx.customer };
  ctx.effects.requireVerification(orderId);
  return {
    ok: false,
    result: {
      verification_needed: true,
      order_id: orderId,
      next_step:
        'The customer has not proved this order is theirs. Ask them, in one short question, for the e-mail address used on this order; ' +
        'the system checks it. Do not guess, do not repeat any order details, and do not call order tools again this turn.',
    },
  };
}

/** Whether the customer typed this order number in the conversation (or verified with it). */
export function orderWasNamed(ctx: ToolContext, orderId: string): boolean {
  const wanted = canonicalId(orderId);
  if (ctx.customer?.viaOrder !== undefined && canonicalId(ctx.customer.viaOrder) === wanted) return true;
  return ctx.namedOrders.some((o) => canonicalId(o) === wanted);
}

/** The refusal a write tool returns for an order the customer never named. */
export function notNamedResult(orderId: string): Record<string, unknown> {
  return {
    refused: true,
    order_id: orderId,
    reason: 'order_not_named',
    next_step: 'Only an order number the customer gave in this conversation can be changed. Ask which order they mean.',
  };
}
