import type { Commerce } from '../core/commerce.js';
import type { StoredMessage } from '../core/conversation.js';
import { identifiersIn } from '../commerce/order-ids.js';
import type { Cues } from './intent-cues.js';
import { withoutEmails } from '../privacy/pii.js';

/** How many earlier customer messages a follow-up may borrow an order or product from. */
const LOOKBACK = 6;

// "#10012"; "order 10012" and "order number is 10012" come from the locale packs' `order_number` cues.
const HASH_NUMBER = /#(\d{4,8})\b/g;
const ORDER_NUMBER = /^\d{4,8}$/;

export interface Codes {
  orderIds: string[];
  skus: string[];
}

/** Order ids and SKUs named in a text: a catalog SKU is a SKU; what has the store's order-number shape is an order id. */
export async function codesIn(text: string, commerce: Commerce, cues: Cues): Promise<Codes> {
  const info = commerce.storeInfo();
  const orderShape = info.identifiers.order;
  const orderIds: string[] = [];
  const skus: string[] = [];
  const add = (list: string[], v: string) => {
    if (!list.includes(v)) list.push(v);
  };
  // The catalog's own SKU (its own form, "RDB102" or "KIT-1001"), found by the store's SKU shape
  // (variants' suffixes included: "HLM1401-M"); a fixed letters-then-digits pattern here found
  // nothing that shape does not (every answer eval, three stores and three languages, the same).
  for (const id of identifiersIn(text, info.identifiers.sku)) {
    const p = await commerce.getProduct(id);
    if (p) add(skus, p.sku);
  }
  for (const id of identifiersIn(text, orderShape)) if (!skus.includes(id)) add(orderIds, id);
  for (const w of cues.after('order_number', text)) if (ORDER_NUMBER.test(w)) add(orderIds, w);
  for (const m of text.matchAll(HASH_NUMBER)) add(orderIds, m[1]!);
  return { orderIds, skus };
}

export interface Conversation {
  /** The current message. */
  text: string;
  /** Earlier customer messages, newest first (the customer's own words; the bot's replies are never read back). */
  earlier: string[];
}

export function conversationOf(text: string, history: readonly StoredMessage[]): Conversation {
  const msgs = [...history];
  // Some callers pass the history with the current message already appended.
  const last = msgs[msgs.length - 1];
  if (last && last.role === 'customer' && last.text === text) msgs.pop();
  const earlier: string[] = [];
  for (let i = msgs.length - 1; i >= 0 && earlier.length < LOOKBACK; i--) {
    const m = msgs[i]!;
    // Read like the current message (the turn blanks its addresses): a stored address, masked or
    // not, is no product or order word of a follow-up.
    if (m.role === 'customer') earlier.push(withoutEmails(m.text));
  }
  return { text, earlier };
}

/** The first value found in the current message, else in earlier ones (newest first). */
export async function firstFound<T>(conv: Conversation, find: (text: string) => Promise<T | null>): Promise<T | null> {
  for (const text of [conv.text, ...conv.earlier]) {
    const v = await find(text);
    if (v !== null) return v;
  }
  return null;
}
