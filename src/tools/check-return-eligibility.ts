import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { orderAccess } from './order-access.js';
import { orderIdArg, skuArg } from './tool-args.js';

export const checkReturnEligibilityTool = defineTool({
  name: 'check_return_eligibility',
  readsOrders: true,
  description:
    "Check whether one of the verified customer's orders (or one item of it, by SKU) can be returned under the returns policy: eligible or not, a reason code " +
    '(ok, window_expired, non_returnable, not_delivered, already_returned, already_requested, cancelled, order_not_found, item_not_in_order), ' +
    'the last day, and an explanation citing the policy. An unverified customer gets verification_needed.',
  args: z.object({ order_id: orderIdArg, sku: skuArg.optional().describe('The item to return; omit to check every item of the order.') }),
  async run(args, ctx) {
    const access = orderAccess(ctx, args.order_id);
    if (!access.ok) return access.result;
    const r = await ctx.commerce.checkReturnEligibility(access.customer, args.order_id, args.sku);
    const items = (r as typeof r & { items?: unknown[] }).items;
    // Data for an answer in any language: the item's category (its return window's scope).
    const product = r.sku ? await ctx.commerce.getProduct(r.sku) : null;
    return {
      order_id: r.orderId,
      sku: r.sku,
      eligible: r.eligible,
      reason: r.reason,
      explanation: r.explanation,
      window_days: r.windowDays,
      days_since_delivery: r.daysSinceDelivery,
      last_day: r.lastDay,
      category: product?.category ?? null,
      ...(items ? { items } : {}),
    };
  },
});
