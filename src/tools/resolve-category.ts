import type { Commerce } from '../core/commerce.js';

const snake = (s: string): string =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|(?<!_)_+$/g, '');

/**
 * The catalog category a model or customer means: the id itself, a spelling of it
 * ("Kitchen Appliances"), a part of it ("kitchen"), or a product word ("mattress")
 * that the catalog search places in one category. Null when nothing fits.
 */
export async function resolveCategory(commerce: Commerce, text: string): Promise<string | null> {
  const ids = commerce.categories();
  const key = snake(text);
  if (!key) return null;
  if (ids.includes(key)) return key;
  const parts = key.split('_').filter((p) => p.length >= 3);
  const partial = ids.filter((id) => parts.some((p) => id.split('_').some((w) => w === p || w === `${p}s` || `${w}s` === p)));
  if (partial.length === 1) return partial[0]!;
  const hits = await commerce.searchProducts({ text, limit: 3 });
  const top = hits.find((h) => h.score > 0);
  return top ? top.product.category : partial[0] ?? null;
}
