import { z } from 'zod';
import type { Commerce, Product } from '../core/commerce.js';
import { ownValue } from '../core/own-keys.js';
import { defineTool } from './define-tool.js';
import { skuArg } from './tool-args.js';
import { productFacts } from './tool-results.js';

/** A comparison table stays readable (and cheap for the model) up to this many products. */
const MAX_COMPARED = 4;
/** Attribute rows of a comparison: the ones most products have come first. */
const MAX_ROWS = 12;

type Value = string | number | boolean | null;

/** The product a name refers to: the exact top hit of a search for it. */
async function byName(commerce: Commerce, name: string): Promise<Product | null> {
  const r = await commerce.findProducts({ text: name, limit: 1 });
  const top = r.hits[0];
  return top && top.match === 'exact' ? top.product : null;
}

/**
 * Products side by side: every attribute any of them has (a missing one is null), price as a
 * number in the store currency, stock, rating and warranty, and which rows differ. Data only:
 * the answer (model or offline) words it.
 */
export function comparison(products: readonly Product[], currency: string) {
  const keys = new Map<string, number>();
  for (const p of products) for (const k of Object.keys(p.attributes)) keys.set(k, (keys.get(k) ?? 0) + 1);
  const rows = [...keys.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_ROWS)
    .map(([name]) => ({ name, values: products.map((p): Value => ownValue(p.attributes, name) ?? null) }));
  const differs = (values: readonly Value[]) => new Set(values.map((v) => JSON.stringify(v))).size > 1;
  const cheapest = [...products].sort((a, b) => a.price - b.price)[0]!;
  return {
    found: true as const,
    currency,
    products: products.map((p) => productFacts(p, currency)),
    attributes: rows,
    differences: [
      ...(differs(products.map((p) => p.price)) ? ['price'] : []),
      ...(differs(products.map((p) => p.warrantyMonths)) ? ['warranty_months'] : []),
      ...rows.filter((r) => differs(r.values)).map((r) => r.name),
    ],
    cheapest: cheapest.sku,
  };
}

export const compareProductsTool = defineTool({
  name: 'compare_products',
  description:
    'Compare two to four products side by side, by SKU or by name: their attributes (null where one lacks it), price (a number in ' +
    'the store currency), stock, rating and warranty, and which of these differ. Use it for "what is the difference between A and B".',
  args: z
    .object({
      skus: z.array(skuArg).max(MAX_COMPARED, `at most ${MAX_COMPARED} products`).optional(),
      names: z
        .array(z.string({ error: 'must be a product name' }).trim().min(2, 'must be a product name').max(120, 'is too long for a product name'))
        .max(MAX_COMPARED, `at most ${MAX_COMPARED} products`)
        .optional()
        .describe('Product names as the customer said them, when the SKUs are not known.'),
    })
    .refine((a) => (a.skus?.length ?? 0) + (a.names?.length ?? 0) >= 2, { error: 'name at least two products (skus or names)' }),
  async run(args, { commerce }) {
    const products: Product[] = [];
    const notFound: string[] = [];
    const add = (p: Product | null, asked: string) => {
      if (!p) notFound.push(asked);
      else if (!products.some((x) => x.sku === p.sku)) products.push(p);
    };
    for (const sku of args.skus ?? []) add(await commerce.getProduct(sku), sku);
    for (const name of args.names ?? []) add(await byName(commerce, name), name);
    const currency = commerce.storeInfo().currency;
    if (products.length < 2) {
      return { found: false, currency, products: products.map((p) => ({ sku: p.sku, name: p.name })), not_found: notFound };
    }
    const table = comparison(products.slice(0, MAX_COMPARED), currency);
    return notFound.length ? { ...table, not_found: notFound } : table;
  },
});
