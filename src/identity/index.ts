// Workload identity: verifying Kubernetes service-account tokens against the API server's OIDC
// issuer, Slipway's own token issuer (ES256 keys, discovery, JWKS, rotation), the token endpoint
// that exchanges one for the other, pipeline-run tokens, and the pod fields that mount the token.
export { IdentityError, identityFailures, quoteClaim } from './identity-error.js';
export type { IdentityFailure } from './identity-error.js';
export {
  decodeJwt,
  verifyJwtSignature,
  verificationKey,
  signEs256Jwt,
  signEs256JwtWithHeader,
} from './jwt.js';
export type { DecodedJwt, JwtClaims, VerificationKey } from './jwt.js';
export { httpsJsonFetcher } from './https-json.js';
export type { FetchJson } from './https-json.js';
export { OidcKeySet } from './oidc-keys.js';
export type { OidcKeySetOptions } from './oidc-keys.js';
export {
  azureClientIdAnnotation,
  azureTenantIdAnnotation,
  identityAnnotation,
  identityOf,
} from './bound-objects.js';
export type { ObjectReader } from './bound-objects.js';
export {
  verifyBoundServiceAccountToken,
  verifyServiceAccountToken,
} from './service-account-token.js';
export type {
  BoundServiceAccount,
  ServiceAccountTokenOptions,
  WorkloadIdentity,
} from './service-account-token.js';
export { SlipwayIssuer, defaultAccessTokenTtlSeconds } from './slipway-issuer.js';
export type {
  AccessTokenRequest,
  IssuedAccessToken,
  SlipwayIssuerOptions,
} from './slipway-issuer.js';
export { pipelineRunToken, pipelineSubject, maxPipelineTokenSeconds } from './pipeline-token.js';
export type { PipelineRunContext } from './pipeline-token.js';
export {
  applyWorkloadIdentityPatch,
  workloadIdentityAudience,
  workloadIdentityMountPath,
  workloadIdentityPodPatch,
  workloadIdentityTokenFile,
} from './pod-patch.js';
export type { PodPatchOptions, PodSpecLike, WorkloadIdentityPodPatch } from './pod-patch.js';
export { identityRoutes } from './token-routes.js';
export type { IdentityLog, IdentityRoutesDeps } from './token-routes.js';
export {
  accessTokenType,
  clientCredentialsGrant,
  jwtBearerAssertionType,
  jwtTokenType,
  OAuthError,
  parseTokenRequest,
  tokenExchangeGrant,
} from './token-request.js';
export type { OAuthErrorCode, TokenRequest } from './token-request.js';
