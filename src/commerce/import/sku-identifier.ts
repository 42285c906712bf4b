import { caseId } from '../identifiers.js';

/** store.yaml's pattern is at most 200 characters (store-schemas.ts); past that the default shape stays. */
const MAX_PATTERN_CHARS = 200;

/**
 * "FM-1901-36" -> "[A-Z]{2}[-\s]?\d{4}[-\s]?\d{2}": a code's runs of letters and digits with
 * their lengths, a dash optional (shoppers drop it, or type a space). Null for a code that is not
 * letters, digits and single dashes, or has no letter or no digit: no shape a shopper would type.
 */
export function skuShapePattern(sku: string): string | null {
  const runs = sku.toUpperCase().match(/[A-Z]+|\d+|-/g);
  if (!runs || runs.length > 9 || runs.join('') !== sku.toUpperCase()) return null;
  if (!runs.some((r) => /^[A-Z]/.test(r)) || !runs.some((r) => /^\d/.test(r))) return null;
  if (runs[0] === '-' || runs.at(-1) === '-' || runs.some((r, i) => r === '-' && runs[i - 1] === '-')) return null;
  return runs.map((r) => (r === '-' ? '[-\\s]?' : /^\d/.test(r) ? `\\d{${r.length}}` : `[A-Z]{${r.length}}`)).join('');
}

export interface SkuIdentifier {
  pattern: string;
  example: string;
}

/**
 * How a new store's SKUs look, from its own catalog: every distinct shape, as alternatives. A
 * folder created by an import copies the default store's info, whose SKU shape is the demo's
 * (KIT-1001), so without this the imported codes (FM-1901-36) were "none of this store's ids"
 * to prompts:check and the guard until someone edited store.yaml. Null when a code has no shape
 * or the shapes do not fit in a pattern: the copied one stays, to be edited.
 */
export function skuIdentifierOf(skus: readonly string[]): SkuIdentifier | null {
  if (skus.length === 0) return null;
  const shapes: string[] = [];
  const seen = new Set<string>();
  for (const sku of skus) {
    const shape = skuShapePattern(sku);
    if (shape === null) return null;
    if (seen.has(shape)) continue;
    seen.add(shape);
    shapes.push(shape);
  }
  // Longer shapes first: "KY-1001-R" is one code, not "KY-1001" and a stray "R".
  shapes.sort((a, b) => b.length - a.length);
  const pattern = shapes.length === 1 ? shapes[0]! : shapes.join('|');
  return pattern.length <= MAX_PATTERN_CHARS ? { pattern, example: skus[0]! } : null;
}

/** A return's or claim's example number with the store's own SKU: `<prefix>-<order digits>-<sku>`. */
export function caseExample(prefix: string, orderExample: string, sku: string): string {
  return caseId(prefix, orderExample, sku);
}
