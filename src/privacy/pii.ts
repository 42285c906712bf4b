/**
 * Personal data a customer types (e-mail addresses, card numbers, phone numbers), found and
 * masked in linear time: tokens are cut at whitespace and each is matched with bounded,
 * anchored patterns, so a hostile 2,000-character message costs a single pass.
 */

const MAX_TOKEN = 254;
// Local part, then dot-separated labels that cannot contain a dot themselves: no ambiguous nesting.
const EMAIL_TOKEN = /^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}$/;
const TRIM_EDGES = /^[<("'[]+|[>)"'\].,;:!?]+$/g;
// A run of digits with single separators; bounded so a backtrack never goes far.
const NUMBER_RUN = /\+?\(?\d(?:[\s().-]{0,2}\d){6,22}/g;

/** E-mail addresses in the text, as typed (trimmed of surrounding punctuation), first seen first. */
export function emailsIn(text: string, max = 4): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\s+/)) {
    if (raw.length > MAX_TOKEN + 8 || !raw.includes('@')) continue;
    const token = raw.replace(TRIM_EDGES, '');
    if (EMAIL_TOKEN.test(token) && !out.includes(token)) out.push(token);
    if (out.length >= max) break;
  }
  return out;
}

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

/** "j•••@example.com": enough for an agent to recognise, not enough to reuse. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '[email]';
  return `${email[0]}•••${email.slice(at)}`;
}

/**
 * The text with e-mail addresses, card numbers and phone numbers masked, for the stored
 * transcript and the panel. `keep` spares a number the store needs to read back (an order
 * number in the store's own format).
 */
export function maskPii(text: string, keep?: (candidate: string) => boolean): string {
  let out = text;
  if (out.includes('@')) {
    out = out
      .split(/(\s+)/)
      .map((part) => {
        if (!part.includes('@') || part.length > MAX_TOKEN + 8) return part;
        const token = part.replace(TRIM_EDGES, '');
        return EMAIL_TOKEN.test(token) ? part.replace(token, maskEmail(token)) : part;
      })
      .join('');
  }
  return out.replace(NUMBER_RUN, (run) => {
    if (keep?.(run.trim())) return run;
    const digits = run.replace(/\D/g, '');
    if (digits.length >= 13 && digits.length <= 19 && luhn(digits)) return `[card ••••${digits.slice(-4)}]`;
    if (digits.length >= 7 && digits.length <= 15) return '[phone]';
    return run;
  });
}
