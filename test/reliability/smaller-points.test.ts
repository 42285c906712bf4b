import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Running } from '../../src/main.js';
import { accountsEnv } from '../assist/assist-harness.js';
import { openConversation, startTestApp } from '../helpers/test-app.js';

/*
 * Issue 14, found 7: /metrics behind a token, a lower-case "bearer" accepted, the Slack route
 * bounded by BODY_LIMIT_BYTES, Secure cookies for an https PUBLIC_URL, and rate-limit keys by
 * IPv6 /64.
 */

const running: Running[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) await r.stop();
});
async function app(env: Record<string, string>): Promise<Running> {
  const r = await startTestApp({ env });
  running.push(r);
  return r;
}

const TOKEN = 'metrics-token-for-the-test-0123456789';

describe('/metrics', () => {
  it('answers 404 when METRICS_TOKEN is not set', async () => {
    const r = await app({});
    const res = await fetch(`${r.url}/metrics`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('switchboard_');
  });

  it('needs Authorization: Bearer $METRICS_TOKEN (any case of the scheme); anything else is 401 with WWW-Authenticate', async () => {
    const r = await app({ METRICS_TOKEN: TOKEN });
    for (const authorization of [undefined, 'Bearer wrong-token-wrong-token', `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`, `Bearer ${TOKEN}x`, TOKEN]) {
      const res = await fetch(`${r.url}/metrics`, { headers: authorization ? { authorization } : {} });
      expect(res.status, String(authorization)).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      expect(((await res.json()) as { error: { code: string; message: string } }).error.message).toMatch(/METRICS_TOKEN/);
    }
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
      const res = await fetch(`${r.url}/metrics`, { headers: { authorization: `${scheme} ${TOKEN}` } });
      expect(res.status, scheme).toBe(200);
      expect(await res.text()).toContain('switchboard_turns_total');
    }
  });

  it('a token shorter than 16 characters is a configuration error naming the variable', async () => {
    await expect(startTestApp({ env: { METRICS_TOKEN: 'short' } })).rejects.toThrow(/METRICS_TOKEN/);
  });
});

describe('the widget API accepts a lower-case bearer scheme', () => {
  it('"bearer <token>" reads the conversation like "Bearer <token>"', async () => {
    const r = await app({});
    const chat = await openConversation(r.url);
    for (const scheme of ['bearer', 'BEARER', 'Bearer']) {
      const res = await fetch(`${r.url}/api/chat/conversations/${chat.conversationId}/messages`, { headers: { authorization: `${scheme} ${chat.token}` } });
      expect(res.status, scheme).toBe(200);
    }
  });
});

describe('the Slack route honours BODY_LIMIT_BYTES', () => {
  it('a signed body over the limit is 413 body_too_large, under it is processed', async () => {
    const secret = 'slack-signing-secret-for-the-test';
    const r = await app({ SLACK_SIGNING_SECRET: secret, SLACK_BOT_TOKEN: 'xoxb-test', BODY_LIMIT_BYTES: '2048' });
    const post = (body: string) => {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
      return fetch(`${r.url}/api/slack/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signature },
        body,
      });
    };
    const small = JSON.stringify({ type: 'url_verification', challenge: 'c'.repeat(100) });
    expect((await post(small)).status).toBe(200);
    const big = JSON.stringify({ type: 'url_verification', challenge: 'c'.repeat(3000) });
    const res = await post(big);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('body_too_large');
  });
});

describe('the panel session cookie', () => {
  it('is Secure (with the __Host- prefix) when PUBLIC_URL is https, without COOKIE_SECURE', async () => {
    const accounts = await accountsEnv({ alice: 'alice password 1' });
    for (const [publicUrl, secure] of [['https://support.example.com', true], ['http://localhost:3978', false]] as const) {
      const r = await app({ AGENT_ACCOUNTS: accounts, PUBLIC_URL: publicUrl });
      const res = await fetch(`${r.url}/api/agent/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: r.url },
        body: JSON.stringify({ name: 'alice', password: 'alice password 1' }),
      });
      expect(res.status).toBe(200);
      const cookie = res.headers.get('set-cookie')!;
      if (secure) {
        expect(cookie).toMatch(/^__Host-sb_agent=/);
        expect(cookie).toMatch(/; Secure/);
      } else {
        expect(cookie).toMatch(/^sb_agent=/);
        expect(cookie).not.toMatch(/Secure/);
      }
    }
  });
});

describe('per-address rate limits key IPv6 by its /64', () => {
  it('addresses of one /64 share a bucket, another /64 has its own, IPv4-mapped IPv6 is the IPv4 address', async () => {
    const r = await app({ TRUST_PROXY: 'loopback', RATE_LIMIT_IP_PER_MINUTE: '3' });
    const create = (address: string) =>
      fetch(`${r.url}/api/chat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': address }, body: '{}' });
    for (const address of ['2001:db8:aa:1::1', '2001:db8:aa:1::2', '2001:db8:aa:1:ffff:1:2:3']) expect((await create(address)).status).toBe(201);
    const limited = await create('2001:db8:aa:1:dead:beef::9');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await create('2001:db8:aa:2::1')).status).toBe(201);

    for (let i = 0; i < 3; i++) expect((await create('198.51.100.20')).status).toBe(201);
    expect((await create('::ffff:198.51.100.20')).status).toBe(429);
  });
});
