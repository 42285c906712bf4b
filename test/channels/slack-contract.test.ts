import { afterAll, beforeAll } from 'vitest';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/fake-slack-api.js';
import { eventCallback, imMessage, sendSlackEvent } from '../fakes/fake-slack-events.js';
import { runChannelContract } from './channel-contract.js';
import { redisBundles } from './redis-bundles.js';
import { slackTestOptions, startSlackApp } from './slack-setup.js';

let slack: FakeSlackApi;
let customers = 0;

beforeAll(async () => {
  slack = await startFakeSlackApi();
});
afterAll(async () => {
  await slack?.close();
});

runChannelContract(
  'slack',
  async ({ engine, bundle }) => {
    const app = await startSlackApp({ options: slackTestOptions(slack), engine, store: bundle.store });
    const user = `U0CONTRACT${++customers}`;
    const channel = `D0CONTRACT${customers}`;
    // The same messageId is the same event (same event_id), delivered again.
    const payloads = new Map<string, unknown>();
    const payloadFor = (text: string, messageId?: string) => {
      if (messageId && payloads.has(messageId)) return payloads.get(messageId)!;
      const payload = eventCallback({ teamId: slack.teamId, event: imMessage({ text, user, channel }) });
      if (messageId) payloads.set(messageId, payload);
      return payload;
    };
    const stale = () => Math.floor(Date.now() / 1000) - 10 * 60;
    return {
      channel: 'slack',
      userId: user,
      channelImpl: app.channel,
      send: (text, opts) => sendSlackEvent(app.endpoint, app.secret, payloadFor(text, opts?.messageId)),
      forgeries: [
        { name: 'no signature', status: 401, send: (text) => sendSlackEvent(app.endpoint, app.secret, payloadFor(text), { signature: null }) },
        { name: 'signed with another secret', status: 401, send: (text) => sendSlackEvent(app.endpoint, 'guessed-secret', payloadFor(text)) },
        { name: 'replayed after 10 minutes', status: 401, send: (text) => sendSlackEvent(app.endpoint, app.secret, payloadFor(text), { timestamp: stale() }) },
      ],
      seen: () => slack.posts.filter((p) => p.channel === channel).map((p) => p.text),
      settle: () => app.background.idle(),
      close: () => app.close(),
    };
  },
  redisBundles('slack'),
);
