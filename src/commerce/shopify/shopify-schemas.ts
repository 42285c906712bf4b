import { z } from 'zod';

/**
 * The answers to shopify-queries.ts, validated before use: a field missing or of another type is
 * an invalid_response, never a crash deeper in. Enums are kept open (z.string()): Shopify adds
 * values within a version, and the mapping treats an unknown one conservatively.
 */

const money = z.object({ amount: z.coerce.number(), currencyCode: z.string() });
const moneyBag = z.object({ shopMoney: money });
const nodes = <T extends z.ZodType>(item: T) => z.object({ nodes: z.array(item) });
const pageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });

export const shopifyOrderSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  createdAt: z.string(),
  cancelledAt: z.string().nullable(),
  displayFinancialStatus: z.string().nullable(),
  displayFulfillmentStatus: z.string(),
  customer: z.object({ id: z.string(), email: z.string().nullable(), displayName: z.string() }).nullable(),
  totalPriceSet: moneyBag,
  lineItems: nodes(
    z.object({
      id: z.string(),
      sku: z.string().nullable(),
      name: z.string(),
      quantity: z.number().int(),
      originalUnitPriceSet: moneyBag,
      product: z.object({ productType: z.string() }).nullable(),
    }),
  ),
  fulfillments: z.array(
    z.object({
      status: z.string(),
      displayStatus: z.string().nullable(),
      createdAt: z.string(),
      inTransitAt: z.string().nullable(),
      deliveredAt: z.string().nullable(),
      estimatedDeliveryAt: z.string().nullable(),
      trackingInfo: z.array(z.object({ company: z.string().nullable(), number: z.string().nullable(), url: z.string().nullable() })),
    }),
  ),
});
export type ShopifyOrder = z.infer<typeof shopifyOrderSchema>;

export const ordersAnswer = z.object({ orders: z.object({ pageInfo, nodes: z.array(shopifyOrderSchema) }) });

export const returnableAnswer = z.object({
  returnableFulfillments: nodes(
    z.object({
      id: z.string(),
      returnableFulfillmentLineItems: nodes(
        z.object({ quantity: z.number().int(), fulfillmentLineItem: z.object({ id: z.string(), lineItem: z.object({ id: z.string(), sku: z.string().nullable() }) }) }),
      ),
    }),
  ),
});
export type ReturnableLine = z.infer<typeof returnableAnswer>['returnableFulfillments']['nodes'][number]['returnableFulfillmentLineItems']['nodes'][number];

const userError = z.object({ field: z.array(z.string()).nullable(), message: z.string(), code: z.string().nullable() });

export const returnRequestAnswer = z.object({
  returnRequest: z
    .object({
      return: z.object({ id: z.string(), name: z.string(), status: z.string() }).nullable(),
      userErrors: z.array(userError),
    })
    .nullable(),
});

export const orderCancelAnswer = z.object({
  orderCancel: z
    .object({
      job: z.object({ id: z.string(), done: z.boolean() }).nullable(),
      orderCancelUserErrors: z.array(userError),
    })
    .nullable(),
});

const variant = z.object({
  sku: z.string().nullable(),
  title: z.string(),
  price: z.coerce.number(),
  inventoryQuantity: z.number().int().nullable(),
  availableForSale: z.boolean(),
  selectedOptions: z.array(z.object({ name: z.string(), value: z.string() })),
});
export type ShopifyVariant = z.infer<typeof variant>;

export const shopifyProductSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  productType: z.string(),
  vendor: z.string(),
  tags: z.array(z.string()),
  variants: z.object({ pageInfo, nodes: z.array(variant) }),
});
export type ShopifyProduct = z.infer<typeof shopifyProductSchema>;

export const productsAnswer = z.object({ products: z.object({ pageInfo, nodes: z.array(shopifyProductSchema) }) });
export const productVariantsAnswer = z.object({ product: z.object({ variants: z.object({ pageInfo, nodes: z.array(variant) }) }).nullable() });
