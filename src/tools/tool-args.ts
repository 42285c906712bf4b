import { z } from 'zod';

/**
 * Argument building blocks shared by the tools, with messages a model can act on. They serve
 * any store, so they name no store's id format: how this store's order numbers and SKUs look
 * is in the prompt (store.yaml `identifiers`, through the demonstrations).
 */

export const orderIdArg = z
  .string({ error: 'must be a string: the order number as the customer gave it' })
  .trim()
  .min(3, 'must be an order number as the customer gave it (at least 3 characters)')
  .max(40, 'is too long for an order number')
  .describe('Order number exactly as the customer gave it, in this store\'s format.');

export const skuArg = z
  .string({ error: 'must be a string: a product SKU from a search result' })
  .trim()
  // As long as a store file's SKU may be (1-64 characters, src/commerce/store-schemas.ts): a
  // store whose SKUs are two characters ("A1") is valid, and its demonstrations call get_product.
  .min(1, 'must be a product SKU from a search result')
  .max(64, 'is too long for a SKU')
  .describe('Product SKU as a search result or the order gives it.');

export const categoryArg = z
  .string({ error: 'must be a string naming a category' })
  .trim()
  .min(1, 'must not be empty')
  .max(60, 'is too long for a category')
  .describe('Catalog category id (one of the store\'s categories) or a plain word for it.');

export const priceArg = (what: string) =>
  z.number({ error: 'must be a number (no currency sign)' }).nonnegative('must not be negative').max(1_000_000, 'is not a realistic price').describe(what);
