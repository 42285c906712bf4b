/**
 * Scrubs customer personal data from text before it is logged. Logs outlive
 * conversations (which expire by TTL), so they must not keep emails, phone numbers or
 * card numbers. Patterns err on the side of redacting.
 */
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// 13-19 digits, optionally grouped by spaces or dashes: card-like numbers.
const CARD = /\b(?:\d[ -]?){12,18}\d\b/g;
// Phone numbers: optional +country, 7+ digits with common separators.
const PHONE = /(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}[\s.-]?\d{3,4}[\s.-]?\d{3,4}\b/g;

export function redactPii(text: string): string {
  return text.replace(EMAIL, '[email]').replace(CARD, '[card]').replace(PHONE, (m) => (m.replace(/\D/g, '').length >= 7 ? '[phone]' : m));
}

const SECRET_KEYS = /^(authorization|cookie|set-cookie|token|password|passwordhash|secret|apikey|api_key|x-slack-signature|clientsecret)$/i;

/** Deep copy of a log object with secrets removed and strings scrubbed. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[deep]';
  if (typeof value === 'string') return redactPii(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (value instanceof Error) {
    return { type: value.name, message: redactPii(value.message), stack: value.stack ? redactPii(value.stack) : undefined };
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEYS.test(k) ? '[redacted]' : redactValue(v, depth + 1);
    return out;
  }
  return value;
}
