import type { Env } from '../config/config.js';
import type { Usage } from '../core/model.js';

/** USD per million tokens. Cached prompt tokens are billed at their own (lower) rate. */
export interface PriceTable {
  input: number;
  cachedInput: number;
  output: number;
}

export function priceTableFromEnv(env: Pick<Env, 'MODEL_PRICE_INPUT' | 'MODEL_PRICE_CACHED_INPUT' | 'MODEL_PRICE_OUTPUT'>): PriceTable {
  return { input: env.MODEL_PRICE_INPUT, cachedInput: env.MODEL_PRICE_CACHED_INPUT, output: env.MODEL_PRICE_OUTPUT };
}

/**
 * Cost of one usage record in USD. `promptTokens` includes the cached ones (that is how
 * the API reports them), so only the uncached remainder is billed at the full input rate.
 */
export function usageCost(table: PriceTable, usage: Usage): number {
  const cached = Math.min(Math.max(usage.cachedTokens, 0), Math.max(usage.promptTokens, 0));
  const uncached = Math.max(usage.promptTokens, 0) - cached;
  const micro = uncached * table.input + cached * table.cachedInput + Math.max(usage.completionTokens, 0) * table.output;
  return micro / 1_000_000;
}

/** A `(usage) => USD` function, the shape the engine and the benchmarks take. */
export function createPricer(table: PriceTable): (usage: Usage) => number {
  return (usage) => usageCost(table, usage);
}
