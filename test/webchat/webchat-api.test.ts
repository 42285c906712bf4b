import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Running } from '../../src/main.js';
import { startFakeOpenAIServer, type FakeOpenAIServer, type Script } from '../fakes/fake-openai-server.js';
import { owner } from '../commerce/demo-fixture.js';
import { openConversation, startTestApp, type StoreKind } from '../helpers/test-app.js';
import { isRouterCall } from '../helpers/model-requests.js';

/**
 * The web chat API end to end: real HTTP into the app as `npm start` builds it, the real
 * `openai` SDK talking to the fake OpenAI server, once on the memory store and once on Redis.
 */


async function readSse(res: Response): Promise<EventSourceMessage[]> {
  const events: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (e) => events.push(e) });
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
  return events;
}

describe.each<StoreKind>(['memory', 'redis'])('web chat API end to end (%s store)', (storeKind) => {
  let fake: FakeOpenAIServer;
  let app: Running;
  let skillScripts: Script[];

  beforeAll(async () => {
    fake = await startFakeOpenAIServer();
    app = await startTestApp({
      store: storeKind,
      env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'test-key', MODEL_TIMEOUT_MS: '1500', MODEL_STREAM_STALL_MS: '800', MAX_MESSAGE_CHARS: '500' },
    });
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });
  beforeEach(() => {
    fake.reset();
    skillScripts = [];
    // Router calls (if the local router is unsure) get a sensible JSON answer; skill calls take the next scripted reply.
    fake.handle((req) => {
      if (isRouterCall(req)) {
        const t = req.lastUserText.toLowerCase();
        const skill = /return|refund/.test(t) ? 'returns' : /warrant|broke|fault/.test(t) ? 'warranty' : /recommend|buy|looking for/.test(t) ? 'product_recommendation' : 'other';
        return { kind: 'json', value: { skill, confidence: 0.9, reason: 'test' } };
      }
      return skillScripts.shift() ?? { kind: 'error', status: 500 };
    });
  });

  const skillRequests = () => fake.requests.filter((r) => !isRouterCall(r));

  it('creates a conversation: 201 with an id, a token and its expiry', async () => {
    const res = await fetch(`${app.url}/api/chat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, string>;
    expect(body.conversationId).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(body.token!.length).toBeGreaterThanOrEqual(32);
    expect(Date.parse(body.expiresAt!)).toBeGreaterThan(Date.now());
  });

  it('answers with the model: the reply, the route with confidence and method, offline false', async () => {
    const chat = await openConversation(app.url);
    skillScripts.push({ kind: 'text', text: 'The Aria kettle is a good pick: quick to boil and easy to clean.' });
    const res = await chat.send('I am looking for a quiet electric kettle, what do you recommend?');
    expect(res.status).toBe(200);
    expect(res.body.reply).toMatchObject({ text: 'The Aria kettle is a good pick: quick to boil and easy to clean.', offline: false, skill: 'product_recommendation' });
    expect(res.body.route.skill).toBe('product_recommendation');
    expect(res.body.route.confidence).toBeGreaterThan(0);
    expect(res.body.route.confidence).toBeLessThanOrEqual(1);
    expect(['local', 'model', 'sticky', 'fallback']).toContain(res.body.route.method);

    // The skill's system prompt comes first; the customer's words are only ever in a user turn.
    const req = skillRequests()[0]!;
    expect(req.messages[0]!.role).toBe('system');
    for (const m of req.messages.filter((x) => x.role === 'system')) expect(String(m.content)).not.toContain('quiet electric kettle');
    expect(req.lastUserText).toContain('quiet electric kettle');
    expect(req.stream).toBe(true);
  });

  it('streams route, delta chunks and done over SSE', async () => {
    const chat = await openConversation(app.url);
    skillScripts.push({ kind: 'text', text: ['You can ', 'return unused items ', 'within the window.'], chunkDelayMs: 20 });
    const res = await fetch(`${app.url}/api/chat/conversations/${chat.conversationId}/messages`, {
      method: 'POST',
      headers: { ...chat.auth, 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ text: 'How do I return a blender I bought last week? I want a refund.' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = await readSse(res);
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('route');
    expect(names.at(-1)).toBe('done');
    const deltas = events.filter((e) => e.event === 'delta').map((e) => JSON.parse(e.data).text as string);
    expect(deltas.length).toBeGreaterThanOrEqual(3);
    expect(deltas.join('')).toBe('You can return unused items within the window.');
    const done = JSON.parse(events.at(-1)!.data);
    expect(done.reply).toMatchObject({ text: 'You can return unused items within the window.', offline: false });
    expect(JSON.parse(events[0]!.data).skill).toBe('returns');
  });

  it('runs tool calls against the store and answers from their results', async () => {
    const chat = await openConversation(app.url, { signedInAs: 'SB-10001' });
    skillScripts.push(
      { kind: 'tool_calls', calls: [{ name: 'get_order', arguments: { order_id: 'SB-10001' } }] },
      { kind: 'text', text: 'Your order SB-10001 has been found; it can be returned.' },
    );
    const res = await chat.send('Can I send back the items from order SB-10001 for a refund?');
    expect(res.status).toBe(200);
    expect(res.body.reply.text).toBe('Your order SB-10001 has been found; it can be returned.');
    const followUp = skillRequests()[1]!;
    expect(followUp.toolResults).toHaveLength(1);
    // The tool result is the demo store's real order record.
    const order = await app.composed.commerce.getOrder(owner('SB-10001'), 'SB-10001');
    expect(order).not.toBeNull();
    expect(JSON.stringify(followUp.toolResults[0])).toContain('SB-10001');
    expect(JSON.stringify(followUp.toolResults[0])).toContain(order!.items[0]!.sku);
    const stored = await app.composed.store.store.getMessages(chat.conversationId);
    const bot = stored.find((m) => m.role === 'bot');
    expect(bot?.role === 'bot' && (bot.tools ?? []).map((t) => t.name)).toEqual(['get_order']);
  });

  it('falls back to the offline responder when the model errors', async () => {
    const chat = await openConversation(app.url, { signedInAs: 'SB-10002' });
    skillScripts.push({ kind: 'error', status: 500 }, { kind: 'error', status: 500 });
    const res = await chat.send('Are the Hushwave headphones from order SB-10002 still under warranty?');
    expect(res.status).toBe(200);
    expect(res.body.reply.offline).toBe(true);
    expect(res.body.reply.text.length).toBeGreaterThan(20);
    expect(res.body.reply.text).toMatch(/warrant/i);
  });

  it('falls back to the offline responder when the model hangs', async () => {
    const chat = await openConversation(app.url);
    skillScripts.push({ kind: 'hang' });
    const res = await chat.send('Which blender would you recommend for smoothies?');
    expect(res.status).toBe(200);
    expect(res.body.reply.offline).toBe(true);
    expect(res.body.reply.text.length).toBeGreaterThan(20);
  });

  it('finishes a stream that stalls mid-reply with the offline answer (reset, then the full text)', async () => {
    const chat = await openConversation(app.url);
    skillScripts.push({ kind: 'stall', text: 'Let me check the returns policy for', afterChunks: 2 });
    const res = await fetch(`${app.url}/api/chat/conversations/${chat.conversationId}/messages`, {
      method: 'POST',
      headers: { ...chat.auth, 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ text: 'How many days do I have to return kitchen appliances?' }),
    });
    const events = await readSse(res);
    const names = events.map((e) => e.event);
    expect(names).toContain('reset');
    const done = JSON.parse(events.at(-1)!.data);
    expect(events.at(-1)!.event).toBe('done');
    expect(done.reply.offline).toBe(true);
    const afterReset = events.slice(names.lastIndexOf('reset') + 1).filter((e) => e.event === 'delta').map((e) => JSON.parse(e.data).text).join('');
    expect(afterReset).toBe(done.reply.text);
  });

  it('returns the history, oldest first, with offline marks', async () => {
    const chat = await openConversation(app.url);
    skillScripts.push({ kind: 'text', text: 'Sure: the Aria kettle.' });
    await chat.send('Recommend me a kettle please');
    skillScripts.push({ kind: 'error', status: 500 });
    await chat.send('And a toaster to go with it?');
    const history = await chat.history();
    expect(history.conversationId).toBe(chat.conversationId);
    expect(history.messages.map((m) => m.role)).toEqual(['customer', 'bot', 'customer', 'bot']);
    expect(history.messages[0].text).toBe('Recommend me a kettle please');
    expect(history.messages[1]).toMatchObject({ text: 'Sure: the Aria kettle.', offline: false });
    expect(history.messages[3].offline).toBe(true);
  });

  it('answers a resent message id once', async () => {
    const chat = await openConversation(app.url);
    skillScripts.push({ kind: 'text', text: 'One answer only.' });
    const first = await chat.send('Recommend a rice cooker', { id: 'client-1' });
    const again = await chat.send('Recommend a rice cooker', { id: 'client-1' });
    expect(first.body.duplicate).toBe(false);
    expect(again.body.duplicate).toBe(true);
    expect(again.body.reply.text).toBe('One answer only.');
    expect(skillRequests()).toHaveLength(1);
    expect((await chat.history()).messages).toHaveLength(2);
  });

  it('keeps two concurrent messages of one conversation from interleaving', async () => {
    const chat = await openConversation(app.url);
    skillScripts.push({ kind: 'text', text: 'First answer.', delayMs: 150 }, { kind: 'text', text: 'Second answer.' });
    const [a, b] = await Promise.all([chat.send('Recommend a toaster'), chat.send('Recommend a kettle too')]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const roles = (await chat.history()).messages.map((m) => m.role);
    expect(roles).toEqual(['customer', 'bot', 'customer', 'bot']);
  });

  describe('bad requests get a clear JSON error', () => {
    const post = (url: string, headers: Record<string, string>, body: string) => fetch(url, { method: 'POST', headers, body });
    const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

    it('400 for broken JSON, a missing text and an empty text', async () => {
      const chat = await openConversation(app.url);
      const url = `${app.url}/api/chat/conversations/${chat.conversationId}/messages`;
      const headers = { ...chat.auth, 'content-type': 'application/json' };
      const broken = await post(url, headers, '{"text": ');
      expect(broken.status).toBe(400);
      expect((await errorOf(broken)).code).toBe('invalid_json');
      const missing = await post(url, headers, '{}');
      expect(missing.status).toBe(400);
      expect((await errorOf(missing)).message).toContain('text');
      const wrongType = await post(url, headers, '{"text": 42}');
      expect(wrongType.status).toBe(400);
      const empty = await post(url, headers, '{"text": "   "}');
      expect(empty.status).toBe(400);
      expect((await errorOf(empty)).message).toMatch(/text.*empty/);
    });

    it('413 for a text over the configured limit', async () => {
      const chat = await openConversation(app.url);
      const res = await chat.send('x'.repeat(501));
      expect(res.status).toBe(413);
      expect(res.body.error.message).toContain('500');
      // The code and the limit as data: the widget shows the locale pack's ui text error_text_too_long with {max}.
      expect(res.body.error.code).toBe('text_too_long');
      expect(res.body.error.details).toEqual({ field: 'text', max: 500, length: 501 });
    });

    it('404 for an unknown conversation and 401 for a missing or wrong token', async () => {
      const chat = await openConversation(app.url);
      const other = await openConversation(app.url);
      const unknown = await post(`${app.url}/api/chat/conversations/c_nope/messages`, { ...chat.auth, 'content-type': 'application/json' }, '{"text":"hi"}');
      expect(unknown.status).toBe(404);
      expect((await errorOf(unknown)).message).toContain('c_nope');
      const url = `${app.url}/api/chat/conversations/${chat.conversationId}/messages`;
      const none = await post(url, { 'content-type': 'application/json' }, '{"text":"hi"}');
      expect(none.status).toBe(401);
      expect((await errorOf(none)).message).toContain('Authorization');
      const wrong = await post(url, { ...other.auth, 'content-type': 'application/json' }, '{"text":"hi"}');
      expect(wrong.status).toBe(401);
      const history = await fetch(url, { headers: other.auth });
      expect(history.status).toBe(401);
      expect(skillRequests()).toHaveLength(0);
    });
  });
});
