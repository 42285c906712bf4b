import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { slackConversationId, storedSlackReference } from '../../src/channels/slack/slack-conversation.js';
import { fromSlackText, slackMessage, toMrkdwn } from '../../src/channels/slack/slack-text.js';
import { createMemoryStore } from '../../src/store/create-memory-store.js';
import type { StoreBundle } from '../../src/store/store-bundle.js';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/fake-slack-api.js';
import { appMention, eventCallback, imMessage, nextTs, sendSlackEvent } from '../fakes/fake-slack-events.js';
import { createScriptedEngine, type ScriptedEngine } from './scripted-engine.js';
import { slackTestOptions, startSlackApp, type SlackApp } from './slack-setup.js';

let slack: FakeSlackApi;
let bundle: StoreBundle;
let engine: ScriptedEngine;
let app: SlackApp;
let n = 0;

/** A fresh DM channel and user per test. */
function shopper() {
  n++;
  return { user: `U0SHOP${n}`, channel: `D0SHOP${n}` };
}

beforeAll(async () => {
  slack = await startFakeSlackApi();
  bundle = createMemoryStore({ historyTtlSeconds: 3600, maxMessages: 100 });
  engine = createScriptedEngine(bundle.store);
  app = await startSlackApp({ options: slackTestOptions(slack), engine, store: bundle.store });
});

afterAll(async () => {
  await app?.close();
  await slack?.close();
  await bundle?.close();
});

beforeEach(() => {
  engine.script((msg) => ({ text: `Reply to "${msg.text}"` }));
});

const send = (payload: unknown, opts?: Parameters<typeof sendSlackEvent>[3]) => sendSlackEvent(app.endpoint, app.secret, payload, opts);

describe('Slack: direct messages', () => {
  it('answers a DM in the DM, with the engine seeing the right channel, conversation, user and text', async () => {
    const { user, channel } = shopper();
    const event = imMessage({ user, channel, text: 'Is the &lt;Hushboil&gt; kettle quiet &amp; fast?' });
    const res = await send(eventCallback({ event }));
    expect(res.status).toBe(200);
    const post = await slack.waitForPost((p) => p.channel === channel);
    expect(post.text).toBe('Reply to "Is the &lt;Hushboil&gt; kettle quiet &amp; fast?"');
    expect(post.thread_ts).toBeUndefined();
    expect(post.token).toBe(slack.token);
    expect(post.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: post.text } }]);

    const inbound = engine.received.at(-1)!;
    expect(inbound).toMatchObject({
      channel: 'slack',
      conversationId: slackConversationId({ kind: 'slack', teamId: slack.teamId, channel }),
      user: { id: user },
      text: 'Is the <Hushboil> kettle quiet & fast?',
      id: event.ts,
    });
    const conversation = await bundle.store.getConversation(inbound.conversationId);
    expect(conversation).toMatchObject({ channel: 'slack', user: { id: user } });
    expect(storedSlackReference(conversation!.channelRef)).toEqual({ kind: 'slack', teamId: slack.teamId, channel });
  });

  it('keeps one conversation per DM across messages, and answers inside a thread the customer started', async () => {
    const { user, channel } = shopper();
    const first = imMessage({ user, channel, text: 'first' });
    await send(eventCallback({ event: first }));
    await slack.waitForPost((p) => p.channel === channel);
    const inThread = imMessage({ user, channel, text: 'follow-up in a thread', thread_ts: first.ts });
    await send(eventCallback({ event: inThread }));
    const post = await slack.waitForPost((p) => p.channel === channel && p.thread_ts === first.ts);
    expect(post.text).toBe('Reply to "follow-up in a thread"');
    const [a, b] = engine.received.slice(-2);
    expect(a!.conversationId).toBe(b!.conversationId);
  });

  it('acknowledges before the model finishes and posts the reply afterwards', async () => {
    const { user, channel } = shopper();
    const release = engine.hold();
    const res = await send(eventCallback({ event: imMessage({ user, channel, text: 'slow one' }) }));
    expect(res.status).toBe(200);
    expect(slack.posts.filter((p) => p.channel === channel)).toHaveLength(0);
    release();
    await slack.waitForPost((p) => p.channel === channel);
  });
});

describe('Slack: mentions in channels', () => {
  it('strips the mention, answers in a thread under the message, and keeps the thread as one conversation', async () => {
    const channel = 'C0SUPPORT9';
    const top = appMention({ channel, text: `<@${slack.botUserId}> what is your return window for <#C0GENERAL|general> blenders?` });
    await send(eventCallback({ event: top }));
    const reply = await slack.waitForPost((p) => p.channel === channel && p.thread_ts === top.ts);
    expect(engine.received.at(-1)!.text).toBe('what is your return window for #general blenders?');
    expect(reply.text).toBe('Reply to "what is your return window for #general blenders?"');

    const followUp = appMention({ channel, thread_ts: top.ts, text: `and for kettles <@${slack.botUserId}>?` });
    await send(eventCallback({ event: followUp }));
    await slack.waitForPost((p) => p.channel === channel && p.text.includes('and for kettles'));
    const [a, b] = engine.received.slice(-2);
    expect(b!.text).toBe('and for kettles ?');
    expect(a!.conversationId).toBe(b!.conversationId);
    expect(slack.posts.filter((p) => p.channel === channel).every((p) => p.thread_ts === top.ts)).toBe(true);

    // A different thread in the same channel is another conversation.
    const other = appMention({ channel, text: `<@${slack.botUserId}> warranty on fridges?` });
    await send(eventCallback({ event: other }));
    await slack.waitForPost((p) => p.thread_ts === other.ts);
    expect(engine.received.at(-1)!.conversationId).not.toBe(a!.conversationId);
  });

  it('keeps other people and links readable when turning Slack markup into text', () => {
    expect(fromSlackText('<@UBOT> ask <@U123|sam> about <https://shop.example/p/1|this kettle> or mail <mailto:help@shop.example|help@shop.example>', 'UBOT')).toBe(
      'ask @sam about this kettle or mail help@shop.example',
    );
  });
});

describe('Slack: retries and duplicates', () => {
  it('processes a Slack retry (X-Slack-Retry-Num) of an event once', async () => {
    const { user, channel } = shopper();
    const payload = eventCallback({ event: imMessage({ user, channel, text: 'retry me' }) });
    const first = await send(payload);
    const retry1 = await send(payload, { retryNum: 1 });
    const retry2 = await send(payload, { retryNum: 2 });
    expect([first.status, retry1.status, retry2.status]).toEqual([200, 200, 200]);
    await app.background.idle();
    expect(engine.received.filter((m) => m.text === 'retry me')).toHaveLength(1);
    expect(slack.posts.filter((p) => p.channel === channel)).toHaveLength(1);
  });

  it('processes a retry when the first delivery never reached us', async () => {
    const { user, channel } = shopper();
    const payload = eventCallback({ event: imMessage({ user, channel, text: 'first attempt was lost' }) });
    await send(payload, { retryNum: 1 });
    await slack.waitForPost((p) => p.channel === channel);
  });

  it('processes a duplicate event id once, even when deliveries race', async () => {
    const { user, channel } = shopper();
    const payload = eventCallback({ event: imMessage({ user, channel, text: 'racing' }) });
    const statuses = await Promise.all([1, 2, 3].map(() => send(payload)));
    expect(statuses.map((s) => s.status)).toEqual([200, 200, 200]);
    await app.background.idle();
    expect(engine.received.filter((m) => m.text === 'racing')).toHaveLength(1);
    expect(slack.posts.filter((p) => p.channel === channel)).toHaveLength(1);
  });

  it('answers one message once when it arrives as two events (message.im and app_mention)', async () => {
    const { user, channel } = shopper();
    const ts = nextTs();
    await send(eventCallback({ event: imMessage({ user, channel, ts, text: `<@${slack.botUserId}> both events` }) }));
    await send(eventCallback({ event: appMention({ user, channel, ts, text: `<@${slack.botUserId}> both events` }) }));
    await app.background.idle();
    expect(engine.received.filter((m) => m.text === 'both events')).toHaveLength(1);
  });
});

describe('Slack: messages that are not a customer talking to the bot', () => {
  const ignored: Array<[string, () => Record<string, unknown>]> = [
    ['its own message (by user id)', () => imMessage({ user: slack.botUserId, text: 'I am the bot' })],
    ['its own message (bot_id)', () => imMessage({ text: 'bot echo', extra: { bot_id: slack.botId } })],
    ['another bot', () => imMessage({ text: 'beep', extra: { bot_id: 'BOTHER', subtype: 'bot_message' } })],
    ['a mention by another bot', () => appMention({ text: `<@${slack.botUserId}> hello from a bot`, extra: { bot_id: 'BOTHER' } })],
    ['an edit (message_changed)', () => imMessage({ text: 'edited', extra: { subtype: 'message_changed' } })],
    ['a deletion (message_deleted)', () => imMessage({ text: '', extra: { subtype: 'message_deleted' } })],
    ['a channel message without a mention', () => ({ ...imMessage({ text: 'chit chat' }), channel_type: 'channel', channel: 'C0RANDOM' })],
    ['another event type', () => ({ type: 'reaction_added', user: 'U1', reaction: 'thumbsup', item: {} })],
  ];
  for (const [name, make] of ignored) {
    it(`ignores ${name}`, async () => {
      const before = { calls: engine.calls, posts: slack.posts.length };
      const res = await send(eventCallback({ event: make() }));
      expect(res.status).toBe(200);
      await app.background.idle();
      expect(engine.calls).toBe(before.calls);
      expect(slack.posts).toHaveLength(before.posts);
    });
  }

  it('ignores other envelope types such as app_rate_limited', async () => {
    const res = await send({ token: 'x', type: 'app_rate_limited', team_id: 'T0STORE01', minute_rate_limited: 1518467820, api_app_id: 'A1' });
    expect(res.status).toBe(200);
  });

  it('answers 400 naming the field for a signed but malformed event', async () => {
    const res = await send({ type: 'event_callback', team_id: 'T1', event: { type: 'message' } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^event_id:/);
    const badTs = await send(eventCallback({ event: imMessage({ text: 'x', ts: 'now' }) }));
    expect(badTs.status).toBe(400);
    expect(badTs.body.error.message).toMatch(/^event\.ts:/);
  });
});

describe('Slack: formatting and delivery', () => {
  it('converts Markdown to mrkdwn and lists products as blocks', async () => {
    const { user, channel } = shopper();
    engine.script(() => ({
      text: '**Two quiet kettles** for you, see [our guide](https://shop.example/kettles):',
      attachments: {
        products: [
          { sku: 'KT-100', name: 'Hushboil Kettle', price: 49.5, category: 'kitchen' },
          { sku: 'KT-220', name: 'Stillwater <Pro> Kettle', price: 64, category: 'kitchen' },
        ],
      },
    }));
    await send(eventCallback({ event: imMessage({ user, channel, text: 'do you have any quiet kettles for my kitchen?' }) }));
    const post = await slack.waitForPost((p) => p.channel === channel);
    expect(post.text).toBe('*Two quiet kettles* for you, see <https://shop.example/kettles|our guide>:');
    expect(post.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: post.text } },
      { type: 'divider' },
      { type: 'section', text: { type: 'mrkdwn', text: '*Hushboil Kettle*\n$49.50 · KT-100' } },
      { type: 'section', text: { type: 'mrkdwn', text: '*Stillwater &lt;Pro&gt; Kettle*\n$64.00 · KT-220' } },
    ]);
  });

  it("formats prices in the reply's language (the message's, else the conversation's), not a fixed en-US", async () => {
    const { user, channel } = shopper();
    engine.script(() => ({ text: 'Zwei leise Wasserkocher:', attachments: { products: [{ sku: 'KT-100', name: 'Hushboil Kettle', price: 1249.5, category: 'kitchen' }] } }));
    await send(eventCallback({ event: imMessage({ user, channel, text: 'Haben Sie leise Wasserkocher für meine Küche?' }) }));
    const german = await slack.waitForPost((p) => p.channel === channel);
    expect(german.blocks?.at(-1)).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '*Hushboil Kettle*\n1.249,50\u00a0$ · KT-100' } });

    // A message with nothing to tell a language by: the conversation's language stays.
    const id = slackConversationId({ kind: 'slack', teamId: slack.teamId, channel });
    await bundle.store.updateConversation(id, (c) => ({ ...c, dialogue: { shown: [], ...c.dialogue, language: 'fr' } }));
    engine.script(() => ({ text: 'Voici :', attachments: { products: [{ sku: 'KT-100', name: 'Hushboil Kettle', price: 1249.5, category: 'kitchen' }] } }));
    await send(eventCallback({ event: imMessage({ user, channel, text: 'KT-100?' }) }));
    const french = await slack.waitForPost((p) => p.channel === channel && p.text === 'Voici :');
    expect(french.blocks?.at(-1)).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '*Hushboil Kettle*\n1\u202f249,50\u00a0$US · KT-100' } });
  });

  it("says a message is too long in the customer's language, without calling the engine", async () => {
    const before = engine.calls;
    const { user, channel } = shopper();
    await send(eventCallback({ event: imMessage({ user, channel, text: 'Quiero devolver los pantalones de mi pedido, por favor. '.repeat(40) }) }));
    const post = await slack.waitForPost((p) => p.channel === channel);
    expect(post.text).toBe('Tu mensaje es demasiado largo: no superes los 2000 caracteres.');
    const other = shopper();
    await send(eventCallback({ event: imMessage({ ...other, text: 'Please help me return my kettle, it is far too loud. '.repeat(40) }) }));
    expect((await slack.waitForPost((p) => p.channel === other.channel)).text).toBe('Your message is too long: please keep it under 2000 characters.');
    expect(engine.calls).toBe(before);
  });

  it('splits a long reply into sections Slack accepts, losing nothing', () => {
    const long = toMrkdwn(Array.from({ length: 200 }, (_, i) => `line ${i} ${'x'.repeat(30)}`).join('\n'));
    expect(long.length).toBeGreaterThan(6000);
    const { text, blocks } = slackMessage(long, undefined, (p) => String(p));
    expect(text).toBe(long);
    const texts = blocks.map((b) => (b as { text: { text: string } }).text.text);
    expect(texts.length).toBeGreaterThan(2);
    expect(texts.every((t) => t.length <= 3000)).toBe(true);
    expect(texts.join('\n')).toBe(long);
  });

  it('delivers agent messages and notices into the stored DM or thread', async () => {
    const channel = 'C0THREADS1';
    const top = appMention({ channel, text: `<@${slack.botUserId}> I need a person` });
    await send(eventCallback({ event: top }));
    await slack.waitForPost((p) => p.thread_ts === top.ts);
    const conversation = (await bundle.store.getConversation(engine.received.at(-1)!.conversationId))!;
    await app.channel.deliver(conversation, { id: 's1', kind: 'system', text: 'Alex joined the conversation.' });
    await app.channel.deliver(conversation, { id: 'a1', kind: 'agent', from: 'Alex', text: 'Hi! Which **order** is it?' });
    const posts = slack.posts.filter((p) => p.channel === channel).slice(-2);
    expect(posts.map((p) => [p.text, p.thread_ts])).toEqual([
      ['_Alex joined the conversation._', top.ts],
      ['*Alex* (support team): Hi! Which *order* is it?', top.ts],
    ]);

    // The agent label is in the conversation's language (the one the engine last detected, on the record).
    const french = { ...conversation, dialogue: { shown: [], ...conversation.dialogue, language: 'fr' } };
    await app.channel.deliver(french, { id: 'a2', kind: 'agent', from: 'Alex', text: 'Bonjour !' });
    await app.channel.deliver(french, { id: 'a3', kind: 'agent', text: 'Une question ?' });
    expect(slack.posts.filter((p) => p.channel === channel).slice(-2).map((p) => p.text)).toEqual(["*Alex* (équipe d'assistance): Bonjour !", "*Équipe d'assistance*: Une question ?"]);

    // Products an agent sends: prices in the conversation's language too (a language without its own pack: the default's as a whole).
    const products = { products: [{ sku: 'KT-100', name: 'Hushboil Kettle', price: 1249.5, category: 'kitchen' }] };
    await app.channel.deliver({ ...french, dialogue: { ...french.dialogue, language: 'es' } }, { id: 'a4', kind: 'agent', text: 'Este:', attachments: products });
    await app.channel.deliver({ ...french, dialogue: { ...french.dialogue, language: 'it' } }, { id: 'a5', kind: 'agent', text: 'Questo:', attachments: products });
    const prices = slack.posts.filter((p) => p.channel === channel).slice(-2).map((p) => (p.blocks?.at(-1) as { text: { text: string } }).text.text);
    expect(prices).toEqual(['*Hushboil Kettle*\n1249,50\u00a0US$ · KT-100', '*Hushboil Kettle*\n$1,249.50 · KT-100']);
  });

  it('apologises in the thread when the turn fails', async () => {
    const { user, channel } = shopper();
    engine.script(() => new Error('engine down'));
    await send(eventCallback({ event: imMessage({ user, channel, text: 'boom' }) }));
    const post = await slack.waitForPost((p) => p.channel === channel);
    expect(post.text).toBe('Something went wrong, please try again.');
    const german = shopper();
    await send(eventCallback({ event: imMessage({ ...german, text: 'Ich möchte meinen Wasserkocher zurückgeben, er ist zu laut.' }) }));
    expect((await slack.waitForPost((p) => p.channel === german.channel)).text).toBe('Etwas ist schiefgelaufen, bitte versuchen Sie es erneut.');
  });

  it('asks for a question when the message is only a mention', async () => {
    const before = engine.calls;
    const top = appMention({ channel: 'C0EMPTY01', text: `<@${slack.botUserId}>` });
    await send(eventCallback({ event: top }));
    const post = await slack.waitForPost((p) => p.thread_ts === top.ts);
    expect(post.text).toBe('Hi! I can help you choose a product, return an item or check a warranty.');
    expect(engine.calls).toBe(before);
  });

  it('asks auth.test once for its identity', () => {
    expect(slack.authTestCalls).toBe(1);
    expect(slack.rejected).toBe(0);
  });
});
