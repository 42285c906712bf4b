import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintIdentityToken } from '../../src/identity/identity-token.js';
import type { Running } from '../../src/main.js';
import { owner } from '../commerce/demo-fixture.js';
import { startTestApp, TEST_IDENTITY_SECRET, type StoreKind } from '../helpers/test-app.js';

/**
 * A conversation bound with a signed identity token is bound as long as the token: after its
 * `exp` the order tools answer "verification needed" until the site sends a fresh token (or the
 * shopper proves an order with its e-mail). On main the binding outlived the token for the
 * widget token's 24 h. A fake clock moves past the token's expiry.
 */
describe.each<StoreKind>(['memory', 'redis'])('a signed-in binding ends with its token (%s store)', (storeKind) => {
  let app: Running;
  let now = Date.now();
  const clock = { now: () => now };
  beforeAll(async () => {
    app = await startTestApp({ store: storeKind, overrides: { clock } });
  });
  afterAll(async () => {
    await app?.stop();
  });

  const token = (ttlSeconds: number) => mintIdentityToken({ secret: TEST_IDENTITY_SECRET, customerId: 'cust-maya', email: owner('SB-10001').email, now, ttlSeconds });
  async function signedIn(ttlSeconds: number) {
    const res = await fetch(`${app.url}/api/chat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identityToken: await token(ttlSeconds) }) });
    expect(res.status).toBe(201);
    const { conversationId, token: widgetToken } = (await res.json()) as { conversationId: string; token: string };
    const headers = { authorization: `Bearer ${widgetToken}`, 'content-type': 'application/json' };
    return {
      send: async (text: string) => (await (await fetch(`${app.url}/api/chat/conversations/${conversationId}/messages`, { method: 'POST', headers, body: JSON.stringify({ text }) })).json()) as any,
      identify: async (identityToken: string) => fetch(`${app.url}/api/chat/conversations/${conversationId}/identity`, { method: 'POST', headers, body: JSON.stringify({ identityToken }) }),
    };
  }

  it('before exp the orders are shown; after it they need verification; a fresh token renews the binding', async () => {
    now = Date.now();
    const chat = await signedIn(600);
    expect((await chat.send('where is my order SB-10012?')).reply.text).toContain('NO79285028');

    now += 601_000;
    const lapsed = await chat.send('where is my order SB-10012?');
    expect(lapsed.reply.text).toMatch(/e-mail address you used for that order/);
    expect(lapsed.reply.text).not.toContain('NO79285028');

    const renewed = await chat.identify(await token(600));
    expect(renewed.status).toBe(200);
    expect((await chat.send('where is my order SB-10012?')).reply.text).toContain('NO79285028');
  });

  it('after exp the shopper can prove an order with its e-mail instead; another customer cannot take the conversation', async () => {
    now = Date.now();
    const chat = await signedIn(600);
    expect((await chat.send('I need help with an order please')).reply.text).toBeTruthy();
    now += 601_000;
    const proved = await chat.send(`SB-10001 ${owner('SB-10001').email}`);
    expect(proved.reply.text).toMatch(/^Thanks, that's confirmed\./);
    expect(proved.reply.text).toContain('PA79197919');
    const other = await chat.send(`SB-10002 ${owner('SB-10002').email}`);
    expect(other.reply.text).toMatch(/couldn't match/);
  });
});
