import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.js';
import { closeRedis, connectRedis } from '../../src/store/redis-client.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { REDIS_SERVER, startAppChild as startChild, startPrivateRedis, waitUntil, type AppChild as Child, type PrivateRedis } from './kit.js';

/**
 * Issue 7, point 5: `node --import tsx src/main.ts` as a real child process, as `npm start`
 * runs it, on a Redis of this file's own and a slow fake model. SIGTERM mid-turn: the turn
 * completes, new requests are refused, Redis connections are closed, exit code 0, and the
 * wait for turns in flight is bounded by SHUTDOWN_TIMEOUT_MS.
 */

async function switchboardClients(redisUrl: string): Promise<number> {
  const client = await connectRedis({ url: redisUrl, name: 'shutdown-test-observer', logger: silentLogger });
  try {
    const list = await client.clientList();
    return list.filter((c) => c.name.startsWith('switchboard')).length;
  } finally {
    await closeRedis(client);
  }
}

async function openConversation(url: string) {
  const res = await fetch(`${url}/api/chat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(res.status).toBe(201);
  return (await res.json()) as { conversationId: string; token: string };
}

function sendMessage(url: string, chat: { conversationId: string; token: string }, text: string) {
  return fetch(`${url}/api/chat/conversations/${chat.conversationId}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${chat.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
  });
}

/** A request after SIGTERM: refused with 503 (keep-alive socket) or not accepted at all (listener closed). */
async function refusedAfterStop(url: string): Promise<string> {
  try {
    const res = await fetch(`${url}/api/chat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    if (res.status === 503) {
      const body = (await res.json()) as { error: { code: string } };
      return `503 ${body.error.code} retry-after=${res.headers.get('retry-after')}`;
    }
    return `accepted ${res.status}`;
  } catch (err) {
    const code = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    return `connection ${code}`;
  }
}

describe.skipIf(!REDIS_SERVER)('graceful shutdown of the real process (SIGTERM)', () => {
  let redis: PrivateRedis;
  let fake: FakeOpenAIServer;
  let child: Child | undefined;
  beforeAll(async () => {
    redis = await startPrivateRedis();
    fake = await startFakeOpenAIServer();
  });
  afterEach(() => {
    if (child && child.proc.exitCode === null && child.proc.signalCode === null) child.proc.kill('SIGKILL');
    child = undefined;
    fake.reset();
  });
  afterAll(async () => {
    await fake?.close();
    await redis?.close();
  });

  const appEnv = (extra: Record<string, string>) => ({
    REDIS_URL: redis.url,
    OPENAI_BASE_URL: fake.baseURL,
    OPENAI_API_KEY: 'test-key',
    ROUTER_MODEL_ENABLED: 'false',
    ...extra,
  });

  it('finishes the turn in flight, refuses new requests, closes Redis and exits 0', async () => {
    child = await startChild(appEnv({ SHUTDOWN_TIMEOUT_MS: '8000', MODEL_TIMEOUT_MS: '10000' }));
    expect(await switchboardClients(redis.url)).toBe(2); // commands + pub/sub
    const chat = await openConversation(child.url);
    fake.handle(() => ({ kind: 'text', text: ['The Aria kettle ', 'is quiet ', 'and quick.'], delayMs: 800, chunkDelayMs: 200 }));

    const turn = sendMessage(child.url, chat, 'Which kettle would you recommend?');
    await waitUntil(() => fake.count >= 1, 10_000, 'the turn to reach the model');
    const signalledAt = Date.now();
    child.proc.kill('SIGTERM');
    await waitUntil(() => child!.output().includes('"shutting down"'), 5000, 'the app to log the signal');

    const refusal = await refusedAfterStop(child.url);
    expect(refusal).toMatch(/^(503 shutting_down retry-after=\d+|connection (ECONNREFUSED|ECONNRESET|UND_ERR_SOCKET))$/);

    const res = await turn;
    expect(res.status).toBe(200);
    const body = (await res.json()) as { reply: { text: string; offline: boolean } };
    expect(body.reply).toMatchObject({ text: 'The Aria kettle is quiet and quick.', offline: false });

    const exit = await child.exited;
    expect(exit, child.output()).toMatchObject({ code: 0, signal: null });
    expect(exit.at - signalledAt).toBeLessThan(8000);
    expect(child.output()).toContain('switchboard stopped');
    expect(await switchboardClients(redis.url)).toBe(0);
  });

  it('does not wait past SHUTDOWN_TIMEOUT_MS for a turn that would take longer; still exits 0', async () => {
    const SHUTDOWN_TIMEOUT_MS = 1000;
    const MODEL_TIMEOUT_MS = 20_000;
    child = await startChild(appEnv({ SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS), MODEL_TIMEOUT_MS: String(MODEL_TIMEOUT_MS), MODEL_MAX_RETRIES: '0' }));
    const chat = await openConversation(child.url);
    fake.handle(() => ({ kind: 'hang' }));
    const turn = sendMessage(child.url, chat, 'Which toaster would you recommend?').then(
      (r) => `status ${r.status}`,
      () => 'connection closed',
    );
    await waitUntil(() => fake.count >= 1, 10_000, 'the turn to reach the model');
    const signalledAt = Date.now();
    child.proc.kill('SIGTERM');
    const exit = await child.exited;
    expect(exit, child.output()).toMatchObject({ code: 0, signal: null });
    // Two bounded waits at most (requests, then background replies), far from the model's 20 s.
    expect(exit.at - signalledAt).toBeLessThan(2 * SHUTDOWN_TIMEOUT_MS + 3000);
    expect(await turn).toBe('connection closed');
    expect(await switchboardClients(redis.url)).toBe(0);
  });
});
