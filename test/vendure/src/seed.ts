import { LanguageCode, Permission, type InitialData } from '@vendure/core';
import { populateInitialData } from '@vendure/core/cli/index.js';
import type { INestApplicationContext } from '@nestjs/common';
import { SEED_CUSTOMERS, SEED_ORDERS, SEED_PRODUCTS, type SeedOrder } from '../../commerce/contract/seed.js';
import { SUPERADMIN } from './config.js';
import { Gql } from './gql.js';
import { TEST_PAYMENT_METHOD, TRACKED_SHIPMENT_HANDLER } from './plugins.js';

/** The customers' shop password (the seeder checks out as each of them through the Shop API). */
const CUSTOMER_PASSWORD = 'customer-test-password';
/** The role the connector's API key gets: only what Switchboard needs (docs list the same set). */
export const CONNECTOR_PERMISSIONS = [Permission.ReadOrder, Permission.UpdateOrder, Permission.ReadCustomer, Permission.ReadCatalog];

const ADDRESS = { streetLine1: '1 Test Street', city: 'Springfield', postalCode: '12345', countryCode: 'US' };

const initialData: InitialData = {
  defaultLanguage: LanguageCode.en,
  defaultZone: 'Americas',
  roles: [{ code: 'switchboard', description: 'Switchboard support bot', permissions: CONNECTOR_PERMISSIONS }],
  countries: [{ name: 'United States', code: 'US', zone: 'Americas' }],
  // Prices in the seed are what customers pay: no tax, free shipping, so totals are the item sums.
  taxRates: [{ name: 'No tax', percentage: 0 }],
  shippingMethods: [{ name: 'Standard shipping', price: 0 }],
  paymentMethods: [{ name: 'Test payment', handler: { code: TEST_PAYMENT_METHOD, arguments: [] } }],
  collections: [],
};

/** Orders beyond the contract's data set, for the Vendure-specific tests (a third customer and a guest, so the contract's counts stay true). */
export const EXTRA_CUSTOMERS = [{ id: 'carol', firstName: 'Carol', lastName: 'Nguyen', email: 'carol.nguyen@example.com' }];
export interface ExtraOrder extends Omit<SeedOrder, 'state'> {
  state: SeedOrder['state'] | 'authorized' | 'partially_shipped' | 'packed';
  guest?: { firstName: string; lastName: string; email: string };
}
export const EXTRA_ORDERS: ExtraOrder[] = [
  { number: '1007', customer: 'carol', state: 'authorized', items: [{ sku: 'TST-1002', quantity: 1 }], purpose: 'payment only authorized: cancelling voids it' },
  { number: '1008', customer: 'carol', state: 'processing', items: [{ sku: 'TST-2001', quantity: 2 }], purpose: 'settled, not shipped: cancelling refunds it' },
  {
    number: '1009',
    customer: 'carol',
    state: 'partially_shipped',
    items: [
      { sku: 'TST-1001', quantity: 1 },
      { sku: 'TST-3001', quantity: 1 },
    ],
    shipment: { carrier: 'FedEx', trackingNumber: '771234567890', trackingUrl: 'https://www.fedex.com/fedextrack/?trknbr=771234567890' },
    purpose: 'one of two lines shipped',
  },
  { number: '1010', customer: 'carol', state: 'packed', items: [{ sku: 'TST-1001', quantity: 1 }], shipment: { carrier: 'UPS', trackingNumber: '1Z999AA10123456786', trackingUrl: 'https://www.ups.com/track?tracknum=1Z999AA10123456786' }, purpose: 'fulfilment created, not handed to the carrier' },
  {
    number: '1011',
    customer: 'dave',
    guest: { firstName: 'Dave', lastName: 'Lindqvist', email: 'dave.lindqvist@example.com' },
    state: 'delivered',
    items: [{ sku: 'TST-3001', quantity: 1 }],
    shipment: { carrier: 'USPS', trackingNumber: '9400100000000000000002', trackingUrl: 'https://tools.usps.com/go/TrackConfirmAction?tLabels=9400100000000000000002' },
    purpose: 'a guest checkout (customer without an account)',
  },
];

export interface SeedResult {
  /** Seed order number → Vendure order code (equal: the server counts codes up from the first number). */
  orderCodes: Record<string, string>;
  /** Seed customer id → Vendure customer id. */
  customerIds: Record<string, string>;
  /** An API key with only CONNECTOR_PERMISSIONS. */
  apiKey: string;
  /** An administrator with only CONNECTOR_PERMISSIONS (the sign-in the README recommends). */
  connectorAdmin: { username: string; password: string };
  variantCount: number;
}

const ERR = '... on ErrorResult { errorCode message }';

export async function seed(app: INestApplicationContext, urls: { admin: string; shop: string }, opts: { extras: boolean }): Promise<SeedResult> {
  await populateInitialData(app, initialData);
  const admin = new Gql(urls.admin);
  await admin.login(SUPERADMIN.identifier, SUPERADMIN.password);

  // Catalog: a "category" facet, one product per seed SKU with one variant at the seed price.
  const categories = [...new Set(SEED_PRODUCTS.map((p) => p.category))];
  const facet = await admin.request(
    `mutation ($input: CreateFacetInput!) { createFacet(input: $input) { id values { id code } } }`,
    {
      input: {
        code: 'category',
        isPrivate: false,
        translations: [{ languageCode: 'en', name: 'Category' }],
        values: categories.map((c) => ({ code: c, translations: [{ languageCode: 'en', name: c.replace(/_/g, ' ') }] })),
      },
    },
  );
  const facetValueId = new Map<string, string>(facet.createFacet.values.map((v: { id: string; code: string }) => [v.code, v.id]));
  const variantId = new Map<string, string>();
  for (const p of SEED_PRODUCTS) {
    const product = await admin.request(`mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }`, {
      input: {
        facetValueIds: [facetValueId.get(p.category)],
        translations: [{ languageCode: 'en', name: p.name, slug: p.sku.toLowerCase(), description: `${p.name}.` }],
      },
    });
    const variants = await admin.request(`mutation ($input: [CreateProductVariantInput!]!) { createProductVariants(input: $input) { id sku } }`, {
      input: [{ productId: product.createProduct.id, sku: p.sku, price: Math.round(p.price * 100), stockOnHand: 100, translations: [{ languageCode: 'en', name: p.name }] }],
    });
    variantId.set(p.sku, variants.createProductVariants[0].id);
  }

  // Customers with accounts (they check out signed in, as shoppers do).
  const people = [...SEED_CUSTOMERS, ...(opts.extras ? EXTRA_CUSTOMERS : [])];
  const customerIds: Record<string, string> = {};
  for (const c of people) {
    const created = await admin.expect('createCustomer', 'Customer', `mutation ($input: CreateCustomerInput!, $password: String) { createCustomer(input: $input, password: $password) { __typename ... on Customer { id } ${ERR} } }`, {
      input: { firstName: c.firstName, lastName: c.lastName, emailAddress: c.email },
      password: CUSTOMER_PASSWORD,
    });
    customerIds[c.id] = created.id;
  }

  const shops = new Map<string, Gql>();
  async function shopFor(order: ExtraOrder): Promise<Gql> {
    if (order.guest) return new Gql(urls.shop);
    let shop = shops.get(order.customer);
    if (!shop) {
      shop = new Gql(urls.shop);
      await shop.login(people.find((p) => p.id === order.customer)!.email, CUSTOMER_PASSWORD);
      shops.set(order.customer, shop);
    }
    return shop;
  }

  const orderCodes: Record<string, string> = {};
  const orders: ExtraOrder[] = [...SEED_ORDERS, ...(opts.extras ? EXTRA_ORDERS : [])];
  for (const o of orders) {
    const shop = await shopFor(o);
    const placed = await checkout(shop, o, variantId);
    if (placed.code !== o.number) throw new Error(`order ${o.number} got code ${placed.code}: something else started a checkout`);
    orderCodes[o.number] = placed.code;
    await merchantSteps(admin, o, placed);
  }

  const role = await admin.request(`query { roles(options: { filter: { code: { eq: "switchboard" } } }) { items { id } } }`);
  const roleIds = [role.roles.items[0].id];
  const key = await admin.request(`mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey } }`, {
    input: { roleIds, translations: [{ languageCode: 'en', name: 'Switchboard support bot' }] },
  });
  const connectorAdmin = { username: 'switchboard@store.example', password: 'switchboard-test-password' };
  await admin.request(`mutation ($input: CreateAdministratorInput!) { createAdministrator(input: $input) { id } }`, {
    input: { firstName: 'Switchboard', lastName: 'Bot', emailAddress: connectorAdmin.username, password: connectorAdmin.password, roleIds },
  });
  return { orderCodes, customerIds, apiKey: key.createApiKey.apiKey, connectorAdmin, variantCount: SEED_PRODUCTS.length };
}

interface Placed {
  id: string;
  code: string;
  lines: Array<{ id: string; quantity: number; productVariant: { sku: string } }>;
  payments: Array<{ id: string; amount: number }>;
}

/** The shopper's checkout through the Shop API: cart, address, shipping, payment. */
async function checkout(shop: Gql, o: ExtraOrder, variantId: ReadonlyMap<string, string>): Promise<Placed> {
  for (const item of o.items) {
    await shop.expect('addItemToOrder', 'Order', `mutation ($v: ID!, $q: Int!) { addItemToOrder(productVariantId: $v, quantity: $q) { __typename ... on Order { id } ${ERR} } }`, {
      v: variantId.get(item.sku),
      q: item.quantity,
    });
  }
  if (o.guest) {
    await shop.expect('setCustomerForOrder', 'Order', `mutation ($input: CreateCustomerInput!) { setCustomerForOrder(input: $input) { __typename ... on Order { id } ${ERR} } }`, {
      input: { firstName: o.guest.firstName, lastName: o.guest.lastName, emailAddress: o.guest.email },
    });
  }
  await shop.expect('setOrderShippingAddress', 'Order', `mutation ($input: CreateAddressInput!) { setOrderShippingAddress(input: $input) { __typename ... on Order { id } ${ERR} } }`, {
    input: { fullName: o.customer, ...ADDRESS },
  });
  const methods = await shop.request(`query { eligibleShippingMethods { id } }`);
  await shop.expect('setOrderShippingMethod', 'Order', `mutation ($ids: [ID!]!) { setOrderShippingMethod(shippingMethodId: $ids) { __typename ... on Order { id } ${ERR} } }`, {
    ids: [methods.eligibleShippingMethods[0].id],
  });
  await shop.expect('transitionOrderToState', 'Order', `mutation { transitionOrderToState(state: "ArrangingPayment") { __typename ... on Order { id } ${ERR} } }`);
  const payment = await shop.request(`query { eligiblePaymentMethods { code } }`);
  return shop.expect(
    'addPaymentToOrder',
    'Order',
    `mutation ($input: PaymentInput!) { addPaymentToOrder(input: $input) { __typename ... on Order { id code state lines { id quantity productVariant { sku } } payments { id amount } } ${ERR} } }`,
    { input: { method: payment.eligiblePaymentMethods[0].code, metadata: o.state === 'authorized' ? { authorizeOnly: true } : {} } },
  );
}

/** What the merchant does next in the Admin API: ship, deliver, or cancel and refund. */
async function merchantSteps(admin: Gql, o: ExtraOrder, placed: Placed): Promise<void> {
  const fulfil = async (lines: Placed['lines']) => {
    const s = o.shipment!;
    return admin.expect('addFulfillmentToOrder', 'Fulfillment', `mutation ($input: FulfillOrderInput!) { addFulfillmentToOrder(input: $input) { __typename ... on Fulfillment { id } ${ERR} } }`, {
      input: {
        lines: lines.map((l) => ({ orderLineId: l.id, quantity: l.quantity })),
        handler: {
          code: TRACKED_SHIPMENT_HANDLER,
          arguments: [
            { name: 'method', value: s.carrier },
            { name: 'trackingCode', value: s.trackingNumber },
            { name: 'trackingUrl', value: s.trackingUrl },
          ],
        },
      },
    });
  };
  const move = (id: string, state: string) =>
    admin.expect('transitionFulfillmentToState', 'Fulfillment', `mutation ($id: ID!, $s: String!) { transitionFulfillmentToState(id: $id, state: $s) { __typename ... on Fulfillment { id } ${ERR} } }`, { id, s: state });

  switch (o.state) {
    case 'shipped':
    case 'delivered': {
      const f = await fulfil(placed.lines);
      await move(f.id, 'Shipped');
      if (o.state === 'delivered') await move(f.id, 'Delivered');
      return;
    }
    case 'partially_shipped': {
      const f = await fulfil(placed.lines.slice(0, 1));
      await move(f.id, 'Shipped');
      return;
    }
    case 'packed':
      await fulfil(placed.lines);
      return;
    case 'cancelled': {
      await admin.expect('cancelOrder', 'Order', `mutation ($input: CancelOrderInput!) { cancelOrder(input: $input) { __typename ... on Order { id } ${ERR} } }`, {
        input: { orderId: placed.id, reason: 'customer changed their mind', cancelShipping: true },
      });
      const pay = placed.payments[0]!;
      await admin.expect('refundOrder', 'Refund', `mutation ($input: RefundOrderInput!) { refundOrder(input: $input) { __typename ... on Refund { id } ${ERR} } }`, {
        // shipping and adjustment are deprecated, but Vendure 3.7 still stores them in NOT NULL columns.
        input: { paymentId: pay.id, amount: pay.amount, shipping: 0, adjustment: 0, reason: 'order cancelled' },
      });
      return;
    }
    default:
      return;
  }
}
