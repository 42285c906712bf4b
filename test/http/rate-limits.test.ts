import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import express from 'express';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.js';
import type { RateLimiterFactory } from '../../src/core/store.js';
import { errorHandler } from '../../src/http/error-handler.js';
import { rateLimits } from '../../src/http/rate-limit.js';
import { createRedisStore } from '../../src/store/create-redis-store.js';
import { MemoryRateLimiterFactory } from '../../src/store/memory-rate-limiter.js';
import { CommandCounter } from '../../src/store/redis-command-counter.js';

/**
 * Several limits in one middleware (issue 20: one round trip for the per-address and the
 * per-conversation limit): they answer as if checked one after the other.
 */
const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closers.splice(0)) await close();
});

async function serve(factory: RateLimiterFactory, points: { address: number; conversation: number }) {
  const name = randomUUID().slice(0, 8);
  const perAddress = factory.create({ name: `a-${name}`, points: points.address, durationSeconds: 60 });
  const perConversation = factory.create({ name: `c-${name}`, points: points.conversation, durationSeconds: 60 });
  const app = express();
  app.post(
    '/c/:id',
    rateLimits([
      { limiter: perAddress, key: () => 'one-address', what: 'from this address' },
      { limiter: perConversation, key: (req) => String(req.params.id), what: 'in this conversation' },
    ]),
    (_req, res) => void res.json({ ok: true }),
  );
  app.use(errorHandler(silentLogger));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  closers.push(() => new Promise((r) => server.close(() => r())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const post = async (id: string) => {
    const res = await fetch(`${url}/c/${id}`, { method: 'POST' });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } };
  };
  return { post, perAddress, perConversation };
}

describe('rateLimits', () => {
  it('a refusal by the first limit leaves the later ones uncounted; a refusal by a later one answers 429 naming it', async () => {
    const { post, perConversation } = await serve(new MemoryRateLimiterFactory(), { address: 3, conversation: 2 });
    expect((await post('c1')).status).toBe(200);
    expect((await post('c1')).status).toBe(200);
    const byConversation = await post('c1');
    expect(byConversation.status).toBe(429);
    expect(JSON.stringify(byConversation.body)).toContain('in this conversation');
    expect(Number(byConversation.retryAfter)).toBeGreaterThanOrEqual(1);
    // A stable code and the wait as data (the widget shows its own words for them, in the shopper's language).
    expect(byConversation.body.error?.code).toBe('rate_limited');
    expect(byConversation.body.error?.details).toEqual({ retry_after_seconds: Number(byConversation.retryAfter) });
    // The address has used its 3 points: c2 is refused by it, and c2's own limit never counted the request.
    const byAddress = await post('c2');
    expect(byAddress.status).toBe(429);
    expect(JSON.stringify(byAddress.body)).toContain('from this address');
    expect(await perConversation.remaining('c2')).toBe(2);
  });

  it('on Redis, both limits go out in one round trip', async () => {
    const counter = new CommandCounter();
    const bundle = await createRedisStore({ url: inject('redisUrl'), prefix: `sbtest:rl:${randomUUID().slice(0, 8)}:`, historyTtlSeconds: 60, maxMessages: 10, commandCounter: counter });
    closers.push(() => bundle.close());
    const { post } = await serve(bundle.rateLimiters, { address: 100, conversation: 100 });
    expect((await post('c1')).status).toBe(200);
    await counter.idle();
    counter.reset();
    expect((await post('c1')).status).toBe(200);
    await counter.idle();
    expect(counter.snapshot()).toMatchObject({ commands: 2, roundTrips: 1 });
  });
});
