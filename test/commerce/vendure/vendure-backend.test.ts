import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStoreData } from '../../../src/commerce/load-store-data.js';
import type { StoreData } from '../../../src/commerce/store-types.js';
import { createVendureBackend } from '../../../src/commerce/vendure/vendure-backend.js';
import { vendureOptionsFromEnv, type VendureOptions } from '../../../src/commerce/vendure/vendure-options.js';
import { CommerceUnavailableError, ConfigError } from '../../../src/core/errors.js';
import type { OrderBackend } from '../../../src/core/order-backend.js';
import { CONTRACT_STORE_DIR } from '../contract/commerce-contract.js';
import { SEED_PRODUCTS } from '../contract/seed.js';
import { connectorOptions, ensureVendureInstalled, startVendureServer, type VendureServer } from '../../helpers/vendure-server.js';

/**
 * What the contract does not pin down, against a real Vendure (the contract's data plus a third
 * customer, a guest and orders in the states between): Vendure's order and fulfilment states,
 * the ways to sign in and how they fail, cancellation with the payment voided or refunded,
 * returns as order notes, and the catalog read page by page.
 */
const install = await ensureVendureInstalled();
if (!install.ok && process.env.CI) throw new Error(`the Vendure test server could not be installed: ${install.reason}`);

/** Vendure on sql.js keeps history entries to the second and orderPlacedAt to the millisecond. */
const atSecond = (iso: string): number => Math.floor(Date.parse(iso) / 1000);
const carol = { email: 'carol.nguyen@example.com' };
const alice = { email: 'alice.moreno@example.com' };

describe.skipIf(!install.ok)(`Vendure connector against a real server${install.ok ? '' : ` (skipped: ${install.reason})`}`, () => {
  let server: VendureServer;
  let data: StoreData;
  /** The superadmin's view, to check what the connector changed. */
  let superadmin: (query: string, variables?: Record<string, unknown>) => Promise<any>;

  const backend = (over: Partial<VendureOptions> = {}, fetchImpl?: typeof fetch): OrderBackend =>
    createVendureBackend({ options: connectorOptions(server, over), storeData: data, ...(fetchImpl ? { fetch: fetchImpl } : {}) });

  beforeAll(async () => {
    server = await startVendureServer({ extras: true });
    console.info(`vendure (extras): server ${JSON.stringify(server.timings)}`);
    data = await loadStoreData(CONTRACT_STORE_DIR);
    let token = '';
    superadmin = async (query, variables = {}) => {
      const res = await fetch(server.adminApiUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      token = res.headers.get('vendure-auth-token') ?? token;
      const body = (await res.json()) as { data: any; errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    await superadmin(`mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { __typename } }`, { u: server.superadmin.username, p: server.superadmin.password });
  }, 240_000);
  afterAll(async () => {
    await server?.stop();
  });

  describe('order and fulfilment states', () => {
    it('an authorized payment is processing; a packed order is processing with its shipment pending', async () => {
      const b = backend();
      expect(await b.findOrder('1007', carol)).toMatchObject({ status: 'processing', fulfillments: [] });
      const packed = await b.findOrder('1010', carol);
      expect(packed?.status).toBe('processing');
      expect(packed?.fulfillments).toEqual([
        expect.objectContaining({ status: 'pending', carrier: 'UPS', trackingNumber: '1Z999AA10123456786', shippedAt: null, deliveredAt: null, skus: ['TST-1001'] }),
      ]);
    });

    it('a partially shipped order is shipped, its one shipment in transit with the SKU it carries', async () => {
      const order = await backend().findOrder('1009', carol);
      expect(order?.status).toBe('shipped');
      expect(order?.fulfillments).toHaveLength(1);
      expect(order?.fulfillments[0]).toMatchObject({
        status: 'in_transit',
        carrier: 'FedEx',
        trackingNumber: '771234567890',
        trackingUrl: 'https://www.fedex.com/fedextrack/?trknbr=771234567890',
        skus: ['TST-1001'],
        deliveredAt: null,
      });
      expect(atSecond(order!.fulfillments[0]!.shippedAt!)).toBeGreaterThanOrEqual(atSecond(order!.placedAt));
      expect(order?.items.map((i) => i.sku).sort()).toEqual(['TST-1001', 'TST-3001']);
    });

    it('a delivered order carries shipped and delivered dates from the fulfilment history, in order', async () => {
      const order = await backend().findOrder('1003', alice);
      const f = order!.fulfillments[0]!;
      expect(f.status).toBe('delivered');
      expect(atSecond(f.shippedAt!)).toBeGreaterThanOrEqual(atSecond(order!.placedAt));
      expect(atSecond(f.deliveredAt!)).toBeGreaterThanOrEqual(atSecond(f.shippedAt!));
      expect(order!.deliveredAt).toBe(f.deliveredAt);
      expect(order).toMatchObject({ customerName: 'Alice Moreno', currency: 'USD', customerId: server.customerIds.alice });
    });

    it('a cancelled order still lists what was ordered', async () => {
      const order = await backend().findOrder('1005', alice);
      expect(order).toMatchObject({ status: 'cancelled', items: [expect.objectContaining({ sku: 'TST-1001', quantity: 1, unitPrice: 49.5 })] });
    });

    it("without a tracking-link field configured the link is null, the rest is the same", async () => {
      const order = await backend({ trackingUrlField: undefined }).findOrder('1002', alice);
      expect(order?.fulfillments[0]).toMatchObject({ carrier: 'UPS', trackingNumber: '1Z999AA10123456784', trackingUrl: null });
    });

    it("a guest's order (no account) is found by its e-mail, and listed by it", async () => {
      const guest = { email: ' Dave.Lindqvist@Example.com ' };
      const b = backend();
      expect(await b.findOrder('#1011', guest)).toMatchObject({ status: 'delivered', customerName: 'Dave Lindqvist' });
      expect((await b.listOrders(guest, { limit: 10 })).map((o) => o.id)).toEqual(['1011']);
      expect(await b.findOrder('1011', carol)).toBeNull();
    });

    it('lists by the Vendure customer id of an identity token, and never another customer by e-mail alone', async () => {
      const b = backend();
      const byId = await b.listOrders({ email: 'someone-else@example.com', customerId: server.customerIds.carol }, { limit: 10 });
      expect(byId.map((o) => o.id).sort()).toEqual(['1007', '1008', '1009', '1010']);
      expect(await b.listOrders({ email: 'nobody@example.com' }, { limit: 10 })).toEqual([]);
      expect((await b.listOrders(carol, { limit: 2 })).length).toBe(2);
    });

    it('order numbers that are no Vendure code answer null without asking anything strange', async () => {
      const b = backend();
      for (const typed of ['', '   ', '#', '1001 OR 1=1', 'x'.repeat(65), '{ orders }', '1001\n1002']) expect(await b.findOrder(typed, alice), JSON.stringify(typed)).toBeNull();
    });
  });

  describe('cancelling', () => {
    it('voids an authorized payment', async () => {
      const b = backend();
      const order = (await b.findOrder('1007', carol))!;
      expect(await b.cancelOrder({ order, reason: 'ordered by mistake' })).toEqual({ ok: true });
      const after = await superadmin(`query { orders(options: { filter: { code: { eq: "1007" } } }) { items { state payments { state refunds { id } } } } }`);
      expect(after.orders.items[0]).toMatchObject({ state: 'Cancelled', payments: [{ state: 'Cancelled', refunds: [] }] });
      expect((await b.findOrder('1007', carol))?.status).toBe('cancelled');
    });

    it('refunds a settled payment in full, once', async () => {
      const b = backend();
      const order = (await b.findOrder('1008', carol))!;
      expect(await b.cancelOrder({ order, reason: 'found it cheaper' })).toEqual({ ok: true });
      const after = await superadmin(`query { orders(options: { filter: { code: { eq: "1008" } } }) { items { state totalWithTax payments { amount refunds { state total reason } } } } }`);
      const o = after.orders.items[0];
      expect(o.state).toBe('Cancelled');
      expect(o.payments[0].refunds).toEqual([{ state: 'Settled', total: o.payments[0].amount, reason: 'found it cheaper' }]);
      expect(await b.cancelOrder({ order, reason: 'again' })).toEqual({ ok: false, refusal: 'already_cancelled' });
    });

    it('refuses an order whose shipment is being prepared, and one partly shipped, and leaves them as they were', async () => {
      const b = backend();
      const packed = (await b.findOrder('1010', carol))!;
      expect(await b.cancelOrder({ order: packed, reason: 'x' })).toMatchObject({ ok: false, refusal: 'not_cancellable' });
      const partly = (await b.findOrder('1009', carol))!;
      expect(await b.cancelOrder({ order: partly, reason: 'x' })).toEqual({ ok: false, refusal: 'already_shipped' });
      const states = await superadmin(`query { orders(options: { filter: { code: { in: ["1009", "1010"] } } }) { items { code state } } }`);
      expect(Object.fromEntries(states.orders.items.map((o: { code: string; state: string }) => [o.code, o.state]))).toEqual({ '1009': 'PartiallyShipped', '1010': 'PaymentSettled' });
    });
  });

  it('a return request becomes a private note on the order, whose id is the external id', async () => {
    const b = backend();
    const order = (await b.findOrder('1006', { email: 'bob.okafor@example.com' }))!;
    const { externalId } = (await b.requestReturn!({ order, sku: 'TST-3001', quantity: 1, reason: 'the handle broke' }))!;
    const notes = await superadmin(`query { orders(options: { filter: { code: { eq: "1006" } } }) { items { history(options: { filter: { type: { eq: "ORDER_NOTE" } } }) { items { id isPublic data } } } } }`);
    const entry = notes.orders.items[0].history.items.find((h: { id: string }) => h.id === externalId);
    expect(entry?.data.note).toContain('TST-3001');
    expect(entry?.data.note).toContain('the handle broke');
    expect(entry?.isPublic).toBe(false);
  });

  describe('catalog', () => {
    it('reads every variant page by page, with prices, categories and the store folder warranty', async () => {
      const pages: number[] = [];
      const counting: typeof fetch = async (input, init) => {
        if (typeof init?.body === 'string' && init.body.includes('SwitchboardVariants')) pages.push(JSON.parse(init.body).variables.skip);
        return fetch(input, init);
      };
      const snapshot = await backend({ catalogPageSize: 2 }, counting).fetchCatalog!();
      expect(pages).toEqual([0, 2, 4]);
      expect(snapshot.products.map((p) => [p.sku, p.price, p.category]).sort()).toEqual(SEED_PRODUCTS.map((p) => [p.sku, p.price, p.category]).sort());
      expect(snapshot.products.find((p) => p.sku === 'TST-2001')?.warrantyMonths).toBe(0);
      expect(snapshot.products.every((p) => p.inStock)).toBe(true);
      expect(snapshot.categories.find((c) => c.id === 'kitchen')).toEqual({ id: 'kitchen', label: 'Kitchen', words: ['kitchen'] });
    });
  });

  describe('signing in', () => {
    it('with the API key (Vendure 3.6+), whose role has only the permissions the connector needs', async () => {
      const b = backend({ auth: { kind: 'api_key', apiKey: server.apiKey, header: 'vendure-api-key' } });
      expect((await b.findOrder('1003', alice))?.items).toHaveLength(2);
    });

    it('with the session cookie when the server hands out no bearer token', async () => {
      const headersSent: Array<Record<string, string>> = [];
      const cookieOnly: typeof fetch = async (input, init) => {
        headersSent.push({ ...(init?.headers as Record<string, string>) });
        const res = await fetch(input, init);
        if (typeof init?.body === 'string' && init.body.includes('SwitchboardLogin')) {
          const headers = new Headers(res.headers);
          headers.delete('vendure-auth-token');
          return new Response(await res.text(), { status: res.status, headers });
        }
        return res;
      };
      expect((await backend({}, cookieOnly).findOrder('1003', alice))?.status).toBe('delivered');
      expect(headersSent.at(-1)?.cookie).toMatch(/session=/);
      expect(headersSent.at(-1)?.authorization).toBeUndefined();
    });

    it('signs in again once when the session has lapsed', async () => {
      let token = '';
      let logins = 0;
      const watching: typeof fetch = async (input, init) => {
        if (typeof init?.body === 'string' && init.body.includes('SwitchboardLogin')) logins++;
        const res = await fetch(input, init);
        token = res.headers.get('vendure-auth-token') ?? token;
        return res;
      };
      const b = backend({}, watching);
      expect(await b.findOrder('1003', alice)).not.toBeNull();
      // End the connector's session as Vendure would when it expires.
      await fetch(server.adminApiUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: 'mutation { logout { success } }' }) });
      expect(await b.findOrder('1003', alice)).not.toBeNull();
      expect(logins).toBe(2);
    });

    it('a wrong password is a clear error naming the variables, not a crash or a missing order', async () => {
      const err = await backend({ auth: { kind: 'password', username: server.connectorAdmin.username, password: 'wrong' } }).findOrder('1003', alice).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CommerceUnavailableError);
      expect(err).toMatchObject({ backend: 'vendure', kind: 'client' });
      expect((err as Error).message).toMatch(/VENDURE_ADMIN_USERNAME.*INVALID_CREDENTIALS_ERROR.*VENDURE_ADMIN_PASSWORD/);
    });

    it('a wrong API key is a clear error naming the variable and the permissions', async () => {
      const err = await backend({ auth: { kind: 'api_key', apiKey: 'not-a-key', header: 'vendure-api-key' } }).findOrder('1003', alice).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CommerceUnavailableError);
      expect((err as Error).message).toMatch(/VENDURE_API_KEY.*ReadOrder/);
    });
  });
});

describe('Vendure connector when the server fails', () => {
  const opts = (url: string, timeoutMs = 10_000): VendureOptions => ({
    adminApiUrl: url,
    auth: { kind: 'api_key', apiKey: 'k', header: 'vendure-api-key' },
    timeoutMs,
    categoryFacet: 'category',
    catalogPageSize: 100,
  });
  const storeData = { productsBySku: new Map(), warranty: { defaultMonths: 12, terms: [], howToClaim: [] }, categories: [] };
  const listen = <T extends Server | ReturnType<typeof createTcpServer>>(srv: T): Promise<{ srv: T; url: string }> =>
    new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve({ srv, url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/admin-api` })));
  const close = (srv: { close(cb: () => void): unknown }) => new Promise<void>((r) => srv.close(() => r()));

  it('a refused connection is network', async () => {
    const { srv, url } = await listen(createTcpServer());
    await close(srv);
    await expect(createVendureBackend({ options: opts(url), storeData }).findOrder('1001', alice)).rejects.toMatchObject({ name: 'CommerceUnavailableError', kind: 'network' });
  });

  it('no answer within the timeout is timeout', async () => {
    const sockets: Socket[] = [];
    const { srv, url } = await listen(createTcpServer((s) => sockets.push(s)));
    try {
      await expect(createVendureBackend({ options: opts(url, 300), storeData }).findOrder('1001', alice)).rejects.toMatchObject({ kind: 'timeout' });
    } finally {
      for (const s of sockets) s.destroy();
      await close(srv);
    }
  });

  it('5xx is server, 429 is throttled, an HTML page is a clear client error, a wrong shape is server', async () => {
    let reply: { status: number; type: string; body: string } = { status: 502, type: 'text/html', body: '<h1>Bad gateway</h1>' };
    const { srv, url } = await listen(createHttpServer((_req, res) => res.writeHead(reply.status, { 'content-type': reply.type }).end(reply.body)));
    const b = createVendureBackend({ options: opts(url), storeData });
    try {
      await expect(b.findOrder('1001', alice)).rejects.toMatchObject({ kind: 'server' });
      reply = { status: 429, type: 'text/plain', body: 'slow down' };
      await expect(b.findOrder('1001', alice)).rejects.toMatchObject({ kind: 'throttled' });
      reply = { status: 404, type: 'text/html', body: '<html>not found</html>' };
      await expect(b.findOrder('1001', alice)).rejects.toThrow(/not a GraphQL answer.*Admin API/);
      reply = { status: 200, type: 'application/json', body: JSON.stringify({ data: { orders: { items: [{ id: 1, code: 5 }] } } }) };
      await expect(b.findOrder('1001', alice)).rejects.toMatchObject({ kind: 'server', message: expect.stringMatching(/unexpected answer at orders\.items\.0/) });
    } finally {
      await close(srv);
    }
  });
});

describe('Vendure settings from env', () => {
  it('needs the URL and exactly one way to sign in, and names the variable that is wrong', () => {
    const url = { VENDURE_ADMIN_API_URL: 'https://shop.example/admin-api' };
    expect(() => vendureOptionsFromEnv({})).toThrow(ConfigError);
    expect(() => vendureOptionsFromEnv({})).toThrow(/VENDURE_ADMIN_API_URL/);
    expect(() => vendureOptionsFromEnv(url)).toThrow(/VENDURE_API_KEY/);
    expect(() => vendureOptionsFromEnv({ ...url, VENDURE_ADMIN_USERNAME: 'bot' })).toThrow(/VENDURE_ADMIN_PASSWORD/);
    expect(() => vendureOptionsFromEnv({ ...url, VENDURE_API_KEY: 'k', VENDURE_ADMIN_USERNAME: 'bot', VENDURE_ADMIN_PASSWORD: 'p' })).toThrow(/not both/);
    expect(() => vendureOptionsFromEnv({ ...url, VENDURE_API_KEY: 'k', VENDURE_TRACKING_URL_FIELD: 'url } orders { id' })).toThrow(/VENDURE_TRACKING_URL_FIELD/);
    expect(() => vendureOptionsFromEnv({ ...url, VENDURE_API_KEY: 'k', VENDURE_TIMEOUT_MS: 'soon' })).toThrow(/VENDURE_TIMEOUT_MS/);
    expect(vendureOptionsFromEnv({ ...url, VENDURE_API_KEY: 'k' })).toEqual({
      adminApiUrl: url.VENDURE_ADMIN_API_URL,
      auth: { kind: 'api_key', apiKey: 'k', header: 'vendure-api-key' },
      timeoutMs: 8000,
      categoryFacet: 'category',
      catalogPageSize: 100,
    });
    expect(vendureOptionsFromEnv({ ...url, VENDURE_ADMIN_USERNAME: 'bot', VENDURE_ADMIN_PASSWORD: 'p', VENDURE_CHANNEL_TOKEN: 'uk', VENDURE_TRACKING_URL_FIELD: 'trackingUrl' })).toMatchObject({
      auth: { kind: 'password', username: 'bot', password: 'p' },
      channelToken: 'uk',
      trackingUrlField: 'trackingUrl',
    });
  });
});
