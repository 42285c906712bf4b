import type { Order, OrderItem, Product, WarrantyClaim, WarrantyTerms } from '../core/commerce.js';
import { addMonths, humanDate, isoDate } from './day-math.js';
import type { WarrantyStatusDetail } from './store-types.js';

export interface WarrantyFacts {
  terms: WarrantyTerms;
  now: number;
}

function termFor(terms: WarrantyTerms, category: string) {
  return terms.terms.find((t) => t.category === category);
}

/** "24-month" reads as "2-year" in answers; used before "warranty". */
export const termLength = (n: number): string => (n % 12 === 0 && n >= 24 ? `${n / 12}-year` : `${n}-month`);

/** A product's coverage without an order: its term length and what it covers. */
export function productWarranty(product: Product, facts: WarrantyFacts): WarrantyStatusDetail {
  const term = termFor(facts.terms, product.category);
  const common = { sku: product.sku, orderId: null, productName: product.name, expiresOn: null, covers: term?.covers ?? [], excludes: term?.excludes ?? [] };
  if (product.warrantyMonths === 0) {
    return { ...common, covered: false, months: 0, reason: 'no_warranty', explanation: `${product.name} (${product.sku}) carries no manufacturer warranty; faults on arrival are handled as returns.` };
  }
  return {
    ...common,
    covered: false,
    months: product.warrantyMonths,
    reason: 'no_purchase_date',
    explanation: `${product.name} (${product.sku}) has a ${termLength(product.warrantyMonths)} warranty counted from delivery. With the order number I can check whether yours is still covered.`,
  };
}

/** Coverage of one delivered (or not) order item. */
export function itemWarranty(order: Order, item: OrderItem, product: Product, facts: WarrantyFacts, claim: WarrantyClaim | null): WarrantyStatusDetail {
  const term = termFor(facts.terms, product.category);
  const what = `${item.name} (${item.sku})`;
  const common = {
    sku: item.sku,
    orderId: order.id,
    productName: item.name,
    months: product.warrantyMonths,
    covers: term?.covers ?? [],
    excludes: term?.excludes ?? [],
    ...(claim ? { claimId: claim.id } : {}),
  };
  if (order.status === 'cancelled') {
    return { ...common, covered: false, expiresOn: null, reason: 'cancelled', explanation: `Order ${order.id} was cancelled, so there is no item under warranty.` };
  }
  if (order.status === 'returned' || item.returned) {
    return { ...common, covered: false, expiresOn: null, reason: 'already_returned', explanation: `${what} from order ${order.id} was returned, so it is no longer covered by a warranty.` };
  }
  if (order.deliveredAt === null) {
    return { ...common, covered: false, expiresOn: null, reason: 'not_delivered', explanation: `Order ${order.id} has not been delivered yet; the ${termLength(product.warrantyMonths)} warranty on ${item.name} starts on delivery.` };
  }
  if (product.warrantyMonths === 0) {
    return { ...common, covered: false, expiresOn: null, reason: 'no_warranty', explanation: `${what} carries no manufacturer warranty.` };
  }
  const delivered = Date.parse(order.deliveredAt);
  const expires = addMonths(delivered, product.warrantyMonths);
  const base = `${what} was delivered on ${humanDate(delivered)} and has a ${termLength(product.warrantyMonths)} warranty`;
  const claimNote = claim ? ` A warranty claim is already open for it (${claim.id}).` : '';
  if (facts.now > expires) {
    return { ...common, covered: false, expiresOn: isoDate(expires), reason: 'expired', explanation: `${base}, which ended on ${humanDate(expires)}.${claimNote}` };
  }
  return { ...common, covered: true, expiresOn: isoDate(expires), reason: 'ok', explanation: `${base}; it is covered until ${humanDate(expires)}.${claimNote}` };
}

/** Next steps after a claim is opened: the how-to-claim steps after "tell us" (the customer just did). */
export function claimNextSteps(terms: WarrantyTerms): string[] {
  return terms.howToClaim.length > 1 ? terms.howToClaim.slice(1) : [...terms.howToClaim];
}
