import type { Commerce } from '../core/commerce.js';
import { humanize } from './renderers/render-kit.js';

interface WithCategoryInfo {
  categoryInfo(): Array<{ id: string; label: string }>;
}

function hasCategoryInfo(c: Commerce): c is Commerce & WithCategoryInfo {
  return typeof (c as Partial<WithCategoryInfo>).categoryInfo === 'function';
}

/**
 * A category id as people read it ("Computers & tablets"). The Commerce interface only
 * promises ids; a back office that also offers labels (the demo store does) is used,
 * any other falls back to the id with spaces.
 */
export function categoryLabel(commerce: Commerce, id: string): string {
  if (hasCategoryInfo(commerce)) {
    const found = commerce.categoryInfo().find((c) => c.id === id);
    if (found) return found.label;
  }
  return humanize(id);
}

export function categoryLabels(commerce: Commerce): string[] {
  return commerce.categories().map((id) => categoryLabel(commerce, id).toLowerCase());
}
