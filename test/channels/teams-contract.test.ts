import { afterAll, beforeAll } from 'vitest';
import { startFakeBotFramework, type FakeBotFramework } from '../fakes/fake-bot-framework.js';
import { runChannelContract } from './channel-contract.js';
import { redisBundles } from './redis-bundles.js';
import { fakeOptions, startTeamsApp } from './teams-setup.js';

let bf: FakeBotFramework;
let customers = 0;

beforeAll(async () => {
  bf = await startFakeBotFramework();
});
afterAll(async () => {
  await bf?.close();
});

runChannelContract(
  'teams',
  async ({ engine, bundle }) => {
    const app = await startTeamsApp({ options: fakeOptions(bf), engine, store: bundle.store });
    const user = { id: `29:contract-${++customers}`, name: `Contract Customer ${customers}` };
    const conversationId = `a:contract-${customers}`;
    // The same messageId is the same activity, delivered again.
    const activities = new Map<string, Record<string, unknown>>();
    const activityFor = (text: string, messageId?: string) => {
      if (messageId && activities.has(messageId)) return activities.get(messageId)!;
      const activity = bf.message({ text, user, conversationId });
      if (messageId) activities.set(messageId, activity);
      return activity;
    };
    return {
      channel: 'teams',
      userId: user.id,
      channelImpl: app.channel,
      send: (text, opts) => bf.post(app.endpoint, activityFor(text, opts?.messageId)),
      forgeries: [
        { name: 'no Authorization header', status: 401, send: (text) => bf.post(app.endpoint, activityFor(text), { authorization: null }) },
        { name: 'token for another bot', status: 401, send: (text) => bf.post(app.endpoint, activityFor(text), { token: { audience: 'not-us' } }) },
        { name: 'expired token', status: 401, send: (text) => bf.post(app.endpoint, activityFor(text), { token: { expiresIn: -3600 } }) },
        { name: 'signature by an unpublished key', status: 401, send: (text) => bf.post(app.endpoint, activityFor(text), { token: { key: 'forged' } }) },
      ],
      seen: () => bf.messagesTo(conversationId).map((a) => String(a.activity.text)),
      settle: () => app.background.idle(),
      close: () => app.close(),
    };
  },
  redisBundles('teams'),
);
