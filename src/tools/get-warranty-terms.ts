import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { categoryArg } from './tool-args.js';
import { resolveCategory } from './resolve-category.js';

/** How many products with a warranty of their own a category without one lists. */
const OWN_WARRANTY_SHOWN = 3;

export const getWarrantyTermsTool = defineTool({
  name: 'get_warranty_terms',
  description: 'Warranty terms: months per category, what is covered and excluded, how to claim, and the extended protection offer. Give a category for its details.',
  args: z.object({ category: categoryArg.optional() }),
  async run(args, { commerce }) {
    const terms = commerce.warrantyTerms();
    const common = { how_to_claim: terms.howToClaim, ...(terms.extendedOffer ? { extended_offer: terms.extendedOffer } : {}) };
    if (args.category) {
      const category = await resolveCategory(commerce, args.category);
      if (!category) return { found: false, message: `Unknown category "${args.category}".`, categories: commerce.categories() };
      const term = terms.terms.find((t) => t.category === category);
      // A category with no terms of its own whose products carry no warranty (gift cards) has none.
      const products = term ? [] : (await commerce.searchProducts({ category, limit: 50 })).map((h) => h.product);
      const noWarranty = !term && products.length > 0 && products.every((p) => p.warrantyMonths === 0);
      const months = noWarranty ? 0 : (term?.months ?? terms.defaultMonths);
      // A category without terms of its own, under a default of none, whose feed gives some
      // products a warranty (the feed's warranty column on one of them): those products, longest first,
      // so no answer says the category has none.
      const own = months === 0 ? products.filter((p) => p.warrantyMonths > 0).sort((a, b) => b.warrantyMonths - a.warrantyMonths) : [];
      return {
        found: true,
        category,
        months,
        ...(own.length ? { products_with_warranty: own.slice(0, OWN_WARRANTY_SHOWN).map((p) => ({ sku: p.sku, name: p.name, warranty_months: p.warrantyMonths })) } : {}),
        covers: term?.covers ?? [],
        excludes: term?.excludes ?? [],
        note: 'Some products carry a longer warranty of their own: see warranty_months on the product.',
        ...common,
      };
    }
    return {
      found: true,
      default_months: terms.defaultMonths,
      months_by_category: Object.fromEntries(terms.terms.map((t) => [t.category, t.months])),
      note: 'Ask with a category for what is covered and excluded; some products carry a longer warranty of their own.',
      ...common,
    };
  },
});
