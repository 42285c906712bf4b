import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { orderAccess } from './order-access.js';
import { orderIdArg } from './tool-args.js';
import { day } from './tool-results.js';

export const getOrderTool = defineTool({
  name: 'get_order',
  readsOrders: true,
  description:
    "Look up one of the verified customer's orders by its number: status, order and delivery dates, items (SKU, name, quantity, price) and total. " +
    'An unverified customer gets verification_needed: then ask for the e-mail on the order.',
  args: z.object({ order_id: orderIdArg }),
  async run(args, ctx) {
    const access = orderAccess(ctx, args.order_id);
    if (!access.ok) return access.result;
    const order = await ctx.commerce.getOrder(access.customer, args.order_id);
    if (!order) {
      const example = ctx.commerce.storeInfo().identifiers.order.example;
      return { found: false, order_id: args.order_id, message: `No order ${args.order_id} was found for this customer. Order numbers look like ${example}; ask the customer to check the confirmation e-mail.` };
    }
    return {
      found: true,
      // No name, e-mail or address: the model gets only what the answer needs.
      order: {
        id: order.id,
        status: order.status,
        placed_on: day(order.placedAt),
        delivered_on: day(order.deliveredAt),
        items: order.items.map((i) => ({
          sku: i.sku,
          name: i.name,
          quantity: i.quantity,
          unit_price: i.unitPrice,
          ...(i.opened ? { opened: true } : {}),
          ...(i.onSale ? { on_sale: true } : {}),
          ...(i.returned ? { returned: true } : {}),
        })),
        total: order.total,
      },
    };
  },
});
