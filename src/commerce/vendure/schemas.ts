import { z } from 'zod';

/**
 * The shapes the connector reads from Vendure's Admin API, validated before use. Only what is
 * asked for is described; anything else Vendure adds is ignored.
 */

const id = z.union([z.string(), z.number()]).transform(String);
const money = z.number().int();
const dateTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: 'not a date-time' });

export const vendureFulfillment = z.object({
  id,
  state: z.string(),
  method: z.string(),
  trackingCode: z.string().nullable(),
  createdAt: dateTime,
  updatedAt: dateTime,
  lines: z.array(z.object({ orderLineId: id, quantity: z.number().int() })),
  customFields: z.record(z.string(), z.unknown()).nullable().optional(),
});

export const vendureOrder = z.object({
  id,
  code: z.string(),
  state: z.string(),
  active: z.boolean(),
  orderPlacedAt: dateTime.nullable(),
  createdAt: dateTime,
  currencyCode: z.string(),
  totalWithTax: money,
  customer: z.object({ id, firstName: z.string(), lastName: z.string(), emailAddress: z.string() }).nullable(),
  lines: z.array(
    z.object({
      id,
      quantity: z.number().int(),
      orderPlacedQuantity: z.number().int(),
      unitPriceWithTax: money,
      discountedUnitPriceWithTax: money,
      proratedUnitPriceWithTax: money,
      productVariant: z.object({ id, sku: z.string(), name: z.string() }),
    }),
  ),
  fulfillments: z.array(vendureFulfillment).nullable(),
  payments: z.array(z.object({ id, state: z.string(), amount: money, refunds: z.array(z.object({ state: z.string(), total: money })) })).nullable(),
  history: z.object({
    items: z.array(z.object({ createdAt: dateTime, data: z.record(z.string(), z.unknown()).nullable() })),
  }),
});
export type VendureOrder = z.infer<typeof vendureOrder>;

export const ordersByCodeResult = z.object({ orders: z.object({ items: z.array(vendureOrder) }) });
export const ordersByEmailResult = z.object({
  customers: z.object({ items: z.array(z.object({ id, orders: z.object({ items: z.array(vendureOrder) }) })) }),
});
export const ordersByCustomerResult = z.object({
  customer: z.object({ id, orders: z.object({ items: z.array(vendureOrder) }) }).nullable(),
});
export const orderByIdResult = z.object({ order: vendureOrder.nullable() });

const errorResult = z.object({ __typename: z.string(), errorCode: z.string(), message: z.string() });

export const cancelResult = z.object({
  cancelOrder: z.union([z.object({ __typename: z.literal('Order'), id, state: z.string() }), errorResult]),
});
export const refundResult = z.object({
  refundOrder: z.union([z.object({ __typename: z.literal('Refund'), id, state: z.string(), total: money }), errorResult]),
});
export const cancelPaymentResult = z.object({
  cancelPayment: z.union([z.object({ __typename: z.literal('Payment'), id, state: z.string() }), errorResult]),
});
export const noteResult = z.object({
  addNoteToOrder: z.object({ id, history: z.object({ items: z.array(z.object({ id })) }) }),
});
export const precisionResult = z.object({
  globalSettings: z.object({ serverConfig: z.object({ moneyStrategyPrecision: z.number().int().min(0).max(8) }) }),
});

const facetValue = z.object({ code: z.string(), name: z.string(), facet: z.object({ code: z.string(), name: z.string() }) });
export const vendureVariant = z.object({
  id,
  sku: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  price: money,
  priceWithTax: money,
  currencyCode: z.string(),
  stockLevel: z.string(),
  facetValues: z.array(facetValue),
  product: z.object({ id, name: z.string(), description: z.string(), enabled: z.boolean(), facetValues: z.array(facetValue) }),
});
export type VendureVariant = z.infer<typeof vendureVariant>;
export const variantsPageResult = z.object({ productVariants: z.object({ totalItems: z.number().int().nonnegative(), items: z.array(vendureVariant) }) });
