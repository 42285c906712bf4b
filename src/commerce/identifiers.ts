/**
 * Customers type ids loosely ("sb10012", "#SB 10012", "kit1001"). These helpers turn
 * such text into the canonical upper-case, dashed form; unknown shapes pass through
 * upper-cased so a lookup simply misses.
 */
export function canonicalId(raw: string): string {
  const t = raw.trim().replace(/^#/, '').toUpperCase();
  const m = /^([A-Z]{1,6})[\s_-]*(\d{2,10})$/.exec(t);
  return m ? `${m[1]}-${m[2]}` : t;
}

/**
 * canonicalId in the form of the store's own ids: a store whose example writes the letters and
 * the digits together ("CW48213", "RDB102") gets "cw-48213" as "CW48213"; one whose example
 * dashes them ("NB-204518", "KIT-1001") gets canonicalId's dashed form.
 */
export function canonicalIdLike(raw: string, example: string): string {
  const id = canonicalId(raw);
  return /^#?[A-Za-z]{1,6}\d/.test(example.trim()) ? id.replace(/^([A-Z]{1,6})-(?=\d+$)/, '$1') : id;
}

/** An id with case, a leading "#" and separators dropped, to compare ids however they were typed ("cw-48213" = "CW48213"). */
export function idKey(raw: string): string {
  return raw.trim().replace(/^#/, '').toUpperCase().replace(/[\s_-]+/g, '');
}

/**
 * The number of a return or warranty claim the bot records: the store's prefix (store.yaml
 * `identifiers.return` / `.claim`), the order's digits and the SKU, so the same request always
 * gets the same number.
 */
export function caseId(prefix: string, orderId: string, sku: string): string {
  return `${prefix}-${orderId.replace(/\D/g, '')}-${sku}`;
}
