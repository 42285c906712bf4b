import type { SkillAnswer } from '../core/skill.js';
import { cues } from './intent-cues.js';
import { codesIn } from './message-facts.js';
import type { OfflineTurn } from './offline-turn.js';
import { listing, longDate } from './reply-text.js';
import type { OrderStatusResult, OrderStatusView } from './tool-shapes.js';

/** "says delivered but nothing came", "never arrived", "not received": a delivered order the customer does not have. */
const NOT_RECEIVED = /\b(?:never (?:came|arrived|got|received)|not (?:received|arrived|here|there)|nothing (?:came|here|there|arrived|at|on)|there'?s nothing|didn'?t (?:get|receive|arrive|come)|haven'?t (?:got|received)|no (?:parcel|package)|(?:parcel|package) (?:is )?missing)\b/i;

function shipmentLine(order: OrderStatusView): string {
  const s = order.shipments.find((x) => x.tracking_number) ?? order.shipments[0];
  if (!s) return '';
  const link = s.tracking_url ? `: ${s.tracking_url}` : '';
  const number = s.tracking_number ? ` (tracking number ${s.tracking_number})` : '';
  return `${s.carrier ? `It's with ${s.carrier}` : 'Tracking'}${number}${link}.`;
}

function statusAnswer(order: OrderStatusView, text: string): { text: string; offerHuman?: boolean } {
  const items = listing(order.items.map((i) => (i.quantity > 1 ? `${i.quantity} x ${i.name}` : i.name)));
  switch (order.status) {
    case 'processing':
      return { text: `Order ${order.id} (${items}) is being prepared and hasn't shipped yet. It can still be cancelled if you'd like; just say so.` };
    case 'shipped': {
      const by = order.expected_delivery ? ` and should arrive by ${longDate(order.expected_delivery)}` : '';
      return { text: `Order ${order.id} (${items}) is on its way${by}. ${shipmentLine(order)}`.trim() };
    }
    case 'delivered': {
      const when = order.delivered_on ? ` on ${longDate(order.delivered_on)}` : '';
      if (NOT_RECEIVED.test(text)) {
        return {
          text: `Order ${order.id} (${items}) was marked as delivered${when}. ${shipmentLine(order)} Please check with your neighbours and any safe place around the door; if it isn't there, a person from our team can open a trace with the carrier. Shall I connect you?`.replace(/\s+/g, ' '),
          offerHuman: true,
        };
      }
      return { text: `Order ${order.id} (${items}) was delivered${when}. ${shipmentLine(order)}`.trim() };
    }
    case 'cancelled':
      return { text: `Order ${order.id} was cancelled, so nothing is on its way.` };
    default:
      return { text: `Order ${order.id} was returned.` };
  }
}

/**
 * Order status offline: where an order is (carrier, tracking link, expected delivery) and
 * cancelling one that has not shipped (proposed; the engine runs it on the customer's yes).
 * Without a verified customer the tools answer verification_needed and the engine asks for
 * the e-mail on the order in the customer's language.
 */
export async function orderStatusHandler(turn: OfflineTurn): Promise<SkillAnswer> {
  const { conv, commerce } = turn;
  let orderId: string | null = null;
  for (const text of [conv.text, ...conv.earlier]) {
    orderId = (await codesIn(text, commerce)).orderIds[0] ?? null;
    if (orderId) break;
  }
  const example = commerce.storeInfo().identifiers.order.example;

  if (cues.mentionsCancel(conv.text) && turn.can('cancel_order')) {
    if (!orderId) return turn.answer(`Which order would you like to cancel? Please send me the order number (it looks like ${example}).`);
    const cancel = await turn.call<{ proposed: boolean; verification_needed?: boolean; explanation?: string }>('cancel_order', { order_id: orderId, reason: conv.text.slice(0, 400) });
    if (cancel?.verification_needed) return turn.answer('');
    if (cancel?.proposed) return turn.answer(`${cancel.explanation ?? ''}\nShall I cancel order ${orderId}? Reply yes to confirm.`.trim());
    if (cancel?.explanation) return turn.answer(cancel.explanation);
  }

  if (!turn.can('get_order_status')) return turn.answer(`Please send me your order number (it looks like ${example}) and a member of our team will check it.`, { offerHuman: true });
  const result = await turn.call<OrderStatusResult>('get_order_status', orderId ? { order_id: orderId } : {});
  if (!result) return turn.answer("I couldn't check orders just now. Please try again in a moment, or ask for a member of our team.", { offerHuman: true });
  if (result.verification_needed) return turn.answer('');
  if (result.unavailable) return turn.answer("I can't check orders right now. A member of our team can look into it for you; shall I connect you?", { offerHuman: true });
  if (result.order) {
    const a = statusAnswer(result.order, conv.text);
    return turn.answer(a.text, a.offerHuman ? { offerHuman: true } : undefined);
  }
  if (result.orders) {
    if (result.orders.length === 0) return turn.answer(`I don't see any orders for you yet. If you ordered as a guest, send me the order number (it looks like ${example}).`);
    return turn.answer(result.orders.map((o) => statusAnswer(o, conv.text).text).join('\n'));
  }
  return turn.answer(`I couldn't find order ${orderId ?? ''} for you. Could you double-check the number? It looks like ${example} and is in your order confirmation e-mail.`.replace('  ', ' '));
}
