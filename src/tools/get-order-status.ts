import { z } from 'zod';
import type { Order } from '../core/commerce.js';
import { defineTool } from './define-tool.js';
import { orderAccess } from './order-access.js';
import { orderIdArg } from './tool-args.js';
import { day } from './tool-results.js';

/** How many recent orders a signed-in customer sees when they ask without a number. */
const RECENT = 3;

function statusOf(order: Order) {
  return {
    id: order.id,
    status: order.status,
    placed_on: day(order.placedAt),
    delivered_on: day(order.deliveredAt),
    expected_delivery: order.expectedDelivery,
    items: order.items.map((i) => ({ sku: i.sku, name: i.name, quantity: i.quantity })),
    shipments: order.fulfillments.map((f) => ({
      status: f.status,
      carrier: f.carrier,
      tracking_number: f.trackingNumber,
      tracking_url: f.trackingUrl,
      shipped_on: day(f.shippedAt),
      delivered_on: day(f.deliveredAt),
    })),
    cancellable: order.status === 'processing',
  };
}

export const getOrderStatusTool = defineTool({
  name: 'get_order_status',
  readsOrders: true,
  description:
    "Where an order is: status, shipments with carrier, tracking number and tracking link, expected delivery, and whether it can still be cancelled. " +
    'Give order_id when the customer named one; without it, the order this conversation is about ("where is it?"), ' +
    'or, when there is none or recent is true, the verified customer\'s most recent orders. ' +
    'An unverified customer gets verification_needed: then ask for the e-mail on the order.',
  args: z.object({
    order_id: orderIdArg.optional(),
    recent: z.boolean().optional().describe('true: the customer asks about their orders in general, not the one being discussed'),
  }),
  async run(args, ctx) {
    // "Where is it?" after the customer verified an order (or was shown one) is about that order, decided by code.
    const orderId = args.order_id ?? (args.recent ? undefined : (ctx.focusOrder ?? undefined));
    const access = orderAccess(ctx, orderId ?? null);
    if (!access.ok) return access.result;
    if (orderId === undefined) {
      const orders = await ctx.commerce.listOrders(access.customer, { limit: RECENT });
      return { found: orders.length > 0, orders: orders.map(statusOf) };
    }
    const order = await ctx.commerce.getOrder(access.customer, orderId);
    if (!order) {
      const example = ctx.commerce.storeInfo().identifiers.order.example;
      return { found: false, order_id: orderId, message: `No order ${orderId} was found for this customer. Order numbers look like ${example}.` };
    }
    return { found: true, order: statusOf(order) };
  },
});
