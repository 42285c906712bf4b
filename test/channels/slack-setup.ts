import { randomBytes } from 'node:crypto';
import { createBackgroundWork, type BackgroundWork } from '../../src/channels/background-work.js';
import { createSlackApi } from '../../src/channels/slack/slack-api.js';
import { createSlackChannel } from '../../src/channels/slack/slack-channel.js';
import type { SlackOptions } from '../../src/channels/slack/slack-options.js';
import { SLACK_MOUNT_PATH, slackRoutes, type SlackRoutesDeps } from '../../src/channels/slack/slack-routes.js';
import type { Channel } from '../../src/core/channel.js';
import { systemClock } from '../../src/core/clock.js';
import { loadLocalePacks } from '../../src/locale/locale-packs.js';
import type { Engine } from '../../src/core/engine.js';
import { silentLogger } from '../../src/core/logger.js';
import type { Store } from '../../src/core/store.js';
import type { FakeSlackApi } from '../fakes/fake-slack-api.js';
import { startTestServer, type TestServer } from './test-server.js';

const LOCALES = new URL('../../locales', import.meta.url).pathname;

export interface SlackApp {
  server: TestServer;
  endpoint: string;
  secret: string;
  channel: Channel;
  background: BackgroundWork;
  close(): Promise<void>;
}

export function slackTestOptions(slack: FakeSlackApi, overrides: Partial<SlackOptions> = {}): SlackOptions {
  return { signingSecret: randomBytes(16).toString('hex'), botToken: slack.token, apiUrl: slack.apiUrl, ...overrides };
}

/** The Slack routes and channel, wired as main.ts wires them, on a real HTTP server. */
export async function startSlackApp(input: {
  options: SlackOptions;
  engine: Engine;
  store: Store;
  routes?: Partial<Pick<SlackRoutesDeps, 'limits' | 'clock' | 'currency'>>;
}): Promise<SlackApp> {
  const api = createSlackApi({ options: input.options, logger: silentLogger });
  const locales = await loadLocalePacks(LOCALES);
  const background = createBackgroundWork(silentLogger);
  const router = slackRoutes({
    options: input.options,
    api,
    engine: input.engine,
    store: input.store,
    clock: systemClock,
    logger: silentLogger,
    limits: { maxMessageChars: 2000 },
    locales,
    background,
    ...input.routes,
  });
  const server = await startTestServer([{ path: SLACK_MOUNT_PATH, router }]);
  return {
    server,
    endpoint: `${server.url}${SLACK_MOUNT_PATH}`,
    secret: input.options.signingSecret ?? '',
    channel: createSlackChannel({ api, logger: silentLogger, locales, ...(input.routes?.currency ? { currency: input.routes.currency } : {}) }),
    background,
    async close() {
      await background.idle();
      await server.close();
    },
  };
}
