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
  const singles = new Map<number, number>();
  const singleAscii = new Int32Array(0x80);
  const bucketOf = new Uint16Array(0x10000);
  const buckets: Literal[][] = [[]];
  for (const lit of byUnits.values()) {
    if (lit.units.length === 1) {
      const c = lit.units[0]!;
      if (c < 0x80) singleAscii[c]! |= lit.mask;
      else singles.set(c, (singles.get(c) ?? 0) | lit.mask);
      continue;
    }
    const key = pairKey(lit.units[0]!, lit.units[1]!);
    if (bucketOf[key] === 0) {
      bucketOf[key] = buckets.length;
      buckets.push([]);
    }
    buckets[bucketOf[key]!]!.push(lit);
  }

  /** Whether `lit` is at `at`: code unit by code unit, its space taking a whole run of white space. */
  const isAt = (text: string, n: number, at: number, lit: Uint16Array): boolean => {
    let j = at;
    for (let k = 0; k < lit.length; k++) {
      if (j >= n) return false;
      const c = lit[k]!;
      if (canon[text.charCodeAt(j)] !== c) return false;
      j++;
      if (c === SPACE) while (j < n && canon[text.charCodeAt(j)] === SPACE) j++;
    }
    return true;
  };

  return (text) => {
    const n = text.length;
    let found = 0;
    let a = n > 0 ? canon[text.charCodeAt(0)]! : 0;
    for (let i = 0; i < n; i++) {
      // Past the end, a value no literal has second.
      const b = i + 1 < n ? canon[text.charCodeAt(i + 1)]! : 0xffff;
      const single = a < 0x80 ? singleAscii[a]! : singles.size ? (singles.get(a) ?? 0) : 0;
      if (single !== 0) found |= single;
      const bucket = bucketOf[pairKey(a, b)]!;
      if (bucket !== 0) {
        const lits = buckets[bucket]!;
        for (let w = 0; w < lits.length; w++) {
          const lit = lits[w]!;
          if ((lit.mask & ~found) !== 0 && lit.units[0] === a && lit.units[1] === b && isAt(text, n, i, lit.units)) found |= lit.mask;
        }
      }
      if (found === all) return found;
      a = b;
    }
    return found;
  };
}
