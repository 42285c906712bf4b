import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import type { ChannelRegistry } from '../core/channel.js';
import type { Clock } from '../core/clock.js';
import type { Engine } from '../core/engine.js';
import { HttpError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { CORE_ROUTES, type SkillSource } from '../core/skill.js';
import type { EventBus, RateLimiterFactory, Store } from '../core/store.js';
import type { Env } from '../config/config.js';
import { createAgentDirectory, parseAgentAccounts } from './agent-accounts.js';
import { requireAgent, requireCsrf, type CookieOptions } from './agent-auth.js';
import type { AgentPresence } from './agent-presence.js';
import type { LocalePacks } from '../locale/locale-packs.js';
import { createAgentSessions, sessionsOfExistingAccounts } from './agent-sessions.js';
import { assistApiRoutes, type SkillInfo } from './assist-api-routes.js';
import { insightsRoutes, type InsightsParts } from './insights-routes.js';
import { authRoutes } from './auth-routes.js';
import { createConversationActions, type ConversationActions } from './conversation-actions.js';
import { createLoginLimits, defaultLoginLimits, type LoginLimitOptions } from './login-limits.js';
import { panelPages } from './panel-pages.js';

export interface AssistConfig {
  /** AGENT_ACCOUNTS, raw ("name:hash,name:hash"). */
  agentAccounts?: string;
  /** SESSION_TTL_SECONDS */
  sessionTtlSeconds: number;
  /** COOKIE_SECURE */
  cookieSecure: boolean;
  /** MAX_MESSAGE_CHARS: longest agent reply. */
  maxMessageChars: number;
  /** BODY_LIMIT_BYTES */
  bodyLimitBytes: number;
  login?: Partial<LoginLimitOptions>;
  /** Panel live feed: SSE heartbeat and session re-check intervals (ms). */
  events?: { heartbeatMs?: number; sessionCheckMs?: number };
}

export function assistConfigFromEnv(env: Env): AssistConfig {
  return {
    agentAccounts: env.AGENT_ACCOUNTS,
    sessionTtlSeconds: env.SESSION_TTL_SECONDS,
    // A site served over https gets Secure cookies without a second switch to remember.
    cookieSecure: env.COOKIE_SECURE || (env.PUBLIC_URL !== undefined && new URL(env.PUBLIC_URL).protocol === 'https:'),
    maxMessageChars: env.MAX_MESSAGE_CHARS,
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
  };
}

export interface AssistDeps {
  store: Store;
  bus: EventBus;
  rateLimiters: RateLimiterFactory;
  engine: Engine;
  channels: ChannelRegistry;
  /** For the re-route choices and filters; without it the four core routes are offered. */
  skills?: SkillSource;
  clock: Clock;
  logger: Logger;
  config: AssistConfig;
  /** The panel's static files (default: web/agent in the repository). */
  webDir?: string;
  /** The Insights page's API (figures, topics, routing proposals); absent: not offered. */
  insights?: InsightsParts;
  /** Language resources: the customer-facing notices when an agent joins or leaves. */
  locales: LocalePacks;
  /** Agent presence (main.ts builds it before the engine, which reads it for hand-offs). */
  presence?: AgentPresence;
}

export const DEFAULT_PANEL_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/agent');

export interface Assist {
  /** Mount at '/': serves /agent (pages) and /api/agent (API), both behind an agent session. */
  router: express.Router;
  /** Erase a conversation everywhere and tell the panels (pass to webchatRoutes as `erase`). */
  erase: (conversationId: string) => Promise<void>;
  actions: ConversationActions;
}

/**
 * The assist panel. Throws ConfigError (naming AGENT_ACCOUNTS) when the configured accounts
 * are malformed, so a typo stops start-up instead of locking everyone out silently.
 */
export function createAssist(deps: AssistDeps): Assist {
  const logger = deps.logger.child({ component: 'assist' });
  const cookie: CookieOptions = { secure: deps.config.cookieSecure };
  const configured = parseAgentAccounts(deps.config.agentAccounts);
  const accounts = createAgentDirectory(deps.store, configured);
  if (configured.size === 0 && deps.store.kind === 'memory') {
    logger.warn('no agent accounts: set AGENT_ACCOUNTS (npm run agent:add -- --name <you> prints one) to sign in at /agent');
  } else {
    logger.info({ configured: [...configured.values()].map((a) => a.name), stored: deps.store.kind === 'redis' }, 'assist panel at /agent');
  }
  const sessions = sessionsOfExistingAccounts(
    createAgentSessions(deps.store, deps.clock, deps.config.sessionTtlSeconds),
    async (agent) => (await accounts.find(agent)) !== null,
  );
  const actions = createConversationActions({
    ...deps,
    logger,
    displayName: async (agent) => (await accounts.find(agent))?.displayName,
    ...(deps.insights ? { onTakeOver: deps.insights.recorder.tookOver } : {}),
  });
  const json = express.json({ limit: deps.config.bodyLimitBytes, strict: true, type: ['application/json', 'application/*+json'] });
  const authenticated = requireAgent(sessions, cookie);

  const skills = (): SkillInfo[] => {
    if (!deps.skills) return CORE_ROUTES.map((id) => ({ id, title: id, defaultMode: 'auto' }));
    return [...deps.skills.current().skills.values()].map((s) => ({ id: s.manifest.id, title: s.manifest.title, defaultMode: s.manifest.defaultMode }));
  };

  const api = express.Router();
  api.use(
    authRoutes({
      accounts,
      sessions,
      limits: createLoginLimits(deps.rateLimiters, { ...defaultLoginLimits, ...deps.config.login }),
      cookie,
      logger,
      json,
      requireAgent: authenticated,
    }),
  );
  if (deps.insights) {
    api.use(
      '/insights',
      authenticated,
      requireCsrf,
      insightsRoutes({
        store: deps.store,
        clock: deps.clock,
        logger,
        accounts,
        parts: deps.insights,
        json,
        skillIds: () => skills().map((s) => s.id),
      }),
    );
  }
  api.use(
    assistApiRoutes({
      store: deps.store,
      bus: deps.bus,
      actions,
      sessions,
      logger,
      skills,
      json,
      requireAgent: authenticated,
      maxMessageChars: deps.config.maxMessageChars,
      events: { heartbeatMs: deps.config.events?.heartbeatMs ?? 15_000, sessionCheckMs: deps.config.events?.sessionCheckMs ?? 30_000 },
      ...(deps.presence ? { presence: deps.presence } : {}),
    }),
  );

  const router = express.Router();
  // "/agent%2Findex.html" does not match the /agent mount but the static file server would
  // decode it to web/agent/index.html: refuse any spelling of /agent that did not route here.
  router.use((req, _res, next) => {
    const routed = /^\/agent(\/|$)/i.test(req.path) || /^\/api\/agent(\/|$)/i.test(req.path);
    let decoded: string;
    try {
      decoded = decodeURIComponent(req.path);
    } catch {
      // Express would fail decoding the route parameters with a bare URIError (a 500).
      if (routed) return next(new HttpError(400, 'invalid_path', 'the path has a malformed %-escape'));
      return next();
    }
    const lower = decoded.toLowerCase();
    const isPanel = lower === '/agent' || lower.startsWith('/agent/') || lower.startsWith('/agent\\');
    if (isPanel && !routed) return next(new HttpError(404, 'not_found', 'no such page'));
    next();
  });
  router.use('/api/agent', api);
  router.use('/agent', panelPages({ dir: deps.webDir ?? DEFAULT_PANEL_DIR, sessions, cookie }));

  return { router, erase: actions.erase, actions };
}
