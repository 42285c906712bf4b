import { SEED_CUSTOMERS, SEED_ORDERS, SEED_PRODUCTS, type SeedProduct } from '../../commerce/contract/seed.js';

/** The fake shop's records, shaped like Shopify's objects (ids are gids, money is decimal strings). */
export interface ShopVariant {
  id: string;
  sku: string | null;
  title: string;
  price: string;
  inventoryQuantity: number;
  options: Array<{ name: string; value: string }>;
}
export interface ShopProduct {
  id: string;
  title: string;
  description: string;
  productType: string;
  vendor: string;
  tags: string[];
  status: 'ACTIVE' | 'DRAFT' | 'ARCHIVED';
  variants: ShopVariant[];
}
export interface ShopCustomer {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
}
export interface ShopLine {
  id: string;
  variant: ShopVariant;
  product: ShopProduct;
  quantity: number;
}
export interface ShopFulfillment {
  id: string;
  status: 'SUCCESS' | 'CANCELLED';
  displayStatus: 'IN_TRANSIT' | 'DELIVERED' | 'FULFILLED';
  createdAt: string;
  inTransitAt: string | null;
  deliveredAt: string | null;
  estimatedDeliveryAt: string | null;
  tracking: { company: string; number: string; url: string } | null;
  /** Fulfillment line items: their own ids, the order line and quantity. */
  lines: Array<{ id: string; line: ShopLine; quantity: number }>;
}
export interface ShopOrder {
  id: string;
  name: string;
  email: string;
  customer: ShopCustomer | null;
  createdAt: string;
  cancelledAt: string | null;
  financial: 'PAID' | 'REFUNDED' | 'PENDING';
  lines: ShopLine[];
  fulfillments: ShopFulfillment[];
}
export interface ShopReturn {
  id: string;
  name: string;
  status: 'REQUESTED';
  order: ShopOrder;
  /** As sent in ReturnRequestInput.returnLineItems. */
  lines: Array<{ fulfillmentLineItemId: string; quantity: number; returnReason: string | null; returnReasonDefinitionId: string | null; customerNote: string | null }>;
}

export interface ShopData {
  products: ShopProduct[];
  customers: ShopCustomer[];
  orders: ShopOrder[];
  returns: ShopReturn[];
  nextId(kind: string): string;
}

const DAY = 86_400_000;

/** "gift_cards" -> "Gift cards": how a merchant would type the product type. */
export const productTypeOf = (category: string): string => {
  const words = category.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/**
 * The contract data set (test/commerce/contract/seed.ts) as a Shopify shop: orders named "#1001"…
 * with their customers, line items, fulfilments with tracking, delivered ones delivered a day
 * ago. `extraProducts` adds more catalog products (for pagination tests).
 */
export function seedShop(opts: { now?: number; extraProducts?: number } = {}): ShopData {
  const now = opts.now ?? Date.now();
  let counter = 1000;
  const nextId = (kind: string) => `gid://shopify/${kind}/${++counter}`;
  const iso = (t: number) => new Date(t).toISOString();

  const productOf = (p: SeedProduct): ShopProduct => ({
    id: nextId('Product'),
    title: p.name,
    description: `${p.name}.`,
    productType: productTypeOf(p.category),
    vendor: p.name.split(' ')[0]!,
    tags: p.tags,
    status: 'ACTIVE',
    variants: [{ id: nextId('ProductVariant'), sku: p.sku, title: 'Default Title', price: p.price.toFixed(2), inventoryQuantity: 12, options: [{ name: 'Title', value: 'Default Title' }] }],
  });
  const products = SEED_PRODUCTS.map(productOf);
  for (let i = 0; i < (opts.extraProducts ?? 0); i++) {
    products.push(
      productOf({ sku: `XTR-${String(i + 1).padStart(4, '0')}`, name: `Extra Item ${i + 1}`, category: i % 2 ? 'kitchen' : 'outdoor', price: 10 + (i % 40), warrantyMonths: 12, tags: ['extra'] }),
    );
  }
  const bySku = new Map(products.flatMap((p) => p.variants.map((v) => [v.sku, { product: p, variant: v }] as const)));
  const customers = new Map(SEED_CUSTOMERS.map((c) => [c.id, { id: nextId('Customer'), email: c.email, firstName: c.firstName, lastName: c.lastName }]));

  const orders: ShopOrder[] = SEED_ORDERS.map((o, i) => {
    const customer = customers.get(o.customer)!;
    const placed = now - (10 - i) * 60_000 - 2 * DAY;
    const lines: ShopLine[] = o.items.map((item) => {
      const found = bySku.get(item.sku)!;
      return { id: nextId('LineItem'), product: found.product, variant: found.variant, quantity: item.quantity };
    });
    const shipped = o.state === 'shipped' || o.state === 'delivered';
    const fulfillments: ShopFulfillment[] = shipped
      ? [
          {
            id: nextId('Fulfillment'),
            status: 'SUCCESS',
            displayStatus: o.state === 'delivered' ? 'DELIVERED' : 'IN_TRANSIT',
            createdAt: iso(placed + DAY / 2),
            inTransitAt: iso(placed + DAY / 2),
            deliveredAt: o.state === 'delivered' ? iso(now - DAY) : null,
            estimatedDeliveryAt: o.state === 'shipped' ? iso(now + 3 * DAY) : null,
            tracking: o.shipment ? { company: o.shipment.carrier, number: o.shipment.trackingNumber, url: o.shipment.trackingUrl } : null,
            lines: lines.map((line) => ({ id: nextId('FulfillmentLineItem'), line, quantity: line.quantity })),
          },
        ]
      : [];
    return {
      id: nextId('Order'),
      name: `#${o.number}`,
      email: customer.email,
      customer,
      createdAt: iso(placed),
      cancelledAt: o.state === 'cancelled' ? iso(placed + 3_600_000) : null,
      financial: o.state === 'cancelled' ? 'REFUNDED' : 'PAID',
      lines,
      fulfillments,
    };
  });
  return { products, customers: [...customers.values()], orders, returns: [], nextId };
}

/** Units of a fulfillment line item still returnable: shipped and delivered, minus those in a return. */
export function returnableQuantity(data: ShopData, fulfillmentLineItemId: string, quantity: number): number {
  const taken = data.returns.flatMap((r) => r.lines).filter((l) => l.fulfillmentLineItemId === fulfillmentLineItemId).reduce((n, l) => n + l.quantity, 0);
  return Math.max(0, quantity - taken);
}
