/**
 * Char-code scans that do, for plain-ASCII text, exactly what normalize.ts's regex passes do:
 * most customer messages are ASCII, and there the ~15 passes (and NFKC/NFKD, which are the
 * identity on ASCII) were a quarter of a classification. Each function states which passes it
 * replaces; test/router/normalize-ascii.test.ts holds both paths byte-identical.
 */

/** True when every UTF-16 unit is below 0x80. */
export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

const APOSTROPHE = 39;
const BACKTICK = 96;

function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}

function isAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

/**
 * Lower-cased ASCII: the backtick becomes an apostrophe and a letter repeated three or more
 * times is kept twice (the `[\u2018\u2019\u02bc`´]` and `(\p{L})\1{2,}` passes).
 */
export function tidyAscii(s: string): string {
  let out = '';
  let last = 0;
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === BACKTICK) {
      out += `${s.slice(last, i)}'`;
      last = ++i;
    } else if (isLower(c) && i + 2 < n && s.charCodeAt(i + 1) === c && s.charCodeAt(i + 2) === c) {
      let j = i + 3;
      while (j < n && s.charCodeAt(j) === c) j++;
      out += s.slice(last, i + 2);
      last = i = j;
    } else i++;
  }
  return last === 0 ? s : out + s.slice(last);
}

/**
 * Each word with its apostrophes (`[\p{L}\p{N}]+(?:'[\p{L}]+)*'?`, on lower-cased ASCII)
 * replaced by `expand(word)`. `mayChange(s, start, end, apostrophe)`, when given, says whether
 * expand could change the word at s[start, end): a word it rules out is never sliced.
 */
export function expandWordsAscii(
  s: string,
  expand: (w: string) => string,
  mayChange?: (s: string, start: number, end: number, apostrophe: boolean) => boolean,
): string {
  let out = '';
  let last = 0;
  const n = s.length;
  let i = 0;
  while (i < n) {
    if (!isAlnum(s.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    let apostrophe = false;
    while (i < n && isAlnum(s.charCodeAt(i))) i++;
    while (i + 1 < n && s.charCodeAt(i) === APOSTROPHE && isLetter(s.charCodeAt(i + 1))) {
      apostrophe = true;
      i += 2;
      while (i < n && isLetter(s.charCodeAt(i))) i++;
    }
    if (i < n && s.charCodeAt(i) === APOSTROPHE) {
      apostrophe = true;
      i++;
    }
    if (mayChange !== undefined && !mayChange(s, start, i, apostrophe)) continue;
    const w = s.slice(start, i);
    const e = expand(w);
    if (e !== w) {
      out += s.slice(last, start) + e;
      last = i;
    }
  }
  return last === 0 ? s : out + s.slice(last);
}

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/** `\s` restricted to ASCII. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** Clause punctuation `[.!;:,\n\r]`. */
function isClause(c: number): boolean {
  return c === 46 || c === 33 || c === 59 || c === 58 || c === 44 || c === 10 || c === 13;
}

/** The words that `%`, `+`, `=` and `&` become; null for any other character. */
function symbolWord(c: number): string | null {
  if (c === 37) return 'percent';
  if (c === 43) return 'plus';
  if (c === 61) return 'equals';
  if (c === 38) return 'and';
  return null;
}

/**
 * The closing passes of normalizeText on ASCII text, in one scan: symbol words, `?` runs,
 * clause marks (punctuation runs, and dashes between spaces), apostrophes dropped, every other
 * character a space, spaces collapsed and trimmed. Returns the tokens (what splitting the
 * regex path's text at its single spaces gives). `wsFree` tracks what the clause regex sees:
 * whether the character before is a space it has not consumed, so a dash can be a clause mark.
 */
export function finishAscii(s: string, question: string, clause: string): string[] {
  const toks: string[] = [];
  // The token being built: letters, digits and `|` join up until a gap.
  let cur = '';
  let gap = false;
  let wsFree = false;
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (isAlnum(c) || c === 124) {
      let j = i + 1;
      while (j < n) {
        const d = s.charCodeAt(j);
        if (!isAlnum(d) && d !== 124) break;
        j++;
      }
      if (gap && cur !== '') {
        toks.push(cur);
        cur = s.slice(i, j);
      } else cur += s.slice(i, j);
      gap = false;
      i = j;
      wsFree = false;
    } else if (c === APOSTROPHE) {
      i++;
      wsFree = false;
    } else if (isClause(c)) {
      while (i < n && isClause(s.charCodeAt(i))) i++;
      cur = standalone(toks, cur, clause);
      gap = true;
      wsFree = false;
    } else if (c === 63) {
      while (i < n && s.charCodeAt(i) === 63) i++;
      cur = standalone(toks, cur, question);
      gap = true;
      wsFree = true;
    } else if (isSpace(c)) {
      gap = true;
      wsFree = true;
      i++;
    } else if (c === 45 && wsFree) {
      let j = i + 1;
      while (j < n && s.charCodeAt(j) === 45) j++;
      const d = j < n ? s.charCodeAt(j) : -1;
      gap = true;
      wsFree = false;
      if (isSpace(d)) {
        cur = standalone(toks, cur, clause);
        i = j + 1;
      } else if (d === 63 || symbolWord(d) !== null) {
        // The dash's closing space is the one that `?` or the symbol's word starts with.
        cur = standalone(toks, cur, clause);
        i = j;
      } else i = j;
    } else {
      const w = symbolWord(c);
      gap = true;
      if (w !== null) cur = standalone(toks, cur, w);
      wsFree = w !== null;
      i++;
    }
  }
  if (cur !== '') toks.push(cur);
  return toks;
}

/** A token with spaces on both sides: ends the token being built, then stands alone. */
function standalone(toks: string[], cur: string, token: string): string {
  if (cur !== '') toks.push(cur);
  toks.push(token);
  return '';
}
