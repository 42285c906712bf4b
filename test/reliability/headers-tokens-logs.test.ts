import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/clock.js';
import { createLogger } from '../../src/logging/create-logger.js';
import type { Running } from '../../src/main.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { openConversation, startTestApp } from '../helpers/test-app.js';
import { baseEnv } from './kit.js';

/**
 * Issue 7, point 2, checked through the whole app: security headers, the CORS allow-list for
 * the widget, widget tokens bound to one conversation and expiring, and customer personal
 * data and tokens kept out of the process log.
 */

describe('headers, CORS, tokens and logs through the whole app', () => {
  let fake: FakeOpenAIServer;
  let app: Running;
  let logText = '';
  let now = Date.now();
  const clock: Clock = { now: () => now };

  beforeAll(async () => {
    fake = await startFakeOpenAIServer();
    const destination = new PassThrough();
    destination.on('data', (b: Buffer) => (logText += b.toString()));
    app = await startTestApp({
      env: baseEnv({ OPENAI_BASE_URL: fake.baseURL, MODEL_MAX_RETRIES: '0', CORS_ORIGINS: 'https://shop.example', WIDGET_TOKEN_TTL_SECONDS: '60', LOG_LEVEL: 'debug' }),
      overrides: { clock, logger: createLogger({ level: 'debug', destination }) },
    });
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });

  it('sends the security headers on pages and API answers', async () => {
    for (const path of ['/', '/widget.js', '/api/store', '/healthz']) {
      const res = await fetch(`${app.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-security-policy'), path).toContain("default-src 'self'");
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('strict-transport-security'), path).toBeTruthy();
      expect(res.headers.get('x-powered-by'), path).toBeNull();
    }
  });

  it('lets only allow-listed origins call the web chat API from a browser', async () => {
    const preflight = (origin: string) =>
      fetch(`${app.url}/api/chat/conversations`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
      });
    const allowed = await preflight('https://shop.example');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    const denied = await preflight('https://evil.example');
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
    const post = await fetch(`${app.url}/api/chat/conversations`, { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/json' }, body: '{}' });
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
    // The panel API is same-origin only, whatever the origin.
    const panel = await fetch(`${app.url}/api/agent/session`, { headers: { origin: 'https://shop.example' } });
    expect(panel.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('a widget token opens its own conversation only, and only until it expires', async () => {
    const a = await openConversation(app.url);
    const b = await openConversation(app.url);
    const history = (id: string, token: string) => fetch(`${app.url}/api/chat/conversations/${id}/messages`, { headers: { authorization: `Bearer ${token}` } });
    expect((await history(a.conversationId, a.token)).status).toBe(200);
    expect((await history(b.conversationId, a.token)).status).toBe(401);
    expect(Date.parse(a.expiresAt) - now).toBe(60_000);

    now += 61_000;
    const expired = await history(a.conversationId, a.token);
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toContain('Bearer');
    expect(((await expired.json()) as { error: { code: string } }).error.code).toBe('token_expired');
    const del = await fetch(`${app.url}/api/chat/conversations/${a.conversationId}`, { method: 'DELETE', headers: { authorization: `Bearer ${a.token}` } });
    expect(del.status).toBe(401);
    now = Date.now();
  });

  it('keeps emails, phone numbers, card numbers and tokens out of the log', async () => {
    const chat = await openConversation(app.url);
    const pii = { email: 'jane.doe@example.com', phone: '+44 20 7946 0958', card: '4111 1111 1111 1111' };
    const text = `My card ${pii.card} was charged twice, email me at ${pii.email} or call ${pii.phone}`;
    // A provider error that echoes the request: the engine logs the model's error message.
    fake.enqueue({ kind: 'error', status: 500, body: { error: { message: `upstream failed on input: ${text}`, type: 'server_error' } } });
    const before = logText.length;
    const res = await chat.send(text);
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    const written = logText.slice(before);
    expect(written).toContain('model unavailable');
    expect(written).toContain('[email]');
    for (const value of [...Object.values(pii), chat.token]) expect(written).not.toContain(value);
    expect(logText).not.toContain(chat.token);
  });
});
