/**
 * Text a reply quotes verbatim from the customer's own messages ("You wrote: "…"") is the
 * customer's words, not the bot's claims: the facts in it are the customer's, and the guard's
 * evidence already holds every amount, duration, quantity, date and id the customer wrote.
 * Reading those spans again for claims only costs time in proportion to the message (a reply
 * quoting a 2,000-character message read it a dozen times, issue 14).
 *
 * Only what a reader would also see as a quote counts: a span between an opening quotation
 * mark and its nearest closing mark, with no other quotation mark or line break inside, at
 * least MIN_QUOTED_CHARS long and an exact (case-sensitive) substring of a customer message.
 * A claim written around the quote, or a quote that is not the customer's exact text, is
 * read as before; checks whose evidence leaves the customer out (order status, shipping
 * countries, SKUs in the catalog) keep reading the whole reply.
 */

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
const ANY_MARK = /["“”„«»‹›「」『』\n\r]/;

/** Shorter quotes are not worth the lookup (and say too little to be sure they are the customer's). */
export const MIN_QUOTED_CHARS = 12;
/** Quoted spans looked up per reply at most: each lookup reads the customer's messages once. */
export const MAX_QUOTES = 16;

/**
 * `reply` with the inside of every verbatim customer quote replaced by spaces: the same
 * length, so positions in it are positions in the reply. Linear: each character is passed
 * once, and at most MAX_QUOTES spans are looked up in the customer's messages.
 */
export function maskCustomerQuotes(reply: string, customer: readonly string[]): string {
  if (customer.length === 0) return reply;
  let out = '';
  let done = 0;
  let lookups = 0;
  // Closing marks that no longer occur after the current position: not searched for again.
  const exhausted = new Set<string>();
  for (let i = 0; i < reply.length && lookups < MAX_QUOTES; i++) {
    const close = CLOSER.get(reply[i]!);
    if (close === undefined || exhausted.has(close)) continue;
    const end = reply.indexOf(close, i + 1);
    if (end < 0) {
      exhausted.add(close);
      continue;
    }
    const span = reply.slice(i + 1, end);
    if (span.trim().length >= MIN_QUOTED_CHARS && !ANY_MARK.test(span)) {
      lookups++;
      if (customer.some((c) => c.includes(span))) {
        out += reply.slice(done, i + 1) + ' '.repeat(span.length);
        done = end;
      }
    }
    // The closing mark closes; it does not open the next quote.
    if (!ANY_MARK.test(span)) i = end;
  }
  return done === 0 ? reply : out + reply.slice(done);
}
