import { afterEach, describe, expect, it } from 'vitest';
import { CORRECTIONS_COLLECTION } from '../../src/assist/corrections.js';
import { DEMO_CANDIDATES_COLLECTION } from '../../src/assist/demonstration-candidates.js';
import type { Conversation, StoredMessage } from '../../src/core/conversation.js';
import { ESCALATION_QUEUE } from '../../src/core/store.js';
import type { StoreBundle } from '../../src/store/store-bundle.js';
import { createScriptedEngine } from '../channels/scripted-engine.js';
import { accountsEnv, memoryBundle, openFeed, redisBundles, signIn, startAssistServer, waitFor, type AssistServer } from './assist-harness.js';

/*
 * The panel API against the store, with conversations written the way the engine writes
 * them (the engine itself is exercised in panel-engine.test.ts): list, view, modes,
 * replies, drafts, corrections, queue, erase, and delivery to the customer's widget.
 */

const redis = redisBundles('api');
const open: Array<{ close(): Promise<void> | void }> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

let accounts: Promise<string> | undefined;
async function server(bundle?: StoreBundle, config?: Parameters<typeof startAssistServer>[0]['config']): Promise<AssistServer & { bundle: StoreBundle }> {
  const b = bundle ?? memoryBundle();
  if (!bundle) open.push(b);
  accounts ??= accountsEnv({ alice: 'alice password 1', bob: 'bob password 22' });
  const s = await startAssistServer({ bundle: b, engine: createScriptedEngine(b.store), accounts: await accounts, config });
  open.push(s);
  return { ...s, bundle: b };
}

interface Customer {
  conversationId: string;
  token: string;
}

async function newCustomer(url: string, name?: string): Promise<Customer> {
  const res = await fetch(`${url}/api/chat/conversations`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(name ? { user: { name } } : {}) });
  return (await res.json()) as Customer;
}

async function visible(url: string, c: Customer): Promise<Array<{ role: string; text: string; from?: string }>> {
  const res = await fetch(`${url}/api/chat/conversations/${c.conversationId}/messages`, { headers: { Authorization: `Bearer ${c.token}` } });
  return ((await res.json()) as { messages: Array<{ role: string; text: string; from?: string }> }).messages;
}

// Seeded turns get strictly increasing times: two turns in one millisecond would tie in the
// newest-first list, and the list's order is part of what the tests check.
let lastSeededAt = 0;

/** What the engine leaves after a routed customer message and a reply (sent or drafted). */
async function seedTurn(
  bundle: StoreBundle,
  conversationId: string,
  opts: { text: string; reply: string; skill?: string; draft?: boolean; flags?: Conversation['flags']; waitingSince?: number },
): Promise<{ customer: StoredMessage; bot: StoredMessage }> {
  const skill = opts.skill ?? 'returns';
  const at = Math.max(Date.now(), lastSeededAt + 2);
  lastSeededAt = at;
  const customer: StoredMessage = {
    id: `m_c${Math.random().toString(36).slice(2, 10)}`,
    role: 'customer',
    text: opts.text,
    at,
    route: {
      skill,
      confidence: 0.83,
      method: 'local',
      runnerUp: { skill: 'warranty', confidence: 0.11 },
      reason: { features: [{ feature: 'send back', weight: 1.4 }], nearest: [{ text: 'how do I send this back', skill, score: 0.71 }] },
    },
  };
  const bot: StoredMessage = {
    id: `m_b${Math.random().toString(36).slice(2, 10)}`,
    role: 'bot',
    text: opts.reply,
    at: at + 1,
    replyTo: customer.id,
    skill,
    variant: 'default',
    offline: false,
    tools: [{ name: 'check_return_eligibility', arguments: { order_id: 'SB-1001' }, result: { eligible: true, daysLeft: 12 }, ok: true, durationMs: 3 }],
    cost: { usage: { promptTokens: 812, completionTokens: 64, cachedTokens: 512 }, cost: 0.000121, modelCalls: 2 },
    flags: opts.flags ?? [],
    ...(opts.draft ? { draft: { status: 'pending' as const } } : {}),
  };
  await bundle.store.appendMessage(conversationId, customer);
  await bundle.store.appendMessage(conversationId, bot);
  const updated = await bundle.store.updateConversation(conversationId, (cur) => ({
    ...cur,
    updatedAt: at + 1,
    activeSkill: skill,
    flags: [...new Set([...cur.flags, ...(opts.flags ?? [])])],
    ...(opts.waitingSince ? { waitingSince: opts.waitingSince } : {}),
    lastMessage: opts.draft ? { role: 'customer', text: opts.text, at } : { role: 'bot', text: opts.reply, at: at + 1 },
  }));
  if (opts.waitingSince) await bundle.store.zAdd(ESCALATION_QUEUE, conversationId, opts.waitingSince);
  expect(updated).not.toBeNull();
  return { customer, bot };
}

describe('conversation list and view', () => {
  it('lists conversations with the panel fields, filters them and searches their text; secrets never leave the server', async () => {
    const s = await server();
    const a = await newCustomer(s.url, 'Ana');
    const b = await newCustomer(s.url, 'Ben');
    await seedTurn(s.bundle, a.conversationId, { text: 'my kettle leaks, can I send it back?', reply: 'Yes, within 30 days.', flags: ['low_confidence'] });
    await seedTurn(s.bundle, b.conversationId, { text: 'which desk lamp is brightest', reply: 'The Lumen 2.', skill: 'product_recommendation' });
    await seedTurn(s.bundle, b.conversationId, { text: 'does it come with a bulb?', reply: 'It does.', skill: 'product_recommendation' });
    const agent = await signIn(s.url, 'alice', 'alice password 1');

    const all = await agent.json('GET', '/conversations');
    expect(all.conversations.map((c: { id: string }) => c.id)).toEqual([b.conversationId, a.conversationId]);
    const ana = all.conversations[1];
    expect(ana).toMatchObject({ channel: 'webchat', customer: { name: 'Ana' }, mode: 'auto', activeSkill: 'returns', flags: ['low_confidence'], lastMessage: { role: 'bot', text: 'Yes, within 30 days.' } });
    expect(JSON.stringify(all)).not.toMatch(/tokenHash|tokenExpiresAt|channelRef/);

    const ids = async (q: string) => (await agent.json('GET', `/conversations?${q}`)).conversations.map((c: { id: string }) => c.id);
    expect(await ids('skill=returns')).toEqual([a.conversationId]);
    expect(await ids('flag=low_confidence')).toEqual([a.conversationId]);
    expect(await ids('mode=human')).toEqual([]);
    expect(await ids('channel=webchat&skill=product_recommendation')).toEqual([b.conversationId]);
    // Search finds text anywhere in the transcript, not only the last message, ignoring case and accents.
    expect(await ids('q=BRIGHTEST')).toEqual([b.conversationId]);
    expect(await ids('q=k%C3%A9ttle')).toEqual([a.conversationId]);
    expect(await ids('q=ben')).toEqual([b.conversationId]);

    for (const bad of ['mode=robot', 'flag=nope', 'limit=0', 'limit=abc', 'skill=a%20b', 'unknown=1', `q=${'x'.repeat(201)}`, 'skill=a&skill=b']) {
      const res = await agent.call('GET', `/conversations?${bad}`);
      expect(res.status, bad).toBe(400);
    }
  });

  it('shows the transcript with route reasons, tools, tokens and cost', async () => {
    const s = await server();
    const c = await newCustomer(s.url);
    const { customer, bot } = await seedTurn(s.bundle, c.conversationId, { text: 'return the toaster', reply: 'Sure.' });
    const agent = await signIn(s.url, 'alice', 'alice password 1');
    const view = await agent.json('GET', `/conversations/${c.conversationId}`);
    expect(view.conversation.id).toBe(c.conversationId);
    expect(view.messages).toEqual([customer, bot]);
    expect(view.queuePosition).toBeNull();
    expect((await agent.call('GET', '/conversations/c_doesnotexist')).status).toBe(404);
    expect((await agent.call('GET', '/conversations/bad%20id')).status).toBe(400);
  });
});

describe('modes, take-over and hand-back', () => {
  it('take-over tells the customer in their channel, leaves the queue, and a second agent gets 409 unless forcing', async () => {
    const s = await server();
    const c = await newCustomer(s.url);
    await seedTurn(s.bundle, c.conversationId, { text: 'I want a person', reply: 'Someone will join.', flags: ['asked_for_human'], waitingSince: Date.now() - 5000 });
    const widget = await openFeed(`${s.url}/api/chat/conversations/${c.conversationId}/events`, { Authorization: `Bearer ${c.token}` });
    open.push(widget);
    const alice = await signIn(s.url, 'alice', 'alice password 1');
    const bob = await signIn(s.url, 'bob', 'bob password 22');

    const r = await alice.json('POST', `/conversations/${c.conversationId}/take-over`);
    expect(r.conversation).toMatchObject({ mode: 'human', modeSource: 'agent', agent: 'alice', waitingSince: null });
    expect(r.delivered).toBe(true);
    expect(await s.bundle.store.zRange(ESCALATION_QUEUE)).toEqual([]);
    const joined = await widget.next((e) => e.event === 'message' && e.data.kind === 'system', 'join notice in the widget');
    // Customers never see an agent's login name: alice has no display name, so a neutral label.
    expect(joined.data.text).toBe('A member of our support team has joined the chat.');
    expect((await visible(s.url, c)).at(-1)).toMatchObject({ role: 'system', text: joined.data.text });

    // Taking over again is a no-op for the owner; another agent is refused.
    expect((await alice.json('POST', `/conversations/${c.conversationId}/take-over`)).conversation.agent).toBe('alice');
    const refused = await bob.call('POST', `/conversations/${c.conversationId}/take-over`, {});
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('owned_by_other_agent');
    expect((await bob.call('POST', `/conversations/${c.conversationId}/hand-back`, {})).status).toBe(409);
    const forced = await bob.json('POST', `/conversations/${c.conversationId}/take-over`, { force: true });
    expect(forced.conversation.agent).toBe('bob');
    expect((await s.bundle.store.getMessages(c.conversationId)).filter((m) => m.role === 'system' && m.event === 'agent_joined')).toHaveLength(2);
  });

  it('hand-back returns control to the bot and tells the customer', async () => {
    const s = await server();
    const c = await newCustomer(s.url);
    await seedTurn(s.bundle, c.conversationId, { text: 'hello', reply: 'hi' });
    const alice = await signIn(s.url, 'alice', 'alice password 1');
    expect((await alice.call('POST', `/conversations/${c.conversationId}/hand-back`)).status).toBe(409);
    await alice.json('POST', `/conversations/${c.conversationId}/take-over`);
    const widget = await openFeed(`${s.url}/api/chat/conversations/${c.conversationId}/events`, { Authorization: `Bearer ${c.token}` });
    open.push(widget);
    const back = await alice.json('POST', `/conversations/${c.conversationId}/hand-back`);
    expect(back.conversation).toMatchObject({ mode: 'auto', modeSource: 'default', agent: null });
    const left = await widget.next((e) => e.event === 'message' && e.data.kind === 'system', 'leave notice');
    expect(left.data.text).toBe('The member of our support team has left the chat. Our assistant will take it from here.');
    const stored = await s.bundle.store.getConversation(c.conversationId);
    expect(stored).toMatchObject({ mode: 'auto', modeSource: 'default' });
    expect(stored!.agent).toBeUndefined();
  });

  it('sets auto/assist/human per conversation as the agent\'s choice', async () => {
    const s = await server();
    const c = await newCustomer(s.url);
    const alice = await signIn(s.url, 'alice', 'alice password 1');
    const mode = (m: unknown) => alice.call('POST', `/conversations/${c.conversationId}/mode`, { mode: m });
    expect((await (await mode('assist')).json()).conversation).toMatchObject({ mode: 'assist', modeSource: 'agent' });
    expect((await s.bundle.store.getConversation(c.conversationId))!.modeSource).toBe('agent');
    expect((await (await mode('human')).json()).conversation).toMatchObject({ mode: 'human', agent: 'alice' });
    // Leaving human through the mode control is a hand-back with the chosen mode.
    expect((await (await mode('assist')).json()).conversation).toMatchObject({ mode: 'assist', modeSource: 'agent', agent: null });
    expect((await (await mode('auto')).json()).conversation).toMatchObject({ mode: 'auto', modeSource: 'agent' });
    const kinds = (await s.bundle.store.getMessages(c.conversationId)).map((m) => (m.role === 'system' ? m.event : m.role));
    expect(kinds).toEqual(['agent_joined', 'agent_left']);
    for (const bad of [{ mode: 'robot' }, { mode: 1 }, {}, { mode: 'auto', extra: true }]) {
      expect((await alice.call('POST', `/conversations/${c.conversationId}/mode`, bad)).status).toBe(400);
    }
  });
});

describe('what customers see of an agent', () => {
  it('the display name when the account has one, never the login name', async () => {
    const b = memoryBundle();
    open.push(b);
    // AGENT_ACCOUNTS entry "login:hash:display name".
    const entry = `${await accountsEnv({ ck7: 'carol password 1' })}:Carol B.`;
    const s = await startAssistServer({ bundle: b, engine: createScriptedEngine(b.store), accounts: entry });
    open.push(s);
    const c = await newCustomer(s.url);
    const widget = await openFeed(`${s.url}/api/chat/conversations/${c.conversationId}/events`, { Authorization: `Bearer ${c.token}` });
    open.push(widget);
    const carol = await signIn(s.url, 'ck7', 'carol password 1');
    await carol.json('POST', `/conversations/${c.conversationId}/take-over`);
    await carol.json('POST', `/conversations/${c.conversationId}/messages`, { text: 'Hello, I can help with that.' });
    await carol.json('POST', `/conversations/${c.conversationId}/hand-back`);
    await widget.next((e) => e.event === 'message' && e.data.kind === 'system' && /left/.test(e.data.text), 'the leave notice');
    const seen = await visible(s.url, c);
    expect(seen.map((m) => [m.role, m.text, m.from])).toEqual([
      ['system', 'Carol B. from our support team has joined the chat.', undefined],
      ['agent', 'Hello, I can help with that.', 'Carol B.'],
      ['system', 'Carol B. has left the chat. Our assistant will take it from here.', undefined],
    ]);
    // Neither the history nor the live events carry the login name.
    expect(JSON.stringify(seen)).not.toContain('ck7');
    expect(JSON.stringify(widget.events)).not.toContain('ck7');
    // Agents still see who it was.
    expect((await carol.json('GET', `/conversations/${c.conversationId}`)).messages.find((m: StoredMessage) => m.role === 'agent')).toMatchObject({ agent: 'ck7', from: 'Carol B.' });
  });
});

describe('agent replies and drafts', () => {
  it('an agent reply is stored and reaches the customer', async () => {
    const s = await server();
    const c = await newCustomer(s.url);
    const widget = await openFeed(`${s.url}/api/chat/conversations/${c.conversationId}/events`, { Authorization: `Bearer ${c.token}` });
    open.push(widget);
    const alice = await signIn(s.url, 'alice', 'alice password 1');
    const r = await alice.call('POST', `/conversations/${c.conversationId}/messages`, { text: '  Hi, Alice here. Let me check.  ' });
    expect(r.status).toBe(201);
    const got = await widget.next((e) => e.event === 'message' && e.data.kind === 'agent', 'agent reply in the widget');
    expect(got.data).toMatchObject({ kind: 'agent', text: 'Hi, Alice here. Let me check.' });
    expect(got.data.from).toBeUndefined();
    const seen = await visible(s.url, c);
    expect(seen).toEqual([expect.objectContaining({ role: 'agent', text: 'Hi, Alice here. Let me check.' })]);
    expect(seen[0]).not.toHaveProperty('from');
    // The panel still knows who wrote it.
    expect((await s.bundle.store.getMessages(c.conversationId))[0]).toMatchObject({ role: 'agent', agent: 'alice' });
    expect((await s.bundle.store.getConversation(c.conversationId))!.lastMessage).toMatchObject({ role: 'agent' });
    for (const bad of [{}, { text: '' }, { text: '   ' }, { text: 5 }, { text: 'x'.repeat(2001) }]) {
      expect((await alice.call('POST', `/conversations/${c.conversationId}/messages`, bad)).status).toBe(400);
    }
  });

  it('an edited draft is approved once, sent with the edit, and recorded as edited', async () => {
    const s = await server();
    const c = await newCustomer(s.url);
    const { bot } = await seedTurn(s.bundle, c.conversationId, { text: 'return window for shoes?', reply: 'Shoes: 30 days.', draft: true });
    expect(await visible(s.url, c)).toEqual([expect.objectContaining({ role: 'customer' })]);
    const widget = await openFeed(`${s.url}/api/chat/conversations/${c.conversationId}/events`, { Authorization: `Bearer ${c.token}` });
    open.push(widget);
    const alice = await signIn(s.url, 'alice', 'alice password 1');
    const panel = await openFeed(`${s.url}/api/agent/events`, { Cookie: alice.cookie });
    open.push(panel);

    const r = await alice.json('POST', `/conversations/${c.conversationId}/messages/${bot.id}/approve`, { text: 'Shoes can be returned within 30 days, unworn.' });
    expect(r.message.draft).toEqual({ status: 'approved', editedBy: 'alice' });
    const got = await widget.next((e) => e.event === 'message' && e.data.kind === 'bot', 'approved draft in the widget');
    expect(got.data).toMatchObject({ id: bot.id, text: 'Shoes can be returned within 30 days, unworn.' });
    expect((await visible(s.url, c)).at(-1)).toMatchObject({ role: 'bot', text: 'Shoes can be returned within 30 days, unworn.' });
    await panel.next((e) => e.event === 'message_updated' && e.data.message.id === bot.id, 'panel update');

    const again = await alice.call('POST', `/conversations/${c.conversationId}/messages/${bot.id}/approve`, {});
    expect(again.status).toBe(409);
    expect((await alice.call('POST', `/conversations/${c.conversationId}/messages/${bot.id}/discard`, {})).status).toBe(409);
    expect(widget.events.filter((e) => e.event === 'message')).toHaveLength(1);
  });

  it('approving unchanged text is not an edit; a discarded draft never reaches the customer', async () => {
    const s = await server();
    const c = await newCustomer(s.url);
    const one = await seedTurn(s.bundle, c.conversationId, { text: 'q1', reply: 'a1', draft: true });
    const two = await seedTurn(s.bundle, c.conversationId, { text: 'q2', reply: 'a2', draft: true });
    const alice = await signIn(s.url, 'alice', 'alice password 1');
    expect((await alice.json('POST', `/conversations/${c.conversationId}/messages/${one.bot.id}/approve`, { text: 'a1' })).message.draft).toEqual({ status: 'approved' });
    expect((await alice.json('POST', `/conversations/${c.conversationId}/messages/${two.bot.id}/discard`)).message.draft).toEqual({ status: 'discarded', editedBy: 'alice' });
    expect((await visible(s.url, c)).map((m) => m.text)).toEqual(['q1', 'a1', 'q2']);
    expect((await alice.call('POST', `/conversations/${c.conversationId}/messages/${one.customer.id}/approve`, {})).status).toBe(409);
    expect((await alice.call('POST', `/conversations/${c.conversationId}/messages/nope/approve`, {})).status).toBe(404);
    expect((await alice.call('POST', `/conversations/${c.conversationId}/messages/${two.bot.id}/approve`, { text: '' })).status).toBe(400);
  });

  it('two agents on two processes approving the same draft at once send it once', async () => {
    const prefix = redis.nextPrefix();
    const one = await server(await redis.on(prefix));
    const two = await server(await redis.on(prefix));
    open.push(one.bundle, two.bundle);
    const c = await newCustomer(one.url);
    const { bot } = await seedTurn(one.bundle, c.conversationId, { text: 'q', reply: 'drafted', draft: true });
    const widget = await openFeed(`${two.url}/api/chat/conversations/${c.conversationId}/events`, { Authorization: `Bearer ${c.token}` });
    open.push(widget);
    const alice = await signIn(one.url, 'alice', 'alice password 1');
    const bob = await signIn(two.url, 'bob', 'bob password 22');
    const results = await Promise.all([
      alice.call('POST', `/conversations/${c.conversationId}/messages/${bot.id}/approve`, { text: 'from alice' }),
      bob.call('POST', `/conversations/${c.conversationId}/messages/${bot.id}/approve`, { text: 'from bob' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    await widget.next((e) => e.event === 'message', 'the approved draft');
    await new Promise((r) => setTimeout(r, 200));
    expect(widget.events.filter((e) => e.event === 'message')).toHaveLength(1);
    expect((await visible(one.url, c)).filter((m) => m.role === 'bot')).toHaveLength(1);
  });
});

describe('corrections and demonstrations', () => {
  it('stores route and answer verdicts with the conversation id and exports route labels as JSONL', async () => {
    const s = await server();
    const c = await newCustomer(s.url);
    const t1 = await seedTurn(s.bundle, c.conversationId, { text: 'the strap snapped after a week', reply: 'You can return it.' });
    const t2 = await seedTurn(s.bundle, c.conversationId, { text: 'a gift for a runner', reply: 'Try these.', skill: 'product_recommendation' });
    const alice = await signIn(s.url, 'alice', 'alice password 1');
    const wrong = await alice.json('POST', `/conversations/${c.conversationId}/messages/${t1.customer.id}/feedback`, { target: 'route', verdict: 'wrong', label: 'warranty' });
    expect(wrong.correction).toMatchObject({ conversationId: c.conversationId, target: 'route', verdict: 'wrong', routedTo: 'returns', label: 'warranty', agent: 'alice', text: 'the strap snapped after a week' });
    await alice.json('POST', `/conversations/${c.conversationId}/messages/${t2.customer.id}/feedback`, { target: 'route', verdict: 'good' });
    const answer = await alice.json('POST', `/conversations/${c.conversationId}/messages/${t1.bot.id}/feedback`, { target: 'answer', verdict: 'wrong' });
    expect(answer.correction).toMatchObject({ target: 'answer', routedTo: 'returns', answer: 'You can return it.', text: 'the strap snapped after a week' });

    const res = await alice.call('GET', '/corrections.jsonl');
    expect(res.headers.get('content-type')).toContain('application/x-ndjson');
    expect((await res.text()).trim().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual([
      { text: 'the strap snapped after a week', label: 'warranty' },
      { text: 'a gift for a runner', label: 'product_recommendation' },
    ]);

    const badCases: Array<[string, unknown, number]> = [
      [t1.customer.id, { target: 'answer', verdict: 'good' }, 400],
      [t1.bot.id, { target: 'route', verdict: 'good' }, 400],
      [t1.customer.id, { target: 'route', verdict: 'meh' }, 400],
      [t1.customer.id, { target: 'route', verdict: 'wrong', label: 'no_such_skill' }, 400],
      ['missing', { target: 'route', verdict: 'good' }, 404],
    ];
    for (const [id, body, status] of badCases) {
      expect((await alice.call('POST', `/conversations/${c.conversationId}/messages/${id}/feedback`, body)).status, JSON.stringify(body)).toBe(status);
    }
  });

  it('saves approved drafts and agent replies as candidate demonstrations, with the tool calls', async () => {
    const s = await server();
    const c = await newCustomer(s.url);
    const t = await seedTurn(s.bundle, c.conversationId, { text: 'can I return order SB-1001?', reply: 'Yes.', draft: true });
    const alice = await signIn(s.url, 'alice', 'alice password 1');
    expect((await alice.call('POST', `/conversations/${c.conversationId}/messages/${t.bot.id}/demonstration`, {})).status).toBe(409);
    await alice.json('POST', `/conversations/${c.conversationId}/messages/${t.bot.id}/approve`, { text: 'Yes, you have 12 days left to return it.' });
    const saved = await alice.json('POST', `/conversations/${c.conversationId}/messages/${t.bot.id}/demonstration`, {});
    expect(saved.candidate).toMatchObject({
      conversationId: c.conversationId,
      skill: 'returns',
      customer: 'can I return order SB-1001?',
      reply: 'Yes, you have 12 days left to return it.',
      calls: [{ tool: 'check_return_eligibility', args: { order_id: 'SB-1001' }, result: { eligible: true, daysLeft: 12 } }],
      source: 'edited_draft',
      agent: 'alice',
    });
    const reply = await alice.json('POST', `/conversations/${c.conversationId}/messages`, { text: 'Also: keep the box.' });
    const fromAgent = await alice.json('POST', `/conversations/${c.conversationId}/messages/${reply.message.id}/demonstration`, {});
    expect(fromAgent.candidate).toMatchObject({ source: 'agent_reply', skill: 'returns', customer: 'can I return order SB-1001?', calls: [] });
    expect((await alice.json('GET', '/demonstrations')).candidates).toHaveLength(2);
    expect((await alice.call('POST', `/conversations/${c.conversationId}/messages/${t.customer.id}/demonstration`, {})).status).toBe(400);
  });
});

describe('escalation queue', () => {
  it('lists waiting conversations longest first; of two agents claiming at once one wins, the other gets 409', async () => {
    const prefix = redis.nextPrefix();
    const one = await server(await redis.on(prefix));
    const two = await server(await redis.on(prefix));
    open.push(one.bundle, two.bundle);
    const now = Date.now();
    const late = await newCustomer(one.url, 'Late');
    const early = await newCustomer(one.url, 'Early');
    await seedTurn(one.bundle, late.conversationId, { text: 'agent please', reply: 'ok', flags: ['asked_for_human', 'escalated'], waitingSince: now - 1_000 });
    await seedTurn(one.bundle, early.conversationId, { text: 'human!', reply: 'ok', flags: ['asked_for_human', 'escalated'], waitingSince: now - 60_000 });
    const alice = await signIn(one.url, 'alice', 'alice password 1');
    const bob = await signIn(two.url, 'bob', 'bob password 22');

    const queue = (await bob.json('GET', '/queue')).queue;
    expect(queue.map((q: { conversation: { customer: { name: string } } }) => q.conversation.customer.name)).toEqual(['Early', 'Late']);
    expect(queue[0].waitingSince).toBe(now - 60_000);
    expect((await alice.json('GET', `/conversations/${early.conversationId}`)).queuePosition).toBe(1);

    const claims = await Promise.all([alice.call('POST', `/queue/${early.conversationId}/claim`), bob.call('POST', `/queue/${early.conversationId}/claim`)]);
    const statuses = claims.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409]);
    const winner = claims[0]!.status === 200 ? 'alice' : 'bob';
    const loser = claims.find((r) => r.status === 409)!;
    expect(((await loser.json()) as { error: { code: string } }).error.code).toBe('already_claimed');
    expect(await one.bundle.store.getConversation(early.conversationId)).toMatchObject({ mode: 'human', agent: winner });
    expect((await alice.json('GET', '/queue')).queue.map((q: { conversation: { id: string } }) => q.conversation.id)).toEqual([late.conversationId]);
    expect((await visible(one.url, early)).at(-1)).toMatchObject({ role: 'system', text: 'A member of our support team has joined the chat.' });
    expect((await alice.call('POST', '/queue/c_nope/claim')).status).toBe(404);
  });
});

describe('erasing a conversation', () => {
  it('erases it everywhere (history, queue, corrections, candidates) and tells every panel', async () => {
    const prefix = redis.nextPrefix();
    const one = await server(await redis.on(prefix));
    const two = await server(await redis.on(prefix));
    open.push(one.bundle, two.bundle);
    const c = await newCustomer(one.url);
    const t = await seedTurn(one.bundle, c.conversationId, { text: 'delete my data please', reply: 'ok', draft: true, waitingSince: Date.now() });
    const keep = await newCustomer(one.url);
    const k = await seedTurn(one.bundle, keep.conversationId, { text: 'other customer', reply: 'fine' });
    const alice = await signIn(one.url, 'alice', 'alice password 1');
    const bobPanel = await openFeed(`${two.url}/api/agent/events`, { Cookie: (await signIn(two.url, 'bob', 'bob password 22')).cookie });
    open.push(bobPanel);
    await alice.json('POST', `/conversations/${c.conversationId}/messages/${t.customer.id}/feedback`, { target: 'route', verdict: 'good' });
    await alice.json('POST', `/conversations/${keep.conversationId}/messages/${k.customer.id}/feedback`, { target: 'route', verdict: 'good' });
    await alice.json('POST', `/conversations/${c.conversationId}/messages/${t.bot.id}/approve`);
    await alice.json('POST', `/conversations/${c.conversationId}/messages/${t.bot.id}/demonstration`);

    const del = await alice.call('DELETE', `/conversations/${c.conversationId}`);
    expect(del.status).toBe(204);
    await bobPanel.next((e) => e.event === 'deleted' && e.data.conversationId === c.conversationId, 'deleted event on the other process');
    const store = two.bundle.store;
    expect(await store.getConversation(c.conversationId)).toBeNull();
    expect(await store.getMessages(c.conversationId)).toEqual([]);
    expect(await store.zRange(ESCALATION_QUEUE)).toEqual([]);
    const corrections = await store.listRecords<{ conversationId: string }>(CORRECTIONS_COLLECTION);
    expect(corrections.map((r) => r.conversationId)).toEqual([keep.conversationId]);
    expect(await store.listRecords(DEMO_CANDIDATES_COLLECTION)).toEqual([]);
    expect((await fetch(`${one.url}/api/chat/conversations/${c.conversationId}/messages`, { headers: { Authorization: `Bearer ${c.token}` } })).status).toBe(404);
    expect((await alice.call('DELETE', `/conversations/${c.conversationId}`)).status).toBe(404);
    // The customer's own erase (web chat DELETE) tells the panels too.
    const customerErase = await fetch(`${one.url}/api/chat/conversations/${keep.conversationId}`, { method: 'DELETE', headers: { Authorization: `Bearer ${keep.token}` } });
    expect(customerErase.status).toBe(204);
    await bobPanel.next((e) => e.event === 'deleted' && e.data.conversationId === keep.conversationId, 'customer erase reaches the panel');
    expect(await store.listRecords(CORRECTIONS_COLLECTION)).toEqual([]);
  });
});

describe('live feed', () => {
  it('streams conversation and message events without secrets, and ends when the session does', async () => {
    const s = await server(undefined, { events: { sessionCheckMs: 100 } });
    const alice = await signIn(s.url, 'alice', 'alice password 1');
    const feed = await openFeed(`${s.url}/api/agent/events`, { Cookie: alice.cookie });
    open.push(feed);
    const c = await newCustomer(s.url, 'Zoe');
    await alice.json('POST', `/conversations/${c.conversationId}/take-over`);
    const conv = await feed.next((e) => e.event === 'conversation', 'conversation event');
    expect(conv.data).toMatchObject({ id: c.conversationId, mode: 'human', agent: 'alice', customer: { name: 'Zoe' } });
    expect(JSON.stringify(feed.events)).not.toMatch(/tokenHash/);
    await feed.next((e) => e.event === 'message' && e.data.message.event === 'agent_joined', 'join message event');
    await alice.call('POST', '/logout');
    await waitFor(() => feed.events.some((e) => e.event === 'signed_out'), 'stream closed after sign-out');
  });
});
