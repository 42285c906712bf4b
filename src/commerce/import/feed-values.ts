import type { ImportIssue } from './feed-product.js';

/**
 * Readers for the cell values feeds use: prices ("1,299.00", "15.00 USD"), yes/no flags,
 * availability words, lists. Each returns undefined and records an issue naming the row and
 * column when a value cannot be read.
 */

const PRICE = /^([A-Z]{3})?\s?(\d{1,9}(?:[.,]\d{3})*(?:[.,]\d{1,2})?)\s?([A-Z]{3})?$/;

export interface Price {
  amount: number;
  currency?: string;
}

/** "15.00 USD", "USD 15", "1,299.50", "12,50 EUR" (a comma before two final digits is a decimal comma). */
export function readPrice(raw: string, row: number, column: string, issues: ImportIssue[]): Price | undefined {
  const text = raw.trim();
  const m = PRICE.exec(text);
  if (!m || (m[1] && m[3])) {
    issues.push({ row, column, message: `"${text.slice(0, 40)}" is not a price (a number such as 12.50, optionally with a currency code: 12.50 USD)` });
    return undefined;
  }
  // The last separator followed by one or two digits is the decimal point ("1.299,50", "12,50"); the others group thousands.
  const raw2 = m[2]!;
  const dec = /[.,](\d{1,2})$/.exec(raw2);
  const whole = (dec ? raw2.slice(0, dec.index) : raw2).replace(/[.,]/g, '');
  const digits = dec ? `${whole}.${dec[1]}` : whole;
  const amount = Number(digits);
  if (!Number.isFinite(amount)) {
    issues.push({ row, column, message: `"${text}" is not a price` });
    return undefined;
  }
  const currency = m[1] ?? m[3];
  return { amount: Math.round(amount * 100) / 100, ...(currency ? { currency } : {}) };
}

const YES = new Set(['true', 'yes', 'y', '1', 'in stock', 'in_stock', 'instock', 'available', 'preorder', 'backorder', 'active', 'continue']);
const NO = new Set(['false', 'no', 'n', '0', 'out of stock', 'out_of_stock', 'outofstock', 'discontinued', 'draft', 'archived', 'deny']);

export function readFlag(raw: string, row: number, column: string, issues: ImportIssue[]): boolean | undefined {
  const t = raw.trim().toLowerCase();
  if (YES.has(t)) return true;
  if (NO.has(t)) return false;
  issues.push({ row, column, message: `"${raw.trim().slice(0, 40)}" is not yes/no (true, false, in stock, out of stock)` });
  return undefined;
}

export function readNumber(raw: string, row: number, column: string, issues: ImportIssue[], opts: { min?: number; max?: number; integer?: boolean } = {}): number | undefined {
  const t = raw.trim();
  const n = Number(t);
  const bad = t === '' || !Number.isFinite(n) || (opts.integer && !Number.isInteger(n)) || (opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max);
  if (bad) {
    const range = opts.min !== undefined && opts.max !== undefined ? ` from ${opts.min} to ${opts.max}` : opts.min !== undefined ? ` of at least ${opts.min}` : '';
    issues.push({ row, column, message: `"${t.slice(0, 40)}" is not ${opts.integer ? 'a whole number' : 'a number'}${range}` });
    return undefined;
  }
  return n;
}

/** "a, b; c" -> ["a", "b", "c"], trimmed, without empties and repeats, at most 50. */
export function readList(raw: string): string[] {
  const out: string[] = [];
  for (const part of raw.split(/[,;|]/)) {
    const t = part.trim();
    if (t && !out.includes(t)) out.push(t);
    if (out.length >= 50) break;
  }
  return out;
}

/** "Outdoor > Camping > Tents" or "Outdoor/Camping" -> segments. */
export function readPath(raw: string): string[] {
  return raw
    .split(/>|\//)
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, 8);
}

const ENTITIES = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
  ['nbsp', ' '],
  ['#39', "'"],
]);

/** Shopify's "Body (HTML)" as one plain sentence or paragraph: tags become spaces, common entities are decoded. */
export function plainText(html: string): string {
  return html
    .slice(0, 20_000)
    .replace(/<[^<>]{0,2000}>/g, ' ')
    .replace(/&([a-z]{2,6}|#39);/gi, (whole, name: string) => ENTITIES.get(name.toLowerCase()) ?? whole)
    .replace(/\s+/g, ' ')
    .trim();
}

/** "Max Weight (kg)" -> "max_weight_kg": catalog attribute keys are lower_snake. */
export function attributeKey(name: string): string {
  const key = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(key) ? key : `attr_${key}`;
}
