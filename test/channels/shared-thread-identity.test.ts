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

describe.each(['memory', 'redis'])('a Slack thread shared by several people (%s store)', (storeKind) => {
let bundle: StoreBundle;
let slack: FakeSlackApi;
let app: SlackApp;

beforeAll(async () => {
  bundle = await stores[storeKind]!();
  const { engine } = await createRealEngine(bundle);
  slack = await startFakeSlackApi();
  app = await startSlackApp({ options: slackTestOptions(slack), engine, store: bundle.store });
});
afterAll(async () => {
  await app?.close();
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
});
