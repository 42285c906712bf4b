import { z } from 'zod';
import { envInt, envString, envUrl } from './env-schema.js';

export const graphqlName = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;
export const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;

/**
 * The env variables of COMMERCE=vendure. Exactly one way to sign in: VENDURE_API_KEY, or
 * VENDURE_ADMIN_USERNAME with VENDURE_ADMIN_PASSWORD.
 */
export const vendureEnvSchema = z.object({
  VENDURE_ADMIN_API_URL: envUrl(),
  VENDURE_API_KEY: envString(),
  VENDURE_API_KEY_HEADER: envString().refine((v) => v === undefined || headerName.test(v), { message: 'must be an HTTP header name' }),
  VENDURE_ADMIN_USERNAME: envString(),
  VENDURE_ADMIN_PASSWORD: z.string().optional(),
  VENDURE_CHANNEL_TOKEN: envString(),
  VENDURE_TIMEOUT_MS: envInt(8000, 100, 120_000),
  VENDURE_TRACKING_URL_FIELD: envString().refine((v) => v === undefined || graphqlName.test(v), { message: 'must be a GraphQL field name (letters, digits, _)' }),
  VENDURE_CATEGORY_FACET: envString(),
  VENDURE_CATALOG_PAGE_SIZE: envInt(100, 1, 1000),
});


export type VendureEnv = z.infer<typeof vendureEnvSchema>;
