import { z } from 'zod';
import { CommerceUnavailableError } from '../../core/errors.js';

/** How Switchboard gets its Admin API access token. */
export type ShopifyCredentials =
  /** An admin-created custom app's token (shpat_…), valid until revoked. */
  | { accessToken: string }
  /** A Dev Dashboard app installed on the merchant's own store: the client credentials grant, renewed before it expires. */
  | { clientId: string; clientSecret: string };

export interface TokenSource {
  token(signal?: AbortSignal): Promise<string>;
  /** The API refused the token (401): the next call asks for a new one (static tokens stay). */
  invalidate(token: string): void;
  /** Whether a refused token can be replaced by asking again. */
  readonly renewable: boolean;
}

const tokenAnswer = z.object({ access_token: z.string().min(1), expires_in: z.number().positive().optional(), scope: z.string().optional() });

/**
 * The access token for the Admin API. A static token is used as is; client credentials are
 * exchanged at /admin/oauth/access_token (form-encoded grant_type, client_id, client_secret) and
 * the token kept until shortly before `expires_in`, one request at a time.
 */
export function createTokenSource(credentials: ShopifyCredentials, endpoint: string): TokenSource {
  if ('accessToken' in credentials) {
    const token = credentials.accessToken;
    return { token: async () => token, invalidate() {}, renewable: false };
  }
  let current: { token: string; renewAt: number } | null = null;
  let pending: Promise<string> | null = null;

  async function fetchToken(signal?: AbortSignal): Promise<string> {
    let res: Response;
    try {
      res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: (credentials as { clientId: string }).clientId, client_secret: (credentials as { clientSecret: string }).clientSecret }),
        ...(signal ? { signal } : {}),
      });
    } catch (err) {
      throw new CommerceUnavailableError('shopify', signal?.aborted ? 'timeout' : 'network', `access token request: ${(err as Error).message}`, { cause: err });
    }
    if (res.status >= 500) throw new CommerceUnavailableError('shopify', 'server', `access token request: HTTP ${res.status}`);
    // 400/401: wrong client id or secret, or the app is not installed on this store.
    if (!res.ok) throw new CommerceUnavailableError('shopify', 'client', `access token request refused: HTTP ${res.status} (check SHOPIFY_CLIENT_ID, SHOPIFY_CLIENT_SECRET and that the app is installed)`);
    const parsed = tokenAnswer.safeParse(await res.json().catch(() => null));
    if (!parsed.success) throw new CommerceUnavailableError('shopify', 'invalid_response', 'access token answer has no access_token');
    const lifetimeMs = (parsed.data.expires_in ?? 3600) * 1000;
    // Renew a minute early (or at 90% of a short lifetime), so a call never carries an expiring token.
    current = { token: parsed.data.access_token, renewAt: Date.now() + Math.max(0, lifetimeMs - Math.min(60_000, lifetimeMs / 10)) };
    return current.token;
  }

  return {
    renewable: true,
    async token(signal) {
      if (current && Date.now() < current.renewAt) return current.token;
      pending ??= fetchToken(signal).finally(() => (pending = null));
      return pending;
    },
    invalidate(token) {
      if (current?.token === token) current = null;
    },
  };
}
