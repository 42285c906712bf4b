import type { IdentifierShape } from '../core/commerce.js';
import { canonicalIdLike } from './identifiers.js';

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
 * pattern from its data (store.yaml `identifiers`), in canonical form (the store's own, as its
 * example writes it), first seen first.
 */
export function identifiersIn(text: string, shape: IdentifierShape): string[] {
  const out = idsIn(text, shape);
  if (out.length > 0) return out;
  // A store whose numbers join digit groups with a mark (four digits, a dash, four digits) hears
  // them said with a space too: read so, unless the text holds the store's form anyway.
  const mark = groupMark(shape.example);
  return mark !== null && DIGITS_SPACED.test(text) ? idsIn(text.replace(DIGIT_SPACE, `$1${mark}`), shape) : out;
}

/** Digits, a run of spaces or tabs, digits. */
const DIGITS_SPACED = /\d[ \t]+\d/;
const DIGIT_SPACE = /(\d)[ \t]+(?=\d)/g;

/** The mark between two digit groups of the store's example (a dash between digits); null when it has none. */
function groupMark(example: string): string | null {
  return /\d([^\p{L}\p{N}\s])\d/u.exec(example)?.[1] ?? null;
}

function idsIn(text: string, shape: IdentifierShape): string[] {
  const out: string[] = [];
  // exec() on the compiled expression itself, not matchAll(), which makes a new RegExp from it
  // on every call. In the full bench's long-running process, the offline responder spent a third
  // of its CPU on the fuzzer's inputs for the router and the guard (2,000 characters of CJK and
  // astral text) inside identifiersIn itself, outside the expression's compiled code, ~0.45 ms a
  // call, and none when the hostile section ran alone (issue 14). Same matches: a global exec
  // loop is what matchAll runs.
  const re = matcher(shape);
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const id = canonicalIdLike(m[0], shape.example);
    if (!out.includes(id)) out.push(id);
    if (out.length >= MAX_IDS) break;
    // An empty match moves on by one code point, as matchAll does under the u flag.
    if (m[0] === '') re.lastIndex += (text.codePointAt(re.lastIndex) ?? 0) > 0xffff ? 2 : 1;
  }
  return out;
}

/** `text` with every identifier of `shape` for which `keep` returns true blanked out (same matcher as identifiersIn). */
export function withoutIdentifiers(text: string, shape: IdentifierShape, keep: (id: string) => boolean): string {
  return text.replace(matcher(shape), (whole) => (keep(canonicalIdLike(whole, shape.example)) ? ' '.repeat(whole.length) : whole));
}
