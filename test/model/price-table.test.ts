import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/config/config.js';
import { createPricer, priceTableFromEnv, usageCost } from '../../src/model/price-table.js';

describe('price table', () => {
  const table = { input: 2.5, cachedInput: 1.25, output: 10 };

  it('bills uncached prompt, cached prompt and completion tokens at their own rates (USD per million)', () => {
    expect(usageCost(table, { promptTokens: 1_000_000, completionTokens: 0, cachedTokens: 0 })).toBeCloseTo(2.5, 10);
    expect(usageCost(table, { promptTokens: 1_000_000, completionTokens: 0, cachedTokens: 1_000_000 })).toBeCloseTo(1.25, 10);
    expect(usageCost(table, { promptTokens: 0, completionTokens: 1_000_000, cachedTokens: 0 })).toBeCloseTo(10, 10);
    expect(usageCost(table, { promptTokens: 3_000, completionTokens: 400, cachedTokens: 1_000 })).toBeCloseTo((2_000 * 2.5 + 1_000 * 1.25 + 400 * 10) / 1e6, 12);
  });

  it('never bills more cached tokens than prompt tokens, nor negative counts', () => {
    expect(usageCost(table, { promptTokens: 100, completionTokens: 0, cachedTokens: 500 })).toBeCloseTo((100 * 1.25) / 1e6, 12);
    expect(usageCost(table, { promptTokens: -5, completionTokens: -5, cachedTokens: -5 })).toBe(0);
  });

  it('reads MODEL_PRICE_* from the environment, with defaults', () => {
    expect(priceTableFromEnv(parseEnv({ MODEL_PRICE_INPUT: '3', MODEL_PRICE_CACHED_INPUT: '0.3', MODEL_PRICE_OUTPUT: '15' }))).toEqual({
      input: 3,
      cachedInput: 0.3,
      output: 15,
    });
    const defaults = priceTableFromEnv(parseEnv({}));
    expect(defaults.cachedInput).toBeLessThan(defaults.input);
    const price = createPricer(defaults);
    expect(price({ promptTokens: 1_000, completionTokens: 100, cachedTokens: 0 })).toBeGreaterThan(0);
  });
});
