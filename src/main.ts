import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express, type Request, type RequestHandler } from 'express';
import { createAssist, assistConfigFromEnv, type Assist, type AssistConfig } from './assist/assist-routes.js';
import { createAgentDirectory, hasAgentAccounts, parseAgentAccounts } from './assist/agent-accounts.js';
import { createAgentPresence } from './assist/agent-presence.js';
import { createChannelRegistry } from './channels/channel-registry.js';
import { slackOptionsFromEnv } from './channels/slack/slack-options.js';
import { createSlackApi } from './channels/slack/slack-api.js';
import { createSlackChannel } from './channels/slack/slack-channel.js';
import { SLACK_MOUNT_PATH, slackRoutes } from './channels/slack/slack-routes.js';
import { createBackgroundWork, type BackgroundWork } from './channels/background-work.js';
import { createBotConnection } from './channels/teams/bot-connection.js';
import { createTeamsChannel } from './channels/teams/teams-channel.js';
import { teamsOptionsFromEnv } from './channels/teams/teams-options.js';
import { TEAMS_MOUNT_PATH, teamsRoutes } from './channels/teams/teams-routes.js';
import { createWebchatChannel } from './channels/webchat/webchat-channel.js';
import { webchatRoutes } from './channels/webchat/webchat-routes.js';
import { startCatalogSync, type CatalogSync } from './commerce/catalog-sync.js';
import { createCommerce } from './commerce/create-commerce.js';
import type { StoreCommerce } from './commerce/store-commerce.js';
import { parseEnv, type Env } from './config/config.js';
import { loadDotEnv } from './config/dotenv.js';
import { systemClock, type Clock } from './core/clock.js';
import type { Engine } from './core/engine.js';
import { ConfigError, HttpError } from './core/errors.js';
import type { Logger } from './core/logger.js';
import type { Router } from './core/route.js';
import { createEngine, type EngineOptions } from './engine/engine.js';
import { createAnswerGuard } from './guard/create-answer-guard.js';
import { createApp } from './http/create-app.js';
import { createMetrics, type Metrics } from './http/metrics.js';
import { clientAddressKey } from './http/client-address.js';
import { rateLimit, rateLimits } from './http/rate-limit.js';
import { storeRoutes } from './http/store-routes.js';
import { createLogger } from './logging/create-logger.js';
import { createModelFromEnv } from './model/model-from-env.js';
import type { OpenAIModelClient } from './model/openai-model-client.js';
import { createPricer, priceTableFromEnv } from './model/price-table.js';
import { loadAppLanguage, localesDirOf } from './locale/app-language.js';
import { storeFallbackLanguage } from './locale/locale-packs.js';
import { fromRoot, ROOT } from './config/repo-root.js';
import { createKnowledgeTerms } from './knowledge/knowledge-terms.js';
import { verifyIdentityToken } from './identity/identity-token.js';
import { demoIdentityRoutes } from './http/demo-identity-routes.js';
import type { DemoBackend } from './commerce/demo-backend.js';
import { createOfflineResponder } from './offline/offline-responder.js';
import { createKnowledgeSource, type LiveKnowledgeBase } from './knowledge/knowledge-source.js';
import { createRouter, type SwitchboardRouter } from './router/create-router.js';
import { loadSkillSet } from './skills/load-skill-set.js';
import { createPromptAssembler } from './skills/prompt-assembler.js';
import { createSkillSource, type ReloadingSkillSource } from './skills/skill-source.js';
import { createMemoryStore } from './store/create-memory-store.js';
import type { StoreBundle } from './store/store-bundle.js';
import { createToolExecutor } from './tools/run-tool-call.js';
import { createToolRegistry } from './tools/tool-registry.js';
import { checkTree } from './cli/prompts-check.js';
import { insightsConfigFromEnv } from './insights/insights-config.js';
import { createInsightsRecorder, type InsightsRecorder } from './insights/insights-recorder.js';
import { createRoutingProposals } from './insights/routing-proposals.js';
import { createTopicService, type TopicService } from './insights/topic-service.js';
import { allObservers } from './insights/turn-observers.js';

/** The repository root, so `npm start` works from any working directory. */
export { ROOT };

export interface ComposeOverrides {
  logger?: Logger;
  clock?: Clock;
  /** A store bundle made by the caller (tests share one Redis prefix between two apps). */
  store?: StoreBundle;
  /** Redis key prefix when the store is built here from REDIS_URL. */
  redisPrefix?: string;
  engineOptions?: Partial<EngineOptions>;
  /** Replaces the routing step the engine uses (tests drive the engine's clarify and fallback paths). */
  router?: Router;
  /** Assist panel settings beyond the env (login limits, live-feed intervals). */
  assist?: Partial<AssistConfig>;
  /** Default true; benchmarks turn the process metrics off. */
  defaultMetrics?: boolean;
}

export interface Composed {
  app: Express;
  env: Env;
  logger: Logger;
  store: StoreBundle;
  engine: Engine;
  router: SwitchboardRouter;
  skills: ReloadingSkillSource;
  /** The store's help articles (knowledge/ in the store folder), live. */
  knowledge: LiveKnowledgeBase;
  commerce: StoreCommerce;
  catalogSync: CatalogSync;
  model: OpenAIModelClient | null;
  modelDescription: string;
  assist: Assist;
  metrics: Metrics;
  /** Per-day counters, samples and topics for the Insights page. */
  insights: { recorder: InsightsRecorder; topics: TopicService };
  background: BackgroundWork;
  /** Refuse new work (503) from now on; /readyz says so. */
  beginShutdown(): void;
  isShuttingDown(): boolean;
  /** Waits for turns in flight (bounded by `timeoutMs`), then closes the watcher and the store. */
  close(timeoutMs?: number): Promise<void>;
}

/** Builds every part from the validated environment. Nothing listens here. */
export async function compose(env: Env, overrides: ComposeOverrides = {}): Promise<Composed> {
  const logger = overrides.logger ?? createLogger({ level: env.LOG_LEVEL });
  const clock = overrides.clock ?? systemClock;
  const skillsDir = fromRoot(env.SKILLS_DIR);
  const promptsDir = fromRoot(env.PROMPTS_DIR);

  // Config problems that need no I/O come first, so a typo fails before anything connects.
  const teamsOptions = teamsOptionsFromEnv(env);
  const slackOptions = slackOptionsFromEnv(env);
  const assistConfig: AssistConfig = { ...assistConfigFromEnv(env), ...overrides.assist };

  const metrics = createMetrics({ defaultMetrics: overrides.defaultMetrics });
  const price = createPricer(priceTableFromEnv(env));
  const { client: model, description: modelDescription } = createModelFromEnv(env, {
    logger,
    onCall: (info) =>
      metrics.onModelCall({
        purpose: info.purpose,
        skill: info.skill,
        variant: info.variant,
        outcome: info.outcome,
        latencyMs: info.latencyMs,
        promptTokens: info.usage.promptTokens,
        cachedTokens: info.usage.cachedTokens,
        completionTokens: info.usage.completionTokens,
        cost: info.cost,
      }),
  });

  // The Redis store is imported only when configured: its client is about 9 MB of heap that a
  // memory-store process never uses (issue 20: peak RSS).
  const store =
    overrides.store ??
    (env.REDIS_URL || env.REDIS_CLUSTER_NODES.length > 0
      ? await (await import('./store/create-redis-store.js')).createRedisStore({
          url: env.REDIS_URL,
          clusterNodes: env.REDIS_CLUSTER_NODES,
          prefix: overrides.redisPrefix,
          historyTtlSeconds: env.HISTORY_TTL_SECONDS,
          maxMessages: env.HISTORY_MAX_MESSAGES,
          emptyConversationTtlSeconds: env.EMPTY_CONVERSATION_TTL_SECONDS,
          logger,
          clock,
        })
      : createMemoryStore({
          historyTtlSeconds: env.HISTORY_TTL_SECONDS,
          maxMessages: env.HISTORY_MAX_MESSAGES,
          emptyConversationTtlSeconds: env.EMPTY_CONVERSATION_TTL_SECONDS,
          maxConversations: env.MEMORY_STORE_MAX_CONVERSATIONS,
          clock,
          logger,
        }));

  let built: StoreCommerce | undefined;
  let catalogSync: CatalogSync | undefined;
  let knowledge: LiveKnowledgeBase | undefined;
  // The store folder: catalog, policies, orders; watched with skills/ and prompts/ so an edit or a re-import is live.
  const storeDir = env.STORE_DIR ? fromRoot(env.STORE_DIR) : path.join(skillsDir, '_store');
  try {
    // The locale packs of LOCALES_DIR (each file parsed once, src/locale/pack-yaml.ts): every
    // reader of language data gets its part from here, never from the repository's folder.
    // The CLIs that build the app's parts load them the same way (src/locale/app-language.ts).
    const language = await loadAppLanguage(localesDirOf(env));
    const locales = language.packs;
    const commerce = await createCommerce({
      env,
      dir: storeDir,
      store: store.store,
      clock,
      logger,
      onCall: (info) => metrics.onCommerceCall(info),
      language: () => language.search(path.join(skillsDir, 'vocabulary.yaml')),
    });
    built = commerce;
    // The platform's catalog before the first customer (bounded by CATALOG_SYNC_TIMEOUT_MS; a failure keeps the folder's).
    catalogSync = startCatalogSync({
      commerce,
      intervalMs: env.CATALOG_SYNC_MINUTES * 60_000,
      logger,
      onSync: (r) => metrics.onCatalogSync({ backend: commerce.backend.kind, ...r }),
    });
    await catalogSync.first;
    const { retrieval, brandAttributes } = language;
    // The help articles live next to the catalog; a broken article stops start-up like a broken skill.
    const kb = await createKnowledgeSource({
      dir: path.join(storeDir, 'knowledge'),
      watch: env.SKILLS_WATCH,
      logger,
      terms: createKnowledgeTerms(retrieval, language.stem.knowledge),
    });
    knowledge = kb;
    const tools = createToolRegistry([], { knowledge });
    const skills = await createSkillSource({
      skillsDir,
      promptsDir,
      load: () => loadSkillSet({ skillsDir, promptsDir, commerce, tools, brandAttributes }),
      watch: env.SKILLS_WATCH,
      // The locale packs too: a pack's edit reloads the store, whose search reads the packs again,
      // and the skill set hands the stemmers it read to the router (`stemming: snowball` is live for both).
      dataDirs: [storeDir, language.dir],
      logger,
      beforeReload: () => commerce.reload(),
    });
    // The locale packs' language resources (stopwords, negation, contractions, shorthand, stemming...).
    const routerLanguage = language.router;
    const router = createRouter({
      skills: skills.current(),
      language: routerLanguage,
      model: env.ROUTER_MODEL_ENABLED ? model : null,
      threshold: env.ROUTER_THRESHOLD,
      logger,
    });
    skills.onChange((set) => router.retrain(set));

    const insightsConfig = insightsConfigFromEnv(env, ROOT);
    const insightsRecorder = createInsightsRecorder({ store: store.store, clock, logger, config: insightsConfig });
    const topics = createTopicService({ store: store.store, clock, logger, retentionSeconds: insightsConfig.retentionDays * 24 * 3600, retrieval });
    const proposals = createRoutingProposals({
      store: store.store,
      clock,
      logger,
      skillsDir,
      promptsDir,
      skills,
      evalFiles: () => insightsConfig.evalFiles,
      threshold: env.ROUTER_THRESHOLD,
      language: routerLanguage,
      detect: language.packs.detect,
      // The staged copy holds skills/ and prompts/; the store the app serves (STORE_DIR, when it
      // is set, lies outside skills/) is the one the demonstrations must name.
      checkTree: (dirs) => checkTree({ ...dirs, model: env.OPENAI_MODEL, maxMessageChars: env.MAX_MESSAGE_CHARS, language, ...(env.STORE_DIR ? { storeDir } : {}) }),
    });
    // Episodes whose outcome is due are counted on each turn; this catches quiet hours.
    const finalizer = setInterval(() => {
      insightsRecorder.finalizeDue().catch((err: unknown) => logger.warn({ err }, 'insights: could not count ended conversations'));
    }, 60_000);
    finalizer.unref();

    // Who is online in the panel, across processes: the engine's hand-offs say who can answer.
    const configuredAgents = parseAgentAccounts(assistConfig.agentAccounts);
    const agentDirectory = createAgentDirectory(store.store, configuredAgents);
    const presence = createAgentPresence({ store: store.store, clock, logger, hasAccounts: () => hasAgentAccounts(store.store, configuredAgents) });
    const engine = createEngine({
      staffing: presence,
      locales,
      auditRetentionSeconds: env.AUDIT_RETENTION_DAYS * 24 * 3600,
      verification: {
        perConversation: store.rateLimiters.create({ name: 'verify-conversation', points: env.VERIFY_ATTEMPTS_PER_HOUR, durationSeconds: 3600 }),
        perClient: store.rateLimiters.create({ name: 'verify-client', points: env.VERIFY_ATTEMPTS_PER_HOUR, durationSeconds: 3600 }),
        perOrder: store.rateLimiters.create({ name: 'verify-order', points: env.VERIFY_ATTEMPTS_PER_ORDER_PER_DAY, durationSeconds: 24 * 3600 }),
        // Past the order's limit, first tries only, at most ten times the order's limit a day (docs/security.md).
        pastOrderLimit: {
          checks: store.rateLimiters.create({ name: 'verify-order-first-try', points: env.VERIFY_ATTEMPTS_PER_ORDER_PER_DAY * 2, durationSeconds: 24 * 3600 }),
          attemptsPerHour: env.VERIFY_ATTEMPTS_PER_HOUR,
        },
      },
      store: store.store,
      bus: store.bus,
      skills,
      router: overrides.router ?? router,
      model,
      assembler: createPromptAssembler({ commerce, tokenizerModel: env.OPENAI_MODEL, tools, knowledge, words: language.facts, retrieval }),
      tools,
      runTool: createToolExecutor(tools),
      commerce,
      offline: createOfflineResponder({
        commerce,
        tools,
        knowledge,
        locales,
        words: { stem: language.stem.search, stopwords: routerLanguage.stopwords, topicShift: routerLanguage.topicShift },
        skills: () => skills.current().skills.values(),
      }),
      guard: createAnswerGuard({ commerce, tools, words: language.facts, phrases: language.guard }),
      price,
      observer: allObservers(logger, metrics.turnObserver, insightsRecorder),
      logger,
      clock,
      options: { turnTimeoutMs: Math.max(env.MODEL_TIMEOUT_MS * 2, 10_000), ...overrides.engineOptions },
    });

    const currency = commerce.storeInfo().currency;
    const background = createBackgroundWork(logger);
    const connection = createBotConnection({ options: teamsOptions, logger });
    const slackApi = createSlackApi({ options: slackOptions, logger });
    const channels = createChannelRegistry([
      createWebchatChannel(store.bus),
      createTeamsChannel({ connection, logger, currency, locales }),
      createSlackChannel({ api: slackApi, logger, currency, locales }),
    ]);
    const assist = createAssist({
      store: store.store,
      bus: store.bus,
      rateLimiters: store.rateLimiters,
      engine,
      channels,
      skills,
      clock,
      logger,
      config: assistConfig,
      insights: { config: insightsConfig, recorder: insightsRecorder, topics, proposals },
      presence,
      locales,
    });

    // Per-IP and per-conversation limits, counted in the store so every process shares them.
    const perIp = store.rateLimiters.create({ name: 'chat-ip', points: env.RATE_LIMIT_IP_PER_MINUTE, durationSeconds: 60 });
    const perConversation = store.rateLimiters.create({
      name: 'chat-conversation',
      points: env.RATE_LIMIT_CONVERSATION_PER_MINUTE,
      durationSeconds: 60,
    });
    const ipCheck = { limiter: perIp, key: (req: Request) => clientAddressKey(req.ip), what: 'from this address' };
    const ipLimit = rateLimit(ipCheck);
    // Both checked in one round trip to the store.
    const messageLimits = rateLimits([
      ipCheck,
      { limiter: perConversation, key: (req: Request) => (typeof req.params.id === 'string' ? req.params.id : null), what: 'in this conversation' },
    ]);
    const limits = { maxMessageChars: env.MAX_MESSAGE_CHARS };
    const webchat = webchatRoutes({
      store: store.store,
      bus: store.bus,
      engine,
      clock,
      logger,
      limits: {
        maxMessageChars: env.MAX_MESSAGE_CHARS,
        bodyLimitBytes: env.BODY_LIMIT_BYTES,
        tokenTtlSeconds: env.WIDGET_TOKEN_TTL_SECONDS,
        streams: { perConversation: env.SSE_MAX_PER_CONVERSATION, perAddress: env.SSE_MAX_PER_ADDRESS },
      },
      guards: { beforeCreate: ipLimit, beforeMessage: messageLimits },
      erase: assist.erase,
      rate: (conversationId, rating) => insightsRecorder.rate(conversationId, rating),
      agentDisplayName: async (agent) => (await agentDirectory.find(agent))?.displayName,
      currency: () => commerce.storeInfo().currency,
      storeLanguage: () => storeFallbackLanguage(commerce.storeInfo().language, locales),
      locales,
      ...(env.IDENTITY_SECRET ? { verifyIdentity: (token: string) => verifyIdentityToken(token, env.IDENTITY_SECRET, clock.now()) } : {}),
    });
    const demoBackend = commerce.backend as Partial<DemoBackend>;
    const demoIdentity =
      env.DEMO_IDENTITY && env.IDENTITY_SECRET && demoBackend.customers
        ? demoIdentityRoutes({ customers: () => demoBackend.customers!(), secret: env.IDENTITY_SECRET, clock })
        : null;

    // The widget parses SSE with eventsource-parser, served from the installed package (no CDN).
    const vendor = express.Router();
    const parserFile = path.join(ROOT, 'node_modules/eventsource-parser/dist/index.js');
    vendor.get('/eventsource-parser.js', (_req, res) => {
      res.type('application/javascript').set('Cache-Control', 'public, max-age=3600').sendFile(parserFile);
    });
    // The Insights page draws its charts with Chart.js, from the installed package too.
    const chartFile = path.join(ROOT, 'node_modules/chart.js/dist/chart.umd.min.js');
    vendor.get('/chart.js', (_req, res) => {
      res.type('application/javascript').set('Cache-Control', 'public, max-age=3600').sendFile(chartFile);
    });
    // The panel's files are served by the assist router behind a session, never by the public static server.
    const webDir = path.join(ROOT, 'web');
    const noPanelFiles: RequestHandler = (req, _res, next) => {
      if (/^\/agent(\/|$)/i.test(req.path)) return next(new HttpError(404, 'not_found', `no route for ${req.method} ${req.path}`));
      next();
    };

    let shuttingDown = false;
    const refuseWhileShuttingDown: RequestHandler = (req, res, next) => {
      if (!shuttingDown || req.path === '/healthz' || req.path === '/readyz') return next();
      res.set('Connection', 'close');
      next(new HttpError(503, 'shutting_down', 'the server is restarting; retry shortly', { headers: { 'Retry-After': '2' } }));
    };

    metrics.gauge('switchboard_model_in_flight', 'Model calls running now', () => model?.stats().inFlight ?? 0);
    metrics.gauge('switchboard_model_queued', 'Model calls waiting for a slot', () => model?.stats().queued ?? 0);
    metrics.gauge('switchboard_model_breaker_open', '1 while the model circuit breaker is open', () =>
      model?.stats().breaker === 'open' ? 1 : 0,
    );
    metrics.gauge('switchboard_commerce_breaker_open', '1 while the order back-end circuit breaker is open (or probing)', () =>
      commerce.health().state === 'circuit_open' ? 1 : 0,
    );

    const app = createApp({
      logger,
      metrics,
      metricsToken: env.METRICS_TOKEN,
      before: [refuseWhileShuttingDown],
      healthChecks: {
        store: async () => {
          await store.store.ping();
          return { ok: true, detail: store.store.kind };
        },
        // An open breaker still serves (offline answers), so readiness reports it without failing.
        model: async () => {
          const h = model?.health() ?? { state: 'not_configured' as const, detail: 'offline responder only' };
          return { ok: true, detail: h.detail ? `${h.state}: ${h.detail}` : h.state };
        },
        skills: async () => ({ ok: true, detail: `version ${skills.current().version}` }),
        knowledge: async () => {
          const { articles, passages } = kb.size();
          return { ok: true, detail: `${articles} articles, ${passages} passages, version ${kb.version()}` };
        },
        // A failing back-end still leaves product answers and a person on offer, so it is reported, not failed.
        commerce: async () => {
          const h = commerce.health();
          return { ok: true, detail: `${h.backend} ${h.state}${h.detail ? `: ${h.detail}` : ''}` };
        },
      },
      isShuttingDown: () => shuttingDown,
      corsOrigins: env.CORS_ORIGINS,
      trustProxy: env.TRUST_PROXY,
      staticDir: webDir,
      mounts: [
        { path: '/api/chat', router: webchat, cors: true },
        {
          path: TEAMS_MOUNT_PATH,
          router: teamsRoutes({ connection, engine, store: store.store, clock, logger, limits, currency, locales, background, rate: (conversationId, rating) => insightsRecorder.rate(conversationId, rating) }),
        },
        {
          path: SLACK_MOUNT_PATH,
          router: slackRoutes({
            options: slackOptions,
            api: slackApi,
            engine,
            store: store.store,
            clock,
            logger,
            limits: { ...limits, bodyLimitBytes: env.BODY_LIMIT_BYTES },
            currency,
            locales,
            background,
            rate: (conversationId: string, rating: 'up' | 'down') => insightsRecorder.rate(conversationId, rating),
          }),
        },
        { path: '/api/store', router: storeRoutes(commerce, { demoSignIn: demoIdentity !== null }) },
        ...(demoIdentity ? [{ path: '/api/demo', router: demoIdentity }] : []),
        { path: '/vendor', router: vendor },
        { path: '/', router: assist.router },
        { path: '/', router: express.Router().use(noPanelFiles) },
      ],
    });

    let closing: Promise<void> | undefined;
    return {
      app,
      env,
      logger,
      store,
      engine,
      router,
      skills,
      knowledge,
      commerce,
      catalogSync,
      model,
      modelDescription,
      assist,
      metrics,
      insights: { recorder: insightsRecorder, topics },
      background,
      beginShutdown: () => {
        shuttingDown = true;
      },
      isShuttingDown: () => shuttingDown,
      close(timeoutMs = env.SHUTDOWN_TIMEOUT_MS) {
        closing ??= (async () => {
          shuttingDown = true;
          const drained = await Promise.race([
            background.idle().then(() => true),
            new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref()),
          ]);
          if (!drained) logger.warn({ timeoutMs }, 'shutdown: background replies still running; closing anyway');
          clearInterval(finalizer);
          await Promise.race([
            Promise.all([insightsRecorder.idle(), topics.idle()]),
            new Promise<void>((resolve) => setTimeout(resolve, Math.min(timeoutMs, 5_000)).unref()),
          ]);
          await skills.close();
          await knowledge?.close();
          commerce.close().catch(() => undefined);
          catalogSync?.stop();
          if (!overrides.store) await store.close();
        })();
        return closing;
      },
    };
  } catch (err) {
    await knowledge?.close().catch(() => undefined);
    catalogSync?.stop();
    await built?.close().catch(() => undefined);
    if (!overrides.store) await store.close().catch(() => undefined);
    throw err;
  }
}

export interface Running {
  composed: Composed;
  server: Server;
  url: string;
  /** Graceful stop: refuse new work, finish turns in flight (bounded), close the store. */
  stop(): Promise<void>;
}

/** Composes and listens; used by `npm start` and by tests that need the whole product. */
export async function start(env: Env, overrides: ComposeOverrides = {}): Promise<Running> {
  const started = performance.now();
  const composed = await compose(env, overrides);
  const { logger } = composed;
  const sockets = new Set<Socket>();
  let inFlight = 0;
  let idle: (() => void) | null = null;
  const server: Server = await new Promise((resolve, reject) => {
    // Node waits five minutes for a request's body and one for its headers, checking every 30 s:
    // a client trickling bytes (slowloris) holds a descriptor that long. The response (a model
    // answer, an event stream) is not bounded by these.
    const s = createServer(
      {
        requestTimeout: env.REQUEST_TIMEOUT_MS,
        headersTimeout: Math.min(env.REQUEST_TIMEOUT_MS, 10_000),
        connectionsCheckingInterval: Math.min(1_000, env.REQUEST_TIMEOUT_MS),
      },
      composed.app,
    );
    s.listen(env.PORT, env.HOST, () => resolve(s));
    s.once('error', reject);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('request', (_req, res) => {
    inFlight++;
    res.on('close', () => {
      inFlight--;
      if (inFlight === 0) idle?.();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  const url = `http://${env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST}:${port}`;
  logger.info(
    {
      url,
      store: composed.store.store.kind,
      model: composed.modelDescription,
      skills: [...composed.skills.current().skills.keys()],
      skillsVersion: composed.skills.current().version,
      startupMs: Math.round(performance.now() - started),
    },
    `switchboard listening on ${url} (store: ${composed.store.store.kind}; model: ${composed.modelDescription})`,
  );

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      const timeoutMs = env.SHUTDOWN_TIMEOUT_MS;
      composed.beginShutdown();
      server.close();
      // Idle keep-alive sockets would hold server.close() open; requests still running finish first.
      server.closeIdleConnections();
      if (inFlight > 0) {
        await Promise.race([
          new Promise<void>((resolve) => (idle = resolve)),
          new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref()),
        ]);
      }
      // Long-lived streams (live feeds) never end by themselves.
      for (const s of sockets) s.destroy();
      await composed.close(timeoutMs);
      logger.info({}, 'switchboard stopped');
    })());
  return { composed, server, url, stop };
}

async function main(): Promise<void> {
  let env: Env;
  try {
    loadDotEnv();
    env = parseEnv(process.env);
  } catch (err) {
    process.stderr.write(`switchboard: ${err instanceof ConfigError ? err.message : String(err)}\n`);
    process.exit(1);
  }
  let running: Running;
  try {
    running = await start(env);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`switchboard: start-up failed: ${message}\n`);
    process.exit(1);
  }
  const shutdown = (signal: string) => {
    running.composed.logger.info({ signal }, 'shutting down');
    running.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        running.composed.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

// Run only when executed directly (`npm start`), never on import (tests, bench).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void main();
}
