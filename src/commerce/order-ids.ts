import type { IdentifierShape } from '../core/commerce.js';
import { canonicalId } from './identifiers.js';

/** At most this many ids are taken from one message: enough for any real request, bounded for any text. */
const MAX_IDS = 8;

const compiled = new Map<string, RegExp>();

/** The store's identifier pattern as a whole-word, case-insensitive, global expression (compiled once per pattern). */
function matcher(shape: IdentifierShape): RegExp {
  let re = compiled.get(shape.pattern);
  if (!re) {
    re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${shape.pattern})(?![\\p{L}\\p{N}])`, 'giu');
    if (compiled.size > 64) compiled.clear();
    compiled.set(shape.pattern, re);
  }
  re.lastIndex = 0;
  return re;
}

/**
 * Identifiers of one kind (order numbers, SKUs) in a customer's text, found with the store's own
 * pattern from its data (store.yaml `identifiers`), in canonical form, first seen first.
 */
export function identifiersIn(text: string, shape: IdentifierShape): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(matcher(shape))) {
    const id = canonicalId(m[0]);
    if (!out.includes(id)) out.push(id);
    if (out.length >= MAX_IDS) break;
  }
  return out;
}

/** `text` with every identifier of `shape` for which `keep` returns true blanked out (same matcher as identifiersIn). */
export function withoutIdentifiers(text: string, shape: IdentifierShape, keep: (id: string) => boolean): string {
  return text.replace(matcher(shape), (whole) => (keep(canonicalId(whole)) ? ' '.repeat(whole.length) : whole));
}
