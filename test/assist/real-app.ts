import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import express from 'express';
import { createAssist, type Assist, type AssistConfig } from '../../src/assist/assist-routes.js';
import { createChannelRegistry } from '../../src/channels/channel-registry.js';
import { createWebchatChannel } from '../../src/channels/webchat/webchat-channel.js';
import { webchatRoutes } from '../../src/channels/webchat/webchat-routes.js';
import { createDemoCommerce } from '../../src/commerce/demo-commerce.js';
import { parseEnv } from '../../src/config/config.js';
import { systemClock } from '../../src/core/clock.js';
import type { Engine } from '../../src/core/engine.js';
import { silentLogger } from '../../src/core/logger.js';
import type { SkillSet, SkillSource } from '../../src/core/skill.js';
import { createEngine } from '../../src/engine/engine.js';
import { createApp } from '../../src/http/create-app.js';
import { createModelFromEnv } from '../../src/model/model-from-env.js';
import { createPricer, priceTableFromEnv } from '../../src/model/price-table.js';
import { createOfflineResponder } from '../../src/offline/offline-responder.js';
import { createRouter } from '../../src/router/create-router.js';
import { loadSkillSet } from '../../src/skills/load-skill-set.js';
import { createPromptAssembler } from '../../src/skills/prompt-assembler.js';
import type { StoreBundle } from '../../src/store/store-bundle.js';
import { createToolExecutor } from '../../src/tools/run-tool-call.js';
import { createToolRegistry } from '../../src/tools/tool-registry.js';

/**
 * The whole product on one store bundle, wired as main.ts wires it (real skills, prompts,
 * router, commerce, tools, offline responder and engine; the real `openai` client when
 * `modelBaseURL` points at a fake OpenAI server), with the web chat API, the widget and
 * the assist panel, on 127.0.0.1:0. Two of these on one Redis prefix are two processes.
 */
export interface RealApp {
  url: string;
  engine: Engine;
  assist: Assist;
  skills: SkillSet;
  close(): Promise<void>;
}

const ROOT = path.resolve(new URL('../..', import.meta.url).pathname);
let skillCache: Promise<SkillSet> | undefined;

export async function startRealApp(opts: {
  bundle: StoreBundle;
  accounts: string;
  modelBaseURL?: string;
  env?: Record<string, string>;
  config?: Partial<AssistConfig>;
}): Promise<RealApp> {
  const { bundle } = opts;
  const env = parseEnv({ MODEL_MAX_RETRIES: '0', ...(opts.modelBaseURL ? { OPENAI_BASE_URL: opts.modelBaseURL } : {}), ...opts.env });
  const clock = systemClock;
  const logger = silentLogger;
  const commerce = await createDemoCommerce({ dir: path.join(ROOT, 'skills/_store'), store: bundle.store, clock });
  const tools = createToolRegistry();
  // Skills and prompts are read-only here; loading them once per test file keeps the suite light.
  skillCache ??= loadSkillSet({ skillsDir: path.join(ROOT, 'skills'), promptsDir: path.join(ROOT, 'prompts'), commerce, tools });
  const skills = await skillCache;
  const source: SkillSource = { current: () => skills, onChange: () => () => undefined };
  const model = createModelFromEnv(env, { logger }).client;
  const engine = createEngine({
    store: bundle.store,
    bus: bundle.bus,
    skills: source,
    router: createRouter({ skills, model: env.ROUTER_MODEL_ENABLED ? model : null, threshold: env.ROUTER_THRESHOLD, logger }),
    model,
    assembler: createPromptAssembler({ commerce, tokenizerModel: env.OPENAI_MODEL, tools }),
    tools,
    runTool: createToolExecutor(tools),
    commerce,
    offline: createOfflineResponder({ commerce, tools }),
    price: createPricer(priceTableFromEnv(env)),
    logger,
    clock,
    options: { turnTimeoutMs: 10_000 },
  });
  const channels = createChannelRegistry([createWebchatChannel(bundle.bus)]);
  const assist = createAssist({
    store: bundle.store,
    bus: bundle.bus,
    rateLimiters: bundle.rateLimiters,
    engine,
    channels,
    skills: source,
    clock,
    logger,
    config: { agentAccounts: opts.accounts, sessionTtlSeconds: 3600, cookieSecure: false, maxMessageChars: 2000, bodyLimitBytes: 64 * 1024, ...opts.config },
  });
  const webchat = webchatRoutes({
    store: bundle.store,
    bus: bundle.bus,
    engine,
    clock,
    logger,
    limits: { maxMessageChars: 2000, bodyLimitBytes: 64 * 1024, tokenTtlSeconds: 3600 },
    erase: assist.erase,
  });
  // The widget loads its SSE parser from /vendor (main.ts serves it the same way).
  const vendor = express.Router();
  vendor.get('/eventsource-parser.js', (_req, res) => {
    res.type('application/javascript').sendFile(path.join(ROOT, 'node_modules/eventsource-parser/dist/index.js'));
  });
  const app = createApp({
    logger,
    mounts: [
      { path: '/api/chat', router: webchat, cors: true },
      { path: '/vendor', router: vendor },
      { path: '/', router: assist.router },
    ],
    healthChecks: {},
    corsOrigins: [],
    staticDir: path.join(ROOT, 'web'),
  });
  const sockets = new Set<Socket>();
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    engine,
    assist,
    skills,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
