import type { OfflineTurn } from '../offline-turn.js';
import type { OrderStatusResult, OrderStatusView } from '../tool-shapes.js';
import { andWord, listing, longDate, type Renderer } from './render-kit.js';

function shipmentLine(turn: OfflineTurn, order: OrderStatusView): string {
  const s = order.shipments.find((x) => x.tracking_number) ?? order.shipments[0];
  if (!s) return '';
  return turn.say(s.carrier ? 'shipment_carrier' : 'shipment_tracking', {
    carrier: s.carrier ?? '',
    number: s.tracking_number ? turn.say('tracking_number', { number: s.tracking_number }) : '',
    link: s.tracking_url ? `: ${s.tracking_url}` : '',
  });
}

function statusLine(turn: OfflineTurn, order: OrderStatusView): { text: string; offerHuman?: boolean } {
  const items = listing(order.items.map((i) => (i.quantity > 1 ? `${i.quantity} x ${i.name}` : i.name)), andWord(turn));
  const vars = {
    order: order.id,
    items,
    date: longDate(order.status === 'delivered' ? order.delivered_on : order.expected_delivery, turn.language),
    shipment: shipmentLine(turn, order),
  };
  switch (order.status) {
    case 'processing':
      return { text: turn.say('status_processing', vars) };
    case 'shipped':
      return { text: turn.say(order.expected_delivery ? 'status_shipped_by' : 'status_shipped', vars) };
    case 'delivered':
      if (turn.cues.has('not_received', turn.conv.text)) return { text: turn.say('status_not_received', vars), offerHuman: true };
      return { text: turn.say(order.delivered_on ? 'status_delivered_on' : 'status_delivered', vars) };
    case 'cancelled':
      return { text: turn.say('status_cancelled', vars) };
    default:
      return { text: turn.say('status_returned', vars) };
  }
}

/** get_order_status: where an order is (carrier, tracking link, expected delivery), or each of the customer's orders. */
export const orderStatus: Renderer = async ({ turn, result }) => {
  const r = result as OrderStatusResult | null;
  if (!r) return null;
  if (r.unavailable) return { text: turn.say('orders_unavailable'), attachments: { offerHuman: true } };
  if (r.order) {
    const a = statusLine(turn, r.order);
    return { text: a.text, ...(a.offerHuman ? { attachments: { offerHuman: true } } : {}) };
  }
  if (r.orders) {
    if (r.orders.length === 0) return { text: turn.say('no_orders', { example: turn.commerce.storeInfo().identifiers.order.example }) };
    return { text: r.orders.map((o) => statusLine(turn, o).text).join('\n') };
  }
  return null;
};
