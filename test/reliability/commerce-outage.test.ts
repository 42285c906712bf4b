import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { mintIdentityToken } from '../../src/identity/identity-token.js';
import type { Running } from '../../src/main.js';
import { AUDIT_COLLECTION } from '../../src/engine/action-runner.js';
import type { AuditEntry } from '../../src/core/actions.js';
import { seedCustomer } from '../commerce/contract/seed.js';
import { startFakeShopify, type FakeShopify } from '../fakes/fake-shopify-admin.js';
import { startTestApp, TEST_IDENTITY_SECRET } from '../helpers/test-app.js';

/**
 * The bot with COMMERCE=shopify over its real HTTP API, against the fake Admin API, while the
 * shop misbehaves: down, slow past the timeout, 5xx, throttled past the retries, and the breaker
 * open. Each time the customer gets a 200 with the locale pack's "can't check orders right now"
 * and a person on offer; /readyz and /metrics say what happened.
 */
const en = parse(await readFile(path.resolve(import.meta.dirname, '../../locales/en.yaml'), 'utf8')) as { replies: Record<string, string> };
const UNAVAILABLE = en.replies.commerce_unavailable!;
const alice = seedCustomer('alice');
const METRICS = 'outage-test-metrics-token-0123456789';
const scrape = async (app: Running) => (await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${METRICS}` } })).text();

/**
 * The shipped skills' prompts name the demo store's policy categories, so the app runs on a copy
 * of the demo store folder whose order numbers look like the shop's ("#1003").
 */
async function shopStoreDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sb-shopify-store-'));
  await cp(path.resolve(import.meta.dirname, '../../skills/_store'), dir, { recursive: true });
  const file = path.join(dir, 'store.yaml');
  const info = parse(await readFile(file, 'utf8')) as { identifiers: { order: { pattern: string; example: string } } };
  info.identifiers.order = { pattern: '#\\d{4}', example: '#1001' };
  await writeFile(file, stringify(info));
  return dir;
}
const storeDir = await shopStoreDir();
afterAll(() => rm(storeDir, { recursive: true, force: true }));

function shopifyEnv(shop: FakeShopify, extra: Record<string, string>): Record<string, string> {
  return {
    COMMERCE: 'shopify',
    SHOPIFY_STORE_DOMAIN: shop.domain,
    SHOPIFY_ADMIN_TOKEN: shop.token,
    SHOPIFY_API_URL: shop.url,
    STORE_DIR: storeDir,
    CATALOG_SYNC_MINUTES: '0',
    METRICS_TOKEN: METRICS,
    ...extra,
  };
}

/** A web chat conversation; signed in as Alice (her Shopify customer id and e-mail) unless `guest`. */
async function conversation(app: Running, shop: FakeShopify, opts: { guest?: boolean } = {}) {
  const shopCustomer = shop.data.customers.find((c) => c.email === alice.email)!;
  const customerId = shopCustomer.id.slice(shopCustomer.id.lastIndexOf('/') + 1);
  const payload = opts.guest ? {} : { identityToken: await mintIdentityToken({ secret: TEST_IDENTITY_SECRET, customerId, email: alice.email, now: Date.now() }) };
  const res = await fetch(`${app.url}/api/chat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
  expect(res.status).toBe(201);
  const created = (await res.json()) as { conversationId: string; token: string };
  let n = 0;
  return {
    id: created.conversationId,
    async say(text: string) {
      const r = await fetch(`${app.url}/api/chat/conversations/${created.conversationId}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${created.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text, id: `m-${++n}` }),
      });
      expect(r.status, `POST "${text}"`).toBe(200);
      return ((await r.json()) as { reply: { text: string; attachments?: { offerHuman?: boolean; proposal?: { id: string } } } }).reply;
    },
    /** The conversation's flags, as the panel sees them. */
    async flags() {
      return (await app.composed.store.store.getConversation(created.conversationId))?.flags ?? [];
    },
  };
}

async function readyz(app: Running): Promise<string> {
  const r = await fetch(`${app.url}/readyz`);
  expect(r.status).toBe(200);
  return ((await r.json()) as { checks: { commerce: { detail: string } } }).checks.commerce.detail;
}

async function metric(app: Running, name: string, labels: Record<string, string>): Promise<number> {
  const text = await scrape(app);
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && want.every((w) => l.includes(w)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

function expectUnavailable(reply: { text: string; attachments?: { offerHuman?: boolean } }) {
  expect(reply.text).toBe(UNAVAILABLE);
  expect(reply.attachments?.offerHuman).toBe(true);
}

describe('COMMERCE=shopify over HTTP while the shop fails', () => {
  let shop: FakeShopify;
  let app: Running;
  beforeAll(async () => {
    shop = await startFakeShopify();
    app = await startTestApp({
      env: shopifyEnv(shop, { COMMERCE_TIMEOUT_MS: '1500', COMMERCE_RETRIES: '1', COMMERCE_BREAKER_FAILURES: '1000', SHOPIFY_THROTTLE_RETRIES: '1' }),
    });
  });
  afterAll(async () => {
    await app?.stop();
    await shop?.stop();
  });
  afterEach(async () => {
    shop.clear();
    await shop.up().catch(() => undefined);
  });

  it('healthy: a verified customer returns an item through returnRequest, and Shopify has the request', async () => {
    const chat = await conversation(app, shop);
    const proposed = await chat.say('I want to return the Larkspur Hand Blender from order #1003, it is too loud');
    expect(proposed.attachments?.proposal, proposed.text).toBeDefined();
    const done = await chat.say('yes');
    expect(done.text).toMatch(/#1003-R1/);
    const created = shop.data.returns.find((r) => r.order.name === '#1003');
    expect(created?.lines).toEqual([expect.objectContaining({ quantity: 1, returnReason: 'OTHER', customerNote: expect.stringMatching(/too loud/) })]);
    expect(await readyz(app)).toBe('shopify up');
  });

  it('down (connection refused): the customer is told and offered a person; /readyz says down', async () => {
    await shop.down();
    const chat = await conversation(app, shop);
    expectUnavailable(await chat.say('Can I return order #1004?'));
    expect(await chat.flags()).toContain('commerce_unavailable');
    expect(await readyz(app)).toMatch(/^shopify down: last call failed .*network/);
    expect(await metric(app, 'switchboard_commerce_calls_total', { backend: 'shopify', operation: 'findOrder', outcome: 'network' })).toBeGreaterThanOrEqual(1);
  });

  it('slow past COMMERCE_TIMEOUT_MS: the call is cut and the customer is told (the shop never answers)', async () => {
    shop.fault({ kind: 'hang' });
    const before = shop.requests.length;
    const chat = await conversation(app, shop);
    expectUnavailable(await chat.say('I would like to return order #1004 please'));
    expect(shop.requests.slice(before).every((r) => r.outcome === 'hung')).toBe(true);
    expect(await metric(app, 'switchboard_commerce_calls_total', { backend: 'shopify', operation: 'findOrder', outcome: 'timeout' })).toBeGreaterThanOrEqual(1);
  });

  it('5xx: the read is retried once, then the customer is told', async () => {
    shop.fault({ kind: 'status', status: 503 });
    const before = shop.requests.length;
    const chat = await conversation(app, shop);
    expectUnavailable(await chat.say('I want to return order #1004'));
    expect(shop.requests.length - before).toBe(2);
    expect(await metric(app, 'switchboard_commerce_calls_total', { backend: 'shopify', operation: 'findOrder', outcome: 'server' })).toBeGreaterThanOrEqual(1);
  });

  it('THROTTLED past the retries: each attempt waits and retries, then the customer is told', async () => {
    shop.fault({ kind: 'throttle' });
    const before = shop.requests.length;
    const chat = await conversation(app, shop);
    expectUnavailable(await chat.say('Please return order #1004'));
    // SHOPIFY_THROTTLE_RETRIES=1 inside each of the two attempts (COMMERCE_RETRIES=1).
    expect(shop.requests.slice(before).map((r) => r.outcome)).toEqual(['throttled', 'throttled', 'throttled', 'throttled']);
    expect(await metric(app, 'switchboard_commerce_calls_total', { backend: 'shopify', operation: 'findOrder', outcome: 'throttled' })).toBeGreaterThanOrEqual(1);
  });

  it('a guest verifying while the shop is down is told, and the failed check is not counted as a wrong e-mail', async () => {
    await shop.down();
    const chat = await conversation(app, shop, { guest: true });
    expectUnavailable(await chat.say(`Order #1003, my e-mail is ${alice.email}`));
    expect(await chat.flags()).toContain('commerce_unavailable');
    expect(await chat.flags()).not.toContain('verification_failed');
  });

  it('a confirmed return while the shop is down fails cleanly: nothing created, audit says failed, a person on offer', async () => {
    const chat = await conversation(app, shop);
    const proposed = await chat.say('I want to return the Fernhill Wool Blanket from order #1003, wrong colour');
    expect(proposed.attachments?.proposal, proposed.text).toBeDefined();
    const returnsBefore = shop.data.returns.length;
    await shop.down();
    const reply = await chat.say('yes');
    expect(reply.text).toBe(en.replies.action_failed);
    expect(reply.attachments?.offerHuman).toBe(true);
    expect(shop.data.returns.length).toBe(returnsBefore);
    const audit = await app.composed.store.store.listRecords<AuditEntry>(AUDIT_COLLECTION, { limit: 100 });
    expect(audit.find((a) => a.sourceConversation === chat.id)).toMatchObject({ action: 'start_return', outcome: 'failed', result: 'commerce_unavailable' });
  });
});

// Long enough that the turn after the second failure still finds the breaker open on a loaded
// machine (at 300 ms, a turn that waited for a CPU reached the half-open probe: 4 requests, not 3).
const BREAKER_RESET_MS = 2000;

describe('COMMERCE=shopify: the circuit breaker', () => {
  let shop: FakeShopify;
  let app: Running;
  beforeAll(async () => {
    shop = await startFakeShopify();
    app = await startTestApp({
      env: shopifyEnv(shop, { COMMERCE_TIMEOUT_MS: '1500', COMMERCE_RETRIES: '0', COMMERCE_BREAKER_FAILURES: '2', COMMERCE_BREAKER_RESET_MS: String(BREAKER_RESET_MS) }),
    });
  });
  afterAll(async () => {
    await app?.stop();
    await shop?.stop();
  });

  it('opens after repeated failures (no call reaches the shop), shows in /readyz and /metrics, and closes again once the shop answers', async () => {
    shop.fault({ kind: 'status', status: 500 });
    const chat = await conversation(app, shop);
    expectUnavailable(await chat.say('I want to return order #1004'));
    expectUnavailable(await chat.say('I want to return order #1003'));
    expect(await readyz(app)).toMatch(/^shopify circuit_open: opened .* after 2 consecutive failures/);
    const before = shop.requests.length;
    expectUnavailable(await chat.say('and order #1004?'));
    expect(shop.requests.length).toBe(before);
    expect(await metric(app, 'switchboard_commerce_calls_total', { backend: 'shopify', outcome: 'circuit_open' })).toBeGreaterThanOrEqual(1);
    expect((await scrape(app)).split('\n')).toContain('switchboard_commerce_breaker_open 1');

    shop.clear();
    // The probe is let through once the reset period has passed: ask until it is (bounded).
    let recovered = false;
    for (let i = 0; i < 3 * (BREAKER_RESET_MS / 100) && !recovered; i++) {
      const reply = await chat.say(`Can I return order #1004? (${i})`);
      recovered = reply.text !== UNAVAILABLE;
      if (!recovered) await new Promise((r) => setTimeout(r, 100));
    }
    expect(recovered).toBe(true);
    expect(await readyz(app)).toBe('shopify up');
  });
});
