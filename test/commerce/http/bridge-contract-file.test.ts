import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startBridge, type RunningBridge } from '../../../examples/commerce-bridge/bridge-server.js';
import { bridgeOpenApiText, OPENAPI_FILE } from '../../../src/cli/bridge-openapi.js';
import {
  BRIDGE_ROUTES,
  cancelResponse,
  catalogResponse,
  errorResponse,
  findOrderResponse,
  listOrdersResponse,
  returnResponse,
} from '../../../src/commerce/http/bridge-schemas.js';
import { CONTRACT_STORE_DIR } from '../contract/commerce-contract.js';
import { seedCustomer } from '../contract/seed.js';

const TOKEN = 'bridge-file-test-token-0123456789';

describe('commerce bridge contract file (docs/commerce-bridge.openapi.yaml)', () => {
  let bridge: RunningBridge;
  beforeAll(async () => {
    bridge = await startBridge({ dir: CONTRACT_STORE_DIR, token: TOKEN });
  });
  afterAll(() => bridge.stop());

  const call = async (method: string, path: string, body?: unknown, token = TOKEN) => {
    const res = await fetch(`${bridge.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const alice = { email: seedCustomer('alice').email };

  it('is what the schemas generate (run npm run bridge:openapi after changing them)', async () => {
    expect(await readFile(OPENAPI_FILE, 'utf8')).toBe(bridgeOpenApiText());
  });

  it('describes every route the client calls, as OpenAPI 3.1 with the bearer scheme', async () => {
    const doc = parse(await readFile(OPENAPI_FILE, 'utf8')) as { openapi: string; paths: Record<string, unknown>; components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> } };
    expect(doc.openapi).toBe('3.1.0');
    for (const route of Object.values(BRIDGE_ROUTES)) expect(Object.keys(doc.paths), route).toContain(route);
    expect(doc.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
    // Every $ref resolves to a component.
    const refs = [...JSON.stringify(doc).matchAll(/"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]!);
    for (const r of refs) expect(Object.keys(doc.components.schemas), r).toContain(r);
  });

  it("the reference bridge's answers match the schemas, errors included", async () => {
    const found = await call('POST', BRIDGE_ROUTES.findOrder, { number: '1003', owner: alice });
    expect(found.status).toBe(200);
    expect(findOrderResponse.parse(found.body).order?.items).toHaveLength(2);
    expect(findOrderResponse.parse((await call('POST', BRIDGE_ROUTES.findOrder, { number: '1006', owner: alice })).body).order).toBeNull();
    expect(listOrdersResponse.parse((await call('POST', BRIDGE_ROUTES.listOrders, { owner: alice, limit: 10 })).body).orders.length).toBe(5);
    const ret = await call('POST', BRIDGE_ROUTES.requestReturn, { orderId: '1003', sku: 'TST-1002', quantity: 1, reason: 'too loud', owner: alice });
    expect(ret.status).toBe(201);
    expect(returnResponse.parse(ret.body).returnId).toMatch(/\S/);
    const again = await call('POST', BRIDGE_ROUTES.requestReturn, { orderId: '1003', sku: 'TST-1002', quantity: 1, reason: 'again', owner: alice });
    expect(again.status).toBe(409);
    expect(errorResponse.parse(again.body).error.code).toBe('not_returnable');
    expect(cancelResponse.parse((await call('POST', BRIDGE_ROUTES.cancelOrder, { orderId: '1002', reason: 'x', owner: alice })).body)).toMatchObject({ result: 'refused', refusal: 'already_shipped' });
    const page = catalogResponse.parse((await call('GET', `${BRIDGE_ROUTES.catalog}?limit=2`)).body);
    expect(page.products).toHaveLength(2);
    expect(page.nextCursor).not.toBeNull();
    const denied = await call('POST', BRIDGE_ROUTES.findOrder, { number: '1003', owner: alice }, 'wrong-token');
    expect(denied.status).toBe(401);
    expect(errorResponse.parse(denied.body).error.code).toBe('unauthorized');
    const bad = await call('POST', BRIDGE_ROUTES.findOrder, { number: 1003 });
    expect(bad.status).toBe(400);
    expect(errorResponse.parse(bad.body).error.message).toMatch(/number/);
  });
});
