import type { Commerce } from '../core/commerce.js';
import { ownValue } from '../core/own-keys.js';
import { humanize } from './renderers/render-kit.js';

interface WithCategoryInfo {
  categoryInfo(): Array<{ id: string; label: string; labels?: Partial<Record<string, string>> }>;
}

function hasCategoryInfo(c: Commerce): c is Commerce & WithCategoryInfo {
  return typeof (c as Partial<WithCategoryInfo>).categoryInfo === 'function';
}

/**
 * A category id as people read it ("Computers & tablets"), in the customer's language when the
 * catalog gives the label in it (catalog.yaml `labels`, written as inside a sentence). The Commerce interface only promises
 * ids; a back office that also offers labels (the demo store does) is used, any other falls
 * back to the id with spaces.
 */
export function categoryLabel(commerce: Commerce, id: string, language?: string | null): string {
  if (hasCategoryInfo(commerce)) {
    const found = commerce.categoryInfo().find((c) => c.id === id);
    if (found) return (language && found.labels ? ownValue(found.labels, language) : undefined) ?? found.label;
  }
  return humanize(id);
}

/**
 * A category as named inside a sentence: the label in the customer's language as the catalog
 * writes it (`labels`: German keeps its capitals, "Küchengeräte"), else the label in lower case.
 */
export function categoryWords(commerce: Commerce, id: string, language?: string | null): string {
  if (language && hasCategoryInfo(commerce)) {
    const labels = commerce.categoryInfo().find((c) => c.id === id)?.labels;
    const own = labels ? ownValue(labels, language) : undefined;
    if (own) return own;
  }
  return categoryLabel(commerce, id).toLowerCase();
}

export function categoryLabels(commerce: Commerce, language?: string | null): string[] {
  return commerce.categories().map((id) => categoryWords(commerce, id, language));
}
