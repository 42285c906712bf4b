import { ownValue } from '../core/own-keys.js';
import { categoryWords } from './category-labels.js';
import type { OfflineTurn } from './offline-turn.js';
import { andWord, itemList, listing, longDate } from './renderers/render-kit.js';
import type { OrderSlot, Slots } from './slots.js';
import { DEFAULT_LANGUAGE } from './templates.js';

/**
 * Why a tool said what it said, in the customer's language. The order tools answer with a
 * reason code and the facts behind it (dates, windows, terms); the sentence is a template of
 * the playbook keyed by the tool's topic and the reason (`return_window_expired`), filled with
 * those facts formatted for the language. The tool's own `explanation` is used for a reason no
 * template knows (a platform's own refusal code), and in the store's own language, where it
 * also quotes the store's policy rules that the tools do not yet pass as data.
 */

/** Which template family a tool's reason codes belong to (the codes are the tools' contract). */
const TOPIC = new Map<string, string>([
  ['check_return_eligibility', 'return'],
  ['start_return', 'return'],
  ['check_warranty', 'warranty'],
  ['open_warranty_claim', 'warranty'],
  ['cancel_order', 'cancel'],
]);

// Which tool produced a result object, remembered by the runner when it calls one.
const producedBy = new WeakMap<object, string>();

export function rememberTool(result: object, tool: string): void {
  producedBy.set(result, tool);
}

const MS_PER_DAY = 86_400_000;
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** An ISO day plus or minus whole days, as an ISO day (UTC). */
function shiftDay(isoDay: string, days: number): string | null {
  const ms = Date.parse(`${isoDay.slice(0, 10)}T12:00:00Z`);
  return Number.isNaN(ms) ? null : new Date(ms + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** "yesterday", "40 days ago", in the language (Intl). */
function daysAgo(days: number, language: string | null): string {
  try {
    return new Intl.RelativeTimeFormat(language ?? DEFAULT_LANGUAGE, { numeric: 'auto' }).format(-days, 'day');
  } catch {
    return new Intl.RelativeTimeFormat(DEFAULT_LANGUAGE, { numeric: 'auto' }).format(-days, 'day');
  }
}

/** A warranty's length as it stands before "warranty" ("2-year", "2 años"): `term_years` / `term_months`. */
export function termOf(turn: OfflineTurn, months: number): string {
  return months % 12 === 0 && months >= 24 ? turn.say('term_years', { n: months / 12 }) : turn.say('term_months', { n: months });
}

/** The facts of a result as template variables, formatted for the customer's language. */
function facts(turn: OfflineTurn, slots: Slots, r: Record<string, unknown>): Record<string, string | number> {
  const lang = turn.language;
  const slotOrder = slots.peek('order') as OrderSlot | null;
  const item = slots.peek('item');
  const vars: Record<string, string | number> = {
    order: str(r.order_id) ?? slotOrder?.id ?? '',
    item: item?.name ?? str(r.item_name) ?? str(r.product_name) ?? str(r.sku) ?? '',
    sku: str(r.sku) ?? item?.sku ?? '',
    items: slotOrder?.order ? itemList(slotOrder.order.items) : '',
    method: turn.commerce.returnPolicy().refundMethod,
    refund_days: turn.commerce.returnPolicy().refundDays,
  };
  const category = str(r.category);
  vars.for_category = category ? turn.say('for_category', { category: categoryWords(turn.commerce, category, turn.language) }) : '';
  const window = num(r.window_days);
  const since = num(r.days_since_delivery);
  const last = str(r.last_day);
  if (window !== null) vars.days = window;
  if (last) vars.last_day = longDate(last, lang);
  if (last && window !== null) {
    const delivered = shiftDay(last, -window);
    if (delivered) vars.delivered = longDate(delivered, lang);
  }
  if (since !== null) vars.ago = daysAgo(since, lang);
  if (since !== null && window !== null) {
    const left = Math.max(0, window - since);
    vars.left = left === 0 ? turn.say('last_day_today') : turn.say(left === 1 ? 'day_left' : 'days_left', { n: left });
  }
  const months = num(r.months);
  if (months !== null) vars.term = termOf(turn, months);
  const expires = str(r.expires_on);
  if (expires) vars.expires = longDate(expires, lang);
  const claim = str(r.open_claim_id) ?? str(r.claim_id);
  if (claim) vars.claim = claim;
  if (Array.isArray(r.items)) {
    const lines = r.items.slice(0, 10).flatMap((x) => {
      if (typeof x !== 'object' || x === null) return [];
      const i = x as Record<string, unknown>;
      const name = `${str(i.name) ?? ''} (${str(i.sku) ?? ''})`;
      const lastDay = str(i.lastDay) ?? str(i.last_day);
      const state = turn.say(`item_${str(i.reason) ?? ''}`, { last_day: lastDay ? longDate(lastDay, lang) : '' });
      return [state ? `${name}: ${state}.` : name];
    });
    vars.item_states = lines.join(' ');
    vars.names = listing(
      r.items.slice(0, 10).flatMap((x) => (typeof x === 'object' && x !== null && str((x as Record<string, unknown>).name) ? [`${str((x as Record<string, unknown>).name)} (${str((x as Record<string, unknown>).sku) ?? ''})`] : [])),
      andWord(turn),
    );
    vars.count = r.items.length;
  }
  return vars;
}

/**
 * The explanation of a tool result in the customer's language, or null when the result
 * carries none. `orderStatus` tells "not shipped yet" from "on its way" for not_delivered.
 */
export function explain(turn: OfflineTurn, slots: Slots, result: Record<string, unknown> | null): string | null {
  if (!result) return null;
  const raw = str(result.explanation);
  const tool = producedBy.get(result);
  const topic = tool ? TOPIC.get(tool) : undefined;
  // A proposal passed the tool's own check; "already there" answers carry a flag, not a code.
  const reason =
    str(result.reason) ??
    (result.proposed === true ? 'ok' : result.already_requested === true ? 'already_requested' : result.already_open === true ? 'claim_open' : null);
  if (!topic || !reason) return raw;
  // The store's own language: the commerce rules' explanation is written in it and quotes the
  // store's policy rules (a sleep trial, store credit for sale items) that the data here lacks.
  if (raw && (turn.language ?? DEFAULT_LANGUAGE) === DEFAULT_LANGUAGE) return raw;
  const status = (slots.peek('order') as OrderSlot | null)?.order?.status;
  // Several items and no SKU: one line per item under the order's summary.
  const keys = Array.isArray(result.items) && topic === 'return' && !str(result.sku)
    ? [`${topic}_items_${reason}`, `${topic}_items`]
    : [status ? `${topic}_${reason}_${status}` : null, `${topic}_${reason}`].filter((k): k is string => k !== null);
  const key = keys.find((k) => ownValue(turn.playbook.replies.en ?? {}, k) !== undefined);
  if (!key) return raw;
  return turn.say(key, facts(turn, slots, result));
}
