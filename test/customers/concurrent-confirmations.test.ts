import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeOrder } from '../../src/commerce/http/bridge-schemas.js';
import { mintIdentityToken } from '../../src/identity/identity-token.js';
import type { Running } from '../../src/main.js';
import { startTestApp, TEST_IDENTITY_SECRET } from '../helpers/test-app.js';

const CONTRACT_STORE = path.resolve(import.meta.dirname, '../fixtures/contract-store');
const ALICE = { customerId: 'alice', email: 'alice.moreno@example.com' };

/**
 * A platform behind the HTTP bridge that takes as long as a real one to create a return or to
 * cancel, and counts what it was asked to do. Order 1001 is processing (cancellable), 1003 was
 * delivered today (returnable); both are Alice's.
 */
async function startBridge() {
  const calls = { returns: 0, cancels: 0 };
  let cancelled = false;
  const day = new Date().toISOString();
  const order = (id: string): BridgeOrder | null => {
    const base = { customerId: ALICE.customerId, customerEmail: ALICE.email, customerName: 'Alice Moreno', placedAt: day, total: 49.5, expectedDelivery: null };
    if (id === '1001') {
      return { ...base, id, deliveredAt: null, status: cancelled ? 'cancelled' : 'processing', fulfillments: [], items: [{ sku: 'TST-1001', name: 'Larkspur Trail Kettle', quantity: 1, unitPrice: 49.5 }] };
    }
    if (id === '1003') {
      const fulfillment = { status: 'delivered' as const, carrier: 'USPS', trackingNumber: '9400100000000000000000', trackingUrl: null, shippedAt: day, deliveredAt: day, skus: ['TST-1002'] };
      return { ...base, id, deliveredAt: day, status: 'delivered', fulfillments: [fulfillment], items: [{ sku: 'TST-1002', name: 'Larkspur Hand Blender', quantity: 1, unitPrice: 35 }] };
    }
    return null;
  };
  const read = async (req: IncomingMessage) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    return JSON.parse(text || '{}') as Record<string, any>;
  };
  const server: Server = createServer(async (req, res) => {
    const body = await read(req);
    const send = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    if (req.url === '/v1/orders/find') {
      const found = order(String(body.number).replace(/^#/, ''));
      const mine = found && (body.owner?.customerId === ALICE.customerId || body.owner?.email === ALICE.email);
      return send(200, { order: mine ? found : null });
    }
    if (req.url === '/v1/returns') {
      calls.returns++;
      await new Promise((r) => setTimeout(r, 300));
      return send(200, { returnId: `PR-${calls.returns}` });
    }
    if (req.url === '/v1/orders/cancel') {
      calls.cancels++;
      await new Promise((r) => setTimeout(r, 300));
      cancelled = true;
      return send(200, { result: 'cancelled' });
    }
    return send(404, { error: { code: 'not_found', message: 'no such route' } });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/**
 * Red team (h-redteam3): a signed-in shopper with the chat open in two tabs (or a script holding
 * two conversations) confirms the same return in both at the same moment, each tab served by a
 * different process on one Redis. Each conversation's lock serialises its own confirmations, but
 * nothing serialised two conversations on one order: both read "no return yet", both asked the
 * platform, and the shop got two return requests (two refunds) for one item; a cancellation was
 * sent twice the same way. On main: 2 return requests and 2 cancellations.
 */
describe('confirmations racing in two conversations on two processes (redis store)', () => {
  let bridge: Awaited<ReturnType<typeof startBridge>>;
  const apps: Running[] = [];

  beforeAll(async () => {
    bridge = await startBridge();
    const prefix = `t:${randomUUID().slice(0, 8)}:`;
    const env = { STORE_DIR: CONTRACT_STORE, COMMERCE: 'http', COMMERCE_HTTP_URL: bridge.url, COMMERCE_HTTP_TOKEN: 'bridge-token-0123456789' };
    for (let i = 0; i < 2; i++) apps.push(await startTestApp({ store: 'redis', env, overrides: { redisPrefix: prefix } }));
  });
  afterAll(async () => {
    for (const app of apps) await app.stop();
    await bridge?.close();
  });

  /** A conversation signed in as Alice on `app`, with the proposal its first message made. */
  async function proposeIn(app: Running, text: string) {
    const identityToken = await mintIdentityToken({ secret: TEST_IDENTITY_SECRET, ...ALICE, now: Date.now() });
    const created = await fetch(`${app.url}/api/chat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identityToken }) });
    expect(created.status).toBe(201);
    const { conversationId, token } = (await created.json()) as { conversationId: string; token: string };
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const said = await fetch(`${app.url}/api/chat/conversations/${conversationId}/messages`, { method: 'POST', headers, body: JSON.stringify({ text }) });
    const reply = ((await said.json()) as { reply: { text: string; attachments?: { proposal?: { id: string } } } }).reply;
    const proposal = reply.attachments?.proposal;
    expect(proposal, reply.text).toBeDefined();
    return {
      confirm: async () => {
        const r = await fetch(`${app.url}/api/chat/conversations/${conversationId}/proposals/${proposal!.id}`, { method: 'POST', headers, body: JSON.stringify({ decision: 'confirm' }) });
        expect(r.status).toBe(200);
        return ((await r.json()) as { reply: { text: string } }).reply.text;
      },
    };
  }

  it('one return request reaches the platform when two conversations confirm the same return at once', async () => {
    const tabs = await Promise.all(apps.map((app) => proposeIn(app, 'I want to return the hand blender from order #1003')));
    const texts = await Promise.all(tabs.map((t) => t.confirm()));
    expect(bridge.calls.returns).toBe(1);
    // Both tabs are told about the one return there is.
    for (const text of texts) expect(text).toContain('PR-1');
  });

  it('one cancellation reaches the platform when two conversations confirm it at once', async () => {
    const tabs = await Promise.all(apps.map((app) => proposeIn(app, 'Please cancel order #1001')));
    await Promise.all(tabs.map((t) => t.confirm()));
    expect(bridge.calls.cancels).toBe(1);
  });
});
