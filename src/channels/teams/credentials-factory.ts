import {
  JwtTokenProviderFactory,
  ManagedIdentityServiceClientCredentialsFactory,
  MicrosoftAppCredentials,
  ServiceClientCredentialsFactory,
  type ServiceClientCredentials,
} from './bot-framework-sdk.js';
import { ClientSecretCredentials } from './client-secret-credentials.js';
import { tokenEndpointFor, type TeamsOptions } from './teams-options.js';

/**
 * Decides, for the connector's authentication machinery, which app id is ours, whether
 * authentication is off, and which credentials sign outgoing calls.
 *
 * The SDK's own factories treat an empty app id as "authentication disabled"; here only an
 * explicit BOT_AUTH_DISABLED does that, and an unset app id simply matches no token.
 */
export class SwitchboardCredentialsFactory extends ServiceClientCredentialsFactory {
  /** One credentials object per audience, so its token cache lives as long as the bot. */
  private readonly byScope = new Map<string, Promise<ServiceClientCredentials>>();
  private readonly managedIdentity: ManagedIdentityServiceClientCredentialsFactory | null;

  constructor(private readonly options: TeamsOptions) {
    super();
    this.managedIdentity =
      options.appType === 'UserAssignedMSI' && options.appId
        ? new ManagedIdentityServiceClientCredentialsFactory(options.appId, new JwtTokenProviderFactory())
        : null;
  }

  override async isValidAppId(appId: string): Promise<boolean> {
    return Boolean(this.options.appId) && appId === this.options.appId;
  }

  override async isAuthenticationDisabled(): Promise<boolean> {
    return this.options.authDisabled;
  }

  override async createCredentials(appId: string, audience: string | undefined): Promise<ServiceClientCredentials> {
    // Without verified requests the serviceUrl is unverified too: never send it a token.
    if (this.options.authDisabled) return MicrosoftAppCredentials.Empty;
    if (!(await this.isValidAppId(appId))) throw new Error('Bot Framework credentials requested for an app id that is not MicrosoftAppId');
    const scope = audience || 'https://api.botframework.com';
    let credentials = this.byScope.get(scope);
    if (!credentials) {
      credentials = this.managedIdentity
        ? this.managedIdentity.createCredentials(appId, scope)
        : Promise.resolve(new ClientSecretCredentials(appId, this.options.appPassword ?? '', tokenEndpointFor(this.options), scope));
      this.byScope.set(scope, credentials);
    }
    return credentials;
  }
}
