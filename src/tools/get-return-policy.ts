import { z } from 'zod';
import type { Commerce, Product, ReturnPolicy } from '../core/commerce.js';
import { defineTool } from './define-tool.js';
import { categoryArg } from './tool-args.js';
import { resolveCategory } from './resolve-category.js';

type Scoped = { category?: string; sku?: string; tag?: unknown };

/**
 * Rules that can apply to a category: its own, rules for a SKU or tag found in it, and
 * store-wide ones (e.g. sale items). A back office may scope rules by tag; the core
 * type does not know tags, so they are read defensively.
 */
async function forCategory<T extends Scoped>(commerce: Commerce, rules: readonly T[], category: string): Promise<T[]> {
  let inCategory: Product[] | null = null;
  const products = async () => (inCategory ??= (await commerce.searchProducts({ category, limit: 20 })).map((h) => h.product));
  const out: T[] = [];
  for (const r of rules) {
    if (r.category !== undefined && r.category !== category) continue;
    if (r.sku !== undefined && (await commerce.getProduct(r.sku))?.category !== category) continue;
    if (typeof r.tag === 'string') {
      const tag = r.tag.toLowerCase();
      if (r.category === undefined && !(await products()).some((p) => p.tags.some((t) => t.toLowerCase() === tag))) continue;
    }
    out.push(r);
  }
  return out;
}

export const getReturnPolicyTool = defineTool({
  name: 'get_return_policy',
  description: 'The returns policy: windows (days from delivery), conditions, exceptions, non-returnable items, refund method and how to return. Give a category for just its rules.',
  args: z.object({ category: categoryArg.optional() }),
  async run(args, { commerce }) {
    const policy: ReturnPolicy = commerce.returnPolicy();
    const common = { conditions: policy.conditions, refund_method: policy.refundMethod, refund_days: policy.refundDays, how_to_return: policy.howToReturn };
    if (args.category) {
      const category = await resolveCategory(commerce, args.category);
      if (!category) return { found: false, message: `Unknown category "${args.category}".`, categories: commerce.categories() };
      const blocked = await forCategory(commerce, policy.nonReturnable as ReadonlyArray<ReturnPolicy['nonReturnable'][number] & Scoped & { whenOpened?: boolean }>, category);
      // A rule on the whole category (no SKU, tag or opened condition) means nothing in it goes back.
      const whole = blocked.find((r) => r.category === category && r.sku === undefined && r.tag === undefined && r.whenOpened === undefined);
      const opened = blocked.find((r) => r.whenOpened === true);
      return {
        found: true,
        category,
        returnable: whole === undefined,
        ...(opened ? { returnable_when_opened: false, opened_rule: opened.reason } : {}),
        window_days: policy.windows.find((w) => w.category === category)?.days ?? policy.defaultWindowDays,
        exceptions: (await forCategory(commerce, policy.exceptions, category)).map((e) => e.rule),
        non_returnable: blocked.map((e) => e.reason),
        ...common,
      };
    }
    return {
      found: true,
      default_window_days: policy.defaultWindowDays,
      windows: Object.fromEntries(policy.windows.map((w) => [w.category, w.days])),
      exceptions: policy.exceptions.map((e) => e.rule),
      non_returnable: policy.nonReturnable.map((e) => e.reason),
      ...common,
    };
  },
});
