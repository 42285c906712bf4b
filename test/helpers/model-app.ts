import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Running } from '../../src/main.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { startTestApp } from './test-app.js';

/**
 * The whole app with a scripted fake model (no model router) for the enclosing describe block:
 * started before its tests, the fake's queue reset before each, both stopped after.
 */
export function useModelApp() {
  const held: { app?: Running; fake?: FakeOpenAIServer } = {};
  beforeAll(async () => {
    held.fake = await startFakeOpenAIServer();
    held.app = await startTestApp({ env: { OPENAI_BASE_URL: held.fake.baseURL, OPENAI_API_KEY: 'k', ROUTER_MODEL_ENABLED: 'false', MODEL_TIMEOUT_MS: '5000' } });
  });
  afterAll(async () => {
    await held.app?.stop();
    await held.fake?.close();
  });
  beforeEach(() => held.fake?.reset());
  return {
    get app(): Running {
      return held.app!;
    },
    get fake(): FakeOpenAIServer {
      return held.fake!;
    },
    /** The tool results the model got back since the last reset, parsed. */
    toolResults: () => held.fake!.requests.flatMap((r) => r.toolResults.map((t) => JSON.parse(t.content) as Record<string, any>)),
  };
}
