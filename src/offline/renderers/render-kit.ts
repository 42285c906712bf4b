import type { ReplyAttachments } from '../../core/skill.js';
import type { OfflineTurn } from '../offline-turn.js';
import type { OrderItem, Slots } from '../slots.js';

/** Small formatting helpers for plain-text replies (channels render them as text, never HTML). */

/** Intl locale for a language code, for prices and dates in the customer's language. */
const locale = (language: string | null | undefined): string => (language && /^[a-z]{2,3}$/.test(language) ? language : 'en-US');

/**
 * Currency formatters by locale, currency and digits. Building an Intl.NumberFormat costs far
 * more than formatting with one, and an answer listing products formats a price per line: a
 * long message listing many was a tenth of its offline answer's CPU in constructors (issue
 * 14). The keys come from the store's currency and a validated language code, so the map
 * stays small; it is bounded anyway.
 */
const formatters = new Map<string, Intl.NumberFormat | null>();
const MAX_FORMATTERS = 256;

function formatter(language: string, currency: string, digits: number | undefined): Intl.NumberFormat | null {
  const key = `${language}|${currency}|${digits ?? ''}`;
  let f = formatters.get(key);
  if (f === undefined) {
    try {
      const fraction = digits === undefined ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits };
      f = new Intl.NumberFormat(language, { style: 'currency', currency, ...fraction });
    } catch {
      // An unknown currency or locale: formatted by hand below, every time.
      f = null;
    }
    if (formatters.size >= MAX_FORMATTERS) formatters.clear();
    formatters.set(key, f);
  }
  return f;
}

export function money(amount: number, currency: string, language?: string | null, digits?: number): string {
  const f = formatter(locale(language), currency, digits);
  if (f) {
    try {
      return f.format(amount);
    } catch {
      // Falls through to the plain form, as a failing constructor does.
    }
  }
  return `${amount.toFixed(2)} ${currency}`;
}

/** Plain-number formatters by locale (a rating, "4,4" in German); bounded like the currency ones. */
const decimals = new Map<string, Intl.NumberFormat>();

/** A plain number ("4.4/5" rating) as the customer's language writes it: "4,4" in es, de and fr. */
export function decimal(n: number, language?: string | null): string {
  const key = locale(language);
  let f = decimals.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat(key, { maximumFractionDigits: 2, useGrouping: false });
    } catch {
      return String(n);
    }
    if (decimals.size >= MAX_FORMATTERS) decimals.clear();
    decimals.set(key, f);
  }
  return f.format(n);
}

/** "a, b and c", with the language's word for "and" (a playbook template `and`). */
export function listing(items: readonly string[], and = 'and'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;
}

export function numbered(items: readonly string[]): string {
  return items.map((s, i) => `${i + 1}. ${s}`).join('\n');
}

/** "kitchen_appliances" -> "kitchen appliances" for ids shown to people. */
export function humanize(id: string): string {
  return id.replace(/_/g, ' ');
}

/** "2026-03-04" -> "March 4, 2026" (or the customer's language's form). */
export function longDate(isoDay: string | null, language?: string | null): string {
  if (!isoDay) return '';
  const ms = Date.parse(`${isoDay.slice(0, 10)}T12:00:00Z`);
  return Number.isNaN(ms) ? isoDay : new Date(ms).toLocaleDateString(locale(language), { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
}

export function firstSentence(text: string): string {
  const m = /^(.+?[.!?])(\s|$)/.exec(text.replace(/\s+/g, ' ').trim());
  return m ? m[1]! : text.trim();
}

/** Item names in a sentence, for questions like "which item". */
export function itemList(items: readonly OrderItem[]): string {
  return items.map((i) => `${i.name} (${i.sku})`).join(', ');
}

export const capital = (s: string): string => (s ? `${s[0]!.toUpperCase()}${s.slice(1)}` : s);

export interface Rendered {
  text: string;
  attachments?: ReplyAttachments;
}

export interface RenderInput {
  turn: OfflineTurn;
  slots: Slots;
  /** The step's tool result, when it called one. */
  result: Record<string, unknown> | null;
}

export type Renderer = (input: RenderInput) => Promise<Rendered | null>;

/** "and" in the customer's language. */
export const andWord = (turn: OfflineTurn): string => turn.say('and') || 'and';
