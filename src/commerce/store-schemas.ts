import { z } from 'zod';

/** Schemas for the files in skills/_store/. Strict objects: a misspelt key is an error, not a silent default. */

/** The patterns below, shared with the catalog's fast check (catalog-fast-check.ts). */
export const LOWER_SNAKE = /^[a-z][a-z0-9_]*$/;
// Any store's codes: letters, digits and a few separators, no spaces (Shopify SKUs are free text; ids are compared upper-cased).
export const SKU_SHAPE = /^[A-Za-z0-9][A-Za-z0-9._\/-]{0,63}$/;

const nonEmpty = z.string().trim().min(1, 'must not be empty');
/**
 * An identifier written without quotes (`id: 44172093`, `trackingNumber: 15501234567890`): YAML
 * and JSON read it as a number, but it is the code as written. A whole number is read back as
 * its digits; a written form a number cannot keep (leading zeros, too many digits) is kept as
 * text when the file is read (load-store-data.ts).
 */
const digitsAsText = <S extends z.ZodType>(schema: S) =>
  z.preprocess((v) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? String(v) : v), schema);
const code = digitsAsText(nonEmpty);
const categoryId = z.string().regex(LOWER_SNAKE, 'must be a lower_snake category id such as kitchen_appliances');
const skuPattern = digitsAsText(z.string().regex(SKU_SHAPE, 'must be 1-64 letters, digits, ".", "_", "/" or "-", starting with a letter or digit'));
const regexSource = z.string().min(1).max(200).refine((src) => {
  try {
    new RegExp(src, 'iu');
    return true;
  } catch {
    return false;
  }
}, 'must be a valid regular expression');
const identifierShape = z.strictObject({ pattern: regexSource, example: code });
/** A return's or claim's number is `<prefix>-<order digits>-<sku>`; the prefix is the store's. */
const caseIdShape = (fallback: string) =>
  z
    .strictObject({ prefix: z.string().regex(/^[A-Z]{1,8}$/, 'must be 1-8 capital letters such as RMA'), example: code.optional() })
    .default({ prefix: fallback })
    .transform((s) => ({ prefix: s.prefix, example: s.example ?? `${s.prefix}-1001-ABC-123` }));
const money = z.number().nonnegative('must not be negative').finite();
const days = z.number().int('must be a whole number of days').nonnegative('must not be negative');

export const storeInfoSchema = z.strictObject({
  name: nonEmpty,
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO currency code such as USD'),
  supportHours: nonEmpty,
  supportEmail: z.email('must be an email address'),
  supportPhone: nonEmpty,
  website: z.url('must be a URL'),
  /** How order numbers and SKUs look in this store; prompts, the guard and the offline answers read them from here. */
  identifiers: z
    .strictObject({ order: identifierShape, sku: identifierShape, return: caseIdShape('RETURN'), claim: caseIdShape('CLAIM') })
    .default({
      order: { pattern: '#?[A-Za-z]{0,6}[-\\s]?\\d{3,12}', example: '#1001' },
      sku: { pattern: '[A-Za-z]{1,6}-?\\d{2,10}', example: 'ABC-123' },
      return: { prefix: 'RETURN', example: 'RETURN-1001-ABC-123' },
      claim: { prefix: 'CLAIM', example: 'CLAIM-1001-ABC-123' },
    }),
  /**
   * The language the catalog is written in (a locale pack's name, "de"): product search reads
   * catalog and queries with that pack's Snowball stemmer too. Default: the packs' default language.
   * It must name a locale pack of LOCALES_DIR (checked at load: src/commerce/load-store-data.ts);
   * a pack without `stemming: snowball` reads the catalog without one, as a store without the field.
   */
  language: z.string().regex(/^[a-z]{2,3}$/, 'must be a lower-case language code such as de').optional(),
  /** The carriers the store ships with, one tracking number each, for demonstrations; default: the shipments in orders.yaml. */
  shipments: z
    .array(z.strictObject({ carrier: nonEmpty, trackingNumber: code, trackingUrl: z.url('must be a URL').optional() }))
    .max(20, 'at most 20 example shipments')
    .optional(),
});

export const productSchema = z.strictObject({
  sku: skuPattern,
  name: nonEmpty,
  category: categoryId,
  price: money,
  description: nonEmpty,
  attributes: z.record(z.string().regex(LOWER_SNAKE, 'attribute keys must be lower_snake'), z.union([z.string(), z.number(), z.boolean()])),
  tags: z.array(nonEmpty).default([]),
  warrantyMonths: z.number().int().nonnegative(),
  inStock: z.boolean(),
  rating: z.number().min(0).max(5).optional(),
});

export const categorySchema = z.strictObject({
  id: categoryId,
  label: nonEmpty,
  /** Words shoppers use for the category; search maps them onto it. */
  words: z.array(nonEmpty).default([]),
  /**
   * The label in other languages, by locale pack name ({ es: Audio, de: Audio }): how an answer
   * in that language names the category. A language without one uses `label`.
   */
  labels: z.partialRecord(z.string().regex(/^[a-z]{2,3}$/, 'must be a lower-case language code such as de'), nonEmpty).optional(),
});

export const catalogSchema = z.strictObject({
  categories: z.array(categorySchema).default([]),
  products: z.array(productSchema).min(1, 'the catalog needs at least one product'),
});

/** Optional scope shared by exceptions and non-returnable rules; every given key must match. */
const ruleScope = {
  category: categoryId.optional(),
  sku: skuPattern.optional(),
  tag: nonEmpty.optional(),
  whenOpened: z.boolean().optional(),
  onSale: z.boolean().optional(),
};

export const returnPolicySchema = z.strictObject({
  defaultWindowDays: days,
  windows: z.array(z.strictObject({ category: categoryId, days })),
  conditions: z.array(nonEmpty),
  exceptions: z.array(z.strictObject({ ...ruleScope, windowDays: days.optional(), rule: nonEmpty })).default([]),
  nonReturnable: z.array(z.strictObject({ ...ruleScope, reason: nonEmpty })).default([]),
  refundMethod: nonEmpty,
  refundDays: days,
  howToReturn: z.array(nonEmpty).min(1),
});

export const warrantyTermsSchema = z.strictObject({
  defaultMonths: z.number().int().nonnegative(),
  terms: z.array(
    z.strictObject({
      category: categoryId,
      months: z.number().int().nonnegative(),
      covers: z.array(nonEmpty),
      excludes: z.array(nonEmpty),
    }),
  ),
  howToClaim: z.array(nonEmpty).min(1),
  extendedOffer: nonEmpty.optional(),
});

export const orderItemSchema = z.strictObject({
  sku: skuPattern,
  quantity: z.number().int().positive().default(1),
  unitPrice: money.optional(),
  opened: z.boolean().optional(),
  onSale: z.boolean().optional(),
  returned: z.boolean().optional(),
});

const orderStatus = z.enum(['processing', 'shipped', 'delivered', 'cancelled', 'returned']);

export const orderSchema = z
  .strictObject({
    id: skuPattern,
    customer: z.strictObject({ id: code.optional(), name: nonEmpty, email: z.email('must be an email address') }),
    status: orderStatus,
    placedDaysAgo: days,
    deliveredDaysAgo: days.optional(),
    /** For shipped and delivered orders: the carrier and tracking number (the link is built from the carrier's trackingUrl template in the file). */
    shipment: z
      .strictObject({
        carrier: nonEmpty,
        trackingNumber: code,
        trackingUrl: z.url('must be a URL').optional(),
        shippedDaysAgo: days.optional(),
        /** Expected delivery, in days from now, while the order is on its way. */
        expectedInDays: days.optional(),
      })
      .optional(),
    items: z.array(orderItemSchema).min(1, 'an order needs at least one item'),
  })
  .superRefine((o, ctx) => {
    const delivered = o.status === 'delivered' || o.status === 'returned';
    if (delivered && o.deliveredDaysAgo === undefined) {
      ctx.addIssue({ code: 'custom', path: ['deliveredDaysAgo'], message: `is required when status is ${o.status}` });
    }
    if (!delivered && o.deliveredDaysAgo !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['deliveredDaysAgo'], message: `must be absent when status is ${o.status} (not delivered)` });
    }
    if (o.deliveredDaysAgo !== undefined && o.deliveredDaysAgo > o.placedDaysAgo) {
      ctx.addIssue({ code: 'custom', path: ['deliveredDaysAgo'], message: 'cannot be earlier than placedDaysAgo (delivered before it was ordered)' });
    }
  });

export const ordersSchema = z.strictObject({
  orders: z.array(orderSchema),
});

export type StoreInfoFile = z.infer<typeof storeInfoSchema>;
export type CategoryEntry = z.infer<typeof categorySchema>;
export type CatalogFile = z.infer<typeof catalogSchema>;
export type ReturnPolicyFile = z.infer<typeof returnPolicySchema>;
export type WarrantyTermsFile = z.infer<typeof warrantyTermsSchema>;
export type OrdersFile = z.infer<typeof ordersSchema>;
export type OrderFileEntry = z.infer<typeof orderSchema>;
