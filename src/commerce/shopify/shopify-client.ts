import { createAdminApiClient } from '@shopify/admin-api-client';
import { z } from 'zod';
import { CommerceUnavailableError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { abortableSleep } from './abortable-sleep.js';
import { createCostBucket } from './cost-bucket.js';
import { createTokenSource, type ShopifyCredentials } from './shopify-token.js';

/**
 * The Admin API version every query is written against. Shopify supports a version for about a
 * year; moving it means re-reading the changelog for the fields in shopify-queries.ts.
 */
export const SHOPIFY_API_VERSION = '2026-10';

export interface ShopifyClientOptions {
  /** your-store.myshopify.com */
  storeDomain: string;
  credentials: ShopifyCredentials;
  /** Where requests really go (a proxy, or a fake in tests); default https://storeDomain. */
  apiUrl?: string;
  /** THROTTLED answers retried after the bucket refills, with exponential backoff. */
  throttleRetries: number;
  /** First throttle backoff (ms); doubles per retry, at most 10 s. */
  throttleBackoffMs?: number;
  logger?: Logger;
}

export interface ShopifyGraphql {
  /**
   * Runs one operation and validates `data` with `schema`. Waits first when the last known cost
   * bucket cannot pay this operation's last cost; retries THROTTLED. Throws
   * CommerceUnavailableError for every failure (kinds: network, timeout, server, throttled,
   * client, invalid_response).
   */
  request<S extends z.ZodType>(operation: string, document: string, variables: Record<string, unknown>, schema: S, opts?: { signal?: AbortSignal }): Promise<z.output<S>>;
}

const throttleStatus = z.object({ maximumAvailable: z.number(), currentlyAvailable: z.number(), restoreRate: z.number() });
const costSchema = z.object({
  requestedQueryCost: z.number().nullish(),
  actualQueryCost: z.number().nullish(),
  throttleStatus: throttleStatus.nullish(),
});
const extensionsSchema = z.object({ cost: costSchema.nullish() }).passthrough().nullish();
const graphqlError = z.object({ message: z.string(), extensions: z.object({ code: z.string().optional() }).passthrough().optional() }).passthrough();

const KIND = 'shopify';

/** The SDK hard-codes https://<domain>; a configured API URL replaces that origin (and may add a path prefix). */
function rewriter(storeDomain: string, apiUrl: string | undefined): (url: string) => string {
  if (!apiUrl) return (url) => url;
  let base = apiUrl;
  while (base.endsWith('/')) base = base.slice(0, -1);
  const origin = new URL(`https://${storeDomain}`).origin;
  return (url) => (url.startsWith(origin) ? `${base}${url.slice(origin.length)}` : url);
}

export function createShopifyGraphql(opts: ShopifyClientOptions): ShopifyGraphql {
  const rewrite = rewriter(opts.storeDomain, opts.apiUrl);
  const tokens = createTokenSource(opts.credentials, rewrite(`${new URL(`https://${opts.storeDomain}`).origin}/admin/oauth/access_token`));
  let warnedVersion = false;
  // The SDK fixes the token at creation: one client per token (a renewed token gets a new one).
  let client: { token: string; api: ReturnType<typeof createAdminApiClient> } | null = null;
  const clientFor = (token: string) => {
    if (client?.token === token) return client.api;
    const api = createAdminApiClient({
      storeDomain: opts.storeDomain,
      apiVersion: SHOPIFY_API_VERSION,
      accessToken: token,
      userAgentPrefix: 'Switchboard',
      // Retries are ours: throttling by cost, transient failures by the resilience layer.
      retries: 0,
      customFetchApi: (url, init) => fetch(rewrite(String(url)), init as RequestInit),
      logger: (entry) => {
        if (entry.type === 'Unsupported_Api_Version' && !warnedVersion) {
          warnedVersion = true;
          opts.logger?.warn({ apiVersion: SHOPIFY_API_VERSION }, 'the pinned Shopify Admin API version is no longer in the supported window; update SHOPIFY_API_VERSION');
        }
      },
    });
    client = { token, api };
    return api;
  };
  const bucket = createCostBucket();
  const backoffMs = opts.throttleBackoffMs ?? 250;

  async function request<S extends z.ZodType>(operation: string, document: string, variables: Record<string, unknown>, schema: S, callOpts: { signal?: AbortSignal } = {}): Promise<z.output<S>> {
    const { signal } = callOpts;
    let renewed = false;
    for (let attempt = 0; ; attempt++) {
      await abortableSleep(bucket.waitBefore(operation), signal);
      const token = await tokens.token(signal);
      const response = await clientFor(token).request(document, { variables, ...(signal ? { signal } : {}) });
      const extensions = extensionsSchema.safeParse(response.extensions);
      const cost = extensions.success ? extensions.data?.cost : undefined;
      if (cost) bucket.observe(operation, cost.requestedQueryCost ?? null, cost.throttleStatus ?? null);

      const errors = response.errors;
      if (!errors) {
        const parsed = schema.safeParse(response.data);
        if (!parsed.success) {
          throw new CommerceUnavailableError(KIND, 'invalid_response', `${operation}: unexpected answer: ${z.prettifyError(parsed.error).slice(0, 500)}`);
        }
        return parsed.data;
      }

      const status = errors.networkStatusCode;
      const gqlErrors = z.array(graphqlError).safeParse(errors.graphQLErrors ?? []);
      const codes = gqlErrors.success ? gqlErrors.data.map((e) => e.extensions?.code ?? '') : [];
      const throttled = status === 429 || codes.includes('THROTTLED');
      if (throttled) {
        if (attempt >= opts.throttleRetries) {
          throw new CommerceUnavailableError(KIND, 'throttled', `${operation}: still throttled after ${opts.throttleRetries} retries`);
        }
        const retryAfter = Number(errors.response?.headers.get('Retry-After') ?? NaN);
        const refill = Number.isFinite(retryAfter) ? retryAfter * 1000 : bucket.waitBefore(operation);
        await abortableSleep(Math.max(refill, Math.min(10_000, backoffMs * 2 ** attempt)), signal);
        continue;
      }
      if (signal?.aborted) throw new CommerceUnavailableError(KIND, 'timeout', `${operation}: aborted`);
      // An expired or revoked client-credentials token: ask for a new one, once.
      if (status === 401 && tokens.renewable && !renewed) {
        tokens.invalidate(token);
        renewed = true;
        attempt--;
        continue;
      }
      const message = gqlErrors.success && gqlErrors.data.length ? gqlErrors.data.map((e) => e.message).join('; ') : errors.message;
      if (status === undefined) throw new CommerceUnavailableError(KIND, 'network', `${operation}: ${message}`);
      if (status >= 500 || codes.includes('INTERNAL_SERVER_ERROR')) throw new CommerceUnavailableError(KIND, 'server', `${operation}: HTTP ${status}: ${message}`);
      // 401/403 (token, scopes), 402/423 (shop frozen or locked), 404 (no such shop), or a query
      // error: no retry helps until someone changes the configuration.
      throw new CommerceUnavailableError(KIND, 'client', `${operation}: HTTP ${status}: ${message}`);
    }
  }

  return { request };
}
