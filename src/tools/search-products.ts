import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { categoryArg, priceArg } from './tool-args.js';
import { resolveCategory } from './resolve-category.js';
import { hitSummary } from './tool-results.js';

/** Enough choice for a recommendation without flooding the context. */
const RESULT_LIMIT = 5;

export const searchProductsTool = defineTool({
  name: 'search_products',
  description:
    'Search the store catalog by what the customer wants (product type, use, features, budget). Returns up to 5 products with price ' +
    '(a number in the store currency; code in `currency`), key attributes and the words that matched. `match` says how well: ' +
    '"exact" (the kind of product asked for), "related" (only similar products: say the store does not carry exactly that), ' +
    '"none" (the store does not carry it: say so and offer `nearest_categories`). `unmatched` lists the customer\'s words the ' +
    'catalog has nothing for. A budget in the query ("under 80") filters prices; one in another currency than the store\'s is ' +
    'reported in `currency_mismatch` and not applied. `outside_budget` holds the closest real matches beyond the budget. ' +
    'When the customer asks to compare products, `compare_skus` names them: call compare_products with those SKUs.',
  args: z.object({
    query: z.string({ error: 'must be a string describing what to look for' }).trim().min(1, 'must not be empty').max(300, 'must be at most 300 characters').describe('What the customer is looking for, in their words.'),
    category: categoryArg.optional(),
    max_price: priceArg('Highest price in store currency.').optional(),
    min_price: priceArg('Lowest price in store currency.').optional(),
  }),
  async run(args, { commerce, language }) {
    const currency = commerce.storeInfo().currency;
    let category: string | undefined;
    if (args.category) {
      const resolved = await resolveCategory(commerce, args.category);
      if (!resolved) {
        return { match: 'none', count: 0, products: [], currency, unknown_category: args.category, nearest_categories: commerce.categories() };
      }
      category = resolved;
    }
    const r = await commerce.findProducts({
      text: args.query,
      ...(category ? { category } : {}),
      ...(args.max_price !== undefined ? { maxPrice: args.max_price } : {}),
      ...(args.min_price !== undefined ? { minPrice: args.min_price } : {}),
      limit: RESULT_LIMIT,
      ...(language ? { language } : {}),
    });
    return {
      match: r.match,
      count: r.hits.length,
      currency: r.currency,
      ...(category ? { category } : {}),
      products: r.hits.map((h) => hitSummary(h, r.currency)),
      ...(r.nearestCategories.length ? { nearest_categories: r.nearestCategories } : {}),
      ...(r.unmatched.length ? { unmatched: r.unmatched } : {}),
      ...(r.priceFilter ? { price_filter: { ...r.priceFilter, currency: r.currency } } : {}),
      ...(r.currencyMismatch ? { currency_mismatch: r.currencyMismatch } : {}),
      ...(r.outsideBudget.length ? { outside_budget: r.outsideBudget.map((h) => hitSummary(h, r.currency)) } : {}),
      // "Difference between A and B": the products it names, for compare_products.
      ...(r.comparison.length ? { compare_skus: r.comparison.map((p) => p.sku) } : {}),
    };
  },
});
