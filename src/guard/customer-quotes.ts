/**
 * Text a reply quotes verbatim from the customer's own messages ("You wrote: "…"") is the
 * customer's words, not the bot's claims: the facts in it are the customer's, and the guard's
 * evidence already holds every amount, duration, quantity, date and id the customer wrote.
 * Reading those spans again for claims only costs time in proportion to the message (a reply
 * quoting a 2,000-character message read it a dozen times, issue 14).
 *
 * Only what a reader would also see as a quote counts: a span between an opening quotation
 * mark and its nearest closing mark, with no other quotation mark or line break inside, at
 * least MIN_QUOTED_CHARS long and an exact (case-sensitive) substring of a customer message
 * (or its inside is, without the whitespace at its ends, which alone is then not blanked).
 * A claim written around the quote, or a quote that is not the customer's exact text, is
 * read as before; checks whose evidence leaves the customer out (order status, shipping
 * countries, SKUs in the catalog) keep reading the whole reply.
 *
 * A message cut to fit the prompt (prompt-assembler.ts) is in the prompt as its start and
 * MESSAGE_TRUNCATED: a quote of the whole message is not a substring of it, and was read in
 * full, though the guard's evidence holds the facts of all but its last part (a quote of a cut
 * 2,000-character message read 1,700 characters of it for claims, for each skill; issue 14).
 * Such a quote has its start blanked as far as the kept text goes, less CUT_MARGIN characters:
 * a claim that reaches across the cut is read whole, as before, and so is the part that was cut.
 */

import { MESSAGE_TRUNCATED } from '../skills/customer-text.js';
import { sentenceSpans } from './reply-text.js';

/** Opening quotation marks and the mark that closes each. */
const CLOSER: ReadonlyMap<string, string> = new Map([
  ['"', '"'],
  ['“', '”'],
  ['„', '“'],
  ['«', '»'],
  ['‹', '›'],
  ['「', '」'],
  ['『', '』'],
]);
/** 1 at each BMP code unit that is an opening mark of CLOSER (all are single units). */
const OPENS = new Uint8Array(0x10000);
for (const mark of CLOSER.keys()) OPENS[mark.charCodeAt(0)] = 1;
const ANY_MARK = /["“”„«»‹›「」『』\n\r]/;

/** Shorter quotes are not worth the lookup (and say too little to be sure they are the customer's). */
export const MIN_QUOTED_CHARS = 12;
/** Quoted spans looked up per reply at most: each lookup reads the customer's messages once. */
export const MAX_QUOTES = 16;

/**
 * Characters before the end of a cut message's kept text that stay readable in a quote of it:
 * longer than any claim the guard reads (an amount, a date, a range of durations), so a claim
 * written across the cut is read as it was.
 */
export const CUT_MARGIN = 64;

const CUT_SUFFIX = ` ${MESSAGE_TRUNCATED}`;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** The kept starts of the messages the prompt cut, long enough for a blanked part. */
function keptStarts(customer: readonly string[]): string[] {
  const out: string[] = [];
  for (const c of customer) if (c.endsWith(CUT_SUFFIX) && c.length - CUT_SUFFIX.length >= MIN_QUOTED_CHARS + CUT_MARGIN) out.push(c.slice(0, -CUT_SUFFIX.length));
  return out;
}

/**
 * How much of the start of `span` (a quote) to blank when it begins with the kept start of a
 * cut message: up to a comma, a semicolon or a space after a letter or digit, at least
 * CUT_MARGIN characters before the cut. That character is kept: no claim starts with it, and
 * what follows it is read with the same character before it, so no sentence break moves and
 * no claim after it is read differently; 0 when there is none.
 */
function keptPrefix(span: string, kept: readonly string[]): number {
  for (const k of kept) {
    // A slice compared whole: startsWith read the two strings unit by unit (1-8 µs for the
    // 1,800 kept characters of a cut message, where the comparison of a slice takes 0.1-0.2).
    if (span.length <= k.length || span.slice(0, k.length) !== k) continue;
    for (let e = k.length - CUT_MARGIN; e >= MIN_QUOTED_CHARS; e--) {
      const c = span.charCodeAt(e);
      // A comma or semicolon starts no claim and stays; a space after a letter or digit stays
      // too (a sentence break needs ".", "!" or "?" before it).
      if (c === 0x2c || c === 0x3b || (c === 0x20 && LETTER_OR_DIGIT.test(span[e - 1]!))) return e;
    }
  }
  return 0;
}

/** Where the reply's sentences start and end (sentenceSpans, in order), to blank a quote without moving them. */
type SentenceMarks = ReadonlyArray<{ start: number; end: number }>;

/** Whitespace other than a space: what blank() keeps inside a blanked span. */
const OTHER_SPACE = /[^\S ]/g;

/**
 * reply[from, to) with every code unit that is not whitespace replaced by a space (what
 * `.replace(/\S/g, ' ')` gives, same length): runs of spaces are made by repeat(), where the
 * regex replaced each character of a 2,000-character quote one by one, for each skill's check
 * (0.1 ms each, issue 14). The whitespace kept is found by a pattern over the span, not by a
 * test of each code unit (5-6 µs for a 1,800-character span, read once per skill's check).
 */
function blank(reply: string, from: number, to: number): string {
  const part = reply.slice(from, to);
  let out = '';
  let run = 0;
  OTHER_SPACE.lastIndex = 0;
  for (let m = OTHER_SPACE.exec(part); m; m = OTHER_SPACE.exec(part)) {
    out += ' '.repeat(m.index - run) + m[0];
    run = m.index + 1;
  }
  return out + ' '.repeat(part.length - run);
}

/**
 * reply[from, to) blanked so that it is cut into the same sentences as before (sentenceSpans):
 * whitespace stays, the "." "!" or "?" that ends a sentence stays, the first character of a
 * sentence becomes "(" (a sentence may start with it, and no claim does), the rest spaces. A
 * quote whose blanking is new (a message that ends in a space, a cut message) is then read in
 * the same sentences, with the same context words, as when it was read in full.
 */
function blankKeepingSentences(reply: string, from: number, to: number, marks: SentenceMarks): string {
  let out = '';
  let at = from;
  const keep = (k: number, ch: string) => {
    if (k < at || k >= to) return;
    out += blank(reply, at, k) + ch;
    at = k + 1;
  };
  for (const s of marks) {
    if (s.end <= from) continue;
    if (s.start >= to) break;
    keep(s.start, '(');
    keep(s.end - 1, reply[s.end - 1]!);
  }
  return out + blank(reply, at, to);
}

/**
 * `reply` with the inside of every verbatim customer quote replaced by spaces (the quotes the
 * rules above add: blankKeepingSentences): the same length, so positions in it are positions
 * in the reply. Linear: each character is passed once, and at most MAX_QUOTES spans are
 * looked up in the customer's messages.
 */
export function maskCustomerQuotes(reply: string, customer: readonly string[]): string {
  if (customer.length === 0) return reply;
  let out = '';
  let done = 0;
  let lookups = 0;
  let kept: string[] | null = null;
  let marks: SentenceMarks | null = null;
  // Closing marks that no longer occur after the current position: not searched for again.
  const exhausted = new Set<string>();
  for (let i = 0; i < reply.length && lookups < MAX_QUOTES; i++) {
    // A code unit that opens no quote is passed over without making its one-character string.
    if (!OPENS[reply.charCodeAt(i)]) continue;
    const close = CLOSER.get(reply[i]!);
    if (close === undefined || exhausted.has(close)) continue;
    const end = reply.indexOf(close, i + 1);
    if (end < 0) {
      exhausted.add(close);
      continue;
    }
    const span = reply.slice(i + 1, end);
    const core = span.trim();
    // Read once: the test below and the step past the closing mark ask the same (a 2,000-character span read twice).
    const marked = ANY_MARK.test(span);
    if (core.length >= MIN_QUOTED_CHARS && !marked) {
      lookups++;
      // The customer's text in the prompt is trimmed (turn-grounding.ts): a quote of a message
      // that ends in a space is the customer's words without that space.
      const from = i + 1 + span.length - span.trimStart().length;
      if (customer.some((c) => c.includes(span))) {
        out += reply.slice(done, i + 1) + ' '.repeat(span.length);
        done = end;
      } else if (core.length < span.length && customer.some((c) => c.includes(core))) {
        out += reply.slice(done, from) + blankKeepingSentences(reply, from, from + core.length, (marks ??= sentenceSpans(reply)));
        done = from + core.length;
      } else {
        const e = keptPrefix(span, (kept ??= keptStarts(customer)));
        if (e > 0) {
          out += reply.slice(done, i + 1) + blankKeepingSentences(reply, i + 1, i + 1 + e, (marks ??= sentenceSpans(reply)));
          done = i + 1 + e;
        }
      }
    }
    // The closing mark closes; it does not open the next quote.
    if (!marked) i = end;
  }
  return done === 0 ? reply : out + reply.slice(done);
}
