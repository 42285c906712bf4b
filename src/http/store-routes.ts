import express from 'express';
import type { Commerce } from '../core/commerce.js';

/** Public store facts for the demo page (the same data the bot answers from). */
export function storeRoutes(commerce: Commerce, opts: { demoSignIn?: boolean } = {}): express.Router {
  const router = express.Router();
  router.get('/', async (_req, res) => {
    const info = commerce.storeInfo();
    const featured = [];
    for (const category of commerce.categories()) {
      const hits = await commerce.searchProducts({ category, limit: 2 });
      featured.push(...hits.map((h) => h.product));
    }
    res.json({
      name: info.name,
      website: info.website,
      // ISO 4217: the page writes prices with it (a CAD store's are not "$").
      currency: info.currency,
      supportHours: info.supportHours,
      categories: commerce.categories(),
      featured: featured.slice(0, 12).map((p) => ({ sku: p.sku, name: p.name, category: p.category, price: p.price })),
      // Development only (DEMO_IDENTITY): the demo page may offer "sign in as a demo customer".
      demoSignIn: opts.demoSignIn === true,
    });
  });
  return router;
}
