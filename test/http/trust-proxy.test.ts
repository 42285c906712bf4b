import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/config/config.js';
import type { Running } from '../../src/main.js';
import { owner } from '../commerce/demo-fixture.js';
import { startTestApp, type StoreKind } from '../helpers/test-app.js';

/**
 * Behind one proxy an operator sets TRUST_PROXY=1 (the hop count Express documents). If that is
 * read as an address list, no hop is trusted, every customer has the proxy's address, and one
 * stranger's wrong e-mails lock order verification (and the per-address rate limit) for everyone.
 */
describe.each<StoreKind>(['memory', 'redis'])('TRUST_PROXY as a hop count (%s store)', (storeKind) => {
  let app: Running;
  beforeAll(async () => {
    app = await startTestApp({ store: storeKind, env: { TRUST_PROXY: '1', VERIFY_ATTEMPTS_PER_HOUR: '2' } });
  });
  afterAll(() => app?.stop());

  async function chatFrom(address: string) {
    const headers = { 'content-type': 'application/json', 'x-forwarded-for': address };
    const created = (await (await fetch(`${app.url}/api/chat/conversations`, { method: 'POST', headers, body: '{}' })).json()) as { conversationId: string; token: string };
    return async (text: string) => {
      const r = await fetch(`${app.url}/api/chat/conversations/${created.conversationId}/messages`, {
        method: 'POST',
        headers: { ...headers, authorization: `Bearer ${created.token}` },
        body: JSON.stringify({ text }),
      });
      expect(r.status).toBe(200);
      return ((await r.json()) as { reply: { text: string } }).reply.text;
    };
  }

  it("a stranger's failed verifications behind the proxy do not lock out a customer at another address", async () => {
    for (let i = 0; i < 3; i++) {
      const stranger = await chatFrom('203.0.113.9');
      await stranger('where is order SB-10031?');
      await stranger('it is guess@example.com');
    }
    const customer = await chatFrom('198.51.100.7');
    await customer('where is order SB-10001?');
    expect(await customer(`it is ${owner('SB-10001').email}`)).toMatch(/confirmed/i);
  });
});

describe('TRUST_PROXY values', () => {
  it('reads a hop count as a number, an address list as is, and refuses "true" (every client could name its own address)', () => {
    expect(parseEnv({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(parseEnv({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).TRUST_PROXY).toBe('loopback, 10.0.0.0/8');
    expect(parseEnv({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBeUndefined();
    expect(() => parseEnv({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
  });
});
