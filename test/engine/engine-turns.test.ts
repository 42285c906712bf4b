import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RouteDecision } from '../../src/core/route.js';
import { ESCALATION_QUEUE } from '../../src/core/store.js';
import type { Running } from '../../src/main.js';
import { MAX_TOOL_ROUNDS } from '../../src/engine/model-answer.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { openConversation, startTestApp } from '../helpers/test-app.js';
import { isRouterCall } from '../helpers/model-requests.js';

/** Engine behaviour through the composed app: routing ladder, tool-loop bound, hand-off. */


describe('turns with a model', () => {
  let fake: FakeOpenAIServer;
  let app: Running;

  beforeAll(async () => {
    fake = await startFakeOpenAIServer();
    app = await startTestApp({ env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'k', MODEL_TIMEOUT_MS: '3000' } });
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });
  beforeEach(() => fake.reset());

  it('asks the model router once when the local router is unsure, with the customer text only in a user turn', async () => {
    fake.handle((req) =>
      isRouterCall(req) ? { kind: 'json', value: { skill: 'warranty', confidence: 0.83, reason: 'a broken product' } } : { kind: 'text', text: 'Sorry to hear that.' },
    );
    const chat = await openConversation(app.url);
    // Deliberately vague: no skill's vocabulary, so the local classifier stays under the threshold.
    const text = 'the thing I got stopped doing what it did';
    expect(app.composed.router.classify(text).confidence).toBeLessThan(app.composed.router.threshold);
    const res = await chat.send(text);
    expect(res.body.route).toMatchObject({ skill: 'warranty', method: 'model', confidence: 0.83 });
    const routerCalls = fake.requests.filter(isRouterCall);
    expect(routerCalls).toHaveLength(1);
    const call = routerCalls[0]!;
    for (const m of call.messages.filter((m) => m.role === 'system')) expect(String(m.content)).not.toContain(text);
    expect(call.lastUserText).toContain(text);
    // Stored on the customer message for the panel and the eval.
    const stored = await app.composed.store.store.getMessages(chat.conversationId);
    const customer = stored.find((m) => m.role === 'customer');
    expect(customer?.role === 'customer' && customer.route).toMatchObject({ skill: 'warranty', method: 'model' });
  });

  it('does not call the model router when the local router is confident', async () => {
    fake.handle((req) => (isRouterCall(req) ? { kind: 'error', status: 500 } : { kind: 'text', text: 'Here is how returns work.' }));
    const chat = await openConversation(app.url);
    const res = await chat.send('I want to return my order and get a refund');
    expect(res.body.route).toMatchObject({ skill: 'returns', method: 'local' });
    expect(fake.requests.filter(isRouterCall)).toHaveLength(0);
  });

  it(`stops a model that keeps calling tools after ${MAX_TOOL_ROUNDS} rounds and makes it answer`, async () => {
    fake.handle((req) => {
      if (isRouterCall(req)) return { kind: 'json', value: { skill: 'product_recommendation', confidence: 0.9, reason: 'x' } };
      return req.tools.length > 0
        ? { kind: 'tool_calls', calls: [{ name: 'search_products', arguments: { query: 'kettle' } }] }
        : { kind: 'text', text: 'The best match is a kettle from our kitchen range.' };
    });
    const chat = await openConversation(app.url);
    const res = await chat.send('Please recommend a good electric kettle to buy');
    expect(res.body.reply.text).toBe('The best match is a kettle from our kitchen range.');
    const skillCalls = fake.requests.filter((r) => !isRouterCall(r));
    expect(skillCalls).toHaveLength(MAX_TOOL_ROUNDS + 1);
    expect(skillCalls.at(-1)!.tools).toHaveLength(0);
    const bot = (await app.composed.store.store.getMessages(chat.conversationId)).find((m) => m.role === 'bot');
    expect(bot?.role === 'bot' && bot.tools).toHaveLength(MAX_TOOL_ROUNDS);
    expect(bot?.role === 'bot' && bot.cost?.modelCalls).toBe(MAX_TOOL_ROUNDS + 1);
  });
});

describe('turns without a model (offline responder)', () => {
  let app: Running;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('keeps a short follow-up with the active skill (sticky)', async () => {
    const chat = await openConversation(app.url);
    const first = await chat.send('I would like to return the air fryer from order SB-10003');
    expect(first.body.route.skill).toBe('returns');
    const second = await chat.send('ok and how long does that take?');
    expect(second.body.route).toMatchObject({ skill: 'returns' });
    expect(['sticky', 'local']).toContain(second.body.route.method);
    expect(second.body.reply.offline).toBe(true);
  });

  it('answers a resent message whose first attempt was cut after it was stored, keeping one copy', async () => {
    const chat = await openConversation(app.url, { signedInAs: 'SB-10001' });
    await app.composed.store.store.appendMessage(chat.conversationId, { id: 'cut-1', role: 'customer', text: 'Can I return order SB-10001?', at: Date.now() });
    const res = await chat.send('Can I return order SB-10001?', { id: 'cut-1' });
    expect(res.body.duplicate).toBe(false);
    expect(res.body.route.skill).toBe('returns');
    expect(res.body.reply.text).toMatch(/return/i);
    const history = await chat.history();
    expect(history.messages.map((m) => `${m.role}:${m.id}`)).toEqual(['customer:cut-1', `bot:${res.body.reply.messageId}`]);
  });

  it('hands off when the customer asks for a person: flagged, queued, told', async () => {
    const chat = await openConversation(app.url);
    const res = await chat.send('I need to speak to a real person about my refund, please');
    expect(res.body.reply.attachments?.offerHuman).toBe(true);
    const conversation = await app.composed.store.store.getConversation(chat.conversationId);
    expect(conversation?.flags).toEqual(expect.arrayContaining(['asked_for_human', 'escalated']));
    const queue = await app.composed.store.store.zRange(ESCALATION_QUEUE);
    expect(queue.map((q) => q.member)).toContain(chat.conversationId);
  });

  it('answers each of the four skills from the demo store', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['Which blender would you recommend for smoothies under $100?', 'product_recommendation', /\$\d/],
      ['Can I return the items in order SB-10001?', 'returns', /return/i],
      ['Is my order SB-10002 headphones still covered by the warranty?', 'warranty', /warrant/i],
      ['What is the capital of Australia?', 'other', /.+/],
    ];
    for (const [text, skill, pattern] of cases) {
      const order = /SB-\d+/.exec(text)?.[0];
      const chat = await openConversation(app.url, order ? { signedInAs: order } : {});
      const res = await chat.send(text);
      expect(res.body.route.skill, text).toBe(skill);
      expect(res.body.reply.offline).toBe(true);
      expect(res.body.reply.text, text).toMatch(pattern);
    }
  });
});

describe('the clarify and fallback steps of the routing ladder', () => {
  let app: Running;
  const decisions: RouteDecision[] = [];
  beforeAll(async () => {
    // The policy's own choices are tested in test/router/policy.test.ts; here the engine acts on them.
    app = await startTestApp({ overrides: { router: { route: async () => decisions.shift()! } } });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('asks a clarifying question, then offers a person when it is still unclear', async () => {
    const chat = await openConversation(app.url);
    decisions.push(
      { skill: 'returns', confidence: 0.41, method: 'clarify', clarify: true, runnerUp: { skill: 'warranty', confidence: 0.39 } },
      { skill: 'other', confidence: 0.3, method: 'fallback', runnerUp: { skill: 'returns', confidence: 0.3 } },
    );
    const first = await chat.send('it is about the thing');
    expect(first.body.route.method).toBe('clarify');
    expect(first.body.reply.text).toMatch(/return/i);
    expect(first.body.reply.text).toMatch(/warrant/i);
    expect(first.body.reply.text).toMatch(/\?/);
    expect((await app.composed.store.store.getConversation(chat.conversationId))?.unclearStreak).toBe(1);
    const second = await chat.send('the other thing');
    expect(second.body.route).toMatchObject({ skill: 'other', method: 'fallback' });
    expect(second.body.reply.attachments?.offerHuman).toBe(true);
    expect((await app.composed.store.store.getConversation(chat.conversationId))?.unclearStreak).toBe(2);
  });
  it("asks in the customer's language, with the skills' titles in that language", async () => {
    for (const [text, expected] of [
      ['Tengo una pregunta sobre mi compra de la semana pasada', /devoluciones.*garantía/],
      ['Ich habe eine Frage zu meinem Kauf von letzter Woche', /Rücksendungen.*Garantie/],
    ] as const) {
      const chat = await openConversation(app.url);
      decisions.push({ skill: 'returns', confidence: 0.41, method: 'clarify', clarify: true, runnerUp: { skill: 'warranty', confidence: 0.39 } });
      const res = await chat.send(text);
      expect(res.body.route.method).toBe('clarify');
      expect(res.body.reply.text, text).toMatch(expected);
      expect(res.body.reply.text, text).not.toMatch(/make sure|help with/);
    }
  });
});
