import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ModelUnavailableError } from '../../src/core/errors.js';
import { startFakeOpenAIServer, type FakeOpenAIServer, type Script } from '../fakes/fake-openai-server.js';
import { eventually, fakeClient, hello } from './model-test-kit.js';

let fake: FakeOpenAIServer;
beforeAll(async () => {
  fake = await startFakeOpenAIServer();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

const kindOf = (err: unknown) => (err instanceof ModelUnavailableError ? err.kind : err);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('circuit breaker', () => {
  const breakerEnv = { MODEL_BREAKER_FAILURES: '3', MODEL_BREAKER_RESET_MS: '200', MODEL_MAX_RETRIES: '0' };

  it('opens after N consecutive failures; then calls fail instantly without reaching the model', async () => {
    fake.handle(() => ({ kind: 'error', status: 500 }));
    const { client, calls } = fakeClient(fake, breakerEnv);
    for (let i = 0; i < 3; i++) expect(kindOf(await client.complete(hello).catch((e: unknown) => e))).toBe('server');
    expect(client.health().state).toBe('open');
    expect(client.health().detail).toContain('3 consecutive failures');
    expect(client.health().detail).toContain('server');

    for (let i = 0; i < 5; i++) expect(kindOf(await client.complete(hello).catch((e: unknown) => e))).toBe('circuit_open');
    expect(fake.count).toBe(3);
    expect(calls.map((c) => c.outcome)).toEqual(['server', 'server', 'server', 'circuit_open', 'circuit_open', 'circuit_open', 'circuit_open', 'circuit_open']);
  });

  it('a success in between resets the count (failures must be consecutive)', async () => {
    const { client } = fakeClient(fake, breakerEnv);
    const fail: Script = { kind: 'error', status: 502 };
    fake.enqueue(fail, fail, { kind: 'text', text: 'ok' }, fail, fail);
    for (let i = 0; i < 5; i++) await client.complete(hello).catch(() => undefined);
    expect(client.health().state).toBe('closed');
  });

  it('recovers through one half-open probe after MODEL_BREAKER_RESET_MS', async () => {
    fake.handle(() => ({ kind: 'error', status: 503 }));
    const { client } = fakeClient(fake, breakerEnv);
    for (let i = 0; i < 3; i++) await client.complete(hello).catch(() => undefined);
    expect(client.health().state).toBe('open');

    await sleep(250);
    fake.handle(() => ({ kind: 'text', text: 'I am back.', delayMs: 150 }));
    const probe = client.complete(hello);
    await eventually(() => fake.count === 4);
    expect(client.health().state).toBe('half_open');
    // While the probe is out, other calls do not queue behind it: they fail over at once.
    expect(kindOf(await client.complete(hello).catch((e: unknown) => e))).toBe('circuit_open');
    expect((await probe).text).toBe('I am back.');
    expect(client.health().state).toBe('closed');
    expect((await client.complete(hello)).text).toBe('I am back.');
    expect(fake.count).toBe(5);
  });

  it('re-opens when the probe fails', async () => {
    fake.handle(() => ({ kind: 'error', status: 500 }));
    const { client } = fakeClient(fake, breakerEnv);
    for (let i = 0; i < 3; i++) await client.complete(hello).catch(() => undefined);
    await sleep(250);
    expect(kindOf(await client.complete(hello).catch((e: unknown) => e))).toBe('server');
    expect(fake.count).toBe(4);
    expect(client.health().state).toBe('open');
    expect(kindOf(await client.complete(hello).catch((e: unknown) => e))).toBe('circuit_open');
    expect(fake.count).toBe(4);
  });

  it('counts stalls and timeouts as model failures', async () => {
    fake.enqueue({ kind: 'hang' }, { kind: 'stall', text: 'half a', afterChunks: 1 });
    const { client } = fakeClient(fake, { ...breakerEnv, MODEL_BREAKER_FAILURES: '2', MODEL_TIMEOUT_MS: '100', MODEL_STREAM_STALL_MS: '100' });
    expect(kindOf(await client.complete(hello).catch((e: unknown) => e))).toBe('timeout');
    expect(kindOf(await client.complete(hello).catch((e: unknown) => e))).toBe('stalled');
    expect(client.health().state).toBe('open');
  });

  it('does not count callers that abort', async () => {
    fake.handle(() => ({ kind: 'hang' }));
    const { client } = fakeClient(fake, { ...breakerEnv, MODEL_BREAKER_FAILURES: '1' });
    for (let i = 0; i < 3; i++) {
      const ac = new AbortController();
      const p = client.complete({ ...hello, signal: ac.signal }).catch((e: unknown) => e);
      await eventually(() => fake.count === i + 1);
      ac.abort();
      expect((await p as Error).name).toBe('AbortError');
    }
    expect(client.health().state).toBe('closed');
  });
});

describe('bulkhead', () => {
  it('limits concurrent calls, queues up to MODEL_QUEUE_SIZE, and rejects the rest as busy at once', async () => {
    fake.handle(() => ({ kind: 'text', text: 'slow answer', delayMs: 200 }));
    const { client, calls } = fakeClient(fake, { MODEL_MAX_CONCURRENCY: '2', MODEL_QUEUE_SIZE: '1' });
    const running = [client.complete(hello), client.complete(hello)];
    const queued = client.complete(hello);
    await eventually(() => fake.count === 2);
    expect(client.stats()).toMatchObject({ inFlight: 2, queued: 1 });

    const rejected = await client.complete(hello).catch((e: unknown) => e);
    expect(kindOf(rejected)).toBe('busy');
    expect((rejected as Error).message).toContain('2 calls in flight and 1 waiting');

    const answers = await Promise.all([...running, queued]);
    expect(answers.map((a) => a.text)).toEqual(['slow answer', 'slow answer', 'slow answer']);
    expect(fake.count).toBe(3);
    expect(calls.filter((c) => c.outcome === 'busy')).toHaveLength(1);
    expect(client.stats()).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it('holds the slot for the whole stream, not just until the headers', async () => {
    fake.handle(() => ({ kind: 'text', text: ['a', 'b', 'c', 'd'], chunkDelayMs: 50 }));
    const { client } = fakeClient(fake, { MODEL_MAX_CONCURRENCY: '1', MODEL_QUEUE_SIZE: '0' });
    const first = client.complete(hello);
    await eventually(() => fake.count === 1);
    await sleep(60); // headers and a chunk or two are through; the stream is still running
    expect(kindOf(await client.complete(hello).catch((e: unknown) => e))).toBe('busy');
    expect((await first).text).toBe('abcd');
  });

  it('lets a queued caller abort without waiting for a slot', async () => {
    fake.handle(() => ({ kind: 'text', text: 'slow', delayMs: 300 }));
    const { client } = fakeClient(fake, { MODEL_MAX_CONCURRENCY: '1', MODEL_QUEUE_SIZE: '5' });
    const first = client.complete(hello);
    await eventually(() => fake.count === 1);
    const ac = new AbortController();
    const queued = client.complete({ ...hello, signal: ac.signal }).catch((e: unknown) => e);
    ac.abort(new Error('gave up waiting'));
    expect(((await queued) as Error).message).toBe('gave up waiting');
    expect((await first).text).toBe('slow');
    // The abandoned call never reaches the model.
    await sleep(50);
    expect(fake.count).toBe(1);
    expect(client.stats()).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it('does not count busy rejections against the model', async () => {
    fake.handle(() => ({ kind: 'text', text: 'ok', delayMs: 150 }));
    const { client } = fakeClient(fake, { MODEL_MAX_CONCURRENCY: '1', MODEL_QUEUE_SIZE: '0', MODEL_BREAKER_FAILURES: '1' });
    const first = client.complete(hello);
    await eventually(() => fake.count === 1);
    for (let i = 0; i < 3; i++) expect(kindOf(await client.complete(hello).catch((e: unknown) => e))).toBe('busy');
    await first;
    expect(client.health().state).toBe('closed');
  });
});
