import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CORRECTIONS_COLLECTION, type Correction } from '../../src/assist/corrections.js';
import type { StoredMessage } from '../../src/core/conversation.js';
import type { StoreBundle } from '../../src/store/store-bundle.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { accountsEnv, memoryBundle, openFeed, redisBundles, signIn, waitFor, type AgentClient } from './assist-harness.js';
import { startRealApp, type RealApp } from './real-app.js';

/*
 * The panel with the real engine (skills, router, commerce, tools, offline responder) and the
 * real openai client against a fake OpenAI server; "two processes" are two app instances on
 * one Redis key prefix.
 */

const redis = redisBundles('engine');
let fake: FakeOpenAIServer;
let accounts: string;
const open: Array<{ close(): Promise<void> | void }> = [];

beforeAll(async () => {
  fake = await startFakeOpenAIServer();
  accounts = await accountsEnv({ alice: 'alice password 1', bob: 'bob password 22' });
});
afterAll(async () => {
  await fake.close();
});
afterEach(async () => {
  fake.reset();
  for (const o of open.splice(0).reverse()) await o.close();
});

/** Skill answers from the fake model, each held until `release()` when a gate is set. */
function scriptModel(): { gate(): () => void; answered: number } {
  let gate: Promise<void> | null = null;
  const state = {
    answered: 0,
    gate() {
      let release!: () => void;
      gate = new Promise<void>((r) => (release = r));
      return () => {
        gate = null;
        release();
      };
    },
  };
  fake.handle(async () => {
    const held = gate;
    if (held) await held;
    state.answered++;
    return { kind: 'text', text: `Model answer ${state.answered}: happy to help with that.`, usage: { prompt: 420, completion: 31, cached: 256 } };
  });
  return state;
}

async function apps(kind: 'memory' | 'redis', count: number): Promise<{ apps: RealApp[]; bundles: StoreBundle[] }> {
  const bundles: StoreBundle[] = [];
  if (kind === 'memory') bundles.push(memoryBundle());
  else {
    const prefix = redis.nextPrefix();
    for (let i = 0; i < count; i++) bundles.push(await redis.on(prefix));
  }
  open.push(...bundles);
  const started: RealApp[] = [];
  for (let i = 0; i < count; i++) {
    const app = await startRealApp({ bundle: bundles[Math.min(i, bundles.length - 1)]!, accounts, modelBaseURL: fake.baseURL, env: { ROUTER_MODEL_ENABLED: 'false' } });
    open.push(app);
    started.push(app);
  }
  return { apps: started, bundles };
}

interface Customer {
  conversationId: string;
  token: string;
}

async function customer(url: string): Promise<Customer> {
  const res = await fetch(`${url}/api/chat/conversations`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  return (await res.json()) as Customer;
}

async function say(url: string, c: Customer, text: string): Promise<{ status: string; reply: { text: string; messageId: string } | null; route: { skill: string } | null }> {
  const res = await fetch(`${url}/api/chat/conversations/${c.conversationId}/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${c.token}` },
    body: JSON.stringify({ text }),
  });
  if (res.status !== 200) throw new Error(`message answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as never;
}

async function visible(url: string, c: Customer): Promise<Array<{ role: string; text: string }>> {
  const res = await fetch(`${url}/api/chat/conversations/${c.conversationId}/messages`, { headers: { Authorization: `Bearer ${c.token}` } });
  return ((await res.json()) as { messages: Array<{ role: string; text: string }> }).messages;
}

describe.each(['memory', 'redis'] as const)('a human owner silences the bot (%s store)', (kind) => {
  it('a take-over landing mid-turn and concurrent messages never get a bot reply; hand-back restores it', async () => {
    const { apps: list, bundles } = await apps(kind, kind === 'redis' ? 2 : 1);
    const a = list[0]!;
    const b = list.at(-1)!;
    const model = scriptModel();
    const c = await customer(a.url);
    const widget = await openFeed(`${b.url}/api/chat/conversations/${c.conversationId}/events`, { Authorization: `Bearer ${c.token}` });
    open.push(widget);
    const alice = await signIn(b.url, 'alice', 'alice password 1');

    // A turn is waiting on the model when the agent takes over on the other process.
    const release = model.gate();
    const first = say(a.url, c, 'Which coffee grinder would you recommend for espresso?');
    await waitFor(() => fake.count >= 1, 'the skill to call the model');
    await alice.json('POST', `/conversations/${c.conversationId}/take-over`);
    release();
    const firstResult = await first;
    expect(firstResult.reply).toBeNull();
    expect(firstResult.status).toBe('silent');

    // Messages arriving at both processes at once while the agent owns the conversation.
    const results = await Promise.all(
      ['is it quiet?', 'hello??', 'does it come in black', 'can I pay later'].map((text, i) => say(i % 2 ? b.url : a.url, c, text)),
    );
    for (const r of results) {
      expect(r.reply).toBeNull();
      expect(r.status).toBe('human');
    }
    expect(model.answered).toBe(1);

    const history = await bundles[0]!.store.getMessages(c.conversationId);
    const bots = history.filter((m): m is Extract<StoredMessage, { role: 'bot' }> => m.role === 'bot');
    expect(bots).toHaveLength(1);
    expect(bots[0]!.draft).toEqual({ status: 'discarded' });
    expect((await visible(a.url, c)).filter((m) => m.role === 'bot')).toEqual([]);
    await new Promise((r) => setTimeout(r, 150));
    expect(widget.events.filter((e) => e.event === 'message').map((e) => e.data.kind)).toEqual(['system']);

    // The agent answers, hands back, and the bot answers again.
    await alice.json('POST', `/conversations/${c.conversationId}/messages`, { text: 'Hi, I can help with the grinder.' });
    await alice.json('POST', `/conversations/${c.conversationId}/hand-back`);
    const after = await say(a.url, c, 'thanks, and what warranty does the grinder have?');
    expect(after.status).toBe('sent');
    expect(after.reply?.text).toContain('Model answer');
    expect((await visible(b.url, c)).map((m) => m.role)).toEqual(['customer', 'system', 'customer', 'customer', 'customer', 'customer', 'agent', 'system', 'customer', 'bot']);
    expect(widget.events.filter((e) => e.event === 'message').map((e) => e.data.kind)).toEqual(['system', 'agent', 'system']);
  });
});

describe('several processes', () => {
  it('an agent connected to one process sees messages that arrived at another, live', async () => {
    const { apps: [a, b] } = await apps('redis', 2);
    scriptModel();
    const alice = await signIn(b!.url, 'alice', 'alice password 1');
    const feed = await openFeed(`${b!.url}/api/agent/events`, { Cookie: alice.cookie });
    open.push(feed);
    const c = await customer(a!.url);
    await say(a!.url, c, 'I would like to return the blender from order SB-10003');
    const customerMsg = await feed.next((e) => e.event === 'message' && e.data.message.role === 'customer', 'the customer message on the other process');
    expect(customerMsg.data.conversationId).toBe(c.conversationId);
    expect(customerMsg.data.message.route).toMatchObject({ skill: 'returns', method: 'local' });
    expect(customerMsg.data.message.route.reason.features?.length || customerMsg.data.message.route.reason.nearest?.length).toBeGreaterThan(0);
    const bot = await feed.next((e) => e.event === 'message' && e.data.message.role === 'bot', 'the bot reply');
    expect(bot.data.message).toMatchObject({ skill: 'returns', offline: false, cost: { usage: { promptTokens: 420, completionTokens: 31, cachedTokens: 256 }, modelCalls: 1 } });
    expect(bot.data.message.cost.cost).toBeGreaterThan(0);
    const conv = await feed.next((e) => e.event === 'conversation' && e.data.id === c.conversationId, 'the conversation summary');
    expect(conv.data).toMatchObject({ channel: 'webchat', activeSkill: 'returns', mode: 'auto' });
    // The list on process B has it too.
    expect((await alice.json('GET', '/conversations')).conversations.map((x: { id: string }) => x.id)).toContain(c.conversationId);
  });
});

describe('assist mode, re-routing and the queue with the real engine', () => {
  it('in assist mode a reply is a draft until an agent approves (edited) and the customer receives it', async () => {
    const { apps: [a, b] } = await apps('redis', 2);
    scriptModel();
    const c = await customer(a!.url);
    const widget = await openFeed(`${a!.url}/api/chat/conversations/${c.conversationId}/events`, { Authorization: `Bearer ${c.token}` });
    open.push(widget);
    const bob = await signIn(b!.url, 'bob', 'bob password 22');
    await bob.json('POST', `/conversations/${c.conversationId}/mode`, { mode: 'assist' });
    const r = await say(a!.url, c, 'Is my toaster from order SB-10007 still under warranty?');
    expect(r.status).toBe('draft');
    expect(r.reply).toBeNull();
    const view = await bob.json('GET', `/conversations/${c.conversationId}`);
    const draft = view.messages.findLast((m: StoredMessage) => m.role === 'bot');
    expect(draft.draft).toEqual({ status: 'pending' });
    expect(widget.events.filter((e) => e.event === 'message' && e.data.kind === 'bot').map((e) => e.data.id)).not.toContain(draft.id);
    await bob.json('POST', `/conversations/${c.conversationId}/messages/${draft.id}/approve`, { text: 'Yes, it is covered until next spring.' });
    const got = await widget.next((e) => e.event === 'message' && e.data.id === draft.id, 'approved draft at the customer');
    expect(got.data.text).toBe('Yes, it is covered until next spring.');
  });

  it('re-routing answers again with the chosen skill, delivers it, and records the correction', async () => {
    const { apps: [a, b], bundles } = await apps('redis', 2);
    scriptModel();
    const c = await customer(a!.url);
    const widget = await openFeed(`${a!.url}/api/chat/conversations/${c.conversationId}/events`, { Authorization: `Bearer ${c.token}` });
    open.push(widget);
    const first = await say(a!.url, c, 'I want to send back the kettle I bought last week');
    expect(first.route?.skill).toBe('returns');
    const alice = await signIn(b!.url, 'alice', 'alice password 1');
    const view = await alice.json('GET', `/conversations/${c.conversationId}`);
    const msg = view.messages.find((m: StoredMessage) => m.role === 'customer');
    const r = await alice.json('POST', `/conversations/${c.conversationId}/messages/${msg.id}/reroute`, { skill: 'warranty' });
    expect(r.route).toMatchObject({ skill: 'warranty', method: 'agent', confidence: 1 });
    expect(r.reply).toMatchObject({ status: 'sent', skill: 'warranty' });
    expect(r.delivered).toBe(true);
    const got = await widget.next((e) => e.event === 'message' && e.data.kind === 'bot', 'the re-routed answer at the customer');
    expect(got.data.id).toBe(r.reply.messageId);
    const corrections = await bundles[0]!.store.listRecords<Correction>(CORRECTIONS_COLLECTION);
    expect(corrections).toEqual([expect.objectContaining({ conversationId: c.conversationId, messageId: msg.id, target: 'route', verdict: 'wrong', routedTo: 'returns', label: 'warranty', via: 'reroute' })]);
    const events = (await bundles[0]!.store.getMessages(c.conversationId)).filter((m) => m.role === 'system').map((m) => (m as { event: string }).event);
    expect(events).toEqual(['rerouted']);
    expect((await alice.call('POST', `/conversations/${c.conversationId}/messages/${msg.id}/reroute`, { skill: 'nope' })).status).toBe(400);
  });

  it('a customer asking for a person waits in the queue; claiming takes it over', async () => {
    const { apps: [a, b] } = await apps('redis', 2);
    scriptModel();
    const c = await customer(a!.url);
    const r = await say(a!.url, c, 'can I talk to a human please');
    expect(r.status).toBe('sent');
    const bob: AgentClient = await signIn(b!.url, 'bob', 'bob password 22');
    const queue = (await bob.json('GET', '/queue')).queue;
    expect(queue.map((q: { conversation: { id: string } }) => q.conversation.id)).toEqual([c.conversationId]);
    expect(queue[0].conversation.flags).toEqual(expect.arrayContaining(['asked_for_human', 'escalated']));
    await bob.json('POST', `/queue/${c.conversationId}/claim`);
    expect((await bob.json('GET', '/queue')).queue).toEqual([]);
    const next = await say(a!.url, c, 'hello?');
    expect(next.status).toBe('human');
    expect((await visible(a!.url, c)).map((m) => m.role)).toEqual(['customer', 'bot', 'system', 'customer']);
  });
});
