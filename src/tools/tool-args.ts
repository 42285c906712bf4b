import { z } from 'zod';

/** Argument building blocks shared by the tools, with messages a model can act on. */

export const orderIdArg = z
  .string({ error: 'must be a string such as "SB-10001"' })
  .trim()
  .min(3, 'must be an order number such as "SB-10001"')
  .max(40, 'is too long for an order number')
  .describe('Order number as the customer gave it, e.g. "SB-10001".');

export const skuArg = z
  .string({ error: 'must be a string such as "KIT-1001"' })
  .trim()
  .min(3, 'must be a product SKU such as "KIT-1001"')
  .max(40, 'is too long for a SKU')
  .describe('Product SKU, e.g. "KIT-1001".');

export const categoryArg = z
  .string({ error: 'must be a string naming a category' })
  .trim()
  .min(1, 'must not be empty')
  .max(60, 'is too long for a category')
  .describe('Catalog category id (e.g. "kitchen_appliances") or a plain word for it ("kitchen", "mattress").');

export const priceArg = (what: string) =>
  z.number({ error: 'must be a number (no currency sign)' }).nonnegative('must not be negative').max(1_000_000, 'is not a realistic price').describe(what);
