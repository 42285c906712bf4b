import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { orderIdArg, skuArg } from './tool-args.js';

export const checkReturnEligibilityTool = defineTool({
  name: 'check_return_eligibility',
  description:
    'Check whether an order (or one item of it, by SKU) can be returned under the returns policy: eligible or not, a reason code ' +
    '(ok, window_expired, non_returnable, not_delivered, already_returned, already_requested, cancelled, order_not_found, item_not_in_order), ' +
    'the last day, and an explanation citing the policy.',
  args: z.object({ order_id: orderIdArg, sku: skuArg.optional().describe('The item to return; omit to check every item of the order.') }),
  async run(args, { commerce }) {
    const r = await commerce.checkReturnEligibility(args.order_id, args.sku);
    const items = (r as typeof r & { items?: unknown[] }).items;
    return {
      order_id: r.orderId,
      sku: r.sku,
      eligible: r.eligible,
      reason: r.reason,
      explanation: r.explanation,
      window_days: r.windowDays,
      days_since_delivery: r.daysSinceDelivery,
      last_day: r.lastDay,
      ...(items ? { items } : {}),
    };
  },
});
