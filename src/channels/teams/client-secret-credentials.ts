import { AppCredentials, type AuthenticatorResult } from './bot-framework-sdk.js';
import { z } from 'zod';

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().int().positive(),
  token_type: z.string().optional(),
});

/** Refresh this long before expiry, so a token never expires between signing and sending. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * The bot's outgoing credentials: the OAuth2 client-credentials grant against Entra ID's v2
 * token endpoint (the flow Bot Framework documents for bot-to-connector calls).
 *
 * Why not MicrosoftAppCredentials: it goes through MSAL, which only accepts https authorities,
 * so the same code path could not be exercised against a loopback token server in tests. This
 * subclass keeps the connector's own AppCredentials contract (signRequest -> getToken) and only
 * replaces how the token is fetched. Its cache is per instance rather than AppCredentials' static
 * map, so two bots (or two test servers) in one process never share tokens.
 */
export class ClientSecretCredentials extends AppCredentials {
  private cached: { token: string; expiresAt: number } | null = null;
  private inflight: Promise<string> | null = null;

  constructor(
    appId: string,
    private readonly secret: string,
    private readonly tokenEndpoint: string,
    scope: string,
    private readonly timeoutMs = 10_000,
  ) {
    super(appId, undefined, scope);
  }

  override async getToken(forceRefresh = false): Promise<string> {
    if (!forceRefresh && this.cached && this.cached.expiresAt - REFRESH_MARGIN_MS > Date.now()) return this.cached.token;
    this.inflight ??= this.refreshToken()
      .then((result) => {
        this.cached = { token: result.accessToken, expiresAt: result.expiresOn.getTime() };
        return result.accessToken;
      })
      .finally(() => {
        this.inflight = null;
      });
    return this.inflight;
  }

  protected override async refreshToken(): Promise<AuthenticatorResult> {
    const scope = this.oAuthScope.endsWith('/.default') ? this.oAuthScope : `${this.oAuthScope}/.default`;
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.appId,
      client_secret: this.secret,
      scope,
    });
    let response: Response;
    try {
      response = await fetch(this.tokenEndpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new Error(`Bot Framework token request to ${this.tokenEndpoint} failed: ${(err as Error).message}`, { cause: err });
    }
    const text = await response.text();
    if (!response.ok) {
      // Entra ID explains itself in `error`/`error_description`; never echo the request (it holds the secret).
      const reason = safeErrorCode(text);
      throw new Error(`Bot Framework token request to ${this.tokenEndpoint} was refused (${response.status}${reason ? `: ${reason}` : ''}); check MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId`);
    }
    const parsed = tokenResponseSchema.safeParse(safeJson(text));
    if (!parsed.success) throw new Error(`Bot Framework token endpoint ${this.tokenEndpoint} returned no usable access_token`);
    return { accessToken: parsed.data.access_token, expiresOn: new Date(Date.now() + parsed.data.expires_in * 1000) };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function safeErrorCode(text: string): string | null {
  const json = safeJson(text) as { error?: unknown } | null;
  return json && typeof json.error === 'string' ? json.error.slice(0, 80) : null;
}
