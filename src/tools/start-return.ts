import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { orderIdArg, skuArg } from './tool-args.js';

export const startReturnTool = defineTool({
  name: 'start_return',
  description:
    'Start a return for one item of an order, only after the customer clearly asked for it. Checks eligibility first; ' +
    'asking again for the same order and item gives back the same return.',
  args: z.object({
    order_id: orderIdArg,
    sku: skuArg,
    reason: z.string({ error: 'must be a string: why the customer is returning it' }).trim().min(2, 'must say why the item is returned').max(500, 'must be at most 500 characters').describe("The customer's reason, briefly."),
  }),
  async run(args, { commerce, conversationId }) {
    const check = await commerce.checkReturnEligibility(args.order_id, args.sku);
    if (!check.eligible && check.reason !== 'already_requested') {
      return { started: false, order_id: check.orderId, sku: check.sku, reason: check.reason, explanation: check.explanation };
    }
    const request = await commerce.startReturn({ orderId: args.order_id, sku: args.sku, reason: args.reason, conversationId });
    return {
      started: true,
      already_requested: check.reason === 'already_requested',
      return: { id: request.id, order_id: request.orderId, sku: request.sku, status: request.status, created_at: request.createdAt, instructions: request.instructions },
    };
  },
});
