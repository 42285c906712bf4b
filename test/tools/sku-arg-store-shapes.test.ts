import { describe, expect, it } from 'vitest';
import { orderItemSchema } from '../../src/commerce/store-schemas.js';
import { skuArg } from '../../src/tools/tool-args.js';

/**
 * Every SKU a store file may hold is one the tools accept: a store with two-character SKUs
 * ("A1") passed the store schema and then failed to start, because the demonstrations made from
 * its catalog call get_product with an argument the tool refused (found by the per-store fuzz).
 */
describe('the tools accept every SKU a store may have', () => {
  it.each(['A', 'A1', 'AB1', 'x'.repeat(64), 'RDB102', 'HLM1401-M'])('%s', (sku) => {
    expect(orderItemSchema.safeParse({ sku }).success).toBe(true);
    expect(skuArg.safeParse(sku).success).toBe(true);
  });

  it('still refuses what no store has', () => {
    for (const bad of ['', '   ', 'x'.repeat(65)]) expect(skuArg.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });
});
