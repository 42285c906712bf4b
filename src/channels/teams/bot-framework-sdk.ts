/**
 * The one module that imports botframework-connector: everything the Teams channel uses
 * from the SDK passes through here, so an SDK upgrade is reviewed in one place.
 */
export {
  AppCredentials,
  AuthenticationConfiguration,
  AuthenticationConstants,
  AuthenticationError,
  BotFrameworkAuthenticationFactory,
  ConnectorClient,
  JwtTokenProviderFactory,
  ManagedIdentityServiceClientCredentialsFactory,
  MicrosoftAppCredentials,
  ServiceClientCredentialsFactory,
} from 'botframework-connector';
export type { AuthenticatorResult, BotFrameworkAuthentication, ServiceClientCredentials } from 'botframework-connector';
