import { stem, words } from '../commerce/text-terms.js';
import { matchItem } from './item-match.js';
import { codesIn, type Codes } from './message-facts.js';
import type { OfflineTurn } from './offline-turn.js';
import type { OrderResult } from './tool-shapes.js';

export type FoundOrder = NonNullable<OrderResult['order']>;
export type OrderItemResult = FoundOrder['items'][number];

export interface OrderFacts {
  /** Codes in the current message. */
  codes: Codes;
  /** The order id this turn is about (current message first, then earlier ones), if any. */
  orderId: string | null;
  /** The order, when get_order found it. */
  order: FoundOrder | null;
  /** The item the customer means, when it can be told. */
  item: OrderItemResult | null;
  /** The customer is not verified: the answer asks for the e-mail on the order (the engine then continues). */
  verificationNeeded: boolean;
}

/**
 * Which order and item a returns or warranty turn is about. Follow-ups borrow from
 * earlier messages: "and order SB-10012?" keeps the topic, "the mixer" picks the item of
 * the order named before.
 */
export async function lookUpOrder(turn: OfflineTurn): Promise<OrderFacts> {
  const { conv, commerce } = turn;
  const codes = await codesIn(conv.text, commerce);
  let orderId = codes.orderIds[0] ?? null;
  const earlierCodes: Codes[] = [];
  for (const text of conv.earlier) earlierCodes.push(await codesIn(text, commerce));
  const orderFromEarlier = orderId === null;
  if (orderId === null) orderId = earlierCodes.find((c) => c.orderIds.length > 0)?.orderIds[0] ?? null;
  if (orderId === null || !turn.can('get_order')) return { codes, orderId, order: null, item: null, verificationNeeded: false };

  const result = await turn.call<OrderResult>('get_order', { order_id: orderId });
  if (result?.verification_needed) return { codes, orderId, order: null, item: null, verificationNeeded: true };
  const order = result?.found && result.order ? result.order : null;
  if (!order) return { codes, orderId, order: null, item: null, verificationNeeded: false };

  let item = matchItem(order.items, conv.text, codes.skus);
  if (!item && order.items.length === 1) item = order.items[0]!;
  // An earlier message may have named the item ("the kettle from SB-10039"), unless this one switched orders.
  if (!item && orderFromEarlier) {
    for (let i = 0; i < conv.earlier.length && !item; i++) item = matchItem(order.items, conv.earlier[i]!, earlierCodes[i]!.skus);
  }
  if (!item && codes.orderIds.length > 0) {
    for (let i = 0; i < conv.earlier.length && !item; i++) item = matchItem(order.items, conv.earlier[i]!, earlierCodes[i]!.skus);
  }
  return { codes, orderId: order.id, order, item, verificationNeeded: false };
}

/** The customer's most recent message that says something (not a bare "yes"), as a reason or issue text. */
export function lastSubstantive(turn: OfflineTurn, test: (text: string) => boolean): string | null {
  for (const text of [turn.conv.text, ...turn.conv.earlier]) if (test(text)) return text.trim().slice(0, 400);
  return null;
}

/**
 * Whether the customer asked for the action: in this message or one of their last two. A "yes"
 * to a proposal is handled by the engine from conversation state, never by reading the bot's reply.
 */
export function askedFor(turn: OfflineTurn, explicit: (text: string) => boolean): boolean {
  const { conv } = turn;
  return explicit(conv.text) || conv.earlier.slice(0, 2).some(explicit);
}

/** Item names in a sentence, for questions like "which item". */
export function itemList(items: readonly OrderItemResult[]): string {
  return items.map((i) => `${i.name} (${i.sku})`).join(', ');
}

/** Stems of a text, for matching policy rules to what the customer talks about. */
export function stemSet(text: string): Set<string> {
  return new Set(words(text).map(stem));
}
