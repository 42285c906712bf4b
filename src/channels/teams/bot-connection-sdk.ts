import {
  AuthenticationConfiguration,
  AuthenticationConstants,
  AuthenticationError,
  BotFrameworkAuthenticationFactory,
  ConnectorClient,
  type BotFrameworkAuthentication,
} from './bot-framework-sdk.js';
import { CallerIdConstants, type Activity } from 'botframework-schema';
import type { Logger } from '../../core/logger.js';
import { bearerCredentials } from '../../http/bearer.js';
import { SwitchboardCredentialsFactory } from './credentials-factory.js';
import { BOT_FRAMEWORK_ISSUER, BOT_FRAMEWORK_SCOPE } from './teams-options.js';
import type { AuthOutcome, BotConnection, BotConnectionDeps } from './bot-connection.js';

const MAX_CACHED_CLIENTS = 32;

/**
 * The SDK side of createBotConnection (which loads this module on the first request that needs
 * it, after its own checks of the request have passed).
 */
export function createSdkBotConnection(deps: BotConnectionDeps): BotConnection {
  const { options, logger } = deps;
  const credentialsFactory = new SwitchboardCredentialsFactory(options);
  // The factory's parameterized form is what ConfigurationBotFrameworkAuthentication builds for the
  // public cloud; passing the values explicitly is what lets BOT_OPENID_METADATA_URL point elsewhere.
  const auth: BotFrameworkAuthentication = BotFrameworkAuthenticationFactory.create(
    '',
    true,
    AuthenticationConstants.ToChannelFromBotLoginUrl,
    BOT_FRAMEWORK_SCOPE,
    BOT_FRAMEWORK_ISSUER,
    AuthenticationConstants.OAuthUrl,
    options.openIdMetadataUrl ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
    AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerIdConstants.PublicAzureChannel,
    credentialsFactory,
    new AuthenticationConfiguration(),
  );
  const clients = new Map<string, ConnectorClient>();
  const timeoutMs = deps.authTimeoutMs ?? 10_000;

  return {
    authDisabled: options.authDisabled,

    async authenticate(activity, authorization) {
      const candidate = {
        channelId: typeof activity.channelId === 'string' ? activity.channelId : undefined,
        serviceUrl: typeof activity.serviceUrl === 'string' ? activity.serviceUrl : undefined,
      } as Activity;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new AuthTimeout()), timeoutMs);
      });
      try {
        await Promise.race([auth.authenticateRequest(candidate, sdkAuthorization(authorization)), timeout]);
        return { ok: true };
      } catch (err) {
        const outcome = classify(err);
        const log = outcome.status === 503 ? logger.warn.bind(logger) : logger.debug.bind(logger);
        log({ code: outcome.code, reason: (err as Error)?.message }, 'Bot Framework request not authenticated');
        return outcome;
      } finally {
        clearTimeout(timer);
      }
    },

    async connector(serviceUrl) {
      let client = clients.get(serviceUrl);
      if (!client) {
        const credentials = await credentialsFactory.createCredentials(options.appId ?? '', BOT_FRAMEWORK_SCOPE);
        client = new ConnectorClient(credentials, { baseUri: serviceUrl });
        // serviceUrls are a handful of regional endpoints; the bound only matters if that ever changes.
        if (clients.size >= MAX_CACHED_CLIENTS) clients.clear();
        clients.set(serviceUrl, client);
      }
      return client;
    },
  };
}

/**
 * The SDK compares the scheme with "Bearer" exactly and splits on one space; RFC 7235 makes the
 * scheme case-insensitive, so a "bearer" header is handed over in the SDK's spelling.
 */
function sdkAuthorization(header: string | undefined): string {
  const token = bearerCredentials(header);
  return token === null ? (header ?? '') : `Bearer ${token}`;
}

class AuthTimeout extends Error {
  constructor() {
    super('verifying the Bot Framework token timed out');
    this.name = 'AuthTimeout';
  }
}

/**
 * Bad credentials are 401. Not being able to check them (signing keys unreachable, timeout)
 * is our outage, not the caller's fault: 503, so the Bot Framework service retries the activity.
 */
function classify(err: unknown): Extract<AuthOutcome, { ok: false }> {
  const e = err as { name?: string; message?: string; statusCode?: number; type?: string } | null;
  const unavailable =
    err instanceof AuthTimeout ||
    (err instanceof AuthenticationError && err.statusCode >= 500) ||
    e?.name === 'FetchError' ||
    e?.type === 'system';
  if (unavailable) {
    return { ok: false, status: 503, code: 'auth_unavailable', message: 'could not verify the Bot Framework token right now; retry shortly' };
  }
  if (e?.name === 'TokenExpiredError' || /expired/i.test(e?.message ?? '')) {
    return { ok: false, status: 401, code: 'token_expired', message: 'the Bot Framework token has expired' };
  }
  return { ok: false, status: 401, code: 'unauthorized', message: 'the Bot Framework token is not valid for this bot' };
}
