import { z } from 'zod';

/**
 * The commerce bridge contract (COMMERCE=http): the one source of the JSON a bridge speaks.
 * The client validates every answer with these schemas, the reference bridge
 * (examples/commerce-bridge/) validates every request with them, and
 * docs/commerce-bridge.openapi.yaml is generated from them (npm run bridge:openapi), so the
 * three cannot drift apart.
 */

const isoDateTime = z.iso.datetime({ offset: true }).describe('ISO 8601 date-time');
const isoDate = z.iso.date().describe('ISO 8601 date');

export const ownerSchema = z
  .object({
    email: z.string().max(254).describe("The verified customer's e-mail, trimmed and lower-cased. Match it case-insensitively against the order's."),
    customerId: z.string().max(128).optional().describe("The store's customer id, when the customer signed in on the store's site."),
  })
  .describe('Whose orders: a bridge answers only orders of this owner (e-mail or customer id), and answers another customer’s order exactly like a missing one.');

export const fulfillmentSchema = z.object({
  status: z.enum(['pending', 'in_transit', 'delivered', 'failed']),
  carrier: z.string().max(200).nullable(),
  trackingNumber: z.string().max(200).nullable(),
  trackingUrl: z.url({ protocol: /^https?$/ }).max(2000).nullable(),
  shippedAt: isoDateTime.nullable(),
  deliveredAt: isoDateTime.nullable(),
  skus: z.array(z.string().max(100)).max(500).describe('SKUs in this shipment; empty when unknown.'),
});

export const orderItemSchema = z.object({
  sku: z.string().min(1).max(100),
  name: z.string().max(500),
  quantity: z.number().int().min(1),
  unitPrice: z.number().min(0),
  category: z.string().max(100).optional().describe("The catalog category (the store folder's category id), when the platform knows it."),
  opened: z.boolean().optional(),
  onSale: z.boolean().optional(),
  returned: z.boolean().optional().describe('Already sent back.'),
  returnableQuantity: z.number().int().min(0).optional().describe('How many the platform still lets the customer return; omit when the platform does not say.'),
});

export const bridgeOrderSchema = z.object({
  id: z.string().min(1).max(64).describe('The order number customers see and type.'),
  customerId: z.string().max(128).optional(),
  customerEmail: z.string().max(254),
  customerName: z.string().max(200),
  placedAt: isoDateTime,
  deliveredAt: isoDateTime.nullable(),
  status: z.enum(['processing', 'shipped', 'delivered', 'cancelled', 'returned']),
  items: z.array(orderItemSchema).max(500),
  total: z.number().min(0),
  currency: z.string().regex(/^[A-Z]{3}$/).optional().describe('ISO 4217; the store currency when absent.'),
  fulfillments: z.array(fulfillmentSchema).max(100),
  expectedDelivery: isoDate.nullable(),
});
export type BridgeOrder = z.infer<typeof bridgeOrderSchema>;

export const findOrderRequest = z.object({ number: z.string().min(1).max(64).describe('The order number as the customer typed it (any case, with or without "#").'), owner: ownerSchema });
export const findOrderResponse = z.object({ order: bridgeOrderSchema.nullable().describe('Null when there is no such order for this owner.') });

export const listOrdersRequest = z.object({ owner: ownerSchema, limit: z.number().int().min(1).max(50) });
export const listOrdersResponse = z.object({ orders: z.array(bridgeOrderSchema).max(50).describe("The owner's orders, newest first.") });

export const returnRequest = z.object({
  orderId: z.string().min(1).max(64),
  sku: z.string().min(1).max(100),
  quantity: z.number().int().min(1),
  reason: z.string().max(500),
  owner: ownerSchema,
});
export const returnResponse = z.object({ returnId: z.string().min(1).max(100).describe("The platform's id for the return, shown to the customer.") });

export const cancelRequest = z.object({ orderId: z.string().min(1).max(64), reason: z.string().max(500), owner: ownerSchema });
export const cancelResponse = z.discriminatedUnion('result', [
  z.object({ result: z.literal('cancelled') }),
  z.object({
    result: z.literal('refused'),
    refusal: z.enum(['already_shipped', 'already_cancelled', 'not_cancellable']),
    detail: z.string().max(500).optional(),
  }),
]);

export const catalogProductSchema = z.object({
  sku: z.string().min(1).max(100),
  name: z.string().max(500),
  category: z.string().max(100),
  price: z.number().min(0),
  description: z.string().max(5000),
  attributes: z.record(z.string().max(100), z.union([z.string().max(500), z.number(), z.boolean()])),
  tags: z.array(z.string().max(100)).max(100),
  warrantyMonths: z.number().int().min(0).optional(),
  inStock: z.boolean(),
  rating: z.number().min(0).max(5).optional(),
});
export const catalogCategorySchema = z.object({ id: z.string().min(1).max(100), label: z.string().max(200), words: z.array(z.string().max(100)).max(50) });
export const catalogResponse = z.object({
  products: z.array(catalogProductSchema).max(1000),
  categories: z.array(catalogCategorySchema).max(1000),
  nextCursor: z.string().max(500).nullable().describe('Pass as `cursor` for the next page; null on the last page.'),
});

export const BRIDGE_ERROR_CODES = ['invalid_request', 'unauthorized', 'order_not_found', 'not_returnable', 'throttled', 'not_supported', 'unavailable', 'internal'] as const;
export const errorResponse = z.object({
  error: z.object({ code: z.enum(BRIDGE_ERROR_CODES).or(z.string().max(100)), message: z.string().max(2000) }),
});

/** The routes, for the client, the reference bridge and the OpenAPI file. */
export const BRIDGE_ROUTES = {
  findOrder: '/v1/orders/find',
  listOrders: '/v1/orders/list',
  requestReturn: '/v1/returns',
  cancelOrder: '/v1/orders/cancel',
  catalog: '/v1/catalog',
} as const;
