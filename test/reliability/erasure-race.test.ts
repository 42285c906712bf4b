import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startConversation } from '../../src/core/conversation.js';
import { ConversationErasedError } from '../../src/core/errors.js';
import { ESCALATION_QUEUE } from '../../src/core/store.js';
import { accountsEnv, redisBundles, waitFor } from '../assist/assist-harness.js';
import { startRealApp, type RealApp } from '../assist/real-app.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { startTestApp } from '../helpers/test-app.js';
import { watchLocks } from '../helpers/watch-locks.js';

/*
 * Issue 14, found 3: a customer's DELETE racing a turn on another process must never bring the
 * conversation back. Two app instances ("processes") share one Redis key prefix; the model
 * answers the first message only when the test says so, a second message is queued behind it
 * on the other process, and the DELETE lands in between. Repeated many times, since on the old
 * code which of the queued erase and the queued message got the lock first was a coin toss.
 */

// 20 in npm test; ERASE_RACE_REPETITIONS=200 for a longer run (docs/security.md).
const REPETITIONS = Number(process.env.ERASE_RACE_REPETITIONS ?? 20);

const redis = redisBundles('erase-race');
let fake: FakeOpenAIServer;
let accounts: string;
const open: Array<{ close(): Promise<void> | void }> = [];

beforeAll(async () => {
  fake = await startFakeOpenAIServer();
  accounts = await accountsEnv({ alice: 'alice password 1' });
});
afterAll(async () => {
  await fake.close();
});
afterEach(async () => {
  fake.reset();
  for (const o of open.splice(0).reverse()) await o.close();
});

interface Chat {
  conversationId: string;
  token: string;
}

async function createChat(url: string): Promise<Chat> {
  const res = await fetch(`${url}/api/chat/conversations`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  expect(res.status).toBe(201);
  return (await res.json()) as Chat;
}

async function post(url: string, chat: Chat, text: string, id: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}/api/chat/conversations/${chat.conversationId}/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${chat.token}` },
    body: JSON.stringify({ text, id }),
  });
  return { status: res.status, body: await res.json() };
}

describe('erasure is final across processes (Redis)', () => {
  it(`a DELETE racing a slow turn and a queued message never re-creates the conversation (${REPETITIONS} repetitions)`, async () => {
    const prefix = redis.nextPrefix();
    const bundleA = await redis.on(prefix);
    const watched = watchLocks(await redis.on(prefix));
    open.push(bundleA, watched.bundle);
    const a: RealApp = await startRealApp({ bundle: bundleA, accounts, modelBaseURL: fake.baseURL, env: { ROUTER_MODEL_ENABLED: 'false' } });
    const b: RealApp = await startRealApp({ bundle: watched.bundle, accounts, modelBaseURL: fake.baseURL, env: { ROUTER_MODEL_ENABLED: 'false' } });
    open.push(a, b);

    let gate: Promise<void> | null = null;
    fake.handle(async () => {
      if (gate) await gate;
      return { kind: 'text', text: 'Our blenders come with a two-year warranty.' };
    });

    const outcomes: Record<string, number> = {};
    const count = (what: string) => (outcomes[what] = (outcomes[what] ?? 0) + 1);
    for (let i = 0; i < REPETITIONS; i++) {
      const chat = await createChat(a.url);
      const lockKey = `conv:${chat.conversationId}`;
      let release!: () => void;
      gate = new Promise<void>((r) => (release = r));

      // 1. A turn on process A is waiting for the (slow) model.
      const requestsBefore = fake.count;
      const first = post(a.url, chat, 'Is there a warranty on the blender I bought?', `m1-${i}`);
      await waitFor(() => fake.count > requestsBefore, 'the first turn to call the model');

      // 2. A second message reaches process B and waits for the conversation's lock.
      const second = post(b.url, chat, 'and can I return it instead?', `m2-${i}`);
      await waitFor(() => watched.locks.filter((k) => k === lockKey).length >= 1, 'the second message to wait for the lock');

      // 3. The customer erases the conversation on process B.
      let erased = false;
      const erase = fetch(`${b.url}/api/chat/conversations/${chat.conversationId}`, { method: 'DELETE', headers: { Authorization: `Bearer ${chat.token}` } }).then((r) => {
        erased = true;
        return r.status;
      });
      // Either the erase is done, or (an erase that waits for turns) it is queued on the lock too.
      await waitFor(() => erased || watched.locks.filter((k) => k === lockKey).length >= 2, 'the erase to be done or queued');

      // 4. The model answers; everything settles.
      gate = null;
      release();
      const [r1, r2, deleteStatus] = await Promise.all([first, second, erase]);
      expect(deleteStatus).toBe(204);
      count(`first ${r1.status}`);
      count(`second ${r2.status}`);

      // Whatever the order, nothing of the conversation is left, anywhere, on either process.
      for (const store of [bundleA.store, watched.bundle.store]) {
        expect(await store.getConversation(chat.conversationId), `repetition ${i}: conversation re-created`).toBeNull();
        expect(await store.getMessages(chat.conversationId), `repetition ${i}: messages left`).toEqual([]);
      }
      expect((await bundleA.store.listConversations({ limit: 1000 })).map((c) => c.id)).not.toContain(chat.conversationId);
      expect((await bundleA.store.zRange(ESCALATION_QUEUE)).map((q) => q.member)).not.toContain(chat.conversationId);
      // A turn refused because its conversation was erased is a 404, never a 5xx.
      for (const r of [r1, r2]) expect([200, 404], JSON.stringify(r.body)).toContain(r.status);
      // And the customer's next message, on either process, finds nothing to write into.
      expect((await post(b.url, chat, 'hello?', `m3-${i}`)).status).toBe(404);
      expect((await post(a.url, chat, 'hello?', `m4-${i}`)).status).toBe(404);
    }
    // How the races went (printed for docs/security.md).
    console.log(`erasure race: ${REPETITIONS} repetitions, outcomes ${JSON.stringify(outcomes)}`);
  }, 20 * 60_000);
});

describe('a chat erased and started again while a turn of the old one is in flight', () => {
  it('the old turn writes nothing into the new conversation (Teams and Slack reuse the chat id)', async () => {
    const app = await startTestApp({ env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'k', ROUTER_MODEL_ENABLED: 'false' } });
    open.push({ close: () => app.stop() });
    const { engine, store } = { engine: app.composed.engine, store: app.composed.store.store };
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    fake.handle(async () => {
      await gate;
      return { kind: 'text', text: 'Our blenders come with a two-year warranty.' };
    });
    const id = 'teams-chat-1';
    const t0 = Date.now();
    await store.saveConversation(startConversation({ id, channel: 'teams', user: { id: '29:u' } }, t0));
    const old = engine.handle({ conversationId: id, channel: 'teams', user: { id: '29:u' }, text: 'Is the blender under warranty?', id: 'a-1', receivedAt: t0 });
    await waitFor(() => fake.count >= 1, 'the old turn to call the model');

    // An agent erases the chat; the customer writes again and the channel starts it afresh.
    await app.composed.assist.erase(id);
    await store.saveConversation(startConversation({ id, channel: 'teams', user: { id: '29:u' } }, Date.now() + 1));
    release();
    await expect(old).rejects.toBeInstanceOf(ConversationErasedError);

    const fresh = await store.getConversation(id);
    expect(fresh).toMatchObject({ activeSkill: null, flags: [] });
    expect(fresh!.lastMessage).toBeUndefined();
    expect(await store.getMessages(id)).toEqual([]);
    // A message received before the erasure, however late it is processed, is refused too.
    await expect(engine.handle({ conversationId: id, channel: 'teams', user: { id: '29:u' }, text: 'hello?', id: 'a-2', receivedAt: t0 + 1 })).rejects.toBeInstanceOf(ConversationErasedError);
  });
});
