import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { orderIdArg, skuArg } from './tool-args.js';

export const checkWarrantyTool = defineTool({
  name: 'check_warranty',
  description:
    'Check warranty coverage. With order_id (and sku for orders with several items): covered or not, until when, and why. ' +
    'With only sku: the product\'s warranty length and what it covers. Give at least one of the two.',
  args: z
    .object({ sku: skuArg.optional(), order_id: orderIdArg.optional() })
    .refine((a) => a.sku !== undefined || a.order_id !== undefined, { message: 'give at least one of sku or order_id' }),
  async run(args, { commerce }) {
    const s = await commerce.checkWarranty({ ...(args.sku ? { sku: args.sku } : {}), ...(args.order_id ? { orderId: args.order_id } : {}) });
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
