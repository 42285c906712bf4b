import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpBackend } from '../../../src/commerce/http/http-backend.js';
import type { Order } from '../../../src/core/commerce.js';

/** A bridge that answers every request with `status` and `body` (raw text when a string). */
async function bridge(status: number, body: unknown, headers: Record<string, string> = {}): Promise<{ url: string; server: Server; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers.authorization}`);
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, seen };
}

const owner = { email: 'alice@example.com' };
const order = { id: '1001', customerEmail: 'alice@example.com', items: [] } as unknown as Order;

describe('HTTP bridge client: errors become back-end kinds', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  const cases: Array<[string, number, unknown, string]> = [
    ['5xx', 503, { error: { code: 'unavailable', message: 'platform down' } }, 'server'],
    ['429', 429, { error: { code: 'throttled', message: 'slow down' } }, 'throttled'],
    ['401', 401, { error: { code: 'unauthorized', message: 'bad token' } }, 'client'],
    ['a 200 that is not JSON', 200, 'not json', 'invalid_response'],
    ['a 200 of another shape', 200, { order: { id: 5 } }, 'invalid_response'],
  ];
  it.each(cases)('%s', async (_name, status, body, kind) => {
    const b = await bridge(status, body);
    server = b.server;
    const backend = createHttpBackend({ baseUrl: b.url, token: 'secret-token' });
    await expect(backend.findOrder('1001', owner)).rejects.toMatchObject({ kind, backend: 'http' });
    expect(b.seen).toEqual(['POST /v1/orders/find Bearer secret-token']);
  });

  it('an unreachable bridge is a network failure', async () => {
    const b = await bridge(200, {});
    await new Promise<void>((r) => b.server.close(() => r()));
    await expect(createHttpBackend({ baseUrl: b.url, token: 't' }).findOrder('1', owner)).rejects.toMatchObject({ kind: 'network' });
  });

  it('501 on returns means the platform keeps none (Switchboard records the return); on the catalog, no catalog', async () => {
    const b = await bridge(501, { error: { code: 'not_supported', message: 'no returns here' } });
    server = b.server;
    const backend = createHttpBackend({ baseUrl: b.url, token: 't' });
    expect(await backend.requestReturn!({ order, sku: 'X', quantity: 1, reason: 'r' })).toBeNull();
    expect(await backend.fetchCatalog!()).toEqual({ products: [], categories: [] });
  });

  it("the bridge's refusals become rule refusals the customer is told about", async () => {
    const b = await bridge(409, { error: { code: 'not_returnable', message: 'past the window' } });
    server = b.server;
    await expect(createHttpBackend({ baseUrl: b.url, token: 't' }).requestReturn!({ order, sku: 'X', quantity: 1, reason: 'r' })).rejects.toMatchObject({ code: 'platform_refused' });
  });

  it("an order of another owner in the bridge's answer is dropped", async () => {
    const other = { id: '1001', customerEmail: 'mallory@example.com', customerName: 'M', placedAt: '2026-01-01T00:00:00Z', deliveredAt: null, status: 'processing', items: [], total: 0, fulfillments: [], expectedDelivery: null };
    const b = await bridge(200, { order: other });
    server = b.server;
    expect(await createHttpBackend({ baseUrl: b.url, token: 't' }).findOrder('1001', owner)).toBeNull();
  });
});

describe('HTTP bridge client: ownership is checked again, and only a real id or the exact e-mail owns an order', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  // A lax bridge that answers every number with someone else's order: Switchboard's own check must refuse it.
  const guestOrder = (customerEmail: string, customerId?: string) => ({
    order: { id: '1002', customerEmail, ...(customerId === undefined ? {} : { customerId }), customerName: 'Dana', status: 'processing', placedAt: '2026-01-01T00:00:00.000Z', deliveredAt: null, items: [], total: 0, fulfillments: [], expectedDelivery: null },
  });

  it("a guest order's empty customer id does not make a verified guest with an empty id its owner", async () => {
    const b = await bridge(200, guestOrder('dana@example.com', ''));
    server = b.server;
    const backend = createHttpBackend({ baseUrl: b.url, token: 't' });
    expect(await backend.findOrder('1002', { email: 'mallory@example.com', customerId: '' })).toBeNull();
    expect(await backend.findOrder('1002', { email: 'mallory@example.com', customerId: '  ' })).toBeNull();
    expect(await backend.findOrder('1002', { email: 'dana@example.com' })).not.toBeNull();
  });

  it('an e-mail that only lower-cases onto the owner\'s (Kelvin sign K for k) is someone else', async () => {
    const b = await bridge(200, guestOrder('kim@example.com'));
    server = b.server;
    const backend = createHttpBackend({ baseUrl: b.url, token: 't' });
    expect(await backend.findOrder('1002', { email: '\u212Aim@example.com' })).toBeNull();
    expect(await backend.findOrder('1002', { email: ' KIM@Example.COM ' })).not.toBeNull();
  });
});
