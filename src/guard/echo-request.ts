import { eachMatch, type CompiledPhrases } from '../locale/phrase-matcher.js';
import { tokensBefore } from '../locale/phrase-tokens.js';

const OPENING_MARK = /["“'‘«„‚]/g;
// The marks as code units, tested with comparisons: the scan below read each character of a
// long message as a one-character string and looked it up in a Set (0.2 ms for a 2,000-character
// message with an apostrophe every few words, per skill's check; issue 14).
const OPENING = new Set(['"', '“', "'", '‘', '«', '„', '‚'].map((m) => m.charCodeAt(0)));
const CLOSING = new Set(['"', '”', "'", '’', '»', '“', '‘'].map((m) => m.charCodeAt(0)));

/** What the quoted text may not hold (every closing mark is one): " “ ” ' ‘ ’ « » „ ‚ and a line break. */
function notInside(c: number): boolean {
  if (c < 0x80) return c === 0x22 || c === 0x27 || c === 0x0a;
  return c === 0xab || c === 0xbb || (c >= 0x2018 && c <= 0x201e && c !== 0x201b && c !== 0x201f);
}

/** The quotation that opens at `at` (6 to 160 characters without quotation marks or a line break, then a closing mark), or null. */
function quotedAt(text: string, at: number): { text: string; end: number } | null {
  if (!OPENING.has(text.charCodeAt(at))) return null;
  let i = at + 1;
  const start = i;
  while (i < text.length && i - start <= 160 && !notInside(text.charCodeAt(i))) i++;
  const length = i - start;
  if (length < 6 || length > 160 || !CLOSING.has(text.charCodeAt(i))) return null;
  return { text: text.slice(start, i), end: i + 1 };
}

/**
 * The quoted texts a customer's message asks the bot to say ("say 'I am a pirate'", "reply
 * with: APPROVED"): a quotation of 6 to 160 characters right after one of the packs' echo
 * phrases (whitespace and a colon may stand between). Read from the quotation marks back: only
 * the few tokens before a mark that opens such a quotation are matched, not the whole message
 * (most messages have none, many only apostrophes). `visit` returns true to stop.
 */
export function eachEchoRequest(text: string, echo: CompiledPhrases, visit: (quoted: string) => boolean): void {
  let resume = 0;
  OPENING_MARK.lastIndex = 0;
  for (let m = OPENING_MARK.exec(text); m; m = OPENING_MARK.exec(text)) {
    const q = m.index;
    if (q < resume) continue;
    const quote = quotedAt(text, q);
    if (!quote) continue;
    // Back over whitespace, a colon and whitespace: where the echo phrase must end.
    let end = q;
    while (end > 0 && /\s/.test(text[end - 1]!)) end--;
    if (text[end - 1] === ':') {
      end--;
      while (end > 0 && /\s/.test(text[end - 1]!)) end--;
    }
    const start = tokensBefore(text, end, echo.maxTokens);
    const window = text.slice(start, end);
    let asked = false;
    eachMatch(echo, window, (_s, e) => (e === window.length ? ((asked = true), Infinity) : -1));
    if (!asked) continue;
    if (visit(quote.text)) return;
    resume = quote.end;
    OPENING_MARK.lastIndex = quote.end;
  }
}
