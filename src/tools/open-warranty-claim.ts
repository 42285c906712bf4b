import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { orderIdArg, skuArg } from './tool-args.js';

export const openWarrantyClaimTool = defineTool({
  name: 'open_warranty_claim',
  description:
    'Open a warranty claim for a faulty item, only after the customer asked for it and described the fault. Checks coverage first; ' +
    'asking again for the same order and item gives back the same claim.',
  args: z.object({
    order_id: orderIdArg,
    sku: skuArg,
    issue: z.string({ error: 'must be a string describing the fault' }).trim().min(3, 'must describe the fault').max(1000, 'must be at most 1000 characters').describe('What is wrong, in the customer\'s words.'),
  }),
  async run(args, { commerce, conversationId }) {
    const status = await commerce.checkWarranty({ orderId: args.order_id, sku: args.sku });
    const existing = (status as typeof status & { claimId?: string }).claimId;
    if (!status.covered && !existing) {
      return { opened: false, order_id: status.orderId, sku: status.sku, reason: status.reason, explanation: status.explanation };
    }
    const claim = await commerce.openWarrantyClaim({ orderId: args.order_id, sku: args.sku, issue: args.issue, conversationId });
    return {
      opened: true,
      already_open: Boolean(existing),
      claim: { id: claim.id, order_id: claim.orderId, sku: claim.sku, status: claim.status, created_at: claim.createdAt, next_steps: claim.nextSteps },
    };
  },
});
