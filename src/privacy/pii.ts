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
// disjoint classes, so a failed attempt backtracks at most a few characters.
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
 * A card number written as whole groups inside a longer run ("ref 1234 5678 4111 1111 1111 1111"):
 * consecutive groups of 13-19 digits that pass Luhn, as its last four digits. Each window's Luhn
 * sum comes from prefix sums (one for each choice of which positions are doubled), and windows
 * grow from each group only up to 19 digits, so the work is linear in the run.
 */
function cardInside(run: string): string | null {
  const digits = run.replace(/\D/g, '');
  const n = digits.length;
  // plain[k]: digits before k; doubledEven[k] / doubledOdd[k]: the same with even / odd positions doubled (Luhn).
  const plain = new Uint32Array(n + 1);
  const doubledEven = new Uint32Array(n + 1);
  const doubledOdd = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const d = digits.charCodeAt(i) - 48;
    const dd = d * 2 > 9 ? d * 2 - 9 : d * 2;
    plain[i + 1] = plain[i]! + d;
    doubledEven[i + 1] = doubledEven[i]! + (i % 2 === 0 ? dd : d);
    doubledOdd[i + 1] = doubledOdd[i]! + (i % 2 === 1 ? dd : d);
  }
  // Group boundaries as offsets into `digits`.
  const bounds = [0];
  for (const g of run.match(GROUPS) ?? []) bounds.push(bounds[bounds.length - 1]! + g.length);
  for (let i = 0; i < bounds.length - 1; i++) {
    for (let j = i + 1; j < bounds.length; j++) {
      const a = bounds[i]!;
      const b = bounds[j]!;
      if (b - a > 19) break;
      if (b - a < 13) continue;
      // Luhn doubles every second digit from the right: positions of the parity opposite to b - 1.
      const sums = (b - 1) % 2 === 0 ? doubledOdd : doubledEven;
      if ((sums[b]! - sums[a]!) % 10 === 0) return digits.slice(b - 4, b);
    }
  }
  return null;
}

/** "j•••@example.com": enough for an agent to recognise, not enough to reuse. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '[email]';
  return `${String.fromCodePoint(email.codePointAt(0)!)}•••${email.slice(at)}`;
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
 * The e-mail addresses in the folded text as [start, end) offsets: each '@' with the local part
 * before it and the domain after it (at least one dot, a last label of two or more characters
 * with a letter), edge dots and dashes left out. Local part and domain stop at another '@', so
 * no character is read more than three times.
 */
function emailSpans(folded: string, max: number): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let from = 0;
  for (let at = folded.indexOf('@'); at !== -1 && spans.length < max; at = folded.indexOf('@', at + 1)) {
    let start = at;
    while (start > from && at - start < MAX_LOCAL && addressChar(folded, start - 1, 1)) start--;
    while (start < at && (folded[start] === '.' || folded[start] === '-' || folded[start] === HIDDEN)) start++;
    let end = at + 1;
    while (end < folded.length && end - at - 1 < MAX_DOMAIN && addressChar(folded, end, 2)) end++;
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
  const spans = emailSpans(foldForDetection(text), Number.MAX_SAFE_INTEGER);
  if (spans.length === 0) return text;
  let out = '';
  let pos = 0;
  for (const [start, end] of spans) {
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

/**
 * The text with e-mail addresses, card numbers and phone numbers masked, for the stored
 * transcript and the panel. `keep` spares a number the store needs to read back (an order
 * number in the store's own format); it gets the number in ASCII digits.
 */
export function maskPii(text: string, keep?: (candidate: string) => boolean): string {
  const folded = foldForDetection(text);
  const edits: Array<{ start: number; end: number; with: string }> = [];
  if (folded.includes('@')) {
    for (const [start, end] of emailSpans(folded, Number.MAX_SAFE_INTEGER)) {
      const at = folded.indexOf('@', start);
      edits.push({ start, end, with: `${String.fromCodePoint(text.codePointAt(start)!)}•••@${text.slice(at + 1, end)}` });
    }
  }
  const emails = edits.length;
  let next = 0;
  NUMBER_RUN.lastIndex = 0;
  for (let m = NUMBER_RUN.exec(folded); m; m = NUMBER_RUN.exec(folded)) {
    const start = m.index;
    const end = start + m[0].length;
    // Digits inside an address already masked stay with it (both lists run left to right).
    while (next < emails && edits[next]!.end <= start) next++;
    if (next < emails && edits[next]!.start < end) continue;
    const run = m[0].replaceAll(HIDDEN, '');
    if (keep?.(run.trim())) continue;
    const digits = run.replace(/\D/g, '');
    let mask: string | null = null;
    if (digits.length >= 13 && digits.length <= 19 && luhn(digits)) mask = `[card ••••${digits.slice(-4)}]`;
    else if (digits.length >= 7 && digits.length <= 15) mask = '[phone]';
    else if (digits.length > 15) {
      const last4 = cardInside(run);
      if (last4) mask = `[card ••••${last4}]`;
    }
    if (mask) edits.push({ start, end, with: mask });
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
