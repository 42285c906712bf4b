/**
 * Personal data a customer types (e-mail addresses, card numbers, phone numbers), found and
 * masked in linear time. The text is first read through a folded view of the same length:
 * decimal digits of every script (fullwidth, Arabic-Indic, Devanagari...) read as ASCII digits,
 * invisible format characters (zero-width space, soft hyphen, word joiner...) as a separator,
 * dashes as '-', the fullwidth and small at signs as '@'. Numbers are then runs of digits with
 * short separators, and e-mail addresses are grown outwards from each '@' within bounded
 * lengths, so a hostile 2,000-character message costs a few passes. Masks are written over the
 * original text at the same offsets.
 */

const MAX_LOCAL = 64;
const MAX_DOMAIN = 253;
/** Stands for an invisible format character (or the second half of an astral digit) in the folded view. */
const HIDDEN = '\u0001';

// Non-ASCII characters the folded view rewrites (one UTF-16 unit in, one out; astral: two and two).
const FOLDED = /(?![\0-\x7f])[\p{Nd}\p{Cf}\p{Pd}\uff20\ufe6b\uff0e\u3002\uff61]/gu;
const DIGIT = /^\p{Nd}$/u;
const FORMAT = /^\p{Cf}$/u;
const DASH = /^\p{Pd}$/u;
const AT_SIGNS = new Set(['\uff20', '\ufe6b']);
const DOTS = new Set(['\uff0e', '\u3002', '\uff61']);
const NON_ASCII = /[^\0-\x7f]/;

/** The value (0-9) of a decimal digit of any script; Unicode puts each script's digits in runs of ten from 0. */
const digitValues = new Map<number, number>();
function digitValue(cp: number): number {
  let v = digitValues.get(cp);
  if (v === undefined) {
    let start = cp;
    // The longest run of consecutive decimal digits is 50 (the mathematical digits): bounded.
    while (cp - start < 60 && DIGIT.test(String.fromCodePoint(start - 1))) start--;
    v = (cp - start) % 10;
    digitValues.set(cp, v);
  }
  return v;
}

/** The folded view of `text`: same length, same offsets (see the file comment). */
export function foldForDetection(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  return text.replace(FOLDED, (ch) => {
    let folded = foldedChars.get(ch);
    if (folded === undefined) {
      if (foldedChars.size >= 4096) foldedChars.clear();
      folded = foldChar(ch);
      foldedChars.set(ch, folded);
    }
    return folded;
  });
}

/** Folded forms of the characters seen lately: hostile text repeats a few characters many times. */
const foldedChars = new Map<string, string>();

function foldChar(ch: string): string {
  const tail = ch.length === 2 ? HIDDEN : '';
  if (DIGIT.test(ch)) return String.fromCharCode(48 + digitValue(ch.codePointAt(0)!)) + tail;
  if (FORMAT.test(ch)) return HIDDEN + tail;
  if (AT_SIGNS.has(ch)) return '@';
  if (DOTS.has(ch)) return '.';
  if (DASH.test(ch)) return '-' + tail;
  return ch;
}

// A digit, then digits with at most four separators between each two (spaces, brackets, dots,
// dashes, hidden characters: "4111 - 1111", an astral digit then " - "). Separators and digits are
// disjoint classes, so a failed attempt backtracks at most a few characters. A run is only where
// to look: it is cut into the numbers it holds before anything is masked (see maskRun).
const NUMBER_RUN = /\+?\(?\d(?:[\s().\u0001-]{0,4}\d){6,}/g;
const GROUPS = /\d+/g;

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * A card number written as whole groups inside a longer number ("ref 1234 5678 4111 1111 1111 1111"):
 * consecutive groups of 13-19 digits that pass Luhn, as its last four digits. `bounds` are the
 * group boundaries as offsets into `digits`. Each window's Luhn sum comes from prefix sums (one
 * for each choice of which positions are doubled), and windows grow from each group only up to
 * 19 digits, so the work is linear in the number. `accept` (given the window as group indices
 * [i, j)) may turn a window down; the first one accepted is returned.
 */
function cardInside(digits: string, bounds: readonly number[], accept?: (i: number, j: number) => boolean): CardWindow | null {
  const n = digits.length;
  // doubledEven[k] / doubledOdd[k]: the Luhn sum of the digits before k with even / odd positions doubled.
  const doubledEven = new Uint32Array(n + 1);
  const doubledOdd = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const d = digits.charCodeAt(i) - 48;
    const dd = d * 2 > 9 ? d * 2 - 9 : d * 2;
    doubledEven[i + 1] = doubledEven[i]! + (i % 2 === 0 ? dd : d);
    doubledOdd[i + 1] = doubledOdd[i]! + (i % 2 === 1 ? dd : d);
  }
  for (let i = 0; i < bounds.length - 1; i++) {
    for (let j = i + 1; j < bounds.length; j++) {
      const a = bounds[i]!;
      const b = bounds[j]!;
      if (b - a > 19) break;
      if (b - a < 13) continue;
      // Luhn doubles every second digit from the right: positions of the parity opposite to b - 1.
      const sums = (b - 1) % 2 === 0 ? doubledOdd : doubledEven;
      if ((sums[b]! - sums[a]!) % 10 === 0 && (!accept || accept(i, j))) return { i, j, last4: digits.slice(b - 4, b) };
    }
  }
  return null;
}

/** A card found inside a number: its groups [i, j) and its last four digits. */
interface CardWindow {
  i: number;
  j: number;
  last4: string;
}

/** What stands for an address's local part but its first character (one UTF-16 unit each). */
const MASK_DOTS = '•••';

/** "j•••@example.com": enough for an agent to recognise, not enough to reuse. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '[email]';
  return `${String.fromCodePoint(email.codePointAt(0)!)}${MASK_DOTS}${email.slice(at)}`;
}

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const LETTER = /\p{L}/u;

/** ASCII characters of an address: 1 in a local part, 2 in a domain, 3 in both. */
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9.\u0001-]/.test(ch)) ASCII_CLASS[c] = 3;
  else if (/[_%+]/.test(ch)) ASCII_CLASS[c] = 1;
}

/** Whether the character at `i` may be part of an address (`part` 1: local part, 2: domain); any letter, mark or digit of any script may. */
function addressChar(text: string, i: number, part: 1 | 2): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x80) return (ASCII_CLASS[c]! & part) !== 0;
  if (c >= 0xd800 && c <= 0xdfff) return true;
  return WORD_CHAR.test(text[i]!);
}

/**
 * Writing systems an address does not run across: one of Chinese and Japanese text run together
 * ("邮箱john@example.com谢谢") ends where the script changes. Chinese characters and kana are one
 * system (Japanese mixes them in one word); a letter of none of these is "other".
 */
const SCRIPTS = [
  /\p{Script_Extensions=Latin}/u,
  /[\p{Script_Extensions=Han}\p{Script_Extensions=Hiragana}\p{Script_Extensions=Katakana}\p{Script_Extensions=Bopomofo}]/u,
  /\p{Script_Extensions=Hangul}/u,
  /\p{Script_Extensions=Cyrillic}/u,
  /\p{Script_Extensions=Greek}/u,
  /\p{Script_Extensions=Arabic}/u,
  /\p{Script_Extensions=Hebrew}/u,
  /\p{Script_Extensions=Thai}/u,
  /\p{Script_Extensions=Devanagari}/u,
];
const OTHER_SCRIPT = SCRIPTS.length + 1;
const scripts = new Map<number, number>();

/** The writing system (1...) of the letter at `i`, 0 for anything else (digits, marks, dots, dashes: they go with any letters). */
function scriptAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0x80) return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a ? 1 : 0;
  const cp = c >= 0xdc00 && c <= 0xdfff && i > 0 ? text.codePointAt(i - 1)! : text.codePointAt(i)!;
  let script = scripts.get(cp);
  if (script === undefined) {
    const ch = String.fromCodePoint(cp);
    script = 0;
    if (LETTER.test(ch)) {
      const k = SCRIPTS.findIndex((re) => re.test(ch));
      script = k === -1 ? OTHER_SCRIPT : k + 1;
    }
    if (scripts.size >= 4096) scripts.clear();
    scripts.set(cp, script);
  }
  return script;
}

/** Whether the character at `i` may be part of an address in `script` (0: none seen yet); returns the script it then has. -1: it may not. */
function addressCharIn(text: string, i: number, part: 1 | 2, script: number): number {
  if (!addressChar(text, i, part)) return -1;
  const own = scriptAt(text, i);
  if (own === 0) return script;
  return script === 0 || own === script ? own : -1;
}

/**
 * The e-mail addresses in the folded text as [start, end) offsets: each '@' with the local part
 * before it and the domain after it (at least one dot, a last label of two or more characters
 * with a letter), edge dots and dashes left out. Local part and domain each stay in one writing
 * system and stop at another '@', so no character is read more than three times.
 */
function emailSpans(folded: string, max: number): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let from = 0;
  for (let at = folded.indexOf('@'); at !== -1 && spans.length < max; at = folded.indexOf('@', at + 1)) {
    let start = at;
    for (let script = 0; start > from && at - start < MAX_LOCAL; start--) {
      script = addressCharIn(folded, start - 1, 1, script);
      if (script === -1) break;
    }
    while (start < at && (folded[start] === '.' || folded[start] === '-' || folded[start] === HIDDEN)) start++;
    let end = at + 1;
    for (let script = 0; end < folded.length && end - at - 1 < MAX_DOMAIN; end++) {
      script = addressCharIn(folded, end, 2, script);
      if (script === -1) break;
    }
    while (end > at + 1 && (folded[end - 1] === '.' || folded[end - 1] === '-' || folded[end - 1] === HIDDEN)) end--;
    if (start === at) continue;
    const domain = folded.slice(at + 1, end);
    const dot = domain.lastIndexOf('.');
    const tld = domain.slice(dot + 1);
    if (dot < 1 || tld.length < 2 || !LETTER.test(tld)) continue;
    spans.push([start, end]);
    from = end;
  }
  return spans;
}

/**
 * The text with each e-mail address blanked (a space), for the readers that work out what the
 * customer asks: an address's parts are not words of the request ("com" matched computers, a
 * name came back as "we don't carry maya"). The identity step reads the addresses themselves.
 */
export function withoutEmails(text: string): string {
  if (!text.includes('@') && !NON_ASCII.test(text)) return text;
  const folded = foldForDetection(text);
  // A stored message holds its addresses masked (maskPii: "m•••@example.com"); read that way, the
  // dots are no address characters and the domain came back as words ("we don't carry example").
  // Same length, so the offsets still fit the text.
  const readable = folded.includes(`${MASK_DOTS}@`) ? folded.replaceAll(`${MASK_DOTS}@`, 'xxx@') : folded;
  const spans = emailSpans(readable, Number.MAX_SAFE_INTEGER);
  if (spans.length === 0) return text;
  let out = '';
  let pos = 0;
  for (const [found, end] of spans) {
    const at = readable.indexOf('@', found);
    // The whole run the mask would cover ("иван.petrov@…" is one name), as maskPii does; a mask's
    // own first character too, whatever its script ("и•••@mail.ru").
    let start = maskedLocalStart(readable, found, at, pos);
    if (start === at - MASK_DOTS.length && folded.startsWith(MASK_DOTS, start) && start > pos) {
      start -= start >= 2 && /[\udc00-\udfff]/.test(folded[start - 1]!) ? 2 : 1;
    }
    out += `${text.slice(pos, start)} `;
    pos = end;
  }
  return out + text.slice(pos);
}

/** E-mail addresses in the text, as typed (without surrounding punctuation), first seen first. */
export function emailsIn(text: string, max = 4): string[] {
  if (!text.includes('@') && !NON_ASCII.test(text)) return [];
  const out: string[] = [];
  for (const [start, end] of emailSpans(foldForDetection(text), max)) {
    const email = text.slice(start, end);
    if (!out.includes(email)) out.push(email);
  }
  return out;
}

const PHONE_MIN = 7;
const PHONE_MAX = 15;
const CARD_MIN = 13;
const CARD_MAX = 19;

type Edit = { start: number; end: number; with: string };

/** A group of digits in the folded text, [start, end); `id`: one of the store's own identifiers, kept as typed. */
interface Group {
  start: number;
  end: number;
  id: boolean;
}

/** Separators between two groups that end one number ("0612345678 - 0698765432", "…4567  555…", a line break); brackets and hidden characters do not count. */
function endsNumber(folded: string, from: number, to: number): boolean {
  let width = 0;
  for (let i = from; i < to; i++) {
    const c = folded[i]!;
    if (c === '\n' || c === '\r') return true;
    if (c !== HIDDEN && c !== '(' && c !== ')') width++;
  }
  return width >= 2;
}

/**
 * Whether a store identifier's digits are joined to a letter or sign of the identifier ("NB-204518",
 * "#10012", "LB0004711"): then they cannot be part of a phone or card number. One joined by a
 * space ("NB 204518", a SKU shape that reads "phone 0612") may be.
 */
function signed(folded: string, ids: string, g: Group): boolean {
  const sign = (i: number) => {
    const c = folded.charCodeAt(i);
    return i >= 0 && i < folded.length && ids.charCodeAt(i) !== c && !(c >= 48 && c <= 57) && !/\s/.test(folded[i]!) && c !== 1;
  };
  return sign(g.start - 1) || sign(g.end);
}

/**
 * Whether groups [i, j) are printed the way a card is: four groups of four digits, the first a
 * card's leading digit (2-6). Identifiers alone are a card only then ("card 4111 1111 1111 1111"
 * where the store's SKUs are four digits); "orders 1001 1002 1003 1004" stay orders.
 */
function printedAsCard(folded: string, groups: readonly Group[], i: number, j: number): boolean {
  if (j - i !== 4) return false;
  for (let k = i; k < j; k++) if (groups[k]!.end - groups[k]!.start !== 4) return false;
  const lead = folded.charCodeAt(groups[i]!.start);
  return lead >= 50 && lead <= 54;
}

/**
 * Masks the numbers in folded[from, to), a stretch of a number run with no e-mail address in it.
 * The stretch is cut at the store's identifiers and at wide separators; each piece is judged on
 * its own (card: 13-19 digits passing Luhn; phone: 7-15 digits), short pieces between wide
 * separators together ("4111 - 1111 - 1111 - 1111"). A piece of more than 15 digits is a card
 * when one is inside it, else each phone-sized stretch of its groups is masked. An identifier of
 * digits only is kept only when no short piece stands next to it ("01632 960001" is a phone even
 * when the store's order numbers are five digits; "orders 10012 10013" are two orders).
 */
function maskNumbers(folded: string, from: number, to: number, atRunStart: boolean, ids: string | null, edits: Edit[]): void {
  const groups: Group[] = [];
  for (let i = from; i < to; ) {
    const c = folded.charCodeAt(i);
    if (c < 48 || c > 57) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < to && folded.charCodeAt(end) >= 48 && folded.charCodeAt(end) <= 57) end++;
    let id = ids !== null;
    for (let k = i; id && k < end; k++) id = ids!.charCodeAt(k) !== folded.charCodeAt(k);
    groups.push({ start: i, end, id });
    i = end;
  }
  const digitsIn = (a: number, b: number) => {
    let n = 0;
    for (let k = a; k < b; k++) n += groups[k]!.end - groups[k]!.start;
    return n;
  };
  const wide = (k: number) => k > 0 && endsNumber(folded, groups[k - 1]!.end, groups[k]!.start);
  // An identifier of digits only with a short piece of number next to it is part of that number.
  if (ids !== null) {
    // A card among them, across wide separators too ("card 4111 - 1111 - 1111 - 1111" where "card 4111" reads as a SKU).
    let all = '';
    const bounds = [0];
    for (const g of groups) bounds.push((all += folded.slice(g.start, g.end)).length);
    // Only a window that holds a number of the customer's own is a card ("orders 10012 10013 10014" can pass Luhn), unless the ids alone are printed as a card is.
    if (all.length >= CARD_MIN && groups.some((g) => g.id)) {
      cardInside(all, bounds, (i, j) => {
        if (!groups.slice(i, j).some((g) => !g.id) && !printedAsCard(folded, groups, i, j)) return false;
        for (let k = i; k < j; k++) if (!signed(folded, ids, groups[k]!)) groups[k]!.id = false;
        return false;
      });
    }
    for (let p = 0; p < groups.length; ) {
      let q = p + 1;
      while (q < groups.length && !wide(q)) q++;
      let weak = 0;
      let short = false;
      let digits = '';
      for (let k = p; k < q; ) {
        digits += folded.slice(groups[k]!.start, groups[k]!.end);
        if (groups[k]!.id) {
          if (!signed(folded, ids, groups[k]!)) weak++;
          k++;
          continue;
        }
        let e = k + 1;
        while (e < q && !groups[e]!.id) e++;
        if (digitsIn(k, e) < PHONE_MIN) short = true;
        for (let j = k + 1; j < e; j++) digits += folded.slice(groups[j]!.start, groups[j]!.end);
        k = e;
      }
      // Identifiers ("orders 10012 10013", "order 10012 0612345678") unless, with what is next to them, they read as a phone ("+…", "0…"); cards are found above.
      const number = (groups[p]!.id && digits[0] === '0') || (p === 0 && atRunStart && folded[from] === '+');
      if (weak > 0 && (short || number)) for (let k = p; k < q; k++) if (!signed(folded, ids, groups[k]!)) groups[k]!.id = false;
      p = q;
    }
  }
  // `cardOnly`: short pieces joined across wide separators, a card or nothing ("sizes 10 - 12 - 14 - 16" is a range, not a phone).
  const judge = (a: number, b: number, cardOnly = false) => {
    let digits = '';
    const bounds = [0];
    for (let k = a; k < b; k++) {
      digits += folded.slice(groups[k]!.start, groups[k]!.end);
      bounds.push(digits.length);
    }
    const n = digits.length;
    if (n < PHONE_MIN) return;
    const start = a === 0 && atRunStart ? from : groups[a]!.start;
    const end = groups[b - 1]!.end;
    if (n >= CARD_MIN && n <= CARD_MAX && luhn(digits)) edits.push({ start, end, with: `[card ••••${digits.slice(-4)}]` });
    else if (cardOnly) {
      const card = n > CARD_MAX ? cardInside(digits, bounds) : null;
      if (card) edits.push({ start: card.i === 0 ? start : groups[a + card.i]!.start, end: groups[a + card.j - 1]!.end, with: `[card ••••${card.last4}]` });
    } else if (n <= PHONE_MAX) edits.push({ start, end, with: '[phone]' });
    else {
      const card = cardInside(digits, bounds);
      if (card) {
        edits.push({ start, end, with: `[card ••••${card.last4}]` });
        return;
      }
      // No card: each stretch of whole groups up to a phone's length is masked; a single group longer than that stays (a reference, not a phone).
      for (let k = a; k < b; ) {
        if (bounds[k + 1 - a]! - bounds[k - a]! > PHONE_MAX) {
          k++;
          continue;
        }
        let e = k + 1;
        while (e < b && bounds[e + 1 - a]! - bounds[k - a]! <= PHONE_MAX) e++;
        edits.push({ start: k === 0 && atRunStart ? from : groups[k]!.start, end: groups[e - 1]!.end, with: '[phone]' });
        k = e;
      }
    }
  };
  // Pieces between identifiers and wide separators; consecutive short pieces between wide separators are judged together.
  let cluster = -1;
  for (let k = 0; k < groups.length; ) {
    if (groups[k]!.id) {
      if (cluster !== -1) judge(cluster, k, true);
      cluster = -1;
      k++;
      continue;
    }
    let e = k + 1;
    while (e < groups.length && !groups[e]!.id && !wide(e)) e++;
    if (digitsIn(k, e) >= PHONE_MIN) {
      if (cluster !== -1) judge(cluster, k, true);
      cluster = -1;
      judge(k, e);
    } else if (cluster === -1) cluster = k;
    k = e;
  }
  if (cluster !== -1) judge(cluster, groups.length, true);
}

const JOINERS = new Set(['.', '-', '_', '+', '%', HIDDEN]);

/**
 * Where the mask of an address's local part starts. The local part ends where the writing system
 * changes; when the letters of the other system are joined to it by a dot, dash or underscore
 * ("иван.petrov@example.com"), they are one name: the mask covers the whole run, so no part of
 * it stays readable (an address's own text still ends there). Never reaches back past `from`,
 * the end of the address before.
 */
function maskedLocalStart(folded: string, start: number, at: number, from: number): number {
  let k = start;
  while (k > from && at - k < MAX_LOCAL && JOINERS.has(folded[k - 1]!)) k--;
  const joined = k < start || JOINERS.has(folded[start]!);
  if (!joined || k === from || scriptAt(folded, k - 1) === 0 || !addressChar(folded, k - 1, 1)) return start;
  while (k > from && at - k < MAX_LOCAL && addressChar(folded, k - 1, 1)) k--;
  while (k < start && JOINERS.has(folded[k]!)) k++;
  return k;
}

/**
 * The text with e-mail addresses, card numbers and phone numbers masked, for the stored
 * transcript and the panel. `storeIds` returns the (folded) text with the store's own
 * identifiers blanked at the same offsets (order numbers and SKUs in the store's formats); those
 * are kept as typed and the numbers around them judged on their own.
 */
export function maskPii(text: string, storeIds?: (folded: string) => string): string {
  const folded = foldForDetection(text);
  const edits: Edit[] = [];
  const emails = folded.includes('@') ? emailSpans(folded, Number.MAX_SAFE_INTEGER) : [];
  let previous = 0;
  for (const [found, end] of emails) {
    const at = folded.indexOf('@', found);
    const start = maskedLocalStart(folded, found, at, previous);
    previous = end;
    edits.push({ start, end, with: `${String.fromCodePoint(text.codePointAt(start)!)}${MASK_DOTS}@${text.slice(at + 1, end)}` });
  }
  let ids: string | null = null;
  let next = 0;
  NUMBER_RUN.lastIndex = 0;
  for (let m = NUMBER_RUN.exec(folded); m; m = NUMBER_RUN.exec(folded)) {
    const start = m.index;
    const end = start + m[0].length;
    if (storeIds && ids === null) ids = storeIds(folded);
    // An address's digits stay with it; the run is cut where an address starts and judged on either side (both lists run left to right).
    while (next < emails.length && emails[next]![1] <= start) next++;
    let pos = start;
    for (let k = next; k < emails.length && emails[k]![0] < end; k++) {
      if (emails[k]![0] > pos) maskNumbers(folded, pos, emails[k]![0], pos === start, ids, edits);
      pos = Math.max(pos, emails[k]![1]);
    }
    if (pos < end) maskNumbers(folded, pos, end, pos === start, ids, edits);
  }
  if (edits.length === 0) return text;
  edits.sort((a, b) => a.start - b.start);
  let out = '';
  let pos = 0;
  for (const e of edits) {
    out += text.slice(pos, e.start) + e.with;
    pos = e.end;
  }
  return out + text.slice(pos);
}
