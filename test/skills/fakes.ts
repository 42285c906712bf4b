import { z } from 'zod';
import type { Commerce, Order, Product, ReturnPolicy, WarrantyTerms } from '../../src/core/commerce.js';
import type { ToolDefinition, ToolRegistry } from '../../src/core/skill.js';

/**
 * Small in-test stand-ins for the Commerce and ToolRegistry contracts, so the skill
 * loader and assembler are tested on their own. Data is invented for these tests.
 */

export const fakeProducts: Product[] = [
  {
    sku: 'KT-100',
    name: 'Brightwell Glass Kettle',
    category: 'Kitchen',
    price: 49.5,
    description: 'A 1.7 litre glass kettle with a blue light.',
    attributes: { capacity: '1.7 L', power: '2200 W' },
    tags: ['kettle', 'glass'],
    warrantyMonths: 24,
    inStock: true,
  },
  {
    sku: 'KT-200',
    name: 'Brightwell Steel Kettle',
    category: 'Kitchen',
    price: 39,
    description: 'A brushed steel kettle, quiet boil.',
    attributes: { capacity: '1.5 L', power: '2000 W' },
    tags: ['kettle', 'quiet', 'steel'],
    warrantyMonths: 24,
    inStock: false,
  },
  {
    sku: 'HP-300',
    name: 'Larkspur Wireless Headphones',
    category: 'Audio',
    price: 129,
    description: 'Over-ear headphones with noise cancelling.',
    attributes: { battery: '30 h', wireless: true },
    tags: ['headphones', 'wireless', 'noise cancelling'],
    warrantyMonths: 12,
    inStock: true,
    rating: 4.5,
  },
  {
    sku: 'TN-400',
    name: 'Pathfinder Two-Person Tent',
    category: 'Outdoor',
    price: 189,
    description: 'A light tent for two.',
    attributes: { weight: '2.1 kg' },
    tags: ['tent', 'camping'],
    warrantyMonths: 36,
    inStock: true,
  },
];

export const fakeOrders: Order[] = [
  {
    id: 'ORD-5001',
    customerEmail: 'sam@example.test',
    customerName: 'Sam Rivera',
    placedAt: '2024-05-01T10:00:00Z',
    deliveredAt: '2024-05-03T10:00:00Z',
    status: 'delivered',
    items: [{ sku: 'KT-100', name: 'Brightwell Glass Kettle', quantity: 1, unitPrice: 49.5 }],
    total: 49.5,
    fulfillments: [],
    expectedDelivery: null,
  },
];

export interface FakeCommerceData {
  storeName?: string;
  defaultWindowDays?: number;
  kitchenWindowDays?: number;
}

/** A Commerce whose policy numbers can be changed between loads (live-reload tests). */
export function createFakeCommerce(data: FakeCommerceData = {}): Commerce & { data: FakeCommerceData } {
  const state: FakeCommerceData = { ...data };
  const policy = (): ReturnPolicy => ({
    defaultWindowDays: state.defaultWindowDays ?? 30,
    windows: [
      { category: 'Kitchen', days: state.kitchenWindowDays ?? 45 },
      { category: 'Audio', days: 14 },
    ],
    conditions: ['Items must be complete, with the original packaging.'],
    exceptions: [{ category: 'Audio', rule: 'Opened headphones can only be exchanged, not refunded.' }],
    nonReturnable: [{ category: 'Outdoor', reason: 'Tents that have been pitched cannot be returned.' }],
    refundMethod: 'to the original payment method',
    refundDays: 5,
    howToReturn: ['Start the return in chat.', 'Print the label.', 'Drop the parcel off.'],
  });
  const warranty = (): WarrantyTerms => ({
    defaultMonths: 12,
    terms: [
      { category: 'Kitchen', months: 24, covers: ['heating element'], excludes: ['limescale'] },
      { category: 'Audio', months: 12, covers: ['battery'], excludes: ['drops'] },
      { category: 'Outdoor', months: 36, covers: ['seams'], excludes: ['tears'] },
    ],
    howToClaim: ['Tell us the order number.', 'Describe the fault.'],
  });
  const words = (t: string) => t.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  return {
    data: state,
    storeInfo: () => ({
      name: state.storeName ?? 'Harbor & Pine',
      currency: 'USD',
      supportHours: 'Mon-Fri 9:00-17:00',
      supportEmail: 'help@harborpine.test',
      supportPhone: '+1 555 0100',
      website: 'https://harborpine.test',
      identifiers: { order: { pattern: 'ORD-?\\d{4}', example: 'ORD-5001' }, sku: { pattern: '[A-Z]{2}-\\d{3}', example: 'KT-100' }, return: { prefix: 'RT', example: 'RT-5001-KT-100' }, claim: { prefix: 'CL', example: 'CL-5001-KT-100' } },
    }),
    categories: () => ['Kitchen', 'Audio', 'Outdoor'],
    async searchProducts(q) {
      const qw = new Set(words(q.text ?? ''));
      return fakeProducts
        .filter((p) => (!q.category || p.category === q.category) && (q.maxPrice === undefined || p.price <= q.maxPrice))
        .map((p) => {
          const matched = [...new Set([...words(p.name), ...p.tags.flatMap(words), ...words(p.category)])].filter((w) => qw.has(w) || qw.has(`${w}s`));
          return { product: p, score: matched.length, matched };
        })
        // Like the real search, a category without words lists that category.
        .filter((h) => h.score > 0 || (!q.text && q.category !== undefined))
        .sort((a, b) => b.score - a.score)
        .slice(0, q.limit ?? 5);
    },
    async findProducts(q) {
      const hits = (await this.searchProducts(q)).map((h) => ({ ...h, match: 'exact' as const }));
      return { match: hits.length ? 'exact' : 'none', hits, nearestCategories: [], currency: 'USD', priceFilter: null, currencyMismatch: null, unmatched: [], outsideBudget: [], comparison: [] };
    },
    async getProduct(sku) {
      return fakeProducts.find((p) => p.sku === sku.toUpperCase()) ?? null;
    },
    async getOrder(customer, id) {
      return fakeOrders.find((o) => o.id === id && o.customerEmail === customer.email) ?? null;
    },
    async listOrders(customer) {
      return fakeOrders.filter((o) => o.customerEmail === customer.email);
    },
    async verifyOrderEmail(orderId, email) {
      const order = fakeOrders.find((o) => o.id === orderId && o.customerEmail === email.trim().toLowerCase());
      return order ? { email: order.customerEmail, method: 'order_email', verifiedAt: 0, viaOrder: order.id } : null;
    },
    returnPolicy: policy,
    warrantyTerms: warranty,
    async productWarranty(sku) {
      return { sku, orderId: null, productName: null, covered: false, months: 24, reason: 'no_purchase_date', explanation: 'Two years from delivery.', expiresOn: null, covers: [], excludes: [] };
    },
    async checkReturnEligibility(_customer, orderId, sku) {
      return { orderId, sku: sku ?? null, eligible: true, reason: 'ok', explanation: 'Within the window.', windowDays: 45, daysSinceDelivery: 3, lastDay: null };
    },
    async startReturn(_customer, input) {
      return { id: 'R-1', ...input, status: 'requested', createdAt: '2024-05-05T00:00:00Z', instructions: [] };
    },
    async orderWarranty(_customer, input) {
      return { sku: input.sku ?? null, orderId: input.orderId, productName: null, covered: true, months: 24, reason: 'ok', explanation: 'Covered.', expiresOn: null, covers: [], excludes: [] };
    },
    async openWarrantyClaim(_customer, input) {
      return { id: 'W-1', ...input, status: 'open', createdAt: '2024-05-05T00:00:00Z', nextSteps: [] };
    },
    async checkCancellation(_customer, orderId) {
      return { orderId, cancellable: false, reason: 'already_delivered', explanation: 'Already delivered.' };
    },
    async cancelOrder(_customer, input) {
      return { orderId: input.orderId, cancelled: false, reason: 'already_delivered', explanation: 'Already delivered.' };
    },
    health: () => ({ backend: 'fake', state: 'up' }),
  };
}

function tool(name: string, description: string, schema: z.ZodType): ToolDefinition {
  return {
    spec: { name, description, parameters: z.toJSONSchema(schema) as Record<string, unknown> },
    parse(args) {
      const r = schema.safeParse(args);
      return r.success ? { ok: true, value: r.data } : { ok: false, error: r.error.issues.map((i) => `${i.path.join('.') || 'args'}: ${i.message}`).join('; ') };
    },
    async run() {
      throw new Error('fake tools are not run in these tests');
    },
  };
}

export function createFakeTools(): ToolRegistry {
  const defs = [
    tool('search_products', 'Search the catalog.', z.strictObject({ query: z.string().min(1), category: z.string().optional(), max_price: z.number().positive().optional(), min_price: z.number().min(0).optional() })),
    tool('get_product', 'One product by SKU.', z.strictObject({ sku: z.string().min(1) })),
    tool('get_order', 'One order by id.', z.strictObject({ order_id: z.string().min(1) })),
    tool('check_return_eligibility', 'Can an order item be returned?', z.strictObject({ order_id: z.string().min(1), sku: z.string().optional() })),
    tool('start_return', 'Start a return.', z.strictObject({ order_id: z.string().min(1), sku: z.string().min(1), reason: z.string().min(1) })),
    tool('get_return_policy', 'The return policy.', z.strictObject({ category: z.string().optional() })),
    tool('check_warranty', 'Warranty status.', z.strictObject({ sku: z.string().optional(), order_id: z.string().optional() })),
    tool('open_warranty_claim', 'Open a claim.', z.strictObject({ order_id: z.string(), sku: z.string(), issue: z.string() })),
    tool('get_warranty_terms', 'Warranty terms.', z.strictObject({ category: z.string().optional() })),
  ];
  const map = new Map(defs.map((d) => [d.spec.name, d]));
  return { get: (n) => map.get(n), names: () => [...map.keys()] };
}
