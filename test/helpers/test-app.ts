import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { parseEnv } from '../../src/config/config.js';
import { silentLogger } from '../../src/core/logger.js';
import { start, type ComposeOverrides, type Running } from '../../src/main.js';
import { mintIdentityToken } from '../../src/identity/identity-token.js';
import { owner } from '../commerce/demo-fixture.js';

export type StoreKind = 'memory' | 'redis';

/**
 * The whole product as `npm start` runs it (src/main.ts start()), on 127.0.0.1:0, with the
 * store asked for: memory, or the test Redis under a fresh key prefix. Skills are not watched
 * (tests that edit skill files build their own trees).
 */
export async function startTestApp(opts: {
  store?: StoreKind;
  env?: Record<string, string>;
  overrides?: ComposeOverrides;
} = {}): Promise<Running> {
  const env = parseEnv({
    PORT: '0',
    LOG_LEVEL: 'silent',
    SKILLS_WATCH: 'false',
    MODEL_MAX_RETRIES: '0',
    RATE_LIMIT_IP_PER_MINUTE: '100000',
    RATE_LIMIT_CONVERSATION_PER_MINUTE: '100000',
    IDENTITY_SECRET: TEST_IDENTITY_SECRET,
    ...(opts.store === 'redis' ? { REDIS_URL: inject('redisUrl') } : {}),
    ...opts.env,
  });
  return start(env, {
    logger: silentLogger,
    defaultMetrics: false,
    ...(opts.store === 'redis' ? { redisPrefix: `t:${randomUUID().slice(0, 8)}:` } : {}),
    ...opts.overrides,
  });
}

/** The identity-token secret every test app shares (a store's site would keep its own). */
export const TEST_IDENTITY_SECRET = 'test-identity-secret-0123456789abcdef';

/** A signed-in shopper's token, as the store's site would mint it for the owner of a demo order. */
export function identityTokenFor(orderId: string, opts: { ttlSeconds?: number; secret?: string } = {}): Promise<string> {
  const customer = owner(orderId);
  return mintIdentityToken({ secret: opts.secret ?? TEST_IDENTITY_SECRET, customerId: `cust-${customer.email}`, email: customer.email, now: Date.now(), ttlSeconds: opts.ttlSeconds });
}

/**
 * Creates a web chat conversation; returns its id and an authorised fetch for it. `signedInAs`
 * (an order number) starts it as the signed-in owner of that demo order.
 */
export async function openConversation(baseUrl: string, opts: { signedInAs?: string } = {}) {
  const payload = opts.signedInAs ? { identityToken: await identityTokenFor(opts.signedInAs) } : {};
  const res = await fetch(`${baseUrl}/api/chat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
  if (res.status !== 201) throw new Error(`create conversation: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { conversationId: string; token: string; expiresAt: string };
  const auth = { authorization: `Bearer ${body.token}` };
  return {
    ...body,
    auth,
    /** POST a message as JSON; returns status and parsed body. */
    async send(text: string, extra: { id?: string } = {}) {
      const r = await fetch(`${baseUrl}/api/chat/conversations/${body.conversationId}/messages`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ text, ...extra }),
      });
      return { status: r.status, headers: r.headers, body: (await r.json()) as any };
    },
    async history() {
      const r = await fetch(`${baseUrl}/api/chat/conversations/${body.conversationId}/messages`, { headers: auth });
      return (await r.json()) as { conversationId: string; mode: string; messages: any[] };
    },
  };
}
