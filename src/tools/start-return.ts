import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { notNamedResult, orderAccess, orderWasNamed } from './order-access.js';
import { orderIdArg, skuArg } from './tool-args.js';

export const startReturnTool = defineTool({
  name: 'start_return',
  readsOrders: true,
  description:
    'Propose a return for one item of an order the customer named, after they asked for it. Checks eligibility; nothing is created yet: ' +
    'the customer confirms (they reply yes or press the button) and the system then starts the return. Tell them what will happen and ask them to confirm.',
  args: z.object({
    order_id: orderIdArg,
    sku: skuArg,
    reason: z.string({ error: 'must be a string: why the customer is returning it' }).trim().min(2, 'must say why the item is returned').max(500, 'must be at most 500 characters').describe("The customer's reason, briefly."),
  }),
  async run(args, ctx) {
    const access = orderAccess(ctx, args.order_id);
    if (!access.ok) return access.result;
    if (!orderWasNamed(ctx, args.order_id)) return notNamedResult(args.order_id);
    const check = await ctx.commerce.checkReturnEligibility(access.customer, args.order_id, args.sku);
    if (check.reason === 'already_requested') {
      return { proposed: false, already_requested: true, order_id: check.orderId, sku: check.sku, explanation: check.explanation };
    }
    if (!check.eligible) {
      return { proposed: false, order_id: check.orderId, sku: check.sku, reason: check.reason, explanation: check.explanation };
    }
    const order = await ctx.commerce.getOrder(access.customer, args.order_id);
    const item = order?.items.find((i) => i.sku === check.sku);
    const proposal = ctx.effects.propose({ kind: 'start_return', orderId: check.orderId, sku: check.sku ?? args.sku, ...(item ? { itemName: item.name } : {}), detail: args.reason });
    return {
      proposed: true,
      needs_confirmation: true,
      proposal_id: proposal.id,
      order_id: check.orderId,
      sku: check.sku,
      item_name: item?.name ?? null,
      last_day: check.lastDay,
      explanation: check.explanation,
    };
  },
});
