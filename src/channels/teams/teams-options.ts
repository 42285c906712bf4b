import { ConfigError } from '../../core/errors.js';

export type MicrosoftAppType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';

/** Bot Framework settings, named as in Azure Bot Service so users recognise them. */
export interface TeamsOptions {
  /** MicrosoftAppId: the bot's Entra ID app (or managed identity client) id. Unset = every request is refused. */
  appId?: string;
  /** MicrosoftAppPassword: client secret, for MultiTenant and SingleTenant. */
  appPassword?: string;
  /** MicrosoftAppTenantId: required for SingleTenant. */
  tenantId?: string;
  appType: MicrosoftAppType;
  /** BOT_AUTH_DISABLED: only for the Bot Framework Emulator on a developer machine. */
  authDisabled: boolean;
  /** BOT_OPENID_METADATA_URL: where the channel's signing keys are published (default: Bot Framework's). */
  openIdMetadataUrl?: string;
  /** BOT_TOKEN_ENDPOINT: OAuth2 token endpoint for the bot's outgoing calls (default: Entra ID's for the tenant). */
  tokenEndpoint?: string;
}

/** The env variables this channel reads (a structural subset of the app's Env, so no import of src/config). */
export interface TeamsEnv {
  MicrosoftAppId?: string;
  MicrosoftAppPassword?: string;
  MicrosoftAppTenantId?: string;
  MicrosoftAppType: MicrosoftAppType;
  BOT_AUTH_DISABLED: boolean;
  BOT_OPENID_METADATA_URL?: string;
  BOT_TOKEN_ENDPOINT?: string;
  NODE_ENV?: string;
}

export const BOT_FRAMEWORK_SCOPE = 'https://api.botframework.com';
export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
const LOGIN_BASE = 'https://login.microsoftonline.com';
const MULTI_TENANT_AUTHORITY = 'botframework.com';

export function teamsOptionsFromEnv(env: TeamsEnv): TeamsOptions {
  const options: TeamsOptions = {
    appId: env.MicrosoftAppId,
    appPassword: env.MicrosoftAppPassword,
    tenantId: env.MicrosoftAppTenantId,
    appType: env.MicrosoftAppType,
    authDisabled: env.BOT_AUTH_DISABLED,
    openIdMetadataUrl: env.BOT_OPENID_METADATA_URL,
    tokenEndpoint: env.BOT_TOKEN_ENDPOINT,
  };
  checkTeamsOptions(options, env.NODE_ENV);
  return options;
}

/** Refuses combinations that would only fail later, at the first reply, with a less helpful error. */
export function checkTeamsOptions(options: TeamsOptions, nodeEnv?: string): void {
  if (options.authDisabled && nodeEnv === 'production') {
    throw new ConfigError('BOT_AUTH_DISABLED', 'may not be true when NODE_ENV=production');
  }
  if (!options.appId) return;
  if (options.appType === 'UserAssignedMSI') return;
  if (!options.appPassword) {
    throw new ConfigError('MicrosoftAppPassword', `is required when MicrosoftAppId is set and MicrosoftAppType is ${options.appType}`);
  }
  if (options.appType === 'SingleTenant' && !options.tenantId) {
    throw new ConfigError('MicrosoftAppTenantId', 'is required when MicrosoftAppType is SingleTenant');
  }
}

/** Entra ID's v2 token endpoint for the bot's tenant: botframework.com for multi-tenant bots. */
export function tokenEndpointFor(options: TeamsOptions): string {
  if (options.tokenEndpoint) return options.tokenEndpoint;
  const tenant = options.appType === 'SingleTenant' && options.tenantId ? options.tenantId : MULTI_TENANT_AUTHORITY;
  return `${LOGIN_BASE}/${encodeURIComponent(tenant)}/oauth2/v2.0/token`;
}
