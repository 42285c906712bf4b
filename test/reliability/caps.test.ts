import { randomUUID } from 'node:crypto';
import { createParser } from 'eventsource-parser';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.js';
import type { Running } from '../../src/main.js';
import { closeRedis, connectRedis } from '../../src/store/redis-client.js';
import { accountsEnv, signIn, waitFor } from '../assist/assist-harness.js';
import { openConversation, startTestApp } from '../helpers/test-app.js';

/*
 * Issue 14, found 5: everything a stranger can make grow is capped. Empty conversations expire
 * within minutes and never reach the panel's list; widget event streams are capped per
 * conversation and per address, and end on erase (from any process) and on token expiry.
 */

interface Feed {
  status: number;
  body?: { error: { code: string; message: string } };
  events: Array<{ event: string; data: any }>;
  ended: Promise<void>;
  /** Set once the server ended the stream. */
  done: () => boolean;
  close(): void;
}

/** Opens the widget's event stream; resolves once it is ready (or refused). */
async function openStream(url: string, chat: { conversationId: string; token: string }): Promise<Feed> {
  const abort = new AbortController();
  const res = await fetch(`${url}/api/chat/conversations/${chat.conversationId}/events`, {
    headers: { Accept: 'text/event-stream', Authorization: `Bearer ${chat.token}` },
    signal: abort.signal,
  });
  if (res.status !== 200) return { status: res.status, body: (await res.json()) as never, events: [], ended: Promise.resolve(), done: () => true, close: () => undefined };
  const events: Feed['events'] = [];
  let ready!: () => void;
  const isReady = new Promise<void>((r) => (ready = r));
  const parser = createParser({
    onEvent(e) {
      events.push({ event: e.event ?? 'message', data: JSON.parse(e.data) as unknown });
      if (e.event === 'ready') ready();
    },
  });
  const decoder = new TextDecoder();
  let done = false;
  const ended = (async () => {
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
    } catch {
      // aborted by the test
    }
    done = true;
  })();
  await Promise.race([isReady, ended]);
  return { status: 200, events, ended, done: () => done, close: () => abort.abort() };
}

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

describe('empty conversations (Redis)', () => {
  let app: Running;
  const prefix = `t:caps:${randomUUID().slice(0, 8)}:`;
  let accounts: string;

  beforeAll(async () => {
    accounts = await accountsEnv({ alice: 'alice password 1' });
    app = await startTestApp({ store: 'redis', env: { AGENT_ACCOUNTS: accounts }, overrides: { redisPrefix: prefix } });
  });
  afterAll(async () => {
    await app.stop();
    const client = await connectRedis({ url: inject('redisUrl'), name: 'caps-test-cleanup', logger: silentLogger });
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) if (keys.length) await client.del(keys);
    await closeRedis(client);
  });

  it('a flood of empty conversations expires within minutes and never pushes a real customer out of the panel list', async () => {
    const customer = await openConversation(app.url);
    expect((await customer.send('I would like to return the kettle from order SB-10003')).status).toBe(200);

    const empties: string[] = [];
    for (let i = 0; i < 600; i++) {
      const res = await fetch(`${app.url}/api/chat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(res.status).toBe(201);
      empties.push(((await res.json()) as { conversationId: string }).conversationId);
    }

    const alice = await signIn(app.url, 'alice', 'alice password 1');
    const list = await alice.json('GET', '/conversations?limit=100');
    expect(list.conversations.map((c: { id: string }) => c.id)).toEqual([customer.conversationId]);
    expect(list.total).toBe(1);

    // Each empty one is kept for EMPTY_CONVERSATION_TTL_SECONDS (10 minutes), not HISTORY_TTL_SECONDS (30 days).
    const client = await connectRedis({ url: inject('redisUrl'), name: 'caps-test', logger: silentLogger });
    try {
      for (const id of [empties[0]!, empties.at(-1)!]) {
        const ttl = await client.pTTL(`${prefix}{conv:${id}}:c`);
        expect(ttl).toBeGreaterThan(0);
        expect(ttl).toBeLessThanOrEqual(600_000);
      }
      expect(await client.pTTL(`${prefix}{conv:${customer.conversationId}}:c`)).toBeGreaterThan(600_000);
    } finally {
      await closeRedis(client);
    }
  }, 60_000);
});

describe('widget event streams', () => {
  it('are capped per conversation and per address, with a 429 naming the limit; a closed stream frees its slot', async () => {
    const app = await startTestApp({ env: { SSE_MAX_PER_CONVERSATION: '2', SSE_MAX_PER_ADDRESS: '3' } });
    open.push({ close: () => app.stop() });
    const chat = await openConversation(app.url);
    const first = await openStream(app.url, chat);
    const second = await openStream(app.url, chat);
    open.push(first, second);
    expect([first.status, second.status]).toEqual([200, 200]);
    const third = await openStream(app.url, chat);
    expect(third.status).toBe(429);
    expect(third.body!.error.code).toBe('too_many_streams');
    expect(third.body!.error.message).toMatch(/at most 2 .*SSE_MAX_PER_CONVERSATION/);

    // One address: a third stream on another conversation is allowed, a fourth is not.
    const other = await openConversation(app.url);
    const otherStream = await openStream(app.url, other);
    open.push(otherStream);
    expect(otherStream.status).toBe(200);
    const fourth = await openStream(app.url, await openConversation(app.url));
    expect(fourth.status).toBe(429);
    expect(fourth.body!.error.message).toMatch(/at most 3 .*SSE_MAX_PER_ADDRESS/);

    // Closing a stream frees its slot (once the server has seen the socket close).
    first.close();
    let again: Feed | undefined;
    await waitFor(async () => {
      again = await openStream(app.url, chat);
      return again.status === 200;
    }, 'the freed slot');
    open.push(again!);
  });

  it('end when the conversation is erased on another process (Redis), and the history is gone', async () => {
    const prefix = `t:caps-erase:${randomUUID().slice(0, 8)}:`;
    const a = await startTestApp({ store: 'redis', overrides: { redisPrefix: prefix } });
    const b = await startTestApp({ store: 'redis', overrides: { redisPrefix: prefix } });
    open.push({ close: () => a.stop() }, { close: () => b.stop() });
    const chat = await openConversation(a.url);
    const stream = await openStream(a.url, chat);
    open.push(stream);
    expect(stream.status).toBe(200);
    const del = await fetch(`${b.url}/api/chat/conversations/${chat.conversationId}`, { method: 'DELETE', headers: chat.auth });
    expect(del.status).toBe(204);
    await waitFor(stream.done, 'the stream to end after the erase');
    expect(stream.events.map((e) => e.event)).toEqual(['ready', 'erased']);
    expect((await openStream(a.url, chat)).status).toBe(404);
  });

  it('end when the conversation token expires', async () => {
    let now = Date.now();
    const app = await startTestApp({ env: { WIDGET_TOKEN_TTL_SECONDS: '60' }, overrides: { clock: { now: () => now } } });
    open.push({ close: () => app.stop() });
    const chat = await openConversation(app.url);
    // 200 ms before the token expires: the stream opens, and ends by itself when it does.
    now += 60_000 - 200;
    const stream = await openStream(app.url, chat);
    open.push(stream);
    expect(stream.status).toBe(200);
    await waitFor(stream.done, 'the stream to end when the token expires');
    expect(stream.events.map((e) => e.event)).toEqual(['ready', 'expired']);
    now += 1000;
    const refused = await openStream(app.url, chat);
    expect(refused.status).toBe(401);
    expect(refused.body!.error.code).toBe('token_expired');
  });
});
