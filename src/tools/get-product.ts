import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { skuArg } from './tool-args.js';
import { productDetail } from './tool-results.js';

export const getProductTool = defineTool({
  name: 'get_product',
  description: 'Full details of one product by SKU: description, all attributes, price (a number in the store currency, code in `currency`), stock and warranty months.',
  args: z.object({ sku: skuArg }),
  async run(args, { commerce }) {
    const product = await commerce.getProduct(args.sku);
    if (!product) return { found: false, sku: args.sku, message: `No product with SKU ${args.sku}. Use search_products to find the right one.` };
    return { found: true, product: productDetail(product, commerce.storeInfo().currency) };
  },
});
