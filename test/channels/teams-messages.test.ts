import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { storedReference, teamsConversationId } from '../../src/channels/teams/conversation-ref.js';
import { ADAPTIVE_CARD } from '../../src/channels/teams/render-activity.js';
import { createMemoryStore } from '../../src/store/create-memory-store.js';
import type { StoreBundle } from '../../src/store/store-bundle.js';
import { BF_SCOPE, startFakeBotFramework, type FakeBotFramework } from '../fakes/fake-bot-framework.js';
import { createScriptedEngine, type ScriptedEngine } from './scripted-engine.js';
import { fakeOptions, startTeamsApp, type TeamsApp } from './teams-setup.js';
import { waitUntil } from './test-server.js';

let bf: FakeBotFramework;
let bundle: StoreBundle;
let engine: ScriptedEngine;
let app: TeamsApp;
let userCounter = 0;

/** A fresh customer (and so a fresh personal conversation) per test. */
function customer() {
  userCounter++;
  return { id: `29:customer-${userCounter}`, name: `Customer ${userCounter}` };
}

beforeAll(async () => {
  bf = await startFakeBotFramework();
  bundle = createMemoryStore({ historyTtlSeconds: 3600, maxMessages: 100 });
  engine = createScriptedEngine(bundle.store);
  app = await startTeamsApp({ options: fakeOptions(bf), engine, store: bundle.store });
});

afterAll(async () => {
  await app?.close();
  await bf?.close();
  await bundle?.close();
});

beforeEach(() => {
  engine.script((msg) => ({ text: `Reply to "${msg.text}"` }));
});

describe('Teams: message activities', () => {
  it('answers a message: acknowledged, typing, then a reply to that activity in the same conversation', async () => {
    const user = customer();
    const activity = bf.message({ text: 'Which kettle is the quietest?', user });
    const res = await bf.post(app.endpoint, activity);
    expect(res.status).toBe(202);

    const reply = await bf.waitFor((a) => a.activity.type === 'message' && a.conversationId === activity.conversation.id);
    expect(reply.kind).toBe('reply');
    expect(reply.replyToId).toBe(activity.id);
    expect(reply.activity).toMatchObject({
      type: 'message',
      text: 'Reply to "Which kettle is the quietest?"',
      replyToId: activity.id,
      from: { id: bf.bot.id },
      recipient: { id: user.id },
      conversation: { id: activity.conversation.id },
    });
    const mine = bf.activities.filter((a) => a.conversationId === activity.conversation.id);
    expect(mine.map((a) => a.activity.type)).toEqual(['typing', 'message']);

    // The engine saw the customer's words, on the Teams channel, under a stable engine id.
    const inbound = engine.received.at(-1)!;
    expect(inbound).toMatchObject({
      channel: 'teams',
      conversationId: teamsConversationId(activity as never),
      user: { id: user.id, name: user.name },
      text: 'Which kettle is the quietest?',
      id: activity.id,
    });
    expect(inbound.conversationId).toMatch(/^teams_[0-9a-f]{40}$/);
  });

  it('signs its calls with a token from the token endpoint (client credentials, Bot Framework scope) and reuses it', async () => {
    const user = customer();
    for (const text of ['first', 'second']) {
      const activity = bf.message({ text, user });
      await bf.post(app.endpoint, activity);
      await bf.waitFor((a) => a.activity.type === 'message' && a.replyToId === activity.id);
    }
    expect(bf.tokenRequests.length).toBeGreaterThan(0);
    expect(bf.tokenRequests.every((t) => t.ok && t.clientId === bf.appId && t.scope === BF_SCOPE)).toBe(true);
    // One token for every call so far (cached until near expiry).
    expect(bf.tokenRequests).toHaveLength(1);
    expect(bf.activities.every((a) => a.authorization?.startsWith('Bearer fake-bf-'))).toBe(true);
    expect(bf.rejectedConnectorCalls).toBe(0);
  });

  it('acknowledges before the model finishes, and replies afterwards (proactively)', async () => {
    const user = customer();
    const release = engine.hold();
    const activity = bf.message({ text: 'slow question', user });
    const res = await bf.post(app.endpoint, activity);
    expect(res.status).toBe(202);
    // The request is answered while the turn is still held: typing went out, no reply yet.
    await bf.waitFor((a) => a.activity.type === 'typing' && a.conversationId === activity.conversation.id);
    expect(bf.messagesTo(activity.conversation.id)).toHaveLength(0);
    release();
    const reply = await bf.waitFor((a) => a.activity.type === 'message' && a.replyToId === activity.id);
    expect(reply.activity.text).toBe('Reply to "slow question"');
  });

  it('keeps the typing indicator alive while a long turn runs', async () => {
    const store = createMemoryStore({ historyTtlSeconds: 3600, maxMessages: 10 });
    const slow = createScriptedEngine(store.store);
    const fast = await startTeamsApp({ options: fakeOptions(bf), engine: slow, store: store.store, routes: { typingIntervalMs: 40 } });
    try {
      const release = slow.hold();
      const activity = bf.message({ text: 'take your time', user: customer() });
      await bf.post(fast.endpoint, activity);
      await waitUntil(() => bf.activities.filter((a) => a.conversationId === activity.conversation.id && a.activity.type === 'typing').length >= 3, 'repeated typing');
      release();
      await bf.waitFor((a) => a.activity.type === 'message' && a.replyToId === activity.id);
      await fast.background.idle();
      const types = bf.activities.filter((a) => a.conversationId === activity.conversation.id).map((a) => a.activity.type);
      expect(types.at(-1)).toBe('message');
      expect(types.indexOf('message')).toBe(types.length - 1);
    } finally {
      await fast.close();
      await store.close();
    }
  });

  it('processes the same activity id once, even when delivered twice (one after the other)', async () => {
    const activity = bf.message({ text: 'only once please', user: customer() });
    const first = await bf.post(app.endpoint, activity);
    const second = await bf.post(app.endpoint, activity);
    expect([first.status, second.status]).toEqual([202, 200]);
    await app.background.idle();
    expect(engine.received.filter((m) => m.id === activity.id)).toHaveLength(1);
    const mine = bf.activities.filter((a) => a.conversationId === activity.conversation.id);
    expect(mine.map((a) => a.activity.type)).toEqual(['typing', 'message']);
  });

  it('processes the same activity id once when both deliveries arrive together', async () => {
    const activity = bf.message({ text: 'racing retries', user: customer() });
    const statuses = (await Promise.all([1, 2, 3].map(() => bf.post(app.endpoint, activity)))).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 202]);
    await app.background.idle();
    expect(engine.received.filter((m) => m.id === activity.id)).toHaveLength(1);
    expect(bf.messagesTo(activity.conversation.id)).toHaveLength(1);
  });

  it("strips the bot's @mention in a channel, keeping other people's mentions", async () => {
    const user = customer();
    const activity = bf.message({
      user,
      conversationType: 'channel',
      conversationId: `19:support-${userCounter}@thread.tacv2;messageid=1700000000123`,
      text: '<at>Switchboard</at> can <at>Sam Lee</at> return the blender I bought?',
      entities: [
        { type: 'mention', text: '<at>Switchboard</at>', mentioned: { id: bf.bot.id, name: 'Switchboard' } },
        { type: 'mention', text: '<at>Sam Lee</at>', mentioned: { id: '29:sam', name: 'Sam Lee' } },
        { type: 'clientInfo', locale: 'en-US' },
      ],
    });
    await bf.post(app.endpoint, activity);
    const reply = await bf.waitFor((a) => a.activity.type === 'message' && a.replyToId === activity.id);
    expect(engine.received.at(-1)!.text).toBe('can <at>Sam Lee</at> return the blender I bought?');
    // The reply goes into the channel thread the message came from.
    expect(reply.conversationId).toBe(activity.conversation.id);
  });

  it('answers a message that is only a mention with a short hint instead of calling the engine', async () => {
    const before = engine.calls;
    const activity = bf.message({
      user: customer(),
      conversationType: 'groupChat',
      conversationId: `19:group-${userCounter}@thread.v2`,
      text: '<at>Switchboard</at>',
      entities: [{ type: 'mention', text: '<at>Switchboard</at>', mentioned: { id: bf.bot.id, name: 'Switchboard' } }],
    });
    await bf.post(app.endpoint, activity);
    const reply = await bf.waitFor((a) => a.activity.type === 'message' && a.replyToId === activity.id);
    // The pack's greeting, in the language of the customer's Teams client (en-US here).
    expect(reply.activity.text).toBe('Hi! I can help you choose a product, return an item or check a warranty.');
    expect(engine.calls).toBe(before);
  });

  it('tells the customer when a message is over the length limit, without calling the engine', async () => {
    const before = engine.calls;
    const activity = bf.message({ user: customer(), text: 'x'.repeat(2001) });
    await bf.post(app.endpoint, activity);
    const reply = await bf.waitFor((a) => a.activity.type === 'message' && a.replyToId === activity.id);
    expect(reply.activity.text).toBe('Your message is too long: please keep it under 2000 characters.');
    expect(engine.calls).toBe(before);
  });

  it("says a message is too long in the customer's language: the message's own, else the conversation's", async () => {
    const before = engine.calls;
    const spanish = bf.message({ user: customer(), text: 'Quiero devolver los pantalones de mi pedido, por favor. '.repeat(40) });
    await bf.post(app.endpoint, spanish);
    const inSpanish = await bf.waitFor((a) => a.activity.type === 'message' && a.replyToId === spanish.id);
    expect(inSpanish.activity.text).toBe('Tu mensaje es demasiado largo: no superes los 2000 caracteres.');

    // Nothing to detect in the message itself: the language the conversation was last in.
    const user = customer();
    const first = bf.message({ user, text: 'Haben Sie leise Wasserkocher für meine Küche?' });
    await bf.post(app.endpoint, first);
    await bf.waitFor((a) => a.replyToId === first.id);
    const id = teamsConversationId(first as never);
    await bundle.store.updateConversation(id, (c) => ({ ...c, dialogue: { shown: [], ...c.dialogue, language: 'de' } }));
    const long = bf.message({ user, text: '1234567890 '.repeat(200) });
    await bf.post(app.endpoint, long);
    const inGerman = await bf.waitFor((a) => a.activity.type === 'message' && a.replyToId === long.id);
    expect(inGerman.activity.text).toBe('Ihre Nachricht ist zu lang: Bitte bleiben Sie unter 2000 Zeichen.');
    expect(engine.calls).toBe(before + 1);
  });

  it('renders products as an Adaptive Card next to the text', async () => {
    engine.script(() => ({
      text: 'Two quiet kettles:',
      attachments: {
        products: [
          { sku: 'KT-100', name: 'Hushboil Kettle', price: 49.5, category: 'kitchen' },
          { sku: 'KT-220', name: 'Stillwater Kettle', price: 64, category: 'kitchen' },
        ],
      },
    }));
    const activity = bf.message({ user: customer(), text: 'do you have any quiet kettles for my kitchen?' });
    await bf.post(app.endpoint, activity);
    const reply = await bf.waitFor((a) => a.activity.type === 'message' && a.replyToId === activity.id);
    expect(reply.activity.text).toBe('Two quiet kettles:');
    expect(reply.activity.attachments).toHaveLength(1);
    const card = reply.activity.attachments[0];
    expect(card.contentType).toBe(ADAPTIVE_CARD);
    expect(card.content.type).toBe('AdaptiveCard');
    expect(card.content.body[0].text).toBe('Products mentioned');
    expect(card.content.body[1].facts).toEqual([
      { title: 'Hushboil Kettle', value: '$49.50 · KT-100' },
      { title: 'Stillwater Kettle', value: '$64.00 · KT-220' },
    ]);
  });

  it("formats the card's prices and title in the reply's language, not a fixed en-US", async () => {
    engine.script(() => ({
      text: 'Zwei leise Wasserkocher:',
      attachments: { products: [{ sku: 'KT-100', name: 'Hushboil Kettle', price: 1249.5, category: 'kitchen' }] },
    }));
    const activity = bf.message({ user: customer(), text: 'Haben Sie leise Wasserkocher für meine Küche?' });
    await bf.post(app.endpoint, activity);
    const reply = await bf.waitFor((a) => a.activity.type === 'message' && a.replyToId === activity.id);
    const card = reply.activity.attachments[0];
    expect(card.content.body[0].text).toBe('Genannte Produkte');
    // German grouping and decimals, the store's currency after the amount.
    expect(card.content.body[1].facts).toEqual([{ title: 'Hushboil Kettle', value: '1.249,50\u00a0$ · KT-100' }]);
  });

  it('sends nothing but the draft to agents when the engine keeps the reply (assist mode)', async () => {
    engine.script(() => ({ text: 'draft for an agent', status: 'draft' }));
    const activity = bf.message({ user: customer(), text: 'needs an approval' });
    await bf.post(app.endpoint, activity);
    await app.background.idle();
    expect(bf.messagesTo(activity.conversation.id)).toHaveLength(0);
  });

  it('shows no typing and sends no reply in a conversation a human agent owns', async () => {
    const user = customer();
    const first = bf.message({ user, text: 'hello' });
    await bf.post(app.endpoint, first);
    await bf.waitFor((a) => a.replyToId === first.id);
    const conversationId = teamsConversationId(first as never);
    await bundle.store.updateConversation(conversationId, (c) => ({ ...c, mode: 'human', agent: 'alex' }));
    const second = bf.message({ user, text: 'are you a person?' });
    await bf.post(app.endpoint, second);
    await app.background.idle();
    expect(engine.received.at(-1)!.id).toBe(second.id);
    expect(bf.activities.filter((a) => a.conversationId === first.conversation.id).map((a) => a.activity.type)).toEqual(['typing', 'message']);
  });

  it('apologises in the conversation when the turn fails', async () => {
    engine.script(() => new Error('store fell over'));
    const activity = bf.message({ user: customer(), text: 'boom' });
    await bf.post(app.endpoint, activity);
    const reply = await bf.waitFor((a) => a.activity.type === 'message' && a.replyToId === activity.id);
    expect(reply.activity.text).toBe('Something went wrong, please try again.');
    const french = bf.message({ user: customer(), text: 'Bonjour, je voudrais retourner ma bouilloire, elle fait trop de bruit.' });
    await bf.post(app.endpoint, french);
    const inFrench = await bf.waitFor((a) => a.activity.type === 'message' && a.replyToId === french.id);
    expect(inFrench.activity.text).toBe("Une erreur s'est produite, veuillez réessayer.");
  });
});

describe('Teams: conversations and their stored reference', () => {
  it('maps a Teams conversation to one engine conversation, separately per tenant, and stores the user name and reference', async () => {
    const user = customer();
    const a1 = bf.message({ user, text: 'one', conversationId: 'a:shared-id', tenantId: 'tenant-a' });
    const a2 = bf.message({ user, text: 'two', conversationId: 'a:shared-id', tenantId: 'tenant-a' });
    const b1 = bf.message({ user, text: 'three', conversationId: 'a:shared-id', tenantId: 'tenant-b' });
    for (const act of [a1, a2, b1]) {
      await bf.post(app.endpoint, act);
      await bf.waitFor((a) => a.replyToId === act.id);
    }
    const ids = engine.received.slice(-3).map((m) => m.conversationId);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);

    const stored = await bundle.store.getConversation(ids[0]!);
    expect(stored).toMatchObject({ channel: 'teams', user: { id: user.id, name: user.name }, mode: 'auto' });
    expect(storedReference(stored!.channelRef)).toMatchObject({
      kind: 'teams',
      serviceUrl: bf.serviceUrl,
      conversation: { id: 'a:shared-id', tenantId: 'tenant-a' },
      bot: { id: bf.bot.id },
      user: { id: user.id, name: user.name },
    });
  });

  it('delivers out-of-band messages (agent joined, agent replies) to the stored conversation', async () => {
    const user = customer();
    const activity = bf.message({ user, text: 'I want a person' });
    await bf.post(app.endpoint, activity);
    await bf.waitFor((a) => a.replyToId === activity.id);
    const conversation = (await bundle.store.getConversation(teamsConversationId(activity as never)))!;

    await app.channel.deliver(conversation, { id: 'n1', kind: 'system', text: 'Alex from our support team joined the chat.' });
    await app.channel.deliver(conversation, { id: 'n2', kind: 'agent', from: 'Alex', text: 'Hi, I can help with that return.' });
    const sent = bf.activities.filter((a) => a.kind === 'send' && a.activity.type === 'message' && a.conversationId === activity.conversation.id);
    expect(sent.map((a) => a.activity.text)).toEqual([
      '_Alex from our support team joined the chat._',
      '**Alex** (support team): Hi, I can help with that return.',
    ]);
    expect(sent[0]!.activity).toMatchObject({ from: { id: bf.bot.id }, recipient: { id: user.id }, textFormat: 'markdown' });

    // The agent label is in the conversation's language (the one the engine last detected, on the record).
    const spanish = { ...conversation, dialogue: { shown: [], ...conversation.dialogue, language: 'es' } };
    await app.channel.deliver(spanish, { id: 'n3', kind: 'agent', from: 'Alex', text: 'Hola, ¿en qué te ayudo?' });
    await app.channel.deliver({ ...spanish, dialogue: { ...spanish.dialogue, language: 'de' } }, { id: 'n4', kind: 'agent', text: 'Hallo!' });
    // A language without its own channel words (a text-only pack) gets English as a whole.
    await app.channel.deliver({ ...spanish, dialogue: { ...spanish.dialogue, language: 'it' } }, { id: 'n5', kind: 'agent', text: 'Ciao!' });
    const later = bf.activities.filter((a) => a.kind === 'send' && a.activity.type === 'message' && a.conversationId === activity.conversation.id).slice(2);
    expect(later.map((a) => a.activity.text)).toEqual(['**Alex** (equipo de atención): Hola, ¿en qué te ayudo?', '**Support-Team**: Hallo!', '**Support team**: Ciao!']);

    // Products an agent sends: the card's title and prices in the conversation's language too.
    const products = { products: [{ sku: 'KT-100', name: 'Hushboil Kettle', price: 1249.5, category: 'kitchen' }] };
    await app.channel.deliver(spanish, { id: 'n6', kind: 'agent', from: 'Alex', text: 'Este:', attachments: products });
    await app.channel.deliver({ ...spanish, dialogue: { ...spanish.dialogue, language: 'it' } }, { id: 'n7', kind: 'agent', text: 'Questo:', attachments: products });
    const cards = bf.activities.filter((a) => a.kind === 'send' && a.conversationId === activity.conversation.id).slice(-2).map((a) => a.activity.attachments[0].content.body);
    expect(cards.map((b) => [b[0].text, b[1].facts[0].value])).toEqual([
      ['Productos mencionados', '1249,50\u00a0US$ · KT-100'],
      ['Products mentioned', '$1,249.50 · KT-100'],
    ]);
  });

  it('refuses to deliver to a conversation without a Teams reference', async () => {
    await expect(
      app.channel.deliver(
        { id: 'teams_nothing', channel: 'teams', user: { id: 'u' }, createdAt: 0, updatedAt: 0, mode: 'auto', activeSkill: null, variants: {}, flags: [], unclearStreak: 0 },
        { id: 'x', kind: 'bot', text: 'hi' },
      ),
    ).rejects.toThrow(/no Teams conversation reference/);
  });
});

describe('Teams: other activities', () => {
  it('welcomes the conversation when the bot is added, once per activity id', async () => {
    const update = bf.conversationUpdate({ conversationId: 'a:welcome-me', user: customer() });
    const first = await bf.post(app.endpoint, update);
    const again = await bf.post(app.endpoint, update);
    expect([first.status, again.status]).toEqual([202, 200]);
    const welcome = await bf.waitFor((a) => a.conversationId === 'a:welcome-me' && a.activity.type === 'message');
    expect(welcome.kind).toBe('send');
    expect(welcome.activity.text).toBe('Hi! I can help you choose a product, return an item or check a warranty.');
    await app.background.idle();
    expect(bf.messagesTo('a:welcome-me')).toHaveLength(1);
  });

  it("welcomes in the language of the customer's Teams client when a pack speaks it, else the default", async () => {
    await bf.post(app.endpoint, bf.conversationUpdate({ conversationId: 'a:welcome-de', user: customer(), extra: { locale: 'de-DE' } }));
    const german = await bf.waitFor((a) => a.conversationId === 'a:welcome-de' && a.activity.type === 'message');
    expect(german.activity.text).toBe('Hallo! Ich helfe Ihnen, ein Produkt auszuwählen, einen Artikel zurückzusenden oder eine Garantie zu prüfen.');
    // Italian has only a text-analysis pack (no channel words): English as a whole.
    await bf.post(app.endpoint, bf.conversationUpdate({ conversationId: 'a:welcome-it', user: customer(), extra: { locale: 'it-IT' } }));
    const italian = await bf.waitFor((a) => a.conversationId === 'a:welcome-it' && a.activity.type === 'message');
    expect(italian.activity.text).toBe('Hi! I can help you choose a product, return an item or check a warranty.');
  });

  it('does not welcome when someone else joins', async () => {
    const update = bf.conversationUpdate({ conversationId: 'a:someone-joined', members: [{ id: '29:new-colleague' }] });
    const res = await bf.post(app.endpoint, update);
    expect(res.status).toBe(200);
    await app.background.idle();
    expect(bf.activities.filter((a) => a.conversationId === 'a:someone-joined')).toHaveLength(0);
  });

  for (const type of ['typing', 'messageReaction', 'installationUpdate', 'invoke', 'endOfConversation', 'somethingNew']) {
    it(`accepts and ignores ${type} activities`, async () => {
      const before = engine.calls;
      const activity = bf.message({ type, conversationId: `a:ignored-${type}` });
      const res = await bf.post(app.endpoint, activity);
      expect(res.status).toBe(200);
      await app.background.idle();
      expect(engine.calls).toBe(before);
      expect(bf.activities.filter((a) => a.conversationId === `a:ignored-${type}`)).toHaveLength(0);
    });
  }
});

describe('Teams: malformed activities from an authenticated caller', () => {
  const cases: Array<[string, (a: Record<string, any>) => unknown, RegExp]> = [
    ['no conversation', (a) => ({ ...a, conversation: undefined }), /^conversation:/],
    ['no from', (a) => ({ ...a, from: undefined }), /^from:/],
    ['type is a number', (a) => ({ ...a, type: 7 }), /^type:/],
    ['text is an object', (a) => ({ ...a, text: { html: 'x' } }), /^text:/],
    ['message without an id', (a) => ({ ...a, id: undefined }), /^id:/],
    ['entities is not a list', (a) => ({ ...a, entities: 'mention' }), /^entities:/],
  ];
  for (const [name, mutate, message] of cases) {
    it(`answers 400 naming the field for ${name}`, async () => {
      const before = engine.calls;
      const res = await bf.post(app.endpoint, mutate(bf.message()));
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
      expect(res.body.error.message).toMatch(message);
      expect(engine.calls).toBe(before);
    });
  }

  it('answers 400 for a body that is not JSON', async () => {
    const broken = await bf.post(app.endpoint, null, { rawBody: '{"type": "message",' });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('invalid_json');
  });

  it('answers 401 for a body it cannot authenticate (no channelId to check endorsements against)', async () => {
    for (const opts of [{ rawBody: '[1,2,3]' }, { rawBody: 'hello', contentType: 'text/plain' }, { rawBody: '{"type":"message"}' }]) {
      const before = engine.calls;
      const res = await bf.post(app.endpoint, null, opts);
      expect(res.status).toBe(401);
      expect(engine.calls).toBe(before);
    }
  });

  it('answers 413 for an oversized activity', async () => {
    const res = await bf.post(app.endpoint, bf.message({ extra: { channelData: { blob: 'y'.repeat(300 * 1024) } } }));
    expect(res.status).toBe(413);
  });
});

describe('Teams: feedback buttons rate the conversation (insights)', () => {
  it("puts Teams' thumbs up/down on the bot's answers, and a press records the rating once the conversation exists", async () => {
    const rated: Array<{ conversationId: string; rating: string }> = [];
    const rating = await startTeamsApp({
      options: fakeOptions(bf),
      engine,
      store: bundle.store,
      routes: { rate: async (conversationId, r) => void rated.push({ conversationId, rating: r }) },
    });
    try {
      const user = customer();
      const activity = bf.message({ text: 'Which kettle is the quietest?', user });
      await bf.post(rating.endpoint, activity);
      const reply = await bf.waitFor((a) => a.activity.type === 'message' && a.conversationId === activity.conversation.id);
      expect(reply.activity.channelData).toMatchObject({ feedbackLoopEnabled: true });
      await rating.background.idle();

      const press = (reaction: string, extra: Record<string, unknown> = {}) =>
        bf.post(
          rating.endpoint,
          bf.message({
            type: 'invoke',
            user,
            conversationId: activity.conversation.id,
            extra: { name: 'message/submitAction', replyToId: reply.activity.id, value: { actionName: 'feedback', actionValue: { reaction, feedback: '{"feedbackText":""}' } }, ...extra },
          }),
        );
      const liked = await press('like');
      expect(liked.status).toBe(200);
      expect(await press('dislike')).toMatchObject({ status: 200 });
      // Not a feedback action, or an unknown reaction: accepted, not a rating.
      expect((await press('meh')).status).toBe(200);
      expect((await press('like', { name: 'composeExtension/query' })).status).toBe(200);
      const id = teamsConversationId(activity as never);
      expect(rated).toEqual([
        { conversationId: id, rating: 'up' },
        { conversationId: id, rating: 'down' },
      ]);
      // A press in a conversation the bot never had is ignored.
      const stranger = customer();
      await bf.post(rating.endpoint, bf.message({ type: 'invoke', user: stranger, extra: { name: 'message/submitAction', value: { actionName: 'feedback', actionValue: { reaction: 'like' } } } }));
      expect(rated).toHaveLength(2);
    } finally {
      await rating.close();
    }
  });
});
