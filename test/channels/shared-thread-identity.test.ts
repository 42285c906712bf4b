import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RETURNS_COLLECTION } from '../../src/commerce/store-commerce.js';
import type { StoreBundle } from '../../src/store/store-bundle.js';
import { owner } from '../commerce/demo-fixture.js';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/fake-slack-api.js';
import { appMention, eventCallback, nextTs, sendSlackEvent } from '../fakes/fake-slack-events.js';
import { createRealEngine } from './real-engine.js';
import { createMemoryStore } from '../../src/store/create-memory-store.js';
import { redisBundles } from './redis-bundles.js';
import { slackTestOptions, startSlackApp, type SlackApp } from './slack-setup.js';
import { startFakeBotFramework, type FakeBotFramework } from '../fakes/fake-bot-framework.js';
import { fakeOptions, startTeamsApp, type TeamsApp } from './teams-setup.js';

/**
 * A Slack channel thread is one conversation that several workspace users write in. The customer
 * who verified an order there is bound to it, but the next person in the thread is someone else:
 * they must not read that customer's orders, nor confirm the return proposed to them. On main the
 * verification belonged to the thread, so anyone replying in it inherited it.
 */
const makeRedis = redisBundles('shared-thread');
const stores: Record<string, () => Promise<StoreBundle>> = {
  memory: async () => createMemoryStore({ historyTtlSeconds: 3600, maxMessages: 100 }),
  redis: makeRedis,
};

describe.each(['memory', 'redis'])('a conversation several people write in (%s store)', (storeKind) => {
  let bundle: StoreBundle;
  let slack: FakeSlackApi;
  let app: SlackApp;
  let bf: FakeBotFramework;
  let teams: TeamsApp;

  beforeAll(async () => {
    bundle = await stores[storeKind]!();
    const { engine } = await createRealEngine(bundle);
    slack = await startFakeSlackApi();
    app = await startSlackApp({ options: slackTestOptions(slack), engine, store: bundle.store });
    bf = await startFakeBotFramework();
    teams = await startTeamsApp({ options: fakeOptions(bf), engine, store: bundle.store });
  });
  afterAll(async () => {
    await app?.close();
    await teams?.close();
    await bf?.close();
    await slack?.close();
    await bundle?.close();
  });

  const channel = 'C0SHARED01';
  const threadTs = nextTs();

  async function inThread(user: string, text: string, first = false): Promise<string> {
    const seen = slack.posts.filter((p) => p.channel === channel).length;
    const event = appMention({ channel, user, text: `<@${slack.botUserId}> ${text}`, ...(first ? { ts: threadTs } : { thread_ts: threadTs }) });
    expect((await sendSlackEvent(app.endpoint, app.secret, eventCallback({ teamId: slack.teamId, event }))).status).toBe(200);
    await slack.waitForPost((p) => p.channel === channel && slack.posts.filter((q) => q.channel === channel).indexOf(p) >= seen, 15_000);
    return slack.posts.filter((p) => p.channel === channel).at(-1)!.text;
  }
  const returnsFor = async (orderId: string) =>
    (await bundle.store.listRecords<{ orderId: string }>(RETURNS_COLLECTION, { limit: 1000 })).filter((r) => r.orderId === orderId).length;

  it('only the person who verified sees their order and can confirm what was proposed to them', async () => {
    const orderId = 'SB-10007';
    await inThread('U0OWNER001', `I want to return order ${orderId}`, true);
    const proposed = await inThread('U0OWNER001', owner(orderId).email);
    expect(proposed).toMatch(/confirmed/i);
    expect(proposed).toMatch(/PHN-5001|phone/i);
    expect(await returnsFor(orderId)).toBe(0);

    // Someone else in the same thread: the "yes" to the owner's proposal starts nothing...
    await inThread('U0STRANGER', 'yes');
    expect(await returnsFor(orderId)).toBe(0);
    // ...and the owner's orders stay unseen.
    for (const question of [`where is order ${orderId}?`, `what was in order ${orderId}?`, `I want to return order ${orderId}`]) {
      const answer = await inThread('U0STRANGER', question);
      expect(answer).not.toMatch(/Swiftline|SW79245433|PHN-5001|delivered on/);
    }
  });

  it('the same holds in a Teams group chat', async () => {
    const conversationId = `19:group-${storeKind}@thread.v2`;
    const say = async (user: { id: string; name: string }, text: string) => {
      const activity = bf.message({ text, user, conversationId });
      expect((await bf.post(teams.endpoint, activity)).status).toBe(202);
      const reply = await bf.waitFor((a) => a.activity.type === 'message' && a.replyToId === activity.id, 15_000);
      return String(reply.activity.text);
    };
    const returns = async () => (await bundle.store.listRecords<{ orderId: string }>(RETURNS_COLLECTION, { limit: 1000 })).filter((r) => r.orderId === 'SB-10008').length;
    const ownerUser = { id: '29:owner', name: 'Owner' };
    const stranger = { id: '29:stranger', name: 'Stranger' };
    await say(ownerUser, 'I want to return order SB-10008');
    expect(await say(ownerUser, owner('SB-10008').email)).toMatch(/confirmed/i);
    await say(stranger, 'yes');
    expect(await returns()).toBe(0);
    expect(await say(stranger, 'where is order SB-10008?')).toMatch(/e-mail address/);
  });
});
