/**
 * Tokens and stems shared by product search and the offline responder. Deliberately
 * tiny: a catalog of a few hundred items needs consistent stemming on both sides, not
 * linguistics.
 */

/** Plain ASCII: no accents to fold, so lower case is the whole job (most catalog text, at 100k products). */
function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

/** Lower-case, accents folded ("colchón" -> "colchon", "Kopfhörer" -> "kopfhorer"). */
export function fold(text: string): string {
  if (isAscii(text)) return text.toLowerCase();
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .toLowerCase();
}

export function words(text: string): string[] {
  return fold(text).match(/[a-z0-9]+(?:\.[0-9]+)?/g) ?? [];
}

const DOUBLED = /([bdfgklmnprt])\1$/;

/** Plural and -ing/-ed endings off, so "blenders"/"blender", "running"/"run", "cushioned"/"cushion" meet. */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) return `${w.slice(0, -3)}y`;
  if (w.endsWith('sses')) return w.slice(0, -2);
  if (w.endsWith('ches') || w.endsWith('shes') || w.endsWith('xes')) return w.slice(0, -2);
  if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length > 5) {
    w = w.slice(0, -3);
    if (DOUBLED.test(w)) w = w.slice(0, -1);
  } else if (w.endsWith('ed') && w.length > 4 && !w.endsWith('eed')) {
    w = w.slice(0, -2);
    if (DOUBLED.test(w)) w = w.slice(0, -1);
  }
  return w;
}

export function stems(text: string): string[] {
  return words(text).map(stem);
}

// Two rows reused by every call: product search measures an unknown query word against the
// whole catalog vocabulary, and two fresh arrays per pair were most of that scan's cost.
let prevRow = new Int32Array(64);
let curRow = new Int32Array(64);

/** Levenshtein distance with an early exit above `max` (typo tolerance for longer words only). */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (prevRow.length <= b.length) {
    prevRow = new Int32Array(b.length * 2 + 2);
    curRow = new Int32Array(b.length * 2 + 2);
  }
  let prev = prevRow;
  let cur = curRow;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1));
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[b.length]!;
}
