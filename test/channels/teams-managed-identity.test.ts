import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/create-memory-store.js';
import type { StoreBundle } from '../../src/store/store-bundle.js';
import { startFakeBotFramework, type FakeBotFramework } from '../fakes/fake-bot-framework.js';
import { createScriptedEngine } from './scripted-engine.js';
import { fakeOptions, startTeamsApp, type TeamsApp } from './teams-setup.js';

/**
 * MicrosoftAppType=UserAssignedMSI: the connector's managed identity path (DefaultAzureCredential
 * through @azure/identity), answered by the fake's App Service identity endpoint. Vitest runs
 * each test file in its own process, so the identity variables set here stay in this file.
 */
let bf: FakeBotFramework;
let bundle: StoreBundle;
let app: TeamsApp;
const saved = { endpoint: process.env.IDENTITY_ENDPOINT, header: process.env.IDENTITY_HEADER };

beforeAll(async () => {
  bf = await startFakeBotFramework();
  process.env.IDENTITY_ENDPOINT = bf.managedIdentityEndpoint;
  process.env.IDENTITY_HEADER = bf.identityHeader;
  bundle = createMemoryStore({ historyTtlSeconds: 3600, maxMessages: 10 });
  app = await startTeamsApp({
    options: fakeOptions(bf, { appType: 'UserAssignedMSI', appPassword: undefined }),
    engine: createScriptedEngine(bundle.store),
    store: bundle.store,
  });
});

afterAll(async () => {
  await app?.close();
  await bf?.close();
  await bundle?.close();
  process.env.IDENTITY_ENDPOINT = saved.endpoint;
  process.env.IDENTITY_HEADER = saved.header;
  if (saved.endpoint === undefined) delete process.env.IDENTITY_ENDPOINT;
  if (saved.header === undefined) delete process.env.IDENTITY_HEADER;
});

describe('Teams with a user-assigned managed identity', () => {
  it('replies with a token from the managed identity, for the bot client id and the Bot Framework resource', async () => {
    const activity = bf.message({ text: 'hello from a managed bot' });
    const res = await bf.post(app.endpoint, activity);
    expect(res.status).toBe(202);
    const reply = await bf.waitFor((a) => a.activity.type === 'message' && a.replyToId === activity.id, 15_000);
    expect(reply.authorization).toMatch(/^Bearer fake-msi-/);
    expect(bf.managedIdentityRequests.length).toBeGreaterThan(0);
    expect(bf.managedIdentityRequests.every((r) => r.ok && r.clientId === bf.appId)).toBe(true);
    expect(bf.tokenRequests).toHaveLength(0);
  });
});
