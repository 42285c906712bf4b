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
    'Search the store catalog by what the customer wants (product type, use, features). Returns up to 5 best matches with price, ' +
    'key attributes and the words that matched. Budgets in the query ("under 80") are applied as price filters.',
  args: z.object({
    query: z.string({ error: 'must be a string describing what to look for' }).trim().min(1, 'must not be empty').max(300, 'must be at most 300 characters').describe('What the customer is looking for, in their words.'),
    category: categoryArg.optional(),
    max_price: priceArg('Highest price in store currency.').optional(),
    min_price: priceArg('Lowest price in store currency.').optional(),
  }),
  async run(args, { commerce }) {
    let category: string | undefined;
    if (args.category) {
      const resolved = await resolveCategory(commerce, args.category);
      if (!resolved) return { count: 0, products: [], note: `Unknown category "${args.category}". Categories: ${commerce.categories().join(', ')}.` };
      category = resolved;
    }
    const hits = await commerce.searchProducts({
      text: args.query,
      ...(category ? { category } : {}),
      ...(args.max_price !== undefined ? { maxPrice: args.max_price } : {}),
      ...(args.min_price !== undefined ? { minPrice: args.min_price } : {}),
      limit: RESULT_LIMIT,
    });
    if (hits.length === 0) {
      return {
        count: 0,
        products: [],
        note: 'No product in the catalog matches this search. Ask the customer one question to narrow or change it, or suggest a category.',
        categories: commerce.categories(),
      };
    }
    return { count: hits.length, ...(category ? { category } : {}), products: hits.map(hitSummary) };
  },
});
