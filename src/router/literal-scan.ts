/**
 * Which of several sets of literals occur in a text, in one pass over it: the injection
 * filter's pre-check (src/router/injection.ts), where each set holds the words one of its
 * patterns cannot match without. A literal is found as a regular expression with the `i` flag
 * and without `u` finds it (each code unit compared by the language's Canonicalize: its upper
 * case, except that nothing outside ASCII becomes ASCII), and a space in a literal stands for
 * any run of white space (`\s+`), so a pattern that has a literal space or `\s+` there is
 * covered alike.
 */

/** The `i` flag's canonical form of every UTF-16 code unit, white space as one space; built on first use. */
let canonical: Uint16Array | null = null;
const SPACE = 0x20;

function canonicalTable(): Uint16Array {
  if (canonical) return canonical;
  const table = new Uint16Array(0x10000);
  const white = /\s/;
  for (let c = 0; c < 0x10000; c++) {
    if (c < 0x80) {
      table[c] = c >= 0x61 && c <= 0x7a ? c - 0x20 : c;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      table[c] = c;
    } else {
      const upper = String.fromCharCode(c).toUpperCase();
      const u = upper.length === 1 ? upper.charCodeAt(0) : c;
      table[c] = u < 0x80 ? c : u;
    }
  }
  for (let c = 0; c < 0x10000; c++) if (white.test(String.fromCharCode(c))) table[c] = SPACE;
  canonical = table;
  return table;
}

interface Literal {
  units: Uint16Array;
  mask: number;
}

/** Bit `i` of the answer: a literal of `sets[i]` occurs in the text. */
export type LiteralScan = (text: string) => number;

const pairKey = (a: number, b: number) => ((a << 7) ^ b) & 0xffff;

/**
 * Compiles the sets (at most 31). Literals of two or more code units are indexed by their
 * first two (canonical), so each position of the text costs a table read and only the
 * literals starting with its two code units are compared; literals of one code unit by a
 * table of their own. A literal whose sets are all found already is not compared again, and
 * the pass ends once every set is found, so the work is linear in the text's length.
 */
export function createLiteralScan(sets: ReadonlyArray<readonly string[]>): LiteralScan {
  if (sets.length > 31) throw new Error('at most 31 sets of literals');
  const canon = canonicalTable();
  const byUnits = new Map<string, Literal>();
  for (let s = 0; s < sets.length; s++) {
    for (const raw of sets[s]!) {
      const text = raw.trim().replace(/\s+/g, ' ');
      if (!text) continue;
      const units = new Uint16Array(text.length);
      for (let k = 0; k < text.length; k++) units[k] = canon[text.charCodeAt(k)]!;
      const key = String.fromCharCode(...units);
      const known = byUnits.get(key);
      if (known) known.mask |= 1 << s;
      else byUnits.set(key, { units, mask: 1 << s });
    }
  }
  const all = sets.reduce((m, _, s) => m | (1 << s), 0);
  const singleAscii = new Int32Array(0x80);
  const singles = new Map<number, number>();
  // Literals of two or more units, grouped by the key of their first two: `first[key]` to
  // `first[key + 1]` in `order` (flat arrays: one literal is `pool[start]` .. `pool[start + length]`).
  const longer: Literal[] = [];
  for (const lit of byUnits.values()) {
    if (lit.units.length > 1) longer.push(lit);
    else if (lit.units[0]! < 0x80) singleAscii[lit.units[0]!]! |= lit.mask;
    else singles.set(lit.units[0]!, (singles.get(lit.units[0]!) ?? 0) | lit.mask);
  }
  longer.sort((x, y) => pairKey(x.units[0]!, x.units[1]!) - pairKey(y.units[0]!, y.units[1]!));
  const first = new Uint16Array(0x10001);
  const start = new Int32Array(longer.length);
  const length = new Int32Array(longer.length);
  const masks = new Int32Array(longer.length);
  const pool = new Uint16Array(longer.reduce((n, l) => n + l.units.length, 0));
  let at = 0;
  longer.forEach((lit, i) => {
    first[pairKey(lit.units[0]!, lit.units[1]!) + 1]!++;
    start[i] = at;
    length[i] = lit.units.length;
    masks[i] = lit.mask;
    pool.set(lit.units, at);
    at += lit.units.length;
  });
  for (let k = 1; k <= 0x10000; k++) first[k]! += first[k - 1]!;
  const hasSingles = singles.size > 0;

  return (text) => {
    const n = text.length;
    let found = 0;
    let a = n > 0 ? canon[text.charCodeAt(0)]! : 0;
    for (let i = 0; i < n; i++) {
      // Past the end, a value no literal has second.
      const b = i + 1 < n ? canon[text.charCodeAt(i + 1)]! : 0xffff;
      if (a < 0x80) found |= singleAscii[a]!;
      else if (hasSingles) found |= singles.get(a) ?? 0;
      const key = ((a << 7) ^ b) & 0xffff;
      for (let w = first[key]!, end = first[key + 1]!; w < end; w++) {
        if ((masks[w]! & ~found) === 0) continue;
        const from = start[w]!;
        if (pool[from] !== a || pool[from + 1] !== b) continue;
        // From the second unit on (a space in the literal takes a whole run of white space).
        let j = i + 1;
        let k = 1;
        const len = length[w]!;
        for (; k < len; k++) {
          if (j >= n) break;
          const c = pool[from + k]!;
          if (canon[text.charCodeAt(j)] !== c) break;
          j++;
          if (c === SPACE) while (j < n && canon[text.charCodeAt(j)] === SPACE) j++;
        }
        if (k === len) found |= masks[w]!;
      }
      if (found === all) return found;
      a = b;
    }
    return found;
  };
}
