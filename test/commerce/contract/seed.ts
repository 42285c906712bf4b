/**
 * The one data set every Commerce back-end is seeded with for the contract suite (demo files,
 * the fake Shopify Admin API, a real Vendure server, the HTTP bridge). Dates are not fixed:
 * each back-end records its orders "now", and every time-dependent case moves the commerce
 * layer's clock relative to the order's own delivery date (see DAYS_AFTER_DELIVERY).
 */

export interface SeedProduct {
  sku: string;
  name: string;
  category: string;
  /** In the store's currency (USD), two decimals. */
  price: number;
  warrantyMonths: number;
  tags: string[];
}

export interface SeedCustomer {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
}

export type SeedOrderState = 'processing' | 'shipped' | 'delivered' | 'cancelled';

export interface SeedOrder {
  /** The order number customers type (each back-end maps it onto its own: Shopify name, Vendure code). */
  number: string;
  customer: SeedCustomer['id'];
  state: SeedOrderState;
  items: Array<{ sku: string; quantity: number }>;
  /** For shipped and delivered orders. */
  shipment?: { carrier: string; trackingNumber: string; trackingUrl: string };
  /** What the order is in the data set for. */
  purpose: string;
}

export const SEED_PRODUCTS: SeedProduct[] = [
  { sku: 'TST-1001', name: 'Larkspur Trail Kettle', category: 'kitchen', price: 49.5, warrantyMonths: 24, tags: ['kettle', 'camping'] },
  { sku: 'TST-1002', name: 'Larkspur Hand Blender', category: 'kitchen', price: 35, warrantyMonths: 12, tags: ['blender'] },
  { sku: 'TST-2001', name: 'Fernhill Wool Blanket', category: 'home', price: 89, warrantyMonths: 0, tags: ['blanket', 'wool'] },
  { sku: 'TST-3001', name: 'Brightwater Camp Lantern', category: 'outdoor', price: 29.99, warrantyMonths: 36, tags: ['lantern', 'camping'] },
  { sku: 'TST-9001', name: 'Gift Card 50', category: 'gift_cards', price: 50, warrantyMonths: 0, tags: ['gift card'] },
];

export const SEED_CUSTOMERS: SeedCustomer[] = [
  { id: 'alice', firstName: 'Alice', lastName: 'Moreno', email: 'alice.moreno@example.com' },
  { id: 'bob', firstName: 'Bob', lastName: 'Okafor', email: 'bob.okafor@example.com' },
];

export const SEED_ORDERS: SeedOrder[] = [
  { number: '1001', customer: 'alice', state: 'processing', items: [{ sku: 'TST-1001', quantity: 1 }], purpose: 'not shipped: cancellable, not yet returnable' },
  {
    number: '1002',
    customer: 'alice',
    state: 'shipped',
    items: [{ sku: 'TST-3001', quantity: 2 }],
    shipment: { carrier: 'UPS', trackingNumber: '1Z999AA10123456784', trackingUrl: 'https://www.ups.com/track?tracknum=1Z999AA10123456784' },
    purpose: 'on its way: tracking, not cancellable',
  },
  {
    number: '1003',
    customer: 'alice',
    state: 'delivered',
    items: [
      { sku: 'TST-1002', quantity: 1 },
      { sku: 'TST-2001', quantity: 1 },
    ],
    shipment: { carrier: 'USPS', trackingNumber: '9400100000000000000000', trackingUrl: 'https://tools.usps.com/go/TrackConfirmAction?tLabels=9400100000000000000000' },
    purpose: 'delivered, two items: returnable inside the window, window closed later; warranty running then expired',
  },
  {
    number: '1004',
    customer: 'alice',
    state: 'delivered',
    items: [{ sku: 'TST-9001', quantity: 1 }],
    shipment: { carrier: 'USPS', trackingNumber: '9400100000000000000001', trackingUrl: 'https://tools.usps.com/go/TrackConfirmAction?tLabels=9400100000000000000001' },
    purpose: 'a gift card: never returnable, no warranty',
  },
  { number: '1005', customer: 'alice', state: 'cancelled', items: [{ sku: 'TST-1001', quantity: 1 }], purpose: 'cancelled: nothing to return or cancel' },
  {
    number: '1006',
    customer: 'bob',
    state: 'delivered',
    items: [{ sku: 'TST-3001', quantity: 1 }],
    shipment: { carrier: 'UPS', trackingNumber: '1Z999AA10123456785', trackingUrl: 'https://www.ups.com/track?tracknum=1Z999AA10123456785' },
    purpose: "another customer's order: must look exactly like a missing one to Alice",
  },
];

/** Where the contract cases put the clock, counted from the order's own delivery date. */
export const DAYS_AFTER_DELIVERY = {
  /** Inside the 30-day window of fixtures/contract-store/returns-policy.yaml. */
  returnable: 5,
  /** Past the window, inside every warranty. */
  windowClosed: 60,
  /** Past the 12-month blender warranty, inside the 24-month kettle one. */
  blenderWarrantyOver: 400,
} as const;

export const seedCustomer = (id: string): SeedCustomer => {
  const c = SEED_CUSTOMERS.find((x) => x.id === id);
  if (!c) throw new Error(`no seed customer ${id}`);
  return c;
};
