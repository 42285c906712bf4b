import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../src/main.js';
import { owner } from '../commerce/demo-fixture.js';
import { startTestApp, type StoreKind } from '../helpers/test-app.js';

const LIMIT = 5;

/** A web chat conversation whose requests come through the proxy from one client address. */
async function chatFrom(baseUrl: string, headers: Record<string, string>) {
  const res = await fetch(`${baseUrl}/api/chat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
  expect(res.status).toBe(201);
  const { conversationId, token } = (await res.json()) as { conversationId: string; token: string };
  return {
    /** Sends `text`; the reply's text (the turn must answer 200). */
    async say(text: string): Promise<string> {
      const r = await fetch(`${baseUrl}/api/chat/conversations/${conversationId}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
        body: JSON.stringify({ text }),
      });
      expect(r.status).toBe(200);
      return String(((await r.json()) as { reply: { text: string } }).reply.text);
    },
  };
}
const GUESSES = 30;

/**
 * A stranger guessing the e-mail of someone's order from many conversations at once (red team,
 * h-redteam3): the per-address limit of failed checks must hold for a burst, not only for guesses
 * sent one after another. On main the limit was read, the check made, and the failure counted
 * afterwards, so every guess of a burst passed the read: 14 of 40 parallel guesses were checked
 * with a limit of 5 (two processes on one Redis).
 */
describe.each<StoreKind>(['memory', 'redis'])('order verification limit under a burst of guesses (%s store)', (storeKind) => {
  const apps: Running[] = [];

  beforeAll(async () => {
    const env = { VERIFY_ATTEMPTS_PER_HOUR: String(LIMIT), TRUST_PROXY: '1' };
    const prefix = `t:${randomUUID().slice(0, 8)}:`;
    // Two processes on one Redis (one app in memory: a memory store is one process's).
    const count = storeKind === 'redis' ? 2 : 1;
    for (let i = 0; i < count; i++) apps.push(await startTestApp({ store: storeKind, env, overrides: storeKind === 'redis' ? { redisPrefix: prefix } : {} }));
  });
  afterAll(async () => {
    for (const app of apps) await app.stop();
  });

  it(`at most ${LIMIT} checks are made from one address, however many conversations guess at once`, async () => {
    const order = 'SB-10002';
    const right = owner(order).email;
    const from = { 'x-forwarded-for': '203.0.113.9' };
    const chats = await Promise.all(Array.from({ length: GUESSES }, (_, i) => chatFrom(apps[i % apps.length]!.url, from)));
    // Every conversation guesses once, all at the same moment; the right address is among the last guesses.
    const replies = await Promise.all(
      chats.map((chat, i) => chat.say(`order ${order} ${i === GUESSES - 1 ? right : `guess${i}@example.com`}`)),
    );
    const texts = replies;
    const checked = texts.filter((t) => /couldn't match|that's confirmed/.test(t)).length;
    const locked = texts.filter((t) => /after several tries/.test(t)).length;
    expect(checked + locked).toBe(GUESSES);
    expect(checked).toBeLessThanOrEqual(LIMIT);

    // The address stays locked afterwards, whichever process the next guess reaches.
    for (const app of apps) {
      const late = await chatFrom(app.url, from);
      expect(await late.say(`order ${order} ${right}`)).toMatch(/after several tries/);
    }
  });

  it('successful checks do not use up the address\'s attempts', async () => {
    // Another address than the burst's (TRUST_PROXY=1: the test plays the proxy).
    const from = { 'x-forwarded-for': '198.51.100.77' };
    for (let i = 0; i < LIMIT + 2; i++) {
      const chat = await chatFrom(apps[i % apps.length]!.url, from);
      expect(await chat.say(`order SB-10002 ${owner('SB-10002').email}`)).toMatch(/that's confirmed/);
    }
    const stranger = await chatFrom(apps[0]!.url, from);
    expect(await stranger.say('order SB-10002 someone.else@example.com')).toMatch(/couldn't match/);
  });
});
