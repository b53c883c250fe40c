// Image pulls by identity: the token service of the identity registry (who may pull or push
// which repository, and the signed token distribution checks), the exchange of a pod's
// service-account token for a registry credential, and the kubelet credential-provider protocol.
export { RegistryAuthError, registryAuthFailures } from './registry-auth-error.js';
export type { RegistryAuthFailure } from './registry-auth-error.js';
export { formatScope, parseScope, parseScopes } from './registry-scope.js';
export type { RequestedScope } from './registry-scope.js';
export {
  allowedActions,
  anonymousPrincipal,
  decideScopes,
  isRepositoryName,
  parseRegistryPolicies,
  registryActions,
  registryPolicySchema,
} from './registry-policy.js';
export type { RegistryAction, RegistryPolicy, ScopeDecision } from './registry-policy.js';
export { RegistryPolicyFile } from './registry-policy-file.js';
export {
  authenticate,
  principalFromClaims,
  registryCredentialClaim,
  serviceAccountPrincipal,
} from './registry-principal.js';
export type {
  BasicCredentials,
  CredentialVerifiers,
  RegistryPrincipal,
} from './registry-principal.js';
export {
  loadRegistryTokenSigner,
  registryTokenClaims,
  registryTokenTtlSeconds,
  signRegistryToken,
} from './registry-token.js';
export type { RegistryAccess, RegistryTokenSigner } from './registry-token.js';
export { exchangeServiceAccountToken, issueRegistryToken } from './registry-token-service.js';
export type {
  IssuedRegistryCredential,
  IssuedRegistryToken,
  RegistryAuthLog,
  RegistryTokenServiceDeps,
} from './registry-token-service.js';
export { registryAuthRoutes } from './registry-auth-routes.js';
export {
  PullDenialReporter,
  pullDeniedComponent,
  pullDeniedEvent,
  pullDeniedMessage,
  pullDeniedReason,
} from './pull-denied-event.js';
export type { PullDenial } from './pull-denied-event.js';
export {
  credentialProviderApiVersion,
  credentialProviderResponse,
  parseCredentialProviderRequest,
  registryCredentialUsername,
  registryOfImage,
} from './credential-provider-protocol.js';
export type { CredentialProviderRequest } from './credential-provider-protocol.js';
export {
  answerCredentialProviderRequest,
  CredentialExchangeError,
  httpTokenExchange,
} from './credential-exchange-client.js';
export type {
  ExchangeServiceAccountToken,
  RegistryCredential,
} from './credential-exchange-client.js';
