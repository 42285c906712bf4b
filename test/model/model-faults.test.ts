import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ModelUnavailableError } from '../../src/core/errors.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { collect, eventually, fakeClient, hello } from './model-test-kit.js';

let fake: FakeOpenAIServer;
beforeAll(async () => {
  fake = await startFakeOpenAIServer();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

function expectKind(err: unknown, kind: ModelUnavailableError['kind']): ModelUnavailableError {
  expect(err).toBeInstanceOf(ModelUnavailableError);
  expect((err as ModelUnavailableError).kind).toBe(kind);
  return err as ModelUnavailableError;
}

describe('retries (the SDK policy)', () => {
  it('retries 429 and honours Retry-After / retry-after-ms before succeeding', async () => {
    fake.enqueue(
      // 700 ms is longer than the SDK's own first backoff (at most 500 ms), so the gap proves the header was used.
      { kind: 'error', status: 429, headers: { 'retry-after': '0.7' } },
      { kind: 'error', status: 429, headers: { 'retry-after-ms': '5' } },
      { kind: 'text', text: 'Back in business.' },
    );
    const { client, calls } = fakeClient(fake, { MODEL_MAX_RETRIES: '2' });
    const result = await client.complete(hello);
    expect(result.text).toBe('Back in business.');
    expect(fake.count).toBe(3);
    expect(fake.requests[1]!.receivedAt - fake.requests[0]!.receivedAt).toBeGreaterThanOrEqual(690);
    expect(calls.map((c) => c.outcome)).toEqual(['ok']);
  });

  it('gives up with rate_limited after MODEL_MAX_RETRIES retries', async () => {
    fake.handle(() => ({ kind: 'error', status: 429, headers: { 'retry-after-ms': '5' } }));
    const { client, calls } = fakeClient(fake, { MODEL_MAX_RETRIES: '2' });
    const err = expectKind(await client.complete(hello).catch((e: unknown) => e), 'rate_limited');
    expect(err.status).toBe(429);
    expect(fake.count).toBe(3);
    expect(calls[0]).toMatchObject({ outcome: 'rate_limited', usage: { promptTokens: 0, completionTokens: 0, cachedTokens: 0 }, cost: 0 });
  });

  it('does not wait out a Retry-After longer than the call budget: fails at once so the customer is answered offline', async () => {
    fake.handle(() => ({ kind: 'error', status: 429, headers: { 'retry-after': '120' } }));
    const { client } = fakeClient(fake, { MODEL_MAX_RETRIES: '3', MODEL_TIMEOUT_MS: '2000' });
    expectKind(await client.complete(hello).catch((e: unknown) => e), 'rate_limited');
    expect(fake.count).toBe(1);
  });

  it('retries 500 and then fails with kind server', async () => {
    fake.handle(() => ({ kind: 'error', status: 500, headers: { 'retry-after-ms': '5' } }));
    const { client } = fakeClient(fake, { MODEL_MAX_RETRIES: '2' });
    const err = expectKind(await client.complete(hello).catch((e: unknown) => e), 'server');
    expect(err.status).toBe(500);
    expect(fake.count).toBe(3);
  });

  it('recovers when a 503 is followed by a good answer', async () => {
    fake.enqueue({ kind: 'error', status: 503, headers: { 'retry-after-ms': '5' } }, { kind: 'text', text: 'Recovered.' });
    const { client } = fakeClient(fake, { MODEL_MAX_RETRIES: '1' });
    expect((await client.complete(hello)).text).toBe('Recovered.');
    expect(fake.count).toBe(2);
  });

  it('does not retry 401: fails at once with kind client and status 401', async () => {
    fake.handle(() => ({ kind: 'error', status: 401, body: { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' } } }));
    const { client } = fakeClient(fake, { MODEL_MAX_RETRIES: '3' });
    const err = expectKind(await client.complete(hello).catch((e: unknown) => e), 'client');
    expect(err.status).toBe(401);
    expect(err.message).toContain('Incorrect API key');
    expect(fake.count).toBe(1);
  });

  it('does not retry 400 and does not count it against the model', async () => {
    fake.handle(() => ({ kind: 'error', status: 400 }));
    const { client } = fakeClient(fake, { MODEL_MAX_RETRIES: '3', MODEL_BREAKER_FAILURES: '1' });
    expectKind(await client.complete(hello).catch((e: unknown) => e), 'client');
    expectKind(await client.complete(hello).catch((e: unknown) => e), 'client');
    expect(fake.count).toBe(2);
    expect(client.health().state).toBe('closed');
  });
});

describe('timeouts and stalls', () => {
  it('times out a model that never answers, once per attempt', async () => {
    fake.handle(() => ({ kind: 'hang' }));
    const { client, calls } = fakeClient(fake, { MODEL_TIMEOUT_MS: '150', MODEL_MAX_RETRIES: '1' });
    expectKind(await client.complete(hello).catch((e: unknown) => e), 'timeout');
    expect(fake.count).toBe(2);
    expect(calls[0]!.outcome).toBe('timeout');
  });

  it('cuts a stream that stalls mid-reply; the caller keeps the text it already got', async () => {
    fake.enqueue({ kind: 'stall', text: ['Our kettles ', 'carry a ', 'two-year ', 'warranty.'], afterChunks: 2 });
    const { client, calls } = fakeClient(fake, { MODEL_STREAM_STALL_MS: '150', MODEL_TIMEOUT_MS: '5000' });
    const out = await collect(client, hello);
    const err = expectKind(out.error, 'stalled');
    expect(err.message).toContain('150 ms');
    expect(out.text).toBe('Our kettles carry a ');
    expect(out.done).toBeNull();
    // The partial reply was generated (and billed): its tokens are estimated.
    expect(calls[0]).toMatchObject({ outcome: 'stalled', usageEstimated: true });
    expect(calls[0]!.usage.completionTokens).toBeGreaterThan(0);
  });

  it('cuts a stream that sends headers and then nothing', async () => {
    fake.enqueue({ kind: 'stall', text: 'never sent', afterChunks: 0 });
    const { client } = fakeClient(fake, { MODEL_STREAM_STALL_MS: '100' });
    const out = await collect(client, hello);
    expectKind(out.error, 'stalled');
    expect(out.text).toBe('');
  });

  it('keeps a slow but steady stream alive: the stall timer measures silence, not total time', async () => {
    fake.enqueue({ kind: 'text', text: ['a', 'b', 'c', 'd', 'e', 'f'], chunkDelayMs: 60 });
    const { client } = fakeClient(fake, { MODEL_STREAM_STALL_MS: '250' });
    const out = await collect(client, hello);
    expect(out.error).toBeUndefined();
    expect(out.text).toBe('abcdef');
  });

  it('reports a connection dropped mid-stream as network, keeping the partial text', async () => {
    fake.enqueue({ kind: 'drop', text: ['Partial ', 'answer ', 'lost'], afterChunks: 2 });
    const { client } = fakeClient(fake);
    const out = await collect(client, hello);
    expectKind(out.error, 'network');
    expect(out.text).toBe('Partial answer ');
  });

  it('reports an unreachable server as network', async () => {
    const gone = await startFakeOpenAIServer();
    await gone.close();
    const { client } = fakeClient(gone);
    expectKind(await client.complete(hello).catch((e: unknown) => e), 'network');
  });
});

describe('abort by the caller', () => {
  it('rejects with the caller’s own abort reason, promptly, and does not count it as a model failure', async () => {
    fake.handle(() => ({ kind: 'hang' }));
    const { client, calls } = fakeClient(fake, { MODEL_BREAKER_FAILURES: '1', MODEL_TIMEOUT_MS: '20000' });
    const ac = new AbortController();
    const pending = client.complete({ ...hello, signal: ac.signal }).catch((e: unknown) => e);
    await eventually(() => fake.count === 1);
    const reason = new Error('customer left');
    ac.abort(reason);
    expect(await pending).toBe(reason);
    await eventually(() => calls.length === 1);
    expect(calls[0]!.outcome).toBe('aborted');
    expect(client.health().state).toBe('closed');
  });

  it('stops a reply mid-stream and keeps what was streamed', async () => {
    fake.enqueue({ kind: 'text', text: ['one ', 'two ', 'three ', 'four ', 'five'], chunkDelayMs: 40 });
    const { client } = fakeClient(fake);
    const ac = new AbortController();
    const seen: string[] = [];
    let error: unknown;
    try {
      for await (const e of client.stream({ ...hello, signal: ac.signal })) {
        if (e.type === 'delta') {
          seen.push(e.text);
          if (seen.length === 2) ac.abort();
        }
      }
    } catch (err) {
      error = err;
    }
    expect((error as Error).name).toBe('AbortError');
    expect(seen).toEqual(['one ', 'two ']);
  });

  it('makes no request when the signal is already aborted', async () => {
    const { client, calls } = fakeClient(fake);
    const err = await client.complete({ ...hello, signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect((err as Error).name).toBe('AbortError');
    expect(fake.count).toBe(0);
    expect(calls).toHaveLength(0);
  });

  it('cancels the request when the caller stops reading early', async () => {
    fake.enqueue({ kind: 'text', text: ['a ', 'b ', 'c ', 'd ', 'e'], chunkDelayMs: 50 });
    const { client, calls } = fakeClient(fake);
    for await (const e of client.stream(hello)) {
      if (e.type === 'delta') break;
    }
    await eventually(() => calls.length === 1);
    expect(calls[0]!.outcome).toBe('aborted');
    expect(client.stats().inFlight).toBe(0);
  });
});
