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
 * The number of a return or warranty claim the bot records: the store's prefix (store.yaml
 * `identifiers.return` / `.claim`), the order's digits and the SKU, so the same request always
 * gets the same number.
 */
export function caseId(prefix: string, orderId: string, sku: string): string {
  return `${prefix}-${orderId.replace(/\D/g, '')}-${sku}`;
}
