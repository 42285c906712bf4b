import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { notNamedResult, orderAccess, orderWasNamed } from './order-access.js';
import { orderIdArg } from './tool-args.js';

export const cancelOrderTool = defineTool({
  name: 'cancel_order',
  readsOrders: true,
  description:
    'Propose cancelling an order the customer named that has not shipped yet, after they asked for it. Checks it can still be cancelled; nothing changes yet: ' +
    'the customer confirms (they reply yes or press the button) and the system then cancels it. Ask them to confirm.',
  args: z.object({
    order_id: orderIdArg,
    reason: z.string({ error: 'must be a string' }).trim().max(500, 'must be at most 500 characters').default('').describe("The customer's reason, if they gave one."),
  }),
  async run(args, ctx) {
    const access = orderAccess(ctx, args.order_id);
    if (!access.ok) return access.result;
    if (!orderWasNamed(ctx, args.order_id)) return notNamedResult(args.order_id);
    const check = await ctx.commerce.checkCancellation(access.customer, args.order_id);
    if (!check.cancellable) return { proposed: false, order_id: check.orderId, reason: check.reason, explanation: check.explanation };
    const proposal = ctx.effects.propose({ kind: 'cancel_order', orderId: check.orderId, detail: args.reason });
    return { proposed: true, needs_confirmation: true, proposal_id: proposal.id, order_id: check.orderId, explanation: check.explanation };
  },
});
