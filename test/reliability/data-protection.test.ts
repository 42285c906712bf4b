import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { RETURNS_COLLECTION } from '../../src/commerce/store-commerce.js';
import { auditCollectionOf } from '../../src/engine/action-runner.js';
import { ESCALATION_QUEUE } from '../../src/core/store.js';
import { silentLogger } from '../../src/core/logger.js';
import type { Clock } from '../../src/core/clock.js';
import type { Running } from '../../src/main.js';
import { closeRedis, connectRedis, type RedisClient } from '../../src/store/redis-client.js';
import { accountsEnv, signIn } from '../assist/assist-harness.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { openConversation, startTestApp } from '../helpers/test-app.js';
import { baseEnv } from './kit.js';

/**
 * A word only this test wrote, in letters only: the stored transcript masks digit runs that look
 * like phone or card numbers, so a secret with digits in it (a random hex slice, now and then)
 * would be stored masked and could not be found in Redis before erasure, nor prove anything after.
 */
function wordSecret(tag: string): string {
  return `${tag}${randomUUID().replace(/-/g, '').slice(0, 10).replace(/[0-9]/g, (d) => 'ghijklmnop'[Number(d)]!)}`;
}

/**
 * Issue 7, point 8: erasing a conversation (the customer's DELETE with their token, and the
 * agent's erase in the panel) removes it everywhere, proved by reading every Redis key under
 * the app's prefix; history expires by HISTORY_TTL_SECONDS, proved by the keys' TTL on Redis
 * and by a fake clock on the memory store.
 */

let redis: RedisClient;
beforeAll(async () => {
  redis = await connectRedis({ url: inject('redisUrl'), name: 'data-protection-test', logger: silentLogger });
});
afterAll(async () => {
  await closeRedis(redis);
});

/** Every key under `prefix` whose name or value contains any of `needles`, with its TTL. */
async function keysMentioning(prefix: string, needles: string[]): Promise<Array<{ key: string; ttlMs: number }>> {
  const found: Array<{ key: string; ttlMs: number }> = [];
  for await (const batch of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
    for (const key of batch) {
      const type = await redis.type(key);
      let value: unknown;
      if (type === 'string') value = await redis.get(key);
      else if (type === 'hash') value = await redis.hGetAll(key);
      else if (type === 'list') value = await redis.lRange(key, 0, -1);
      else if (type === 'set') value = await redis.sMembers(key);
      else if (type === 'zset') value = await redis.zRange(key, 0, -1);
      const text = `${key}\n${JSON.stringify(value)}`;
      if (needles.some((n) => text.includes(n))) found.push({ key: key.slice(prefix.length), ttlMs: await redis.pTTL(key) });
    }
  }
  return found;
}

async function deleteKeys(prefix: string): Promise<void> {
  for await (const batch of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) if (batch.length) await redis.del(batch);
}

/**
 * What may outlive an erase: the dedupe markers of its message ids (value "1", expiring) and
 * the per-conversation rate-limit counter (a number, expiring within a minute). Neither holds
 * anything the customer wrote.
 */
// The store's business records (a return is the merchant's, not the chat's) and the audit trail, kept
// AUDIT_RETENTION_DAYS, name the conversation they came from, never its words.
const BUSINESS_RECORDS = /^\{r:(?:returns|audit(?:-c_[A-Za-z0-9_-]+)?)\}:/;
// Dedupe markers, the rate counter and the erasure's tombstone (its time only, for a day) name the id; none holds customer words.
const ALLOWED_AFTER_ERASE = [
  /^once:\{conv:c_[A-Za-z0-9_-]+\}:seen:c_[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$/,
  /^rl:chat-conversation:c_[A-Za-z0-9_-]+$/,
  /^\{conv:c_[A-Za-z0-9_-]+\}:gone$/,
  // Insights samples: references (conversation and message ids) to messages, kept for INSIGHTS_RETENTION_DAYS;
  // the words are read from the transcript, so an erased conversation's references lead nowhere.
  /^sp:\{insights\}:[au]:\d{4}-\d{2}-\d{2}$/,
  BUSINESS_RECORDS,
];

describe('erasing a conversation everywhere (Redis)', () => {
  const prefix = `t:rel-erase:${randomUUID().slice(0, 8)}:`;
  let fake: FakeOpenAIServer;
  let app: Running;

  beforeAll(async () => {
    fake = await startFakeOpenAIServer({ fallback: { kind: 'text', text: 'Happy to help with that.' } });
    app = await startTestApp({
      store: 'redis',
      env: baseEnv({ OPENAI_BASE_URL: fake.baseURL, AGENT_ACCOUNTS: await accountsEnv({ dana: 'dana password 1' }) }),
      overrides: { redisPrefix: prefix },
    });
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.close();
    await deleteKeys(prefix);
  });

  /**
   * A signed-in conversation with a confirmed return (a business record and audit entries, which
   * outlive the transcript), a hand-off (queue) and an agent's verdict (a linked record).
   */
  async function busyConversation(secret: string, order = { id: 'SB-10001', sku: 'KIT-1001' }) {
    const chat = await openConversation(app.url, { signedInAs: order.id });
    fake.enqueue(
      { kind: 'tool_calls', calls: [{ name: 'start_return', arguments: { order_id: order.id, sku: order.sku, reason: 'too loud' } }] },
      { kind: 'text', text: 'I can start that return; shall I go ahead?' },
    );
    const first = await chat.send(`Please return the item from order ${order.id}, it is too loud. Ref ${secret}`);
    expect(first.status).toBe(200);
    expect(first.body.reply.attachments?.proposal?.kind).toBe('start_return');
    const yes = await chat.send('yes please');
    expect(yes.body.reply.text).toContain(`RET-${order.id.replace(/\D/g, '')}-${order.sku}`);
    const second = await chat.send(`I want to talk to a person about ${secret}`);
    expect(second.status).toBe(200);
    const stored = await app.composed.store.store.getMessages(chat.conversationId);
    expect(stored.filter((m) => m.role === 'bot').flatMap((m) => (m.role === 'bot' ? (m.tools ?? []).map((t) => t.name) : []))).toContain('confirmed_action');
    expect((await app.composed.store.store.zRange(ESCALATION_QUEUE)).map((q) => q.member)).toContain(chat.conversationId);
    // The customer's words are stored before erasure: the erasure checks below are not vacuous.
    expect(await keysMentioning(prefix, [secret])).not.toEqual([]);
    return { chat, customerMessageId: stored.find((m) => m.role === 'customer')!.id };
  }

  async function expectErased(conversationId: string, secret: string, token: string) {
    const store = app.composed.store.store;
    expect(await store.getConversation(conversationId)).toBeNull();
    expect(await store.getMessages(conversationId)).toEqual([]);
    expect((await store.zRange(ESCALATION_QUEUE)).map((q) => q.member)).not.toContain(conversationId);
    const left = await keysMentioning(prefix, [conversationId, secret]);
    const unexpected = left.filter((k) => !ALLOWED_AFTER_ERASE.some((re) => re.test(k.key)));
    expect(unexpected).toEqual([]);
    for (const k of left) if (!BUSINESS_RECORDS.test(k.key)) expect(k.ttlMs, k.key).toBeGreaterThan(0);
    expect(await keysMentioning(prefix, [secret])).toEqual([]);
    const history = await fetch(`${app.url}/api/chat/conversations/${conversationId}/messages`, { headers: { authorization: `Bearer ${token}` } });
    expect(history.status).toBe(404);
  }

  it("the customer's DELETE with their token erases state, messages, queue entry and linked records; other conversations stay", async () => {
    const secret = wordSecret('erase');
    const { chat, customerMessageId } = await busyConversation(secret);
    const dana = await signIn(app.url, 'dana', 'dana password 1');
    const verdict = await dana.call('POST', `/conversations/${chat.conversationId}/messages/${customerMessageId}/feedback`, { target: 'route', verdict: 'good' });
    expect(verdict.status).toBeLessThan(300);
    const bystander = await openConversation(app.url);
    await bystander.send('Recommend a toaster');

    const before = (await keysMentioning(prefix, [chat.conversationId, secret])).map((k) => k.key);
    // The customer's words and the linked records are really there before the erase.
    expect(before.some((k) => k.startsWith('{r:corrections}'))).toBe(true);
    const store = app.composed.store.store;
    expect(await store.getRecord(RETURNS_COLLECTION, 'SB-10001:KIT-1001')).not.toBeNull();
    expect(before).toContain(`{conv:${chat.conversationId}}:m`);
    expect(before).toContain(`z:${ESCALATION_QUEUE}`);

    const del = await fetch(`${app.url}/api/chat/conversations/${chat.conversationId}`, { method: 'DELETE', headers: chat.auth });
    expect(del.status).toBe(204);
    await expectErased(chat.conversationId, secret, chat.token);
    // The return itself and its audit trail are the store's records, not the transcript: they stay.
    expect(await store.getRecord(RETURNS_COLLECTION, 'SB-10001:KIT-1001')).toMatchObject({ id: 'RET-10001-KIT-1001', sourceConversation: chat.conversationId });
    expect(await store.listRecords(auditCollectionOf(chat.conversationId))).toEqual([
      expect.objectContaining({ action: 'start_return', orderId: 'SB-10001', outcome: 'executed', verifiedBy: 'identity_token', confirmedBy: { kind: 'customer_message' } }),
    ]);

    expect((await bystander.history()).messages).toHaveLength(2);
    // Erased means gone for the panel too.
    expect((await dana.call('GET', `/conversations/${chat.conversationId}`)).status).toBe(404);
  });

  it("the agent's erase in the panel does the same", async () => {
    const secret = wordSecret('agent');
    const { chat } = await busyConversation(secret, { id: 'SB-10002', sku: 'AUD-4001' });
    const dana = await signIn(app.url, 'dana', 'dana password 1');
    const del = await dana.call('DELETE', `/conversations/${chat.conversationId}`);
    expect(del.status).toBe(204);
    await expectErased(chat.conversationId, secret, chat.token);
  });
});

describe('history expires by HISTORY_TTL_SECONDS', () => {
  const running: Running[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.stop()));
  });

  it('Redis: every key holding the conversation or its words carries a TTL of at most HISTORY_TTL_SECONDS, refreshed by activity', async () => {
    const prefix = `t:rel-ttl:${randomUUID().slice(0, 8)}:`;
    const app = await startTestApp({ store: 'redis', env: { HISTORY_TTL_SECONDS: '60' }, overrides: { redisPrefix: prefix } });
    running.push(app);
    try {
      const chat = await openConversation(app.url);
      const secret = wordSecret('ttl');
      expect((await chat.send(`Can I return my toaster? Reference ${secret}`)).status).toBe(200);
      const keys = await keysMentioning(prefix, [secret]);
      expect(keys.map((k) => k.key)).toContain(`{conv:${chat.conversationId}}:m`);
      const state = await keysMentioning(prefix, [`{conv:${chat.conversationId}}:c`]);
      expect(state.map((k) => k.key)).toContain(`{conv:${chat.conversationId}}:c`);
      for (const k of [...keys, ...state]) {
        expect(k.ttlMs, k.key).toBeGreaterThan(0);
        expect(k.ttlMs, k.key).toBeLessThanOrEqual(60_000);
      }
      // Whatever else names the conversation either expires too or is an index pruned when its entry expires.
      for (const k of await keysMentioning(prefix, [chat.conversationId])) {
        if (k.key === '{idx:conv}' || k.key === '{idx:conv}:exp') continue;
        expect(k.ttlMs, k.key).toBeGreaterThan(0);
      }
      // Activity refreshes the TTL: shorten it by hand, then a new message sets it back to the full period.
      await redis.pExpire(`${prefix}{conv:${chat.conversationId}}:m`, 5_000);
      await redis.pExpire(`${prefix}{conv:${chat.conversationId}}:c`, 5_000);
      await chat.send('And a kettle too?');
      expect(await redis.pTTL(`${prefix}{conv:${chat.conversationId}}:m`)).toBeGreaterThan(50_000);
      expect(await redis.pTTL(`${prefix}{conv:${chat.conversationId}}:c`)).toBeGreaterThan(50_000);
    } finally {
      await deleteKeys(prefix);
    }
  });

  it('memory store with a fake clock: the conversation is gone once HISTORY_TTL_SECONDS pass without activity', async () => {
    let now = Date.now();
    const clock: Clock = { now: () => now };
    const app = await startTestApp({ env: { HISTORY_TTL_SECONDS: '60', WIDGET_TOKEN_TTL_SECONDS: '86400' }, overrides: { clock } });
    running.push(app);
    const store = app.composed.store.store;
    const chat = await openConversation(app.url);
    expect((await chat.send('Can I return my toaster?')).status).toBe(200);

    now += 40_000;
    expect((await chat.send('And the kettle?')).status).toBe(200); // activity at t=40 s: expiry moves to t=100 s
    now += 50_000; // t=90 s
    expect((await chat.history()).messages).toHaveLength(4);

    now += 11_000; // t=101 s: 61 s without activity
    const res = await fetch(`${app.url}/api/chat/conversations/${chat.conversationId}/messages`, { headers: chat.auth });
    expect(res.status).toBe(404);
    expect(await store.getConversation(chat.conversationId)).toBeNull();
    expect(await store.getMessages(chat.conversationId)).toEqual([]);
    expect((await store.listConversations()).map((c) => c.id)).not.toContain(chat.conversationId);
  });
});
