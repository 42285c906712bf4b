import type { ToolCallRecord } from '../core/conversation.js';
import type { ReplyAttachments } from '../core/skill.js';

type ProductCard = NonNullable<ReplyAttachments['products']>[number];

function isProductCard(v: unknown): v is ProductCard {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return typeof o.sku === 'string' && typeof o.name === 'string' && typeof o.price === 'number';
}

function collect(value: unknown, out: ProductCard[], depth = 0): void {
  if (depth > 4 || !value || typeof value !== 'object') return;
  if (isProductCard(value)) {
    const o = value as unknown as Record<string, unknown>;
    out.push({ sku: o.sku as string, name: o.name as string, price: o.price as number, category: String(o.category ?? '') });
    return;
  }
  for (const child of Array.isArray(value) ? value : Object.values(value)) collect(child, out, depth + 1);
}

/**
 * Products the reply actually names, taken from the tools' results (never from the
 * model's text alone), so channels can render them as cards with true prices.
 */
export function productsMentioned(text: string, tools: ToolCallRecord[]): ProductCard[] {
  const seen = new Map<string, ProductCard>();
  const lower = text.toLowerCase();
  for (const record of tools) {
    if (!record.ok) continue;
    const found: ProductCard[] = [];
    collect(record.result, found);
    for (const p of found) {
      if (seen.has(p.sku)) continue;
      if (lower.includes(p.sku.toLowerCase()) || lower.includes(p.name.toLowerCase())) seen.set(p.sku, p);
    }
  }
  return [...seen.values()].slice(0, 6);
}
