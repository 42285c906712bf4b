import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../src/main.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { openConversation, startTestApp } from '../helpers/test-app.js';
import { baseEnv, errorBody } from './kit.js';

/**
 * Issue 7, point 1, through the whole app (src/main.ts start()): rate limits per IP and per
 * conversation answer 429 with Retry-After and are shared by two app instances on one Redis;
 * body and message size limits answer 413; a full model bulkhead gives a 'busy' reply.
 */

const running: Running[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
});

/** Two app instances ("processes") on the test Redis, sharing one fresh key prefix. */
async function twoInstances(env: Record<string, string>): Promise<[Running, Running]> {
  const prefix = `t:rel-limits:${randomUUID().slice(0, 8)}:`;
  const make = () => startTestApp({ store: 'redis', env, overrides: { redisPrefix: prefix } });
  const a = await make();
  const b = await make();
  running.push(a, b);
  return [a, b];
}

const createConversation = (url: string) =>
  fetch(`${url}/api/chat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });

function expectRetryAfter(res: Response, maxSeconds: number): void {
  const header = res.headers.get('retry-after');
  expect(header, 'Retry-After header').toMatch(/^\d+$/);
  const seconds = Number(header);
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(maxSeconds);
}

describe('rate limits (Redis, shared by two app instances)', () => {
  it('per IP: the limit counts requests to both instances; the next one gets 429 + Retry-After on either', async () => {
    const [a, b] = await twoInstances({ RATE_LIMIT_IP_PER_MINUTE: '5', RATE_LIMIT_CONVERSATION_PER_MINUTE: '100' });
    const statuses: number[] = [];
    for (const url of [a.url, b.url, a.url, b.url, a.url]) statuses.push((await createConversation(url)).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201]);

    for (const url of [b.url, a.url]) {
      const limited = await createConversation(url);
      expect(limited.status).toBe(429);
      expectRetryAfter(limited, 60);
      const err = await errorBody(limited);
      expect(err?.code).toBe('rate_limited');
      expect(err?.message).toMatch(/from this address/);
    }
  });

  it('per conversation: messages to one conversation are counted across instances; other conversations are not affected', async () => {
    const [a, b] = await twoInstances({ RATE_LIMIT_IP_PER_MINUTE: '100', RATE_LIMIT_CONVERSATION_PER_MINUTE: '3' });
    const chat = await openConversation(a.url);
    const sendTo = async (url: string, text: string) =>
      fetch(`${url}/api/chat/conversations/${chat.conversationId}/messages`, {
        method: 'POST',
        headers: { ...chat.auth, 'content-type': 'application/json' },
        body: JSON.stringify({ text }),
      });
    // No model configured here: the offline responder answers at once.
    expect((await sendTo(a.url, 'Can I return a kettle?')).status).toBe(200);
    expect((await sendTo(b.url, 'What is the return window?')).status).toBe(200);
    expect((await sendTo(a.url, 'Do you recommend a toaster?')).status).toBe(200);
    const limited = await sendTo(b.url, 'One more question please');
    expect(limited.status).toBe(429);
    expectRetryAfter(limited, 60);
    const err = await errorBody(limited);
    expect(err?.code).toBe('rate_limited');
    expect(err?.message).toMatch(/in this conversation/);
    // The refused message never reached the engine.
    const history = await chat.history();
    expect(history.messages.filter((m) => m.role === 'customer').map((m) => m.text)).not.toContain('One more question please');

    const other = await openConversation(b.url);
    expect((await other.send('Recommend a blender')).status).toBe(200);
  });
});

describe('size limits', () => {
  let app: Running;
  beforeAll(async () => {
    app = await startTestApp({ env: { BODY_LIMIT_BYTES: '1024', MAX_MESSAGE_CHARS: '100' } });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('413 for a body over BODY_LIMIT_BYTES, on create and on messages, before any work is done', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(2000) });
    const create = await fetch(`${app.url}/api/chat/conversations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: { name: 'y'.repeat(2000) } }),
    });
    expect(create.status).toBe(413);
    expect((await errorBody(create))?.code).toBe('body_too_large');

    const chat = await openConversation(app.url);
    const res = await fetch(`${app.url}/api/chat/conversations/${chat.conversationId}/messages`, {
      method: 'POST',
      headers: { ...chat.auth, 'content-type': 'application/json' },
      body: big,
    });
    expect(res.status).toBe(413);
    expect((await errorBody(res))?.code).toBe('body_too_large');
    expect((await chat.history()).messages).toEqual([]);
  });

  it('413 for a message over MAX_MESSAGE_CHARS that fits the body limit, naming the limit', async () => {
    const chat = await openConversation(app.url);
    const res = await chat.send('z'.repeat(101));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('text_too_long');
    expect(res.body.error.message).toContain('100');
    expect((await chat.send('z'.repeat(100))).status).toBe(200);
  });
});

describe('model bulkhead (MODEL_MAX_CONCURRENCY=1, MODEL_QUEUE_SIZE=0)', () => {
  let fake: FakeOpenAIServer;
  let app: Running;
  beforeAll(async () => {
    fake = await startFakeOpenAIServer({ fallback: { kind: 'text', text: 'A full answer from the model about your question.', delayMs: 700 } });
    app = await startTestApp({
      env: baseEnv({ OPENAI_BASE_URL: fake.baseURL, MODEL_MAX_CONCURRENCY: '1', MODEL_QUEUE_SIZE: '0', MODEL_TIMEOUT_MS: '5000' }),
    });
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });

  it('a second concurrent turn is answered at once, offline, with status busy and a busy note', async () => {
    const first = await openConversation(app.url);
    const second = await openConversation(app.url);
    const slow = first.send('Which kettle would you recommend for a small kitchen?');
    // Let the first turn take the only model slot.
    while (app.composed.model!.stats().inFlight === 0) await new Promise((r) => setTimeout(r, 10));
    const busy = await second.send('Which toaster would you recommend for two slices?');
    // Refused without waiting for the slot: the first call still holds it.
    const inFlightWhenBusyAnswered = app.composed.model!.stats().inFlight;
    const full = await slow;

    expect(busy.status).toBe(200);
    expect(busy.body.status).toBe('busy');
    expect(busy.body.reply.offline).toBe(true);
    expect(busy.body.reply.text).toMatch(/busy/i);
    // The busy note leads a real offline answer, not a bare apology.
    expect(busy.body.reply.text.split('\n\n').length).toBeGreaterThanOrEqual(2);
    expect(inFlightWhenBusyAnswered).toBe(1);

    expect(full.status).toBe(200);
    expect(full.body.status).toBe('sent');
    expect(full.body.reply).toMatchObject({ offline: false, text: 'A full answer from the model about your question.' });
    expect(fake.count).toBe(1);
  });
});
