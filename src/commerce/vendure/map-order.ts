import type { Fulfillment, Order, OrderItem, OrderStatus } from '../../core/commerce.js';
import type { VendureOrder } from './schemas.js';
import { ownValue } from '../../core/own-keys.js';

/**
 * Vendure's default order process, onto Switchboard's statuses. States a shop adds with its own
 * OrderProcess fall back to 'processing' (paid for, not yet on its way); orders still being
 * checked out (AddingItems, ArrangingPayment, Draft) are no orders of the customer's yet.
 */
const ORDER_STATUS: ReadonlyMap<string, OrderStatus> = new Map([
  ['PaymentAuthorized', 'processing'],
  ['PaymentSettled', 'processing'],
  ['Modifying', 'processing'],
  ['ArrangingAdditionalPayment', 'processing'],
  ['PartiallyShipped', 'shipped'],
  ['Shipped', 'shipped'],
  ['PartiallyDelivered', 'shipped'],
  ['Delivered', 'delivered'],
  ['Cancelled', 'cancelled'],
]);
const NOT_PLACED = new Set(['Created', 'Draft', 'AddingItems', 'ArrangingPayment']);

/** Vendure's fulfilment process; a shop's own states count as not yet handed to the carrier. */
const FULFILLMENT_STATUS: ReadonlyMap<string, Fulfillment['status']> = new Map([
  ['Pending', 'pending'],
  ['Shipped', 'in_transit'],
  ['Delivered', 'delivered'],
]);

export interface MapContext {
  /** Vendure's moneyStrategyPrecision: amounts are integers in 10^-precision units. */
  precision: number;
  trackingUrlField?: string;
}

export const toAmount = (minor: number, precision: number): number => Number((minor / 10 ** precision).toFixed(precision));

/** Whether an order is one the customer placed (not a cart, not a draft the merchant is building). */
export function isPlaced(v: VendureOrder): boolean {
  return v.orderPlacedAt !== null && !v.active && !NOT_PLACED.has(v.state);
}

export function orderStatus(state: string): OrderStatus {
  return ORDER_STATUS.get(state) ?? 'processing';
}

/** When each fulfilment was shipped and delivered, from the order's ORDER_FULFILLMENT_TRANSITION history. */
function transitions(v: VendureOrder): Map<string, { shippedAt?: string; deliveredAt?: string }> {
  const byId = new Map<string, { shippedAt?: string; deliveredAt?: string }>();
  for (const entry of v.history.items) {
    const data = entry.data ?? {};
    const fid = data.fulfillmentId;
    if (typeof fid !== 'string' && typeof fid !== 'number') continue;
    const key = String(fid);
    const at = byId.get(key) ?? {};
    if (data.to === 'Shipped') at.shippedAt = entry.createdAt;
    if (data.to === 'Delivered') at.deliveredAt = entry.createdAt;
    byId.set(key, at);
  }
  return byId;
}

const iso = (s: string): string => new Date(s).toISOString();

function trackingUrl(f: NonNullable<VendureOrder['fulfillments']>[number], field: string | undefined): string | null {
  const raw = field ? ownValue(f.customFields ?? undefined, field) : undefined;
  if (typeof raw !== 'string' || raw.length > 2048) return null;
  // Only web links: the URL is shown to customers as a link.
  return /^https?:\/\/[^\s]+$/i.test(raw.trim()) ? raw.trim() : null;
}

/** A Vendure order as Switchboard's Order; null for an order that was never placed or has no customer. */
export function mapOrder(v: VendureOrder, ctx: MapContext): Order | null {
  if (!isPlaced(v) || !v.customer) return null;
  const status = orderStatus(v.state);
  const amount = (minor: number) => toAmount(minor, ctx.precision);
  const skuOfLine = new Map(v.lines.map((l) => [l.id, l.productVariant.sku]));
  // A cancelled order keeps its lines at quantity 0; the customer still wants to see what it was.
  const items: OrderItem[] = [];
  for (const l of v.lines) {
    const quantity = status === 'cancelled' ? l.orderPlacedQuantity : l.quantity;
    if (quantity <= 0) continue;
    items.push({
      sku: l.productVariant.sku,
      name: l.productVariant.name,
      quantity,
      unitPrice: amount(l.proratedUnitPriceWithTax),
      ...(l.discountedUnitPriceWithTax < l.unitPriceWithTax ? { onSale: true } : {}),
    });
  }
  const when = transitions(v);
  const fulfillments: Fulfillment[] = [];
  for (const f of v.fulfillments ?? []) {
    if (f.state === 'Cancelled') continue;
    const fStatus = FULFILLMENT_STATUS.get(f.state) ?? 'pending';
    const at = when.get(f.id) ?? {};
    const shippedAt = at.shippedAt ?? (fStatus === 'in_transit' || fStatus === 'delivered' ? f.updatedAt : null);
    const deliveredAt = fStatus === 'delivered' ? (at.deliveredAt ?? f.updatedAt) : null;
    fulfillments.push({
      status: fStatus,
      carrier: f.method.trim() || null,
      trackingNumber: f.trackingCode?.trim() || null,
      trackingUrl: trackingUrl(f, ctx.trackingUrlField),
      shippedAt: shippedAt ? iso(shippedAt) : null,
      deliveredAt: deliveredAt ? iso(deliveredAt) : null,
      skus: [...new Set(f.lines.map((l) => skuOfLine.get(l.orderLineId)).filter((s): s is string => s !== undefined))],
    });
  }
  const delivered = fulfillments.map((f) => f.deliveredAt).filter((d): d is string => d !== null).sort();
  return {
    id: v.code,
    customerId: v.customer.id,
    customerEmail: v.customer.emailAddress,
    customerName: `${v.customer.firstName} ${v.customer.lastName}`.trim(),
    placedAt: iso(v.orderPlacedAt!),
    deliveredAt: status === 'delivered' ? (delivered.at(-1) ?? null) : null,
    status,
    items,
    total: amount(v.totalWithTax),
    currency: v.currencyCode,
    fulfillments,
    expectedDelivery: null,
  };
}
