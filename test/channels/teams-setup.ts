import { silentLogger } from '../../src/core/logger.js';
import type { Store } from '../../src/core/store.js';
import { createBackgroundWork, type BackgroundWork } from '../../src/channels/background-work.js';
import { createBotConnection, type BotConnection } from '../../src/channels/teams/bot-connection.js';
import { createTeamsChannel } from '../../src/channels/teams/teams-channel.js';
import type { TeamsOptions } from '../../src/channels/teams/teams-options.js';
import { TEAMS_MOUNT_PATH, teamsRoutes, type TeamsRoutesDeps } from '../../src/channels/teams/teams-routes.js';
import type { Channel } from '../../src/core/channel.js';
import type { Engine } from '../../src/core/engine.js';
import { systemClock } from '../../src/core/clock.js';
import { loadLocalePacks } from '../../src/locale/locale-packs.js';
import type { FakeBotFramework } from '../fakes/fake-bot-framework.js';
import { startTestServer, type TestServer } from './test-server.js';

const LOCALES = new URL('../../locales', import.meta.url).pathname;

export interface TeamsApp {
  server: TestServer;
  /** POST target for activities. */
  endpoint: string;
  connection: BotConnection;
  channel: Channel;
  background: BackgroundWork;
  close(): Promise<void>;
}

/** Options that point the channel at a fake Bot Framework. */
export function fakeOptions(bf: FakeBotFramework, overrides: Partial<TeamsOptions> = {}): TeamsOptions {
  return {
    appId: bf.appId,
    appPassword: bf.appSecret,
    appType: 'MultiTenant',
    authDisabled: false,
    openIdMetadataUrl: bf.openIdMetadataUrl,
    tokenEndpoint: bf.tokenEndpoint,
    ...overrides,
  };
}

/** The Teams routes and channel, wired as main.ts wires them, on a real HTTP server. */
export async function startTeamsApp(input: {
  options: TeamsOptions;
  engine: Engine;
  store: Store;
  routes?: Partial<Omit<TeamsRoutesDeps, 'connection' | 'engine' | 'store' | 'background'>>;
}): Promise<TeamsApp> {
  const connection = createBotConnection({ options: input.options, logger: silentLogger });
  const locales = await loadLocalePacks(LOCALES);
  const background = createBackgroundWork(silentLogger);
  const router = teamsRoutes({
    connection,
    engine: input.engine,
    store: input.store,
    clock: systemClock,
    logger: silentLogger,
    limits: { maxMessageChars: 2000 },
    typingIntervalMs: 60_000,
    locales,
    background,
    ...input.routes,
  });
  const server = await startTestServer([{ path: TEAMS_MOUNT_PATH, router }]);
  return {
    server,
    endpoint: `${server.url}${TEAMS_MOUNT_PATH}`,
    connection,
    channel: createTeamsChannel({ connection, logger: silentLogger, locales, ...(input.routes?.currency ? { currency: input.routes.currency } : {}) }),
    background,
    async close() {
      await background.idle();
      await server.close();
    },
  };
}
