import type { Env } from '../config/config.js';
import { ConfigError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { ModelCallHook } from './model-call-info.js';
import { createOpenAIModelClient, type ModelProviderConfig, type OpenAIModelClient } from './openai-model-client.js';
import { priceTableFromEnv } from './price-table.js';

export interface ModelFromEnv {
  /** null when no model is configured: the offline responder answers everything. */
  client: OpenAIModelClient | null;
  /** For the start-up log, e.g. "openai gpt-4o-mini", "azure deployment support-4o (https://x.openai.azure.com)". */
  description: string;
}

const AZURE_VARS = ['AZURE_OPENAI_ENDPOINT', 'AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_DEPLOYMENT'] as const;

/**
 * Which provider the environment selects. Azure when any of its three variables is set
 * (all three required: a half-configured Azure is a mistake, not a reason to fall back);
 * else an OpenAI-compatible server when OPENAI_BASE_URL is set (key optional); else
 * OpenAI when OPENAI_API_KEY is set; else none.
 */
export function modelProviderFromEnv(env: Env): ModelProviderConfig | null {
  const azureSet = AZURE_VARS.filter((k) => env[k] !== undefined);
  if (azureSet.length > 0) {
    const missing = AZURE_VARS.find((k) => env[k] === undefined);
    if (missing) {
      throw new ConfigError(missing, `is required when ${azureSet.join(' and ')} ${azureSet.length > 1 ? 'are' : 'is'} set (Azure OpenAI needs endpoint, key and deployment)`);
    }
    return {
      kind: 'azure',
      endpoint: env.AZURE_OPENAI_ENDPOINT as string,
      apiKey: env.AZURE_OPENAI_API_KEY as string,
      deployment: env.AZURE_OPENAI_DEPLOYMENT as string,
      apiVersion: env.AZURE_OPENAI_API_VERSION,
    };
  }
  if (env.OPENAI_BASE_URL) {
    return {
      kind: 'compatible',
      baseURL: env.OPENAI_BASE_URL,
      ...(env.OPENAI_API_KEY ? { apiKey: env.OPENAI_API_KEY } : {}),
      ...(env.OPENAI_ORGANIZATION ? { organization: env.OPENAI_ORGANIZATION } : {}),
    };
  }
  if (env.OPENAI_API_KEY) {
    return {
      kind: 'openai',
      apiKey: env.OPENAI_API_KEY,
      ...(env.OPENAI_ORGANIZATION ? { organization: env.OPENAI_ORGANIZATION } : {}),
    };
  }
  return null;
}

function describe(p: ModelProviderConfig, model: string): string {
  if (p.kind === 'azure') return `azure deployment ${p.deployment} (${p.endpoint}, api-version ${p.apiVersion})`;
  if (p.kind === 'compatible') return `openai-compatible ${p.baseURL} model ${model}`;
  return `openai ${model}`;
}

/** The process's one model client, built from the validated environment. */
export function createModelFromEnv(env: Env, opts: { logger: Logger; onCall?: ModelCallHook; fetch?: typeof fetch }): ModelFromEnv {
  const provider = modelProviderFromEnv(env);
  if (!provider) {
    return { client: null, description: 'none (no OPENAI_API_KEY, OPENAI_BASE_URL or AZURE_OPENAI_*): offline responder only' };
  }
  const client = createOpenAIModelClient({
    provider,
    model: env.OPENAI_MODEL,
    timeoutMs: env.MODEL_TIMEOUT_MS,
    maxRetries: env.MODEL_MAX_RETRIES,
    streamStallMs: env.MODEL_STREAM_STALL_MS,
    resilience: {
      breakerFailures: env.MODEL_BREAKER_FAILURES,
      breakerResetMs: env.MODEL_BREAKER_RESET_MS,
      maxConcurrency: env.MODEL_MAX_CONCURRENCY,
      queueSize: env.MODEL_QUEUE_SIZE,
    },
    price: priceTableFromEnv(env),
    logger: opts.logger,
    ...(opts.onCall ? { onCall: opts.onCall } : {}),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  return { client, description: describe(provider, env.OPENAI_MODEL) };
}
