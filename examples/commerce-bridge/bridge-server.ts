import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import { createDemoBackend } from '../../src/commerce/demo-backend.js';
import {
  BRIDGE_ROUTES,
  cancelRequest,
  findOrderRequest,
  listOrdersRequest,
  returnRequest,
  type BridgeOrder,
} from '../../src/commerce/http/bridge-schemas.js';
import { loadStoreData } from '../../src/commerce/load-store-data.js';
import type { Order } from '../../src/core/commerce.js';
import { MemoryStore } from '../../src/store/memory-store.js';

/**
 * The reference commerce bridge: a store folder's demo orders (orders.yaml) and catalog served
 * through the contract in docs/commerce-bridge.openapi.yaml, with node:http and no framework.
 * A bridge for a real platform keeps this shape and replaces the demo back-end with calls to
 * the platform (Magento's REST API, WooCommerce's, an ERP's). Returns are kept in memory here
 * (the demo files are read-only); a real bridge creates them in the platform.
 */
export interface BridgeOptions {
  /** The store folder (store.yaml, catalog.yaml, orders.yaml). */
  dir: string;
  /** The bearer token Switchboard sends (COMMERCE_HTTP_TOKEN). */
  token: string;
  host?: string;
  port?: number;
}

export interface RunningBridge {
  url: string;
  server: Server;
  /** Returns created through the bridge, by return id. */
  returns: Map<string, { orderId: string; sku: string; quantity: number; reason: string }>;
  stop(): Promise<void>;
}

const MAX_BODY = 64 * 1024;

class BridgeError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export async function startBridge(opts: BridgeOptions): Promise<RunningBridge> {
  const clock = { now: () => Date.now() };
  const data = await loadStoreData(opts.dir);
  const store = new MemoryStore({ historyTtlSeconds: 3600, maxMessages: 10, clock });
  const demo = await createDemoBackend({ dir: opts.dir, productsBySku: data.productsBySku, store, clock });
  const returns: RunningBridge['returns'] = new Map();
  const expected = Buffer.from(`Bearer ${opts.token}`);

  const returnedQuantity = (orderId: string, sku: string) =>
    [...returns.values()].filter((r) => r.orderId === orderId && r.sku === sku).reduce((n, r) => n + r.quantity, 0);

  /** The demo order as the contract's Order, with what is still returnable once delivered. */
  const toBridge = (o: Order): BridgeOrder => ({
    id: o.id,
    ...(o.customerId ? { customerId: o.customerId } : {}),
    customerEmail: o.customerEmail,
    customerName: o.customerName,
    placedAt: o.placedAt,
    deliveredAt: o.deliveredAt,
    status: o.status,
    items: o.items.map((i) => ({
      sku: i.sku,
      name: i.name,
      quantity: i.quantity,
      unitPrice: i.unitPrice,
      ...(i.category ? { category: i.category } : {}),
      ...(i.opened !== undefined ? { opened: i.opened } : {}),
      ...(i.onSale !== undefined ? { onSale: i.onSale } : {}),
      ...(i.returned !== undefined ? { returned: i.returned } : {}),
      ...(o.status === 'delivered' ? { returnableQuantity: Math.max(0, i.quantity - returnedQuantity(o.id, i.sku)) } : {}),
    })),
    total: o.total,
    ...(o.currency ? { currency: o.currency } : {}),
    fulfillments: o.fulfillments,
    expectedDelivery: o.expectedDelivery,
  });

  async function body<S extends z.ZodType>(req: IncomingMessage, schema: S): Promise<z.output<S>> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size > MAX_BODY) throw new BridgeError(413, 'invalid_request', `body over ${MAX_BODY} bytes`);
      chunks.push(c as Buffer);
    }
    let value: unknown;
    try {
      value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      throw new BridgeError(400, 'invalid_request', 'body is not JSON');
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new BridgeError(400, 'invalid_request', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    return parsed.data;
  }

  async function route(req: IncomingMessage, url: URL): Promise<{ status: number; body: unknown }> {
    const auth = Buffer.from(req.headers.authorization ?? '');
    if (auth.length !== expected.length || !timingSafeEqual(auth, expected)) throw new BridgeError(401, 'unauthorized', 'missing or wrong bearer token');
    const post = req.method === 'POST';
    switch (url.pathname) {
      case BRIDGE_ROUTES.findOrder: {
        if (!post) break;
        const b = await body(req, findOrderRequest);
        const order = await demo.findOrder(b.number, b.owner);
        return { status: 200, body: { order: order ? toBridge(order) : null } };
      }
      case BRIDGE_ROUTES.listOrders: {
        if (!post) break;
        const b = await body(req, listOrdersRequest);
        return { status: 200, body: { orders: (await demo.listOrders(b.owner, { limit: b.limit })).map(toBridge) } };
      }
      case BRIDGE_ROUTES.requestReturn: {
        if (!post) break;
        const b = await body(req, returnRequest);
        const order = await demo.findOrder(b.orderId, b.owner);
        if (!order) throw new BridgeError(404, 'order_not_found', 'no such order for this customer');
        const item = order.items.find((i) => i.sku === b.sku);
        const left = item && order.status === 'delivered' ? item.quantity - returnedQuantity(order.id, item.sku) : 0;
        if (!item || b.quantity > left) throw new BridgeError(409, 'not_returnable', `only ${left} of ${b.sku} can be returned`);
        const returnId = `RMA-${order.id.replace(/\W/g, '')}-${returns.size + 1}`;
        returns.set(returnId, { orderId: order.id, sku: b.sku, quantity: b.quantity, reason: b.reason });
        return { status: 201, body: { returnId } };
      }
      case BRIDGE_ROUTES.cancelOrder: {
        if (!post) break;
        const b = await body(req, cancelRequest);
        const order = await demo.findOrder(b.orderId, b.owner);
        if (!order) throw new BridgeError(404, 'order_not_found', 'no such order for this customer');
        const r = await demo.cancelOrder({ order, reason: b.reason });
        return { status: 200, body: r.ok ? { result: 'cancelled' } : { result: 'refused', refusal: r.refusal, ...(r.detail ? { detail: r.detail } : {}) } };
      }
      case BRIDGE_ROUTES.catalog: {
        if (req.method !== 'GET') break;
        const limit = Math.min(1000, Math.max(1, Number(url.searchParams.get('limit') ?? 200) || 200));
        const start = Math.max(0, Number(url.searchParams.get('cursor') ?? 0) || 0);
        const page = data.products.slice(start, start + limit);
        const categories = data.categories.filter((c) => page.some((p) => p.category === c.id));
        return { status: 200, body: { products: page, categories, nextCursor: start + limit < data.products.length ? String(start + limit) : null } };
      }
    }
    throw new BridgeError(404, 'invalid_request', `no route ${req.method} ${url.pathname}`);
  }

  const send = (res: ServerResponse, status: number, payload: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(payload));
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://bridge');
    route(req, url).then(
      (r) => send(res, r.status, r.body),
      (err: unknown) => {
        if (err instanceof BridgeError) return send(res, err.status, { error: { code: err.code, message: err.message } });
        send(res, 500, { error: { code: 'internal', message: 'the bridge failed' } });
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${address.port}`,
    server,
    returns,
    stop: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
