/** Small formatting helpers for plain-text replies (channels render them as text, never HTML). */

export function money(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

/** "a, b and c" */
export function listing(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function numbered(items: readonly string[]): string {
  return items.map((s, i) => `${i + 1}. ${s}`).join('\n');
}

/** "kitchen_appliances" -> "kitchen appliances" for ids shown to people. */
export function humanize(id: string): string {
  return id.replace(/_/g, ' ');
}

/** "2026-03-04" -> "March 4, 2026". */
export function longDate(isoDay: string | null): string {
  if (!isoDay) return '';
  const ms = Date.parse(`${isoDay.slice(0, 10)}T12:00:00Z`);
  return Number.isNaN(ms) ? isoDay : new Date(ms).toLocaleDateString('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
}

export function firstSentence(text: string): string {
  const m = /^(.+?[.!?])(\s|$)/.exec(text.replace(/\s+/g, ' ').trim());
  return m ? m[1]! : text.trim();
}
