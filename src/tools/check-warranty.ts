import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { orderAccess } from './order-access.js';
import { orderIdArg, skuArg } from './tool-args.js';

export const checkWarrantyTool = defineTool({
  name: 'check_warranty',
  readsOrders: true,
  description:
    'Check warranty coverage. With order_id (and sku for orders with several items): covered or not, until when, and why (needs a verified customer; ' +
    "an unverified one gets verification_needed). With only sku: the product's warranty length and what it covers. Give at least one of the two.",
  args: z
    .object({ sku: skuArg.optional(), order_id: orderIdArg.optional() })
    .refine((a) => a.sku !== undefined || a.order_id !== undefined, { message: 'give at least one of sku or order_id' }),
  async run(args, ctx) {
    let s;
    if (args.order_id !== undefined) {
      const access = orderAccess(ctx, args.order_id);
      if (!access.ok) return access.result;
      s = await ctx.commerce.orderWarranty(access.customer, { orderId: args.order_id, ...(args.sku ? { sku: args.sku } : {}) });
    } else {
      s = await ctx.commerce.productWarranty(args.sku!);
    }
    const extra = s as typeof s & { items?: unknown[]; claimId?: string };
    return {
      order_id: s.orderId,
      sku: s.sku,
      product_name: s.productName,
      covered: s.covered,
      reason: s.reason,
      explanation: s.explanation,
      months: s.months,
      expires_on: s.expiresOn,
      covers: s.covers,
      excludes: s.excludes,
      ...(extra.items ? { items: extra.items } : {}),
      ...(extra.claimId ? { open_claim_id: extra.claimId } : {}),
    };
  },
});
