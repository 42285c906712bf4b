import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { orderIdArg } from './tool-args.js';
import { day } from './tool-results.js';

export const getOrderTool = defineTool({
  name: 'get_order',
  description: 'Look up an order by its number: status, order and delivery dates, items (SKU, name, quantity, price) and total.',
  args: z.object({ order_id: orderIdArg }),
  async run(args, { commerce }) {
    const order = await commerce.getOrder(args.order_id);
    if (!order) {
      return { found: false, order_id: args.order_id, message: `No order ${args.order_id} was found. Order numbers look like SB-10001; ask the customer to check the confirmation email.` };
    }
    return {
      found: true,
      order: {
        id: order.id,
        status: order.status,
        // First name only: enough to greet, without repeating personal data into the context.
        customer_first_name: order.customerName.split(/\s+/)[0] ?? '',
        placed_on: day(order.placedAt),
        delivered_on: day(order.deliveredAt),
        items: order.items.map((i) => {
          const extra = i as typeof i & { onSale?: boolean; returned?: boolean };
          return {
            sku: i.sku,
            name: i.name,
            quantity: i.quantity,
            unit_price: i.unitPrice,
            ...(i.opened ? { opened: true } : {}),
            ...(extra.onSale ? { on_sale: true } : {}),
            ...(extra.returned ? { returned: true } : {}),
          };
        }),
        total: order.total,
      },
    };
  },
});
