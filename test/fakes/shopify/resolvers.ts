import { returnableQuantity, type ShopData, type ShopFulfillment, type ShopLine, type ShopOrder, type ShopProduct, type ShopVariant } from './shop-data.js';
import { parseSearch } from './search-syntax.js';

interface PageArgs {
  first?: number | null;
  after?: string | null;
}

const cursorOf = (i: number) => Buffer.from(`i:${i}`).toString('base64');
const indexOf = (cursor: string | null | undefined) => (cursor ? Number(Buffer.from(cursor, 'base64').toString().slice(2)) + 1 : 0);

/** Shopify refuses a connection without `first` or `last`, and `first` above 250. */
function connection<T, V>(items: readonly T[], args: PageArgs, view: (item: T) => V) {
  const first = args.first;
  if (first === undefined || first === null) throw new Error('you must provide one of first or last');
  if (first > 250) throw new Error('first cannot exceed 250');
  const start = indexOf(args.after);
  const page = items.slice(start, start + first);
  const nodes = page.map(view);
  return {
    nodes,
    edges: nodes.map((node, i) => ({ node, cursor: cursorOf(start + i) })),
    pageInfo: {
      hasNextPage: start + first < items.length,
      hasPreviousPage: start > 0,
      startCursor: page.length ? cursorOf(start) : null,
      endCursor: page.length ? cursorOf(start + page.length - 1) : null,
    },
  };
}

const money = (amount: number) => {
  const m = { amount: amount.toFixed(2), currencyCode: 'USD' };
  return { shopMoney: m, presentmentMoney: m };
};

const numeric = (gid: string) => gid.slice(gid.lastIndexOf('/') + 1);

/** The fake shop behind the Admin schema: queries read `data`, mutations change it. */
export function createRootValue(data: ShopData, now: () => number) {
  const variantView = (v: ShopVariant, p: ShopProduct) => ({
    id: v.id,
    sku: v.sku,
    title: v.title,
    price: v.price,
    inventoryQuantity: v.inventoryQuantity,
    availableForSale: p.status === 'ACTIVE' && v.inventoryQuantity > 0,
    selectedOptions: v.options,
    product: () => productView(p),
  });
  const productView = (p: ShopProduct) => ({
    id: p.id,
    title: p.title,
    description: () => p.description,
    productType: p.productType,
    vendor: p.vendor,
    tags: p.tags,
    totalInventory: p.variants.reduce((n, v) => n + v.inventoryQuantity, 0),
    variants: (args: PageArgs) => connection(p.variants, args, (v) => variantView(v, p)),
  });
  const lineView = (l: ShopLine) => ({
    id: l.id,
    sku: l.variant.sku,
    name: l.product.variants.length > 1 ? `${l.product.title} - ${l.variant.title}` : l.product.title,
    title: l.product.title,
    quantity: l.quantity,
    originalUnitPriceSet: money(Number(l.variant.price)),
    product: () => productView(l.product),
    variant: () => variantView(l.variant, l.product),
  });
  const fulfillmentView = (f: ShopFulfillment) => ({
    id: f.id,
    status: f.status,
    displayStatus: f.displayStatus,
    createdAt: f.createdAt,
    inTransitAt: f.inTransitAt,
    deliveredAt: f.deliveredAt,
    estimatedDeliveryAt: f.estimatedDeliveryAt,
    trackingInfo: ({ first }: { first?: number | null }) => (f.tracking ? [f.tracking] : []).slice(0, first ?? 1),
    fulfillmentLineItems: (args: PageArgs) => connection(f.lines, args, (fl) => ({ id: fl.id, quantity: fl.quantity, lineItem: lineView(fl.line) })),
  });
  const fulfillmentStatus = (o: ShopOrder) => {
    const shipped = o.fulfillments.filter((f) => f.status === 'SUCCESS');
    if (shipped.length === 0) return 'UNFULFILLED';
    const units = (ls: Array<{ quantity: number }>) => ls.reduce((n, l) => n + l.quantity, 0);
    return units(shipped.flatMap((f) => f.lines)) >= units(o.lines) ? 'FULFILLED' : 'PARTIALLY_FULFILLED';
  };
  const orderView = (o: ShopOrder) => ({
    id: o.id,
    name: o.name,
    email: o.email,
    createdAt: o.createdAt,
    cancelledAt: o.cancelledAt,
    closedAt: null,
    displayFinancialStatus: o.financial,
    displayFulfillmentStatus: fulfillmentStatus(o),
    customer: o.customer ? { ...o.customer, displayName: `${o.customer.firstName} ${o.customer.lastName}` } : null,
    currencyCode: 'USD',
    totalPriceSet: money(o.lines.reduce((n, l) => n + Number(l.variant.price) * l.quantity, 0)),
    lineItems: (args: PageArgs) => connection(o.lines, args, lineView),
    fulfillments: ({ first }: { first?: number | null }) => o.fulfillments.slice(0, first ?? o.fulfillments.length).map(fulfillmentView),
  });

  const orderFields = {
    email: (o: ShopOrder, v: string) => o.email.toLowerCase() === v.toLowerCase(),
    name: (o: ShopOrder, v: string) => o.name.toLowerCase() === v.toLowerCase(),
    customer_id: (o: ShopOrder, v: string) => o.customer !== null && numeric(o.customer.id) === v,
  };
  const productFields = { status: (p: ShopProduct, v: string) => p.status.toLowerCase() === v.toLowerCase() };

  const returnableOf = (o: ShopOrder) =>
    o.fulfillments
      .filter((f) => f.status === 'SUCCESS' && f.displayStatus === 'DELIVERED')
      .map((f) => ({ f, lines: f.lines.map((fl) => ({ fl, quantity: returnableQuantity(data, fl.id, fl.quantity) })).filter((x) => x.quantity > 0) }))
      .filter((x) => x.lines.length > 0);

  return {
    orders(args: PageArgs & { query?: string | null; reverse?: boolean | null }) {
      const match = parseSearch(args.query ?? '', orderFields);
      const sorted = [...data.orders].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
      if (args.reverse) sorted.reverse();
      return connection(sorted.filter(match), args, orderView);
    },
    products(args: PageArgs & { query?: string | null }) {
      return connection(data.products.filter(parseSearch(args.query ?? '', productFields)), args, productView);
    },
    product({ id }: { id: string }) {
      const p = data.products.find((x) => x.id === id);
      return p ? productView(p) : null;
    },
    returnableFulfillments(args: PageArgs & { orderId: string }) {
      const o = data.orders.find((x) => x.id === args.orderId);
      if (!o) throw new Error(`Order does not exist: ${args.orderId}`);
      return connection(returnableOf(o), args, ({ f, lines }) => ({
        id: f.id.replace('Fulfillment', 'ReturnableFulfillment'),
        fulfillment: fulfillmentView(f),
        returnableFulfillmentLineItems: (a: PageArgs) => connection(lines, a, ({ fl, quantity }) => ({ quantity, fulfillmentLineItem: { id: fl.id, quantity: fl.quantity, lineItem: lineView(fl.line) } })),
      }));
    },
    returnRequest({ input }: { input: { orderId: string; returnLineItems: Array<{ fulfillmentLineItemId: string; quantity: number; returnReason?: string | null; returnReasonDefinitionId?: string | null; customerNote?: string | null }> } }) {
      const userError = (field: string[], message: string, code: string) => ({ return: null, userErrors: [{ field, message, code }] });
      const o = data.orders.find((x) => x.id === input.orderId);
      if (!o) return userError(['input', 'orderId'], 'Order does not exist.', 'NOT_FOUND');
      if (input.returnLineItems.length === 0) return userError(['input', 'returnLineItems'], "Return line items can't be blank.", 'BLANK');
      const open = new Map(returnableOf(o).flatMap(({ lines }) => lines.map(({ fl, quantity }) => [fl.id, quantity] as const)));
      for (const [i, line] of input.returnLineItems.entries()) {
        const left = open.get(line.fulfillmentLineItemId);
        if (left === undefined) return userError(['input', 'returnLineItems', String(i), 'fulfillmentLineItemId'], 'Fulfillment line item is not returnable.', 'INVALID');
        if (line.quantity < 1 || line.quantity > left) return userError(['input', 'returnLineItems', String(i), 'quantity'], `Quantity must be between 1 and ${left}.`, 'GREATER_THAN');
        if ((line.customerNote ?? '').length > 300) return userError(['input', 'returnLineItems', String(i), 'customerNote'], 'Customer note is too long (maximum is 300 characters).', 'TOO_LONG');
      }
      const created = {
        id: data.nextId('Return'),
        name: `${o.name}-R${data.returns.filter((r) => r.order === o).length + 1}`,
        status: 'REQUESTED' as const,
        order: o,
        lines: input.returnLineItems.map((l) => ({
          fulfillmentLineItemId: l.fulfillmentLineItemId,
          quantity: l.quantity,
          returnReason: l.returnReason ?? null,
          returnReasonDefinitionId: l.returnReasonDefinitionId ?? null,
          customerNote: l.customerNote ?? null,
        })),
      };
      data.returns.push(created);
      return { return: { id: created.id, name: created.name, status: created.status, order: orderView(o) }, userErrors: [] };
    },
    orderCancel(args: { orderId: string; reason: string; refundMethod: { originalPaymentMethodsRefund?: boolean | null }; restock: boolean; notifyCustomer?: boolean | null; staffNote?: string | null }) {
      const refuse = (message: string, code: string) => ({ job: null, orderCancelUserErrors: [{ field: ['orderId'], message, code }], userErrors: [{ field: ['orderId'], message }] });
      const o = data.orders.find((x) => x.id === args.orderId);
      if (!o) return refuse('Order does not exist', 'NOT_FOUND');
      if (o.cancelledAt) return refuse('Cannot cancel an order that has already been cancelled', 'INVALID');
      if (o.fulfillments.some((f) => f.status === 'SUCCESS')) return refuse('Cannot cancel an order with fulfillments', 'INVALID');
      o.cancelledAt = new Date(now()).toISOString();
      if (args.refundMethod.originalPaymentMethodsRefund) o.financial = 'REFUNDED';
      return { job: { id: data.nextId('Job'), done: true }, orderCancelUserErrors: [], userErrors: [] };
    },
  };
}
