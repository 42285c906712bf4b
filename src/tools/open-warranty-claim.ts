import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { notNamedResult, orderAccess, orderWasNamed } from './order-access.js';
import { orderIdArg, skuArg } from './tool-args.js';

export const openWarrantyClaimTool = defineTool({
  name: 'open_warranty_claim',
  readsOrders: true,
  description:
    'Propose a warranty claim for a faulty item of an order the customer named, after they asked for it and described the fault. Checks coverage; ' +
    'nothing is opened yet: the customer confirms (they reply yes or press the button) and the system then opens the claim. Ask them to confirm.',
  args: z.object({
    order_id: orderIdArg,
    sku: skuArg,
    issue: z.string({ error: 'must be a string describing the fault' }).trim().min(3, 'must describe the fault').max(1000, 'must be at most 1000 characters').describe("What is wrong, in the customer's words."),
  }),
  async run(args, ctx) {
    const access = orderAccess(ctx, args.order_id);
    if (!access.ok) return access.result;
    if (!orderWasNamed(ctx, args.order_id)) return notNamedResult(args.order_id);
    const status = await ctx.commerce.orderWarranty(access.customer, { orderId: args.order_id, sku: args.sku });
    const existing = (status as typeof status & { claimId?: string }).claimId;
    if (existing) return { proposed: false, already_open: true, claim_id: existing, order_id: status.orderId, sku: status.sku, explanation: status.explanation };
    if (!status.covered) {
      return { proposed: false, order_id: status.orderId, sku: status.sku, reason: status.reason, explanation: status.explanation };
    }
    const proposal = ctx.effects.propose({ kind: 'open_warranty_claim', orderId: status.orderId!, sku: status.sku ?? args.sku, ...(status.productName ? { itemName: status.productName } : {}), detail: args.issue });
    return {
      proposed: true,
      needs_confirmation: true,
      proposal_id: proposal.id,
      order_id: status.orderId,
      sku: status.sku,
      item_name: status.productName,
      expires_on: status.expiresOn,
      explanation: status.explanation,
    };
  },
});
