import { z } from 'zod';
import { ConfigError } from '../../core/errors.js';
import { graphqlName, headerName, vendureEnvSchema, type VendureEnv } from '../../config/vendure-env.js';

/** How the connector signs in to the Admin API. */
export type VendureAuth =
  /** A Vendure ≥ 3.6 API key (Settings → API keys), sent in `header` on every request. */
  | { kind: 'api_key'; apiKey: string; header: string }
  /** An administrator's username and password: the connector logs in and keeps the session (bearer token or cookie). */
  | { kind: 'password'; username: string; password: string };

export interface VendureOptions {
  /** The Admin GraphQL API, e.g. https://shop.example.com/admin-api. */
  adminApiUrl: string;
  auth: VendureAuth;
  /** The channel's token, for a store that is not Vendure's default channel (sent as `vendure-token`). */
  channelToken?: string;
  /** Per request, login included. */
  timeoutMs: number;
  /** Name of a Fulfillment custom field holding the carrier's tracking link (Vendure has none of its own). */
  trackingUrlField?: string;
  /** Code of the facet whose values are the catalog's categories. */
  categoryFacet: string;
  /** Variants per catalog page (Vendure's adminListQueryLimit is 1000 by default). */
  catalogPageSize: number;
}

export { vendureEnvSchema };

/** VendureOptions from env; a ConfigError names the variable that is missing or wrong. */
export function vendureOptionsFromEnv(env: Record<string, string | undefined>): VendureOptions {
  const parsed = vendureEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? 'VENDURE_ADMIN_API_URL'), issue.message);
  }
  return vendureOptionsFrom(parsed.data);
}

/** VendureOptions from the validated env (config.ts parsed it with the rest). */
export function vendureOptionsFrom(e: VendureEnv): VendureOptions {
  if (!e.VENDURE_ADMIN_API_URL) throw new ConfigError('VENDURE_ADMIN_API_URL', 'is required when COMMERCE=vendure (the Admin API, e.g. https://shop.example.com/admin-api)');
  if (!/^https?:$/.test(new URL(e.VENDURE_ADMIN_API_URL).protocol)) throw new ConfigError('VENDURE_ADMIN_API_URL', 'must be an http(s) URL');
  let auth: VendureAuth;
  if (e.VENDURE_API_KEY) {
    if (e.VENDURE_ADMIN_USERNAME) throw new ConfigError('VENDURE_API_KEY', 'set either VENDURE_API_KEY or VENDURE_ADMIN_USERNAME/VENDURE_ADMIN_PASSWORD, not both');
    auth = { kind: 'api_key', apiKey: e.VENDURE_API_KEY, header: e.VENDURE_API_KEY_HEADER ?? 'vendure-api-key' };
  } else if (e.VENDURE_ADMIN_USERNAME) {
    if (!e.VENDURE_ADMIN_PASSWORD) throw new ConfigError('VENDURE_ADMIN_PASSWORD', 'is required with VENDURE_ADMIN_USERNAME');
    auth = { kind: 'password', username: e.VENDURE_ADMIN_USERNAME, password: e.VENDURE_ADMIN_PASSWORD };
  } else {
    throw new ConfigError('VENDURE_API_KEY', 'COMMERCE=vendure needs VENDURE_API_KEY (Vendure 3.6+) or VENDURE_ADMIN_USERNAME and VENDURE_ADMIN_PASSWORD');
  }
  return {
    adminApiUrl: e.VENDURE_ADMIN_API_URL,
    auth,
    ...(e.VENDURE_CHANNEL_TOKEN ? { channelToken: e.VENDURE_CHANNEL_TOKEN } : {}),
    timeoutMs: e.VENDURE_TIMEOUT_MS,
    ...(e.VENDURE_TRACKING_URL_FIELD ? { trackingUrlField: e.VENDURE_TRACKING_URL_FIELD } : {}),
    categoryFacet: e.VENDURE_CATEGORY_FACET ?? 'category',
    catalogPageSize: e.VENDURE_CATALOG_PAGE_SIZE,
  };
}

/** Checks options built in code (tests, the factory) the same way env is checked. */
export function checkVendureOptions(o: VendureOptions): VendureOptions {
  if (o.trackingUrlField !== undefined && !graphqlName.test(o.trackingUrlField)) throw new ConfigError('VENDURE_TRACKING_URL_FIELD', 'must be a GraphQL field name (letters, digits, _)');
  if (o.auth.kind === 'api_key' && !headerName.test(o.auth.header)) throw new ConfigError('VENDURE_API_KEY_HEADER', 'must be an HTTP header name');
  return o;
}
