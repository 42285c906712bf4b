import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/core/conversation.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { accountsEnv, memoryBundle, signIn } from '../assist/assist-harness.js';
import { askNewConversation, startRealApp, type RealApp } from '../assist/real-app.js';

/*
 * Help-centre knowledge through the whole product over HTTP: a question routed to `other`
 * is answered from the shipping article (offline and with a model), the reply and the
 * stored turn carry the article as their source, and the agent panel shows it.
 */

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

async function app(withModel: boolean): Promise<RealApp> {
  const bundle = memoryBundle();
  open.push(bundle);
  const a = await startRealApp({ bundle, accounts, ...(withModel ? { modelBaseURL: fake.baseURL } : {}), env: { ROUTER_MODEL_ENABLED: 'false' } });
  open.push(a);
  return a;
}

interface Said {
  route: { skill: string } | null;
  reply: { text: string; messageId: string; attachments?: { sources?: Array<{ articleId: string; title: string; url?: string }>; offerHuman?: boolean } } | null;
}

async function ask(url: string, text: string): Promise<{ conversationId: string; said: Said }> {
  const { conversationId, status, said } = await askNewConversation<Said>(url, text);
  expect(status).toBe(200);
  return { conversationId, said };
}

async function panelMessages(url: string, conversationId: string): Promise<StoredMessage[]> {
  const alice = await signIn(url, 'alice', 'alice password 1');
  return (await alice.json<{ messages: StoredMessage[] }>('GET', `/conversations/${conversationId}`)).messages;
}

const botOf = (messages: StoredMessage[]) => messages.find((m): m is Extract<StoredMessage, { role: 'bot' }> => m.role === 'bot')!;

describe('knowledge over HTTP', () => {
  it('offline: "do you ship to Canada?" routed to other is answered from the shipping article, with its source on the turn and in the panel', async () => {
    const a = await app(false);
    const { conversationId, said } = await ask(a.url, 'Do you ship to Canada?');
    expect(said.route?.skill).toBe('other');
    expect(said.reply?.text).toContain('Shipping and delivery');
    expect(said.reply?.text).toMatch(/^> We ship to .*Canada/m);
    expect(said.reply?.text).toContain('https://shop.kestrel-lane.example/help/shipping');
    expect(said.reply?.text).not.toMatch(/can't help/);
    expect(said.reply?.attachments?.sources?.[0]).toMatchObject({ articleId: 'shipping-and-delivery', title: 'Shipping and delivery' });

    const bot = botOf(await panelMessages(a.url, conversationId));
    expect(bot.sources).toEqual([
      { articleId: 'shipping-and-delivery', title: 'Shipping and delivery', url: 'https://shop.kestrel-lane.example/help/shipping', heading: 'Countries we ship to' },
    ]);
    // The panel page renders them (the transcript view reads `sources` from that message).
    const alice = await signIn(a.url, 'alice', 'alice password 1');
    const view = await fetch(`${a.url}/agent/view.js`, { headers: { Cookie: alice.cookie } });
    expect(view.status).toBe(200);
    const script = await view.text();
    expect(script).toContain('sourcesBlock(m.sources)');
    expect(script).toContain("dataset: { role: 'sources' }");
  });

  it('with a model: the passages are in the prompt as a marked block, search_knowledge answers the model, and both are the reply\'s sources', async () => {
    const a = await app(true);
    fake.handle((req) =>
      req.toolResults.length === 0
        ? { kind: 'tool_calls', calls: [{ name: 'search_knowledge', arguments: { query: 'gift wrapping' } }] }
        : { kind: 'text', text: 'Yes, we ship to Canada. We also offer gift wrapping for $4.99 per order.' },
    );
    const { conversationId, said } = await ask(a.url, 'Do you ship to Canada?');
    expect(said.route?.skill).toBe('other');
    expect(said.reply?.text).toBe('Yes, we ship to Canada. We also offer gift wrapping for $4.99 per order.');
    const first = fake.requests[0]!;
    const system = first.messages.filter((m) => m.role === 'system').map((m) => String(m.content)).join('\n');
    expect(system).toMatch(/<article source="Shipping and delivery — Countries we ship to" url="https:\/\/shop\.kestrel-lane\.example\/help\/shipping">\n[^<]*Canada/);
    expect(first.tools.map((t) => (t as { function: { name: string } }).function.name)).toContain('search_knowledge');

    const bot = botOf(await panelMessages(a.url, conversationId));
    expect(bot.offline).toBe(false);
    expect(bot.sources?.map((s) => s.articleId)).toEqual(expect.arrayContaining(['shipping-and-delivery', 'faq']));
  });

  it('with a model: a reply stating a delivery time no article gives is rejected by the guard', async () => {
    const a = await app(true);
    fake.handle(() => ({ kind: 'text', text: 'Yes, we ship to Canada and it arrives within 12 working days.' }));
    const { conversationId, said } = await ask(a.url, 'Do you ship to Canada?');
    expect(said.reply?.text).not.toContain('12 working days');
    const bot = botOf(await panelMessages(a.url, conversationId));
    expect(bot.flags).toContain('guard_triggered');
    // Both drafts were rejected: the offline answer from the article went out instead.
    expect(bot.offline).toBe(true);
    expect(bot.sources?.[0]?.articleId).toBe('shipping-and-delivery');
  });
});
