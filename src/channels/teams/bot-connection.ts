import type { ConnectorClient } from './bot-framework-sdk.js';
import type { Logger } from '../../core/logger.js';
import type { TeamsOptions } from './teams-options.js';

export type AuthOutcome =
  | { ok: true }
  | { ok: false; status: 401 | 503; code: string; message: string };

/** The Bot Framework side of the Teams channel: who may call us, and how we call back. */
export interface BotConnection {
  readonly authDisabled: boolean;
  /**
   * Verifies the request's `Authorization` header for this activity (signature against the
   * OpenID metadata's keys, issuer, audience = MicrosoftAppId, expiry, channel endorsement,
   * and the `serviceurl` claim against the activity's serviceUrl).
   */
  authenticate(activity: { channelId?: string; serviceUrl?: string }, authorization: string | undefined): Promise<AuthOutcome>;
  /** A connector client for an already-verified serviceUrl (from an authenticated activity). */
  connector(serviceUrl: string): Promise<ConnectorClient>;
}

export interface BotConnectionDeps {
  options: TeamsOptions;
  logger: Logger;
  /** Upper bound on verifying one request (the first one fetches the signing keys). */
  authTimeoutMs?: number;
}

/**
 * The Bot Framework SDK (botframework-connector and what it pulls in: about 17 MB of every
 * process's heap) is loaded by the first request that needs it, not at start: the Teams route
 * is always mounted, but most deployments never receive a Teams activity (issue 20: peak RSS).
 * Requests refused on their face (no app id configured, no token, no channel) never load it.
 */
export function createBotConnection(deps: BotConnectionDeps): BotConnection {
  const { options } = deps;
  let sdk: Promise<BotConnection> | null = null;
  const loaded = (): Promise<BotConnection> => {
    if (!sdk) {
      sdk = import('./bot-connection-sdk.js').then((m) => m.createSdkBotConnection(deps));
      // A failed load is not kept: the next request tries again.
      sdk.catch(() => {
        sdk = null;
      });
    }
    return sdk;
  };

  return {
    authDisabled: options.authDisabled,

    async authenticate(activity, authorization) {
      if (!options.authDisabled) {
        if (!options.appId) {
          return { ok: false, status: 401, code: 'bot_not_configured', message: 'Bot Framework requests are refused: MicrosoftAppId is not set' };
        }
        if (!authorization || !authorization.trim()) {
          return { ok: false, status: 401, code: 'unauthorized', message: 'Authorization header is required' };
        }
        // The signing key's endorsements are checked against the activity's channel; without one there
        // is nothing to check them against (the SDK would skip the check for an empty channelId).
        if (typeof activity.channelId !== 'string' || !activity.channelId.trim()) {
          return { ok: false, status: 401, code: 'unauthorized', message: 'the activity names no channelId to authenticate' };
        }
      }
      return (await loaded()).authenticate(activity, authorization);
    },

    async connector(serviceUrl) {
      if (!options.authDisabled && !options.appId) throw new Error('cannot call the Bot Connector: MicrosoftAppId is not set');
      return (await loaded()).connector(serviceUrl);
    },
  };
}
