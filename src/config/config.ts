import { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import { vendureEnvSchema } from './vendure-env.js';
import { vendureOptionsFrom } from '../commerce/vendure/vendure-options.js';
import { envBool, envInt, envList, envNumber, envRedisNodes, envString, envUrl } from './env-schema.js';

/** The order back-ends COMMERCE can name (src/commerce/create-order-backend.ts builds each). */
export const COMMERCE_KINDS = ['demo', 'shopify', 'vendure', 'http'] as const;
export type CommerceKind = (typeof COMMERCE_KINDS)[number];

/**
 * Every environment variable the code reads, in one schema. `.env.example` lists the
 * same variables with comments; test/config.test.ts keeps the two in step.
 */
export const envSchema = z.object({
  // ---- server
  NODE_ENV: z.enum(['development', 'production', 'test']).optional().default('development'),
  PORT: envInt(3978, 0, 65535),
  HOST: envString().transform((v) => v ?? '127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional().default('info'),
  PUBLIC_URL: envUrl(),
  /**
   * Express `trust proxy`: a hop count ("1": one proxy in front) or the proxies' addresses and
   * subnets ("loopback, 10.0.0.0/8"). "true" is refused: it trusts every X-Forwarded-For entry, so
   * each client could name its own address and escape every per-address limit.
   */
  TRUST_PROXY: envString()
    .refine((v) => v?.toLowerCase() !== 'true', {
      message: 'true would trust every X-Forwarded-For entry a client sends; set the number of proxies in front (e.g. 1) or their addresses',
    })
    .transform((v) => (v === undefined || v.toLowerCase() === 'false' ? undefined : /^\d{1,3}$/.test(v) ? Number(v) : v)),
  SHUTDOWN_TIMEOUT_MS: envInt(10_000, 0),
  /** How long a client may take to send a whole request (headers and body); a slower one (slowloris) is cut with 408. */
  REQUEST_TIMEOUT_MS: envInt(30_000, 500),
  /** Bearer token for GET /metrics; unset: /metrics answers 404. */
  METRICS_TOKEN: envString().refine((v) => v === undefined || v.length >= 16, { message: 'must be at least 16 characters (e.g. openssl rand -hex 24)' }),

  // ---- store
  REDIS_URL: envUrl(),
  /** Some nodes of a Redis Cluster (host:port, comma-separated): the store runs on the cluster instead of REDIS_URL. */
  REDIS_CLUSTER_NODES: envRedisNodes(),
  HISTORY_TTL_SECONDS: envInt(30 * 24 * 3600, 60),
  HISTORY_MAX_MESSAGES: envInt(200, 2),
  EMPTY_CONVERSATION_TTL_SECONDS: envInt(10 * 60, 60),
  MEMORY_STORE_MAX_CONVERSATIONS: envInt(10_000, 1),

  // ---- skills and prompts
  SKILLS_DIR: envString().transform((v) => v ?? 'skills'),
  PROMPTS_DIR: envString().transform((v) => v ?? 'prompts'),
  SKILLS_WATCH: envBool(true),
  LOCALES_DIR: envString().transform((v) => v ?? 'locales'),

  // ---- model (OpenAI, Azure OpenAI, or any OpenAI-compatible server)
  OPENAI_API_KEY: envString(),
  OPENAI_BASE_URL: envUrl(),
  OPENAI_MODEL: envString().transform((v) => v ?? 'gpt-4o-mini'),
  OPENAI_ORGANIZATION: envString(),
  AZURE_OPENAI_ENDPOINT: envUrl(),
  AZURE_OPENAI_API_KEY: envString(),
  AZURE_OPENAI_DEPLOYMENT: envString(),
  AZURE_OPENAI_API_VERSION: envString().transform((v) => v ?? '2024-10-21'),
  MODEL_TIMEOUT_MS: envInt(30_000, 100),
  MODEL_MAX_RETRIES: envInt(2, 0, 10),
  MODEL_STREAM_STALL_MS: envInt(10_000, 50),
  MODEL_MAX_CONCURRENCY: envInt(16, 1),
  MODEL_QUEUE_SIZE: envInt(64, 0),
  MODEL_BREAKER_FAILURES: envInt(5, 1),
  MODEL_BREAKER_RESET_MS: envInt(30_000, 100),
  /** USD per million tokens. */
  MODEL_PRICE_INPUT: envNumber(0.15, 0),
  MODEL_PRICE_CACHED_INPUT: envNumber(0.075, 0),
  MODEL_PRICE_OUTPUT: envNumber(0.6, 0),

  // ---- router
  ROUTER_THRESHOLD: envNumber(0.9, 0, 1),
  ROUTER_MODEL_ENABLED: envBool(true),

  // ---- web chat
  MAX_MESSAGE_CHARS: envInt(2000, 1),
  BODY_LIMIT_BYTES: envInt(64 * 1024, 1024),
  WIDGET_TOKEN_TTL_SECONDS: envInt(24 * 3600, 60),
  CORS_ORIGINS: envList(),
  RATE_LIMIT_IP_PER_MINUTE: envInt(120, 1),
  RATE_LIMIT_CONVERSATION_PER_MINUTE: envInt(30, 1),
  SSE_MAX_PER_CONVERSATION: envInt(5, 1),
  SSE_MAX_PER_ADDRESS: envInt(50, 1),

  // ---- store back office: where orders (and optionally the catalog) come from
  /** demo: the store folder's orders.yaml; shopify: the Admin GraphQL API; vendure: its Admin API; http: a bridge speaking docs/commerce-bridge.openapi.yaml. */
  COMMERCE: z.enum(COMMERCE_KINDS, { error: `must be one of ${COMMERCE_KINDS.join(', ')}` }).optional().default('demo'),
  /** The store folder (store.yaml, catalog.yaml, policies, demo orders). Default: SKILLS_DIR/_store. */
  STORE_DIR: envString(),
  /** One back-end call's bound, retries of reads included (ms). */
  COMMERCE_TIMEOUT_MS: envInt(5000, 50, 120_000),
  /** Retries of a failed read (find or list orders, catalog); writes are never retried. */
  COMMERCE_RETRIES: envInt(1, 0, 5),
  COMMERCE_BREAKER_FAILURES: envInt(5, 1),
  COMMERCE_BREAKER_RESET_MS: envInt(30_000, 10),
  /** Minutes between catalog syncs from a platform that has a catalog (0: only at start). */
  CATALOG_SYNC_MINUTES: envNumber(60, 0, 7 * 24 * 60),
  /** Bound on one whole catalog sync, every page included (ms). */
  CATALOG_SYNC_TIMEOUT_MS: envInt(120_000, 100),
  SHOPIFY_STORE_DOMAIN: envString().refine((v) => v === undefined || /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/i.test(v), { message: 'must be a host name such as your-store.myshopify.com (no scheme, no path)' }),
  /** An admin-created custom app's Admin API access token; or, for a Dev Dashboard app, SHOPIFY_CLIENT_ID and SHOPIFY_CLIENT_SECRET. */
  SHOPIFY_ADMIN_TOKEN: envString(),
  SHOPIFY_CLIENT_ID: envString(),
  SHOPIFY_CLIENT_SECRET: envString(),
  /** Where the Admin API is really reached (a proxy, or a fake in tests); leave empty in production. */
  SHOPIFY_API_URL: envUrl(),
  /** How often a THROTTLED answer is retried (after waiting for the cost bucket to refill). */
  SHOPIFY_THROTTLE_RETRIES: envInt(3, 0, 10),
  COMMERCE_HTTP_URL: envUrl().refine((v) => v === undefined || /^https?:$/.test(new URL(v).protocol), { message: 'must be an http(s) URL' }),
  COMMERCE_HTTP_TOKEN: envString(),

  // ---- customer identity
  /** HS256 secret the store's site signs widget identity tokens with (JWT: sub, email, exp). */
  IDENTITY_SECRET: envString().refine((v) => v === undefined || v.length >= 32, { message: 'must be at least 32 characters' }),
  /** Order-number + e-mail checks allowed per conversation and per client address an hour. */
  VERIFY_ATTEMPTS_PER_HOUR: envInt(5, 1, 1000),
  /**
   * Failed checks on one order number a day, from every conversation and address together (a
   * stranger with many addresses guessing one order's e-mail). Past it nobody can verify with that
   * order until the day's window ends, the owner included: they are offered a person.
   */
  VERIFY_ATTEMPTS_PER_ORDER_PER_DAY: envInt(10, 1, 10_000),
  /** How long the audit trail of executed actions (returns, claims, cancellations) is kept. */
  AUDIT_RETENTION_DAYS: envInt(730, 1, 36500),
  /** Development only: the demo page may sign in as a demo customer (mints identity tokens). Refused in production. */
  DEMO_IDENTITY: envBool(false),

  // ---- Microsoft Teams / Bot Framework (names as in Azure Bot Service)
  MicrosoftAppId: envString(),
  MicrosoftAppPassword: envString(),
  MicrosoftAppTenantId: envString(),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional().default('MultiTenant'),
  BOT_AUTH_DISABLED: envBool(false),
  BOT_OPENID_METADATA_URL: envUrl(),
  BOT_TOKEN_ENDPOINT: envUrl(),

  // ---- Slack
  SLACK_SIGNING_SECRET: envString(),
  SLACK_BOT_TOKEN: envString(),
  SLACK_API_URL: envUrl(),

  // ---- insights
  /** How long per-day counters and samples are kept (days after their last write). */
  INSIGHTS_RETENTION_DAYS: envInt(180, 1, 3650),
  /** The store's calendar for per-day figures (an IANA time zone name). */
  INSIGHTS_TIME_ZONE: envString()
    .transform((v) => v ?? 'UTC')
    .refine((v) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: v });
        return true;
      } catch {
        return false;
      }
    }, { message: 'must be an IANA time zone name, e.g. UTC or America/New_York' }),
  /** Labelled JSONL files or folders a routing proposal is evaluated on (default: test/eval/fixtures/held-out). */
  INSIGHTS_EVAL_FILES: envList(),

  // ---- assist panel
  AGENT_ACCOUNTS: envString(),
  SESSION_TTL_SECONDS: envInt(12 * 3600, 60),
  COOKIE_SECURE: envBool(false),

  // ---- COMMERCE=vendure (src/config/vendure-env.ts)
  ...vendureEnvSchema.shape,
});

export type Env = z.infer<typeof envSchema>;

/** Parses env; throws ConfigError naming the first bad variable (all problems in the message). */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = envSchema.safeParse(source);
  if (result.success) {
    const env = result.data;
    if (env.BOT_AUTH_DISABLED && env.NODE_ENV === 'production') {
      throw new ConfigError('BOT_AUTH_DISABLED', 'may not be true when NODE_ENV=production');
    }
    if (env.DEMO_IDENTITY && env.NODE_ENV === 'production') {
      throw new ConfigError('DEMO_IDENTITY', 'may not be true when NODE_ENV=production (it lets anyone sign in as a demo customer)');
    }
    if (env.REDIS_URL && env.REDIS_CLUSTER_NODES.length > 0) {
      throw new ConfigError('REDIS_CLUSTER_NODES', 'set either REDIS_URL (one Redis) or REDIS_CLUSTER_NODES (a Redis Cluster), not both');
    }
    checkCommerce(env);
    return env;
  }
  const problems = result.error.issues.map((i) => `${String(i.path[0] ?? '?')}: ${i.message}`);
  const first = result.error.issues[0];
  throw new ConfigError(String(first?.path[0] ?? 'env'), `invalid configuration: ${problems.join('; ')}`);
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** What each COMMERCE kind needs, named by variable. */
function checkCommerce(env: Env): void {
  const need = (name: keyof Env, why: string) => {
    if (env[name] === undefined) throw new ConfigError(String(name), `must be set when COMMERCE=${env.COMMERCE} (${why})`);
  };
  if (env.COMMERCE === 'shopify') {
    need('SHOPIFY_STORE_DOMAIN', 'the shop\'s myshopify.com domain');
    if (!env.SHOPIFY_ADMIN_TOKEN) {
      const how = "the custom app's Admin API access token, or SHOPIFY_CLIENT_ID and SHOPIFY_CLIENT_SECRET of a Dev Dashboard app";
      if (!env.SHOPIFY_CLIENT_ID && !env.SHOPIFY_CLIENT_SECRET) need('SHOPIFY_ADMIN_TOKEN', how);
      need('SHOPIFY_CLIENT_ID', 'with SHOPIFY_CLIENT_SECRET, for the client credentials grant');
      need('SHOPIFY_CLIENT_SECRET', 'with SHOPIFY_CLIENT_ID, for the client credentials grant');
    }
  }
  if (env.COMMERCE === 'vendure') {
    // Names the variable that is missing or wrong (an Admin API URL and one way to sign in).
    vendureOptionsFrom(env);
  }
  if (env.COMMERCE === 'http') {
    need('COMMERCE_HTTP_URL', "the bridge's base URL");
    need('COMMERCE_HTTP_TOKEN', 'the bearer token the bridge expects');
    const url = new URL(env.COMMERCE_HTTP_URL!);
    // The token and customers' order data would cross the network in clear.
    if (env.NODE_ENV === 'production' && url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) {
      throw new ConfigError('COMMERCE_HTTP_URL', 'must be https when NODE_ENV=production (plain http only to a bridge on this machine)');
    }
  }
}
